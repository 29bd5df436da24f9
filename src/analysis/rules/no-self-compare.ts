import { isSameReference } from '../ast.js';
import { defineRule } from '../rule.js';

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);

export default defineRule({
  id: 'no-self-compare',
  meta: {
    description: 'Comparing a value with itself is always true or always false (or a disguised NaN check).',
    category: 'correctness',
    severity: 'medium',
    cwe: [570],
    messages: { selfCompare: 'Comparing `{{name}}` with itself; use Number.isNaN() if this checks for NaN.' },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (!COMPARISONS.has(node.operator)) return;
        if (node.left.type === 'PrivateIdentifier') return;
        if (isSameReference(node.left, node.right)) {
          context.report({ node, messageId: 'selfCompare', data: { name: context.source.getText(node.left) } });
        }
      },
    };
  },
});
