import { bindingNames, isFunctionLike, unwrap } from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** True when the subtree mentions one of the names (a value built from resolve/reject settles the promise). */
function mentions(node: AstNode, names: ReadonlySet<string>): boolean {
  const target = unwrap(node);
  if (target.type === 'Identifier') return names.has(target.name);
  let found = false;
  forEachDescendant(target, (child) => {
    if (found) return false;
    if (child.type === 'Identifier' && names.has(child.name)) found = true;
    return undefined;
  });
  return found;
}

function isIgnorableValue(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'UnaryExpression' && target.operator === 'void') return true;
  return target.type === 'Identifier' && target.name === 'undefined';
}

export default defineRule({
  id: 'no-promise-executor-return',
  meta: {
    description:
      'A value returned from a `new Promise` executor is ignored; it usually means `resolve(value)` was intended and the promise never settles.',
    category: 'async',
    severity: 'low',
    messages: {
      executorReturn:
        'This value is returned from a Promise executor, where it is ignored; call resolve(...) instead, or the promise never settles on this path.',
    },
  },
  create(context) {
    return {
      NewExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'Identifier' || callee.name !== 'Promise') return;
        const first = node.arguments[0];
        if (!first || first.type === 'SpreadElement') return;
        const executor = unwrap(first);
        // Async executors are no-async-promise-executor's finding.
        if (!isFunctionLike(executor) || executor.async || executor.generator) return;
        const settlers = new Set(executor.params.slice(0, 2).flatMap((param) => bindingNames(param as AstNode)));
        const body = executor.body as AstNode | null;
        if (!body) return;
        if (body.type !== 'BlockStatement') {
          // `resolve => setTimeout(resolve, ms)` returns a timer id by accident; the promise still settles.
          if (!isIgnorableValue(body) && !mentions(body, settlers))
            context.report({ node: body, messageId: 'executorReturn' });
          return;
        }
        forEachDescendant(body, (child) => {
          if (isFunctionLike(child)) return false;
          if (child.type !== 'ReturnStatement' || !child.argument) return undefined;
          const argument = child.argument as AstNode;
          // `return reject(err)` is the usual early exit; its value is incidental.
          if (!isIgnorableValue(argument) && !mentions(argument, settlers))
            context.report({ node: child, messageId: 'executorReturn' });
          return false;
        });
      },
    };
  },
});
