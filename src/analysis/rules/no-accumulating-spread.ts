import {
  bindingNames,
  calleeMethod,
  enclosingIteration,
  isFunctionLike,
  isSameReference,
  iterationCallOf,
  leavesLoopAfter,
  unwrap,
} from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** The spread of `accumulator` in an array or object literal, `[...acc, x]` / `{ ...acc, k: v }`. */
function accumulatingSpread(expression: AstNode, accumulator: AstNode): AstNode | null {
  const literal = unwrap(expression);
  const items =
    literal.type === 'ArrayExpression'
      ? (literal.elements as (AstNode | null)[])
      : literal.type === 'ObjectExpression'
        ? (literal.properties as AstNode[])
        : null;
  if (!items) return null;
  for (const item of items) {
    if (item?.type === 'SpreadElement' && isSameReference(item.argument as AstNode, accumulator)) return item;
  }
  return null;
}

/** `for (const k of ['a', 'b'])`, `['a', 'b'].forEach(...)`: a few fixed steps, not a growing pile. */
function overLiteralArray(region: AstNode): boolean {
  if (region.type === 'ForOfStatement' || region.type === 'ForInStatement')
    return unwrap(region.right as AstNode).type === 'ArrayExpression';
  if (!isFunctionLike(region)) return false;
  const call = iterationCallOf(region);
  const callee = call ? unwrap(call.callee as AstNode) : null;
  return callee?.type === 'MemberExpression' && unwrap(callee.object as AstNode).type === 'ArrayExpression';
}

export default defineRule({
  id: 'no-accumulating-spread',
  meta: {
    description:
      'Rebuilding an accumulator by spreading it on every step (`acc = [...acc, x]`, `({ ...acc, [k]: v })` in reduce) copies everything each time: quadratic.',
    category: 'resources',
    severity: 'low',
    messages: {
      reduce:
        'Spreading the accumulator `{{name}}` in every reduce step copies it each time (O(n²)); push into it or assign the key and return it, or use Object.fromEntries().',
      loop: 'Re-spreading `{{name}}` on every iteration copies it each time (O(n²)); use push() or assign the key instead.',
    },
  },
  create(context) {
    const declared = new Map<AstNode, Set<string>>();
    const declaredIn = (region: AstNode): Set<string> => {
      let names = declared.get(region);
      if (names) return names;
      const found = new Set<string>();
      if (isFunctionLike(region))
        for (const p of region.params) for (const n of bindingNames(p as AstNode)) found.add(n);
      forEachDescendant(region, (child) => {
        if (child.type === 'VariableDeclarator') for (const n of bindingNames(child.id as AstNode)) found.add(n);
        return undefined;
      });
      names = found;
      declared.set(region, names);
      return names;
    };
    const reportSpread = (spread: AstNode, name: string, messageId: 'reduce' | 'loop'): void => {
      context.report({ node: spread, messageId, data: { name } });
    };
    return {
      CallExpression(node) {
        const method = calleeMethod(node);
        if (method !== 'reduce' && method !== 'reduceRight') return;
        const callback = node.arguments[0] as AstNode | undefined;
        if (!isFunctionLike(callback) || node.arguments.length < 2) return;
        const accumulator = callback.params[0] as AstNode | undefined;
        if (accumulator?.type !== 'Identifier') return;
        const check = (value: AstNode | null | undefined): void => {
          if (!value) return;
          const target = unwrap(value);
          if (target.type === 'ConditionalExpression') {
            check(target.consequent as AstNode);
            check(target.alternate as AstNode);
            return;
          }
          const spread = accumulatingSpread(target, accumulator);
          if (spread) reportSpread(spread, accumulator.name, 'reduce');
        };
        const body = callback.body as AstNode;
        if (body.type !== 'BlockStatement') {
          check(body);
          return;
        }
        forEachDescendant(body, (child) => {
          if (isFunctionLike(child)) return false;
          if (child.type === 'ReturnStatement') check(child.argument as AstNode | null);
          return undefined;
        });
      },
      AssignmentExpression(node) {
        if (node.operator !== '=') return;
        const left = node.left as AstNode;
        if (left.type !== 'Identifier' && left.type !== 'MemberExpression') return;
        const spread = accumulatingSpread(node.right as AstNode, left);
        if (!spread) return;
        const region = enclosingIteration(node);
        if (!region || leavesLoopAfter(node, region)) return;
        // A variable (or object) declared inside the loop starts afresh each iteration: one copy, not a pile-up.
        let root: AstNode = left;
        while (root.type === 'MemberExpression') root = unwrap(root.object as AstNode);
        if (root.type === 'Identifier' && declaredIn(region).has(root.name)) return;
        if (overLiteralArray(region)) return;
        reportSpread(spread, context.source.getText(left), 'loop');
      },
    };
  },
});
