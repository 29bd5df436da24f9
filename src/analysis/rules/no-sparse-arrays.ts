import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-sparse-arrays',
  meta: {
    description:
      'An array literal with an empty slot (`[a, , b]`) is usually a stray comma and holds a hole, not a value.',
    category: 'correctness',
    severity: 'low',
    messages: { sparseArray: 'Array literal with an empty slot; remove the extra comma or write `undefined`.' },
  },
  create(context) {
    return {
      ArrayExpression(node) {
        if (node.elements.includes(null)) context.report({ node, messageId: 'sparseArray' });
      },
    };
  },
});
