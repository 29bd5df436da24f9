import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'open-redirect',
  meta: {
    description:
      'Attacker-controlled data chooses where a response redirects (res.redirect, ctx.redirect, a Location header).',
    category: 'security',
    severity: 'medium',
    cwe: [601],
    messages: {
      flow: 'Open redirect: {{source}} reaches {{sink}}, so a link to this site can send users anywhere (phishing). Redirect only to paths or hosts on an allow-list.',
    },
  },
  create(context) {
    return taintVisitors(context, ['redirect'], () => 'flow');
  },
});
