import { propertyName, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const EQUALITY = new Set(['==', '===', '!=', '!==']);
// Keys through which an object literal can convert itself to a primitive under `==`.
const CONVERTERS = new Set(['toString', 'valueOf']);

// A regex or bigint literal has a null `value` when the runtime cannot represent it.
function isRegex(node: AstNode): boolean {
  return !!(node as { regex?: unknown }).regex;
}

function isBigInt(node: AstNode): boolean {
  return (node as { bigint?: unknown }).bigint != null;
}

/** Values that are always a new object: each evaluation makes a distinct one. */
function freshKind(node: AstNode, strict: boolean): string | null {
  switch (node.type) {
    case 'ObjectExpression':
      if (strict) return 'object';
      // `x == { valueOf() {...} }` converts; plain literals become "[object Object]".
      return node.properties.some((p) => p.type !== 'Property' || p.computed || CONVERTERS.has(propertyName(p) ?? ''))
        ? null
        : 'object';
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return 'function';
    case 'ClassExpression':
      return 'class';
    case 'ArrayExpression':
      // `[] == ''` and `[1] == 1` are true under loose equality.
      return strict ? 'array' : null;
    case 'NewExpression':
      return strict ? 'object' : null;
    case 'Literal':
      return strict && isRegex(node) ? 'regular expression' : null;
    default:
      return null;
  }
}

/** Expressions that can never evaluate to null or undefined. */
function neverNullish(node: AstNode): boolean {
  switch (node.type) {
    case 'UnaryExpression':
      return node.operator !== 'void';
    case 'BinaryExpression':
    case 'UpdateExpression':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
    case 'NewExpression':
    case 'TemplateLiteral':
    case 'JSXElement':
    case 'JSXFragment':
      return true;
    case 'Literal':
      return node.value !== null || isRegex(node) || isBigInt(node);
    default:
      return false;
  }
}

/** Non-literal expressions whose truthiness is fixed: objects, functions, non-empty templates. */
function alwaysTruthy(node: AstNode): boolean {
  switch (node.type) {
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
    case 'NewExpression':
    case 'JSXElement':
    case 'JSXFragment':
      return true;
    case 'TemplateLiteral':
      return node.quasis.some((q) => (q.value.cooked ?? q.value.raw).length > 0);
    case 'Literal':
      return isRegex(node);
    default:
      return false;
  }
}

function isNullishValue(node: AstNode): boolean {
  if (node.type === 'Literal') return node.value === null && !isRegex(node) && !isBigInt(node);
  if (node.type === 'Identifier') return node.name === 'undefined';
  return node.type === 'UnaryExpression' && node.operator === 'void';
}

export default defineRule({
  id: 'no-constant-binary-expression',
  meta: {
    description:
      'Expressions whose result is fixed by their shape: `a + b ?? c`, `{} || y`, `x === []`, `new Foo() === x`, `!foo == null`.',
    category: 'logic',
    severity: 'medium',
    cwe: [570, 571],
    messages: {
      neverNullish:
        '`{{left}}` is never null or undefined, so the right side of `??` is never used. Check the precedence: `??` binds looser than most operators.',
      alwaysTruthy: '`{{left}}` is always truthy, so `{{operator}}` always gives {{which}}.',
      freshObject:
        'Comparing with a newly created {{kind}} is always {{result}}: objects are compared by reference. Compare a length, a key or an id instead.',
      nullishCompare:
        '`{{expression}}` is never null or undefined, so this comparison is always {{result}}. Check the precedence or the operand.',
    },
  },
  create(context) {
    const text = (node: AstNode): string => {
      const raw = context.source.getText(node);
      return raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    };
    return {
      LogicalExpression(node) {
        const left = unwrap(node.left as AstNode);
        if (node.operator === '??') {
          if (left.type !== 'Literal' && neverNullish(left))
            context.report({ node, messageId: 'neverNullish', data: { left: text(left) } });
          return;
        }
        if (!alwaysTruthy(left)) return;
        context.report({
          node,
          messageId: 'alwaysTruthy',
          data: {
            left: text(left),
            operator: node.operator,
            which: node.operator === '||' ? 'the left side' : 'the right side',
          },
        });
      },
      BinaryExpression(node) {
        if (!EQUALITY.has(node.operator) || node.left.type === 'PrivateIdentifier') return;
        const strict = node.operator.length === 3;
        const result = node.operator.startsWith('!') ? 'true' : 'false';
        const left = unwrap(node.left as AstNode);
        const right = unwrap(node.right as AstNode);
        const kind = freshKind(left, strict) ?? freshKind(right, strict);
        if (kind !== null) {
          context.report({ node, messageId: 'freshObject', data: { kind, result } });
          return;
        }
        for (const [value, other] of [
          [left, right],
          [right, left],
        ] as const) {
          if (isNullishValue(other) && !isNullishValue(value) && neverNullish(value)) {
            context.report({ node, messageId: 'nullishCompare', data: { expression: text(value), result } });
            return;
          }
        }
      },
    };
  },
});
