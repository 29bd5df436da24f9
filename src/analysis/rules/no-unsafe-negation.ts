import { openParensBetween } from '../ast.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-unsafe-negation',
  meta: {
    description:
      '`!key in obj` and `!obj instanceof C` negate the left operand, not the test, so they are almost always false.',
    category: 'correctness',
    severity: 'high',
    cwe: [783],
    messages: {
      unsafeNegation:
        '`!` applies to the left operand only, not to the `{{operator}}` test; write `!({{expression}})` to negate the result.',
    },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (node.operator !== 'in' && node.operator !== 'instanceof') return;
        const left = node.left;
        if (left.type !== 'UnaryExpression' || left.operator !== '!') return;
        // `(!a) in b` states that the boolean itself is meant.
        if (openParensBetween(context.source.text, node.start, left.start) > 0) return;
        const operand = context.source.getText(left.argument);
        const right = context.source.getText(node.right);
        const expression =
          operand.length + right.length > 60 ? `a ${node.operator} b` : `${operand} ${node.operator} ${right}`;
        context.report({ node, messageId: 'unsafeNegation', data: { operator: node.operator, expression } });
      },
    };
  },
});
