import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'code-injection',
  meta: {
    description: 'Attacker-controlled data is evaluated as code (eval, Function, vm, setTimeout with a string).',
    category: 'security',
    severity: 'critical',
    cwe: [94],
    messages: {
      flow: 'Code injection: {{source}} reaches {{sink}}, which runs it as JavaScript. Parse data with JSON.parse or look it up in a table instead.',
    },
  },
  create(context) {
    return taintVisitors(context, ['code'], () => 'flow');
  },
});
