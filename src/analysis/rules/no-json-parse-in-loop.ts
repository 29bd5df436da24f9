import { calleeName, enclosingIteration, isInvariantIn, leavesLoopAfter, parentOf } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-json-parse-in-loop',
  meta: {
    description:
      'JSON round-trips inside loops: deep clones through JSON.parse(JSON.stringify(x)) and parsing or serialising the same value on every iteration.',
    category: 'resources',
    severity: 'low',
    messages: {
      deepClone:
        '`JSON.parse(JSON.stringify(...))` deep-clones on every iteration: it is slow and drops Dates, Maps, undefined and cycles; use structuredClone() or avoid the copy.',
      invariant:
        '`{{method}}` of `{{value}}` gives the same result on every iteration; compute it once before the loop (and structuredClone() it if each iteration needs its own copy).',
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        // Cheap shape test first: this runs for every call in the file.
        const callee = node.callee as AstNode;
        if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'JSON')
          return;
        const name = calleeName(node);
        if (name !== 'JSON.parse' && name !== 'JSON.stringify') return;
        const first = node.arguments[0] as AstNode | undefined;
        if (!first || first.type === 'SpreadElement') return;
        // The inner stringify of a round-trip is reported with its parse.
        const parent = parentOf(node);
        if (
          name === 'JSON.stringify' &&
          parent?.type === 'CallExpression' &&
          parent.arguments[0] === node &&
          calleeName(parent) === 'JSON.parse'
        )
          return;
        const region = enclosingIteration(node);
        if (!region || leavesLoopAfter(node, region)) return;
        if (name === 'JSON.parse' && first.type === 'CallExpression' && calleeName(first) === 'JSON.stringify') {
          context.report({ node, messageId: 'deepClone' });
          return;
        }
        const args = node.arguments as AstNode[];
        if (!args.every((a) => a.type !== 'SpreadElement' && isInvariantIn(a, region))) return;
        // Serialising a literal (`JSON.stringify('ok')`) costs nothing worth a finding.
        if (name === 'JSON.stringify' && first.type === 'Literal') return;
        const value = context.source.getText(first);
        context.report({
          node,
          messageId: 'invariant',
          data: { method: name, value: value.length > 40 ? `${value.slice(0, 37)}...` : value },
        });
      },
    };
  },
});
