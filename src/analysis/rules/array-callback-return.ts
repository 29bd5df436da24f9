import { calleeMethod, calleeName, isFunctionLike, parentOf, probablyExits, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

// What a callback that returns nothing does to each method's result.
const CONSEQUENCES: Record<string, string> = {
  map: 'the result is an array of undefined',
  flatMap: 'the result is an array of undefined',
  from: 'the result is an array of undefined',
  filter: 'every element is dropped',
  find: 'it always gives undefined',
  findLast: 'it always gives undefined',
  findIndex: 'it always gives -1',
  findLastIndex: 'it always gives -1',
  some: 'it always gives false',
  every: 'it always gives false',
  reduce: 'the accumulator becomes undefined',
  reduceRight: 'the accumulator becomes undefined',
  sort: 'the order is left to the engine',
  toSorted: 'the order is left to the engine',
};
// A set lookup: `in` on the record is slow for the names of every call, and would also accept
// names inherited from Object.prototype (`toString`).
const CALLBACK_METHODS = new Set(Object.keys(CONSEQUENCES));
// Methods where a path without a value is a bug; for predicates and comparators an implicit
// undefined reads as false or "equal", which code relies on.
const VALUE_ON_EVERY_PATH = new Set(['map', 'flatMap', 'from', 'reduce', 'reduceRight']);

export default defineRule({
  id: 'array-callback-return',
  meta: {
    description:
      'Callbacks of map/filter/find/some/every/reduce/flatMap/sort that do not return a value (on every path, for map-like methods).',
    category: 'logic',
    severity: 'medium',
    messages: {
      noReturn:
        'This `{{method}}()` callback never returns a value, so {{consequence}}. Return a value, or use forEach() for side effects only.',
      missingOnPath:
        'This `{{method}}()` callback does not return a value on every path; the paths that fall through give undefined.',
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        const method = calleeMethod(node);
        if (method === null || !CALLBACK_METHODS.has(method)) return;
        let callback: AstNode | undefined;
        if (method === 'from') {
          if (calleeName(node) !== 'Array.from') return;
          callback = node.arguments[1] as AstNode | undefined;
        } else {
          if (unwrap(node.callee as AstNode).type !== 'MemberExpression') return;
          callback = node.arguments[0] as AstNode | undefined;
        }
        if (!isFunctionLike(callback) || callback.async || callback.generator) return;
        const body = callback.body as AstNode;
        if (body.type !== 'BlockStatement') return;
        let values = 0;
        let bare = 0;
        forEachDescendant(body, (child) => {
          if (isFunctionLike(child) || child.type === 'ClassBody') return false;
          if (child.type === 'ReturnStatement') {
            if (child.argument) values++;
            else bare++;
          }
          return undefined;
        });
        const fallsOff = !probablyExits(body);
        if (!fallsOff && bare === 0) return;
        const span = { start: callback.start, end: body.start };
        if (values === 0) {
          context.report({
            node: span,
            messageId: 'noReturn',
            data: { method, consequence: CONSEQUENCES[method] ?? 'the result is wrong' },
          });
          return;
        }
        if (!VALUE_ON_EVERY_PATH.has(method)) return;
        // A bare `return;` in map() is a deliberate hole; in reduce() it loses the accumulator.
        if (!fallsOff && method !== 'reduce' && method !== 'reduceRight') return;
        // `items.map(...).filter(Boolean)` drops the undefined holes on purpose, and
        // `Promise.all(items.map(...))` only waits for the promises some paths return.
        const parent = parentOf(node);
        if (parent?.type === 'MemberExpression' && consumesHoles(parent)) return;
        if (parent?.type === 'CallExpression' && /^Promise\.(all|allSettled|race|any)$/.test(calleeName(parent) ?? ''))
          return;
        context.report({ node: span, messageId: 'missingOnPath', data: { method } });
      },
    };
  },
});

/** `.filter(...)` or `.reduce(...)` called on the result: the holes are dealt with there. */
function consumesHoles(member: AstNode): boolean {
  const call = parentOf(member);
  if (call?.type !== 'CallExpression') return false;
  const method = calleeMethod(call);
  return method === 'filter' || method === 'reduce';
}
