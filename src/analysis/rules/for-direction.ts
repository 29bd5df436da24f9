import { unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

/** +1 when the update moves `name` up, -1 down, null when it does not update it or the step is unknown. */
function stepOf(update: AstNode, name: string): number | null {
  const target = unwrap(update);
  if (target.type === 'SequenceExpression') {
    const steps = target.expressions.map((e) => stepOf(e as AstNode, name)).filter((s) => s !== null);
    return steps.length === 1 ? (steps[0] ?? null) : null;
  }
  if (target.type === 'UpdateExpression') {
    const argument = unwrap(target.argument as AstNode);
    if (argument.type !== 'Identifier' || argument.name !== name) return null;
    return target.operator === '++' ? 1 : -1;
  }
  if (target.type === 'AssignmentExpression' && (target.operator === '+=' || target.operator === '-=')) {
    const left = unwrap(target.left as AstNode);
    if (left.type !== 'Identifier' || left.name !== name) return null;
    const amount = numericValue(target.right as AstNode);
    if (amount === null || amount === 0) return null;
    return Math.sign(target.operator === '+=' ? amount : -amount);
  }
  return null;
}

function numericValue(node: AstNode): number | null {
  const target = unwrap(node);
  if (target.type === 'Literal' && typeof target.value === 'number') return target.value;
  if (target.type === 'UnaryExpression' && (target.operator === '-' || target.operator === '+')) {
    const inner = numericValue(target.argument as AstNode);
    return inner === null ? null : target.operator === '-' ? -inner : inner;
  }
  return null;
}

function identifierName(node: AstNode): string | null {
  const target = unwrap(node);
  return target.type === 'Identifier' ? target.name : null;
}

export default defineRule({
  id: 'for-direction',
  meta: {
    description: 'A for loop whose counter moves away from its end condition runs forever or never.',
    category: 'correctness',
    severity: 'high',
    cwe: [835],
    messages: {
      wrongDirection:
        'The counter `{{name}}` moves {{moves}} but the loop runs while it is {{bound}}: it never reaches the end.',
    },
  },
  create(context) {
    return {
      ForStatement(node) {
        const test = node.test as AstNode | null;
        const update = node.update as AstNode | null;
        if (!test || !update || test.type !== 'BinaryExpression') return;
        const operator = test.operator;
        const upward = operator === '<' || operator === '<=';
        if (!upward && operator !== '>' && operator !== '>=') return;
        // The loop ends when the counter passes the bound: a side that grows toward a larger bound must go up.
        for (const [side, wantUp] of [
          [test.left as AstNode, upward],
          [test.right as AstNode, !upward],
        ] as const) {
          const name = identifierName(side);
          if (name === null) continue;
          const step = stepOf(update, name);
          if (step === null) continue;
          if (step > 0 !== wantUp) {
            context.report({
              node: update,
              messageId: 'wrongDirection',
              data: {
                name,
                moves: step > 0 ? 'up' : 'down',
                bound: context.source.getText(test).slice(0, 60),
              },
            });
          }
          return;
        }
      },
    };
  },
});
