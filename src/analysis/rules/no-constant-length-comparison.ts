import { dottedName, propertyName } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const MIRROR: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
// Objects whose `length`/`size` is a setting that may be negative or a sentinel, not a count.
const SETTINGS = /^(opts|options|config|conf|settings|params|props|args|argv|style|font|limits?|defaults)$/i;

/** A number literal, possibly negated: `0`, `-1`. */
function numberValue(node: AstNode): number | null {
  if (node.type === 'Literal') return typeof node.value === 'number' ? node.value : null;
  if (node.type === 'UnaryExpression' && node.operator === '-') {
    const value = numberValue(node.argument as AstNode);
    return value === null ? null : -value;
  }
  return null;
}

/** `xs.length` or `set.size` read directly (not through `?.`, which can give undefined). */
function countProperty(node: AstNode): string | null {
  if (node.type !== 'MemberExpression' || node.computed || node.optional) return null;
  const name = propertyName(node);
  if (name !== 'length' && name !== 'size') return null;
  const owner = dottedName(node.object as AstNode);
  const last = owner === null ? null : owner.slice(owner.lastIndexOf('.') + 1);
  return last !== null && SETTINGS.test(last) ? null : name;
}

/** The constant outcome of `count <operator> value` for a count that is a non-negative integer. */
function constantOutcome(operator: string, value: number): boolean | null {
  switch (operator) {
    case '<':
      return value <= 0 ? false : null;
    case '<=':
      return value < 0 ? false : null;
    case '>':
      return value < 0 ? true : null;
    case '>=':
      return value <= 0 ? true : null;
    case '==':
    case '===':
      return value < 0 || !Number.isInteger(value) ? false : null;
    case '!=':
    case '!==':
      return value < 0 || !Number.isInteger(value) ? true : null;
    default:
      return null;
  }
}

export default defineRule({
  id: 'no-constant-length-comparison',
  meta: {
    description:
      'Comparisons of a length or size with zero or a negative number that are always true or always false (`arr.length < 0`, `s.length !== -1`).',
    category: 'logic',
    severity: 'medium',
    cwe: [570, 571],
    messages: {
      constant:
        '`{{text}}` is always {{result}}: a {{property}} is never negative. Did you mean to compare with 0 differently (`=== 0`, `> 0`)?',
    },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (node.left.type === 'PrivateIdentifier') return;
        const left = node.left as AstNode;
        const right = node.right as AstNode;
        let property = countProperty(left);
        let value: number | null = null;
        let operator = node.operator as string;
        if (property !== null) value = numberValue(right);
        else {
          property = countProperty(right);
          if (property === null) return;
          value = numberValue(left);
          operator = MIRROR[operator] ?? operator;
        }
        if (value === null) return;
        const outcome = constantOutcome(operator, value);
        if (outcome === null) return;
        context.report({
          node,
          messageId: 'constant',
          data: { text: context.source.getText(node), result: String(outcome), property },
        });
      },
    };
  },
});
