import { unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);

function isNegativeZero(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type !== 'UnaryExpression' || target.operator !== '-') return false;
  const argument = unwrap(target.argument as AstNode);
  return argument.type === 'Literal' && argument.value === 0;
}

export default defineRule({
  id: 'no-compare-neg-zero',
  meta: {
    description: 'Comparing with -0 also matches +0; only Object.is(x, -0) tells them apart.',
    category: 'correctness',
    severity: 'medium',
    cwe: [697],
    messages: {
      negativeZero: 'Comparison with -0 with `{{operator}}` treats +0 and -0 alike; use Object.is(x, -0) to detect -0.',
    },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (!COMPARISONS.has(node.operator)) return;
        if (node.left.type === 'PrivateIdentifier') return;
        if (isNegativeZero(node.left) || isNegativeZero(node.right)) {
          context.report({ node, messageId: 'negativeZero', data: { operator: node.operator } });
        }
      },
    };
  },
});
