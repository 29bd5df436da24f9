import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'ssrf',
  meta: {
    description:
      'Attacker-controlled data chooses the host or scheme of an outgoing request (fetch, axios, got, http.request, undici, needle, superagent).',
    category: 'security',
    severity: 'high',
    cwe: [918],
    messages: {
      flow: 'Server-side request forgery: {{source}} chooses where {{sink}} connects, so the server can be made to call internal services or cloud metadata endpoints. Keep the origin fixed and put request data only in the path, or check the host against an allow-list.',
    },
  },
  create(context) {
    return taintVisitors(context, ['ssrf'], () => 'flow');
  },
});
