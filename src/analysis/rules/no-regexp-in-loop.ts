import { dottedName, enclosingIteration, isInvariantIn, leavesLoopAfter, parentOf, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/**
 * `cache ??= new RegExp(p)` or `if (!re) re = new RegExp(p)`: built on the first iteration only
 * and kept, which is what the rule asks for.
 */
function isLazyInit(node: AstNode, region: AstNode): boolean {
  const parent = parentOf(node);
  if (parent?.type !== 'AssignmentExpression' || parent.right !== node) return false;
  if (parent.operator === '??=' || parent.operator === '||=') return true;
  const target = dottedName(parent.left as AstNode);
  if (target === null) return false;
  for (let current = parentOf(parent); current && current !== region; current = parentOf(current)) {
    if (current.type === 'IfStatement' && mentions(current.test as AstNode, target)) return true;
    if (current.type === 'LogicalExpression' && mentions(current.left as AstNode, target)) return true;
  }
  return false;
}

function mentions(test: AstNode, name: string): boolean {
  if (dottedName(test) === name) return true;
  let found = false;
  forEachDescendant(test, (child) => {
    if (found) return false;
    if ((child.type === 'Identifier' || child.type === 'MemberExpression') && dottedName(child) === name) found = true;
    return undefined;
  });
  return found;
}

export default defineRule({
  id: 'no-regexp-in-loop',
  meta: {
    description: 'A RegExp built from a fixed pattern inside a loop is compiled again on every iteration.',
    category: 'resources',
    severity: 'low',
    messages: {
      regexpInLoop:
        '`{{text}}` compiles the same pattern on every iteration; create the RegExp once before the loop (reset `lastIndex` if it has the g or y flag).',
    },
  },
  create(context) {
    const check = (node: NodeOfType<'NewExpression' | 'CallExpression'>): void => {
      const callee = unwrap(node.callee as AstNode);
      if (callee.type !== 'Identifier' || callee.name !== 'RegExp') return;
      const args = node.arguments as AstNode[];
      if (args.length === 0 || args.some((a) => a.type === 'SpreadElement')) return;
      const region = enclosingIteration(node);
      if (!region) return;
      if (!args.every((a) => isInvariantIn(a, region, true))) return;
      if (leavesLoopAfter(node, region) || isLazyInit(node, region)) return;
      const text = context.source.getText(node);
      context.report({
        node,
        messageId: 'regexpInLoop',
        data: { text: text.length > 60 ? `${text.slice(0, 57)}...` : text },
      });
    };
    return { NewExpression: check, CallExpression: check };
  },
});
