import { defineRule } from '../rule.js';
import type { Flow } from '../taint/index.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'nosql-injection',
  meta: {
    description:
      'Attacker-controlled data reaches a MongoDB/Mongoose filter where it can bring query operators ({"$ne": null}), or JavaScript run by the database ($where, $function, mapReduce).',
    category: 'security',
    severity: 'high',
    cwe: [943],
    messages: {
      operator:
        'NoSQL injection: {{source}} reaches the filter of {{sink}} and may be an object such as {"$ne": null}, which turns an equality test into an operator. Convert it with String(), check typeof, or wrap it in {$eq: ...}.',
      code: 'NoSQL injection: {{source}} reaches the {{sink}}, JavaScript the database runs. Use query operators instead of server-side JavaScript.',
    },
  },
  create(context) {
    return taintVisitors(context, ['nosql', 'nosql-code'], (flow: Flow) =>
      flow.kind === 'nosql' ? 'operator' : 'code',
    );
  },
});
