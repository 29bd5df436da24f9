import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'sql-injection',
  meta: {
    description: 'A SQL statement is built from attacker-controlled data by concatenation or a template literal.',
    category: 'security',
    severity: 'critical',
    cwe: [89],
    messages: {
      flow: 'SQL injection: {{source}} is built into the SQL text passed to {{sink}}. Use placeholders and pass the values separately.',
    },
  },
  create(context) {
    return taintVisitors(context, ['sql'], () => 'flow');
  },
});
