import { bindingNames, dottedName, isFunctionLike, isNonErrorValue, parentOf, unwrap } from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';

/** True when `name` is the reject parameter of a `new Promise` executor that encloses `node`. */
function isExecutorReject(node: AstNode, name: string): boolean {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (!isFunctionLike(current)) continue;
    // The nearest function that binds the name decides what it refers to.
    if (current.params.some((param) => bindingNames(param as AstNode).includes(name))) {
      const owner = parentOf(current);
      return (
        current.params[1]?.type === 'Identifier' &&
        current.params[1].name === name &&
        owner?.type === 'NewExpression' &&
        owner.callee.type === 'Identifier' &&
        owner.callee.name === 'Promise' &&
        owner.arguments[0] !== undefined &&
        unwrap(owner.arguments[0] as AstNode) === current
      );
    }
  }
  return false;
}

export default defineRule({
  id: 'no-reject-literal',
  meta: {
    description:
      'Reject promises with Error objects: rejecting with a string, number or object literal loses the stack trace.',
    category: 'error-handling',
    severity: 'medium',
    messages: {
      rejectLiteral:
        'The promise is rejected with a non-Error value, so the rejection has no stack trace. Reject with `new Error(...)`.',
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        const argument = node.arguments[0];
        if (!argument || argument.type === 'SpreadElement' || !isNonErrorValue(argument)) return;
        const callee = unwrap(node.callee);
        if (callee.type === 'Identifier') {
          if (isExecutorReject(node, callee.name)) context.report({ node, messageId: 'rejectLiteral' });
          return;
        }
        if (dottedName(callee) === 'Promise.reject') context.report({ node, messageId: 'rejectLiteral' });
      },
    };
  },
});
