import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'unsafe-deserialization',
  meta: {
    description:
      'Attacker-controlled data is deserialized by a library that can rebuild functions (node-serialize, serialize-to-js, funcster, cryo, js-yaml with the full schema, v8.deserialize).',
    category: 'security',
    severity: 'critical',
    cwe: [502],
    messages: {
      flow: 'Unsafe deserialization: {{source}} reaches {{sink}}, which can rebuild functions from the data and run attacker code. Parse plain data with JSON.parse (or js-yaml load with the default safe schema) and validate it.',
    },
  },
  create(context) {
    return taintVisitors(context, ['deserialization'], () => 'flow');
  },
});
