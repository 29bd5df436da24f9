import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'redos',
  meta: {
    description:
      'Attacker-controlled text is matched against a regular expression whose backtracking grows super-linearly with the input (ReDoS).',
    category: 'security',
    severity: 'medium',
    cwe: [1333],
    messages: {
      flow: 'ReDoS: {{source}} reaches {{sink}}: {{detail}}. A crafted string can block the event loop. Bound the input length first, or rewrite the pattern so that no two quantifiers can match the same text.',
    },
  },
  create(context) {
    return taintVisitors(context, ['regex'], () => 'flow');
  },
});
