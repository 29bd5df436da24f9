import { calleeMethod, dottedName, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const EQUALITY = new Set(['==', '===', '!=', '!==']);
const ORDERING = new Set(['<', '<=', '>', '>=']);

function isNaNReference(node: AstNode | null | undefined): boolean {
  if (!node) return false;
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name === 'NaN';
  return target.type === 'MemberExpression' && dottedName(target) === 'Number.NaN';
}

export default defineRule({
  id: 'use-isnan',
  meta: {
    description: 'NaN is not equal to anything, itself included: comparing with NaN is always false (or always true).',
    category: 'correctness',
    severity: 'high',
    cwe: [570, 571],
    fixable: true,
    messages: {
      comparison: 'Comparing with NaN with `{{operator}}` is always {{result}}; use Number.isNaN().',
      switchNaN: '`switch (NaN)` never matches any case; use Number.isNaN() in an if.',
      caseNaN: '`case NaN` never matches; use Number.isNaN() in an if.',
      indexOfNaN: '`{{method}}(NaN)` always returns -1; use `findIndex(Number.isNaN)` or `includes(NaN)`.',
    },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        const equality = EQUALITY.has(node.operator);
        if (!equality && !ORDERING.has(node.operator)) return;
        if (node.left.type === 'PrivateIdentifier') return;
        const leftIsNaN = isNaNReference(node.left);
        const rightIsNaN = isNaNReference(node.right);
        if (!leftIsNaN && !rightIsNaN) return;
        const negated = node.operator === '!=' || node.operator === '!==';
        const other = (leftIsNaN ? node.right : node.left) as AstNode;
        // `(a, b) === NaN`: the operand span lacks its parentheses, so leave the rewrite to a person.
        const fixable = equality && !(leftIsNaN && rightIsNaN) && unwrap(other).type !== 'SequenceExpression';
        context.report({
          node,
          messageId: 'comparison',
          data: { operator: node.operator, result: negated ? 'true' : 'false' },
          fix: fixable
            ? {
                range: [node.start, node.end],
                text: `${negated ? '!' : ''}Number.isNaN(${context.source.getText(other)})`,
              }
            : undefined,
        });
      },
      SwitchStatement(node) {
        if (isNaNReference(node.discriminant as AstNode)) {
          context.report({ node: node.discriminant, messageId: 'switchNaN' });
          return;
        }
        for (const switchCase of node.cases) {
          if (isNaNReference(switchCase.test as AstNode | null))
            context.report({ node: switchCase, messageId: 'caseNaN' });
        }
      },
      CallExpression(node) {
        const first = node.arguments[0];
        if (!first || node.arguments.length > 2 || first.type === 'SpreadElement' || !isNaNReference(first)) return;
        if (unwrap(node.callee as AstNode).type !== 'MemberExpression') return;
        const method = calleeMethod(node);
        if (method === 'indexOf' || method === 'lastIndexOf') {
          context.report({ node, messageId: 'indexOfNaN', data: { method } });
        }
      },
    };
  },
});
