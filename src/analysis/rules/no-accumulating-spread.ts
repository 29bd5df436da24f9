import {
  calleeMethod,
  enclosingIteration,
  isFunctionLike,
  isSameReference,
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
        reportSpread(spread, context.source.getText(left), 'loop');
      },
    };
  },
});
