import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'xss',
  meta: {
    description:
      'Attacker-controlled data is written into HTML without escaping (a response built with markup, innerHTML, document.write, dangerouslySetInnerHTML, an unescaped template).',
    category: 'security',
    severity: 'high',
    cwe: [79],
    messages: {
      flow: 'Cross-site scripting: {{source}} reaches {{sink}} as HTML, so a crafted link runs script in the victim’s session. Escape it for HTML (or set textContent), or sanitize the markup with DOMPurify.',
    },
  },
  create(context) {
    return taintVisitors(context, ['xss'], () => 'flow');
  },
});
