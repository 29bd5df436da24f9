import { isFunctionLike, unwrap } from '../ast.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-async-promise-executor',
  meta: {
    description:
      'A `new Promise` executor must not be async: an exception after its first await is lost instead of rejecting the promise.',
    category: 'async',
    severity: 'medium',
    messages: {
      asyncExecutor:
        'The Promise executor is async: errors thrown after an await never reject this promise, which may then hang. Use a plain executor, or an async function without `new Promise`.',
    },
  },
  create(context) {
    return {
      NewExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'Identifier' || callee.name !== 'Promise') return;
        const executor = node.arguments[0];
        if (!executor || executor.type === 'SpreadElement') return;
        const fn = unwrap(executor);
        if (isFunctionLike(fn) && fn.async) context.report({ node: fn, messageId: 'asyncExecutor' });
      },
    };
  },
});
