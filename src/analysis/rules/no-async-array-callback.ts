import { calleeMethod, isFunctionLike, parentOf, propertyName, unwrap } from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';

const PREDICATES = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);

/** The node that receives the call's value, skipping TS wrappers (parentheses are not in the tree). */
function consumer(node: AstNode): { parent: AstNode | null; child: AstNode } {
  let child = node;
  let parent = parentOf(node);
  while (
    parent &&
    (parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'ChainExpression')
  ) {
    child = parent;
    parent = parentOf(parent);
  }
  return { parent, child };
}

/**
 * Node streams and async iterator helpers (`readable.filter(async ...)`) accept async callbacks and
 * return something that is awaited or drained; an array method's result never is.
 */
function looksLikeAsyncHelper(parent: AstNode | null, child: AstNode): boolean {
  if (!parent) return false;
  if (parent.type === 'AwaitExpression' || parent.type === 'ForOfStatement') return true;
  if (parent.type === 'MemberExpression' && parent.object === child) {
    const next = propertyName(parent);
    return next === 'toArray' || next === 'then';
  }
  return false;
}

export default defineRule({
  id: 'no-async-array-callback',
  meta: {
    description:
      'Async callbacks passed to array methods are not awaited: forEach finishes before them, and a predicate that returns a promise is always truthy.',
    category: 'async',
    severity: 'medium',
    messages: {
      asyncForEach:
        'forEach does not wait for this async callback: the loop returns at once and rejections are unhandled. Use `for...of` with await, or `await Promise.all(items.map(async ...))`.',
      asyncPredicate:
        'An async callback returns a promise, which is always truthy, so `{{method}}` does not test what it seems to. Resolve the values first, then call {{method}} synchronously.',
      asyncMap:
        'The promises from this async map callback are never awaited. Wrap the call in `await Promise.all(...)`.',
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        const first = node.arguments[0];
        if (!first || first.type === 'SpreadElement') return;
        const callback = unwrap(first);
        if (!isFunctionLike(callback) || !callback.async) return;
        if (unwrap(node.callee).type !== 'MemberExpression') return;
        const method = calleeMethod(node);
        if (method === null) return;
        const isPredicate = PREDICATES.has(method);
        if (method !== 'forEach' && method !== 'map' && !isPredicate) return;
        const { parent, child } = consumer(node);
        if (looksLikeAsyncHelper(parent, child)) return;
        if (method === 'forEach') {
          // An array's forEach returns undefined; a used result means some other forEach.
          if (parent?.type === 'ExpressionStatement') context.report({ node: callback, messageId: 'asyncForEach' });
          return;
        }
        if (isPredicate) {
          context.report({ node: callback, messageId: 'asyncPredicate', data: { method } });
          return;
        }
        // map: the promise array is dropped; assigned or passed along, it may well be awaited later.
        if (parent?.type === 'ExpressionStatement') context.report({ node: callback, messageId: 'asyncMap' });
      },
      AwaitExpression(node) {
        // `await items.map(async ...)` awaits an array, which resolves at once.
        const argument = unwrap(node.argument as AstNode);
        if (argument.type !== 'CallExpression' || calleeMethod(argument) !== 'map') return;
        if (unwrap(argument.callee as AstNode).type !== 'MemberExpression') return;
        const first = argument.arguments[0];
        if (!first || first.type === 'SpreadElement') return;
        const callback = unwrap(first);
        if (isFunctionLike(callback) && callback.async) context.report({ node: callback, messageId: 'asyncMap' });
      },
    };
  },
});
