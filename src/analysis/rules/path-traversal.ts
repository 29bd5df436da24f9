import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'path-traversal',
  meta: {
    description:
      'Attacker-controlled data chooses a file path (fs APIs, res.sendFile) without confinement to a folder.',
    category: 'security',
    severity: 'high',
    cwe: [22],
    messages: {
      flow: 'Path traversal: {{source}} reaches {{sink}} as a file path; `../` can leave the intended folder. Resolve the path and check it starts with the root folder, or keep only path.basename().',
    },
  },
  create(context) {
    return taintVisitors(context, ['path'], () => 'flow');
  },
});
