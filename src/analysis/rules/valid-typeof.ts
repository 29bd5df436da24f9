import { staticString, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const TYPES = ['undefined', 'object', 'boolean', 'number', 'string', 'function', 'symbol', 'bigint'];
const EQUALITY = new Set(['==', '===', '!=', '!==']);

/** Common wrong guesses, with what to write instead. */
const ADVICE: Record<string, string> = {
  array: ' Use Array.isArray(value).',
  null: ' Compare with `=== null`.',
  date: ' Use `value instanceof Date`.',
  regexp: ' Use `value instanceof RegExp`.',
  promise: ' Use `value instanceof Promise` or check `typeof value.then`.',
  integer: " Use Number.isInteger(value) after `typeof value === 'number'`.",
  float: " Use `typeof value === 'number'`.",
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}

function hintFor(value: string): string {
  const lower = value.toLowerCase();
  if (TYPES.includes(lower)) return ` Use lower case: '${lower}'.`;
  const advice = ADVICE[lower];
  if (advice) return advice;
  const close = TYPES.find((type) => editDistance(lower, type) <= 2);
  return close ? ` Did you mean '${close}'?` : '';
}

function isTypeof(node: AstNode): boolean {
  const target = unwrap(node);
  return target.type === 'UnaryExpression' && target.operator === 'typeof';
}

export default defineRule({
  id: 'valid-typeof',
  meta: {
    description: 'typeof yields one of eight fixed strings; comparing it with anything else is always false.',
    category: 'correctness',
    severity: 'high',
    cwe: [570, 571],
    messages: {
      invalidType: "typeof never returns '{{value}}', so this comparison is constant.{{hint}}",
      notString: 'typeof returns a string; comparing it with `{{value}}` is constant.{{hint}}',
    },
  },
  create(context) {
    return {
      BinaryExpression(node) {
        if (!EQUALITY.has(node.operator) || node.left.type === 'PrivateIdentifier') return;
        const leftTypeof = isTypeof(node.left);
        if (!leftTypeof && !isTypeof(node.right)) return;
        const other = unwrap((leftTypeof ? node.right : node.left) as AstNode);
        const text = staticString(other);
        if (text !== null) {
          if (!TYPES.includes(text)) {
            context.report({ node: other, messageId: 'invalidType', data: { value: text, hint: hintFor(text) } });
          }
          return;
        }
        const isUndefined = other.type === 'Identifier' && other.name === 'undefined';
        if (other.type === 'Literal' || isUndefined) {
          const value = context.source.getText(other);
          const hint = isUndefined
            ? " Did you mean the string 'undefined'?"
            : value === 'null'
              ? ' To test for null, compare the value itself: `value === null`.'
              : '';
          context.report({ node: other, messageId: 'notString', data: { value, hint } });
        }
      },
    };
  },
});
