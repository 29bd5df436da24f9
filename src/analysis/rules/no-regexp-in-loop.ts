import { enclosingIteration, isInvariantIn, leavesLoopAfter, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

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
      if (leavesLoopAfter(node, region)) return;
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
