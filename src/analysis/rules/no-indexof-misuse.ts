import {
  calleeMethod,
  calleeName,
  enclosingFunction,
  isFunctionLike,
  isSameReference,
  normalizedText,
  parentOf,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

const INDEX_METHODS = new Set(['indexOf', 'lastIndexOf', 'findIndex', 'findLastIndex', 'search']);
const EQUALITY = new Set(['==', '===', '!=', '!==']);
const WRAPPERS = new Set(['ChainExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression']);
// Earlier uses of the array that show the element is known to be there (or was looked for).
const GUARDS = [
  '.includes(',
  '.indexOf(',
  '.lastIndexOf(',
  '.find(',
  '.findIndex(',
  '.findLast(',
  '.findLastIndex(',
  '.some(',
  '.every(',
  '.filter(',
  '.forEach(',
  '.map(',
  '.has(',
  '.push(',
  '.unshift(',
];

/** `haystack` holds `needle` not preceded by a name character (`items.` does not match in `allItems.`). */
function mentions(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (at === 0 || !/[\w$.]/.test(haystack.charAt(at - 1))) return true;
  }
  return false;
}

/** The node that consumes the value of `node`, skipping wrappers that do not change it. */
function consumer(node: AstNode): { parent: AstNode | null; child: AstNode } {
  let child = node;
  let parent = parentOf(node);
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = parentOf(parent);
  }
  return { parent, child };
}

/** True when the value of `node` is only used for its truthiness. */
function inBooleanContext(node: AstNode): boolean {
  const { parent, child } = consumer(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
      return parent.test === child;
    case 'ForStatement':
      return parent.test === child;
    case 'LogicalExpression':
      return parent.operator !== '??' && inBooleanContext(parent);
    case 'UnaryExpression':
      // `!a.indexOf(x)` is the old "starts with" idiom; only `!!` is a plain boolean conversion.
      return parent.operator === '!' && parentOf(parent)?.type === 'UnaryExpression';
    case 'CallExpression':
      return calleeName(parent) === 'Boolean' && parent.arguments[0] === child;
    default:
      return false;
  }
}

/** `i > 0` or `i >= 1` (mirrored: `0 < i`, `1 <= i`): a match at index 0 is taken for none. */
function missesIndexZero(operator: string, indexOnLeft: boolean, value: number | null): boolean {
  if (indexOnLeft) return (operator === '>' && value === 0) || (operator === '>=' && value === 1);
  return (operator === '<' && value === 0) || (operator === '<=' && value === 1);
}

function isBooleanLiteral(node: AstNode): boolean {
  const target = unwrap(node);
  return target.type === 'Literal' && typeof target.value === 'boolean';
}

function numberValue(node: AstNode): number | null {
  const target = unwrap(node);
  return target.type === 'Literal' && typeof target.value === 'number' ? target.value : null;
}

export default defineRule({
  id: 'no-indexof-misuse',
  meta: {
    description:
      'indexOf()/findIndex() results used as booleans, compared with > 0 or true, or used as an index (notably in splice) without checking for -1.',
    category: 'logic',
    severity: 'high',
    cwe: [754],
    messages: {
      truthy:
        '`{{call}}` is used as a boolean: index 0 (found first) is falsy and -1 (not found) is truthy. Use `includes()` or compare with -1.',
      missesZero: '`{{call}} > 0` misses a match at index 0; compare with `!== -1` (or `>= 0`).',
      boolean:
        '`{{call}}` returns a number, never a boolean; comparing it with `{{literal}}` is wrong. Compare with -1.',
      uncheckedIndex:
        '`{{call}}` may be -1, and `{{array}}[-1]` reads or writes a property named "-1" instead of an element; check for -1 first.',
      uncheckedSplice:
        '`{{call}}` may be -1, and `splice(-1, ...)` removes the LAST element instead of nothing; check for -1 first.',
    },
  },
  create(context) {
    const text = (node: AstNode): string => {
      const raw = context.source.getText(node);
      return raw.length > 50 ? `${raw.slice(0, 47)}...` : raw;
    };

    /** An earlier mention in the same function shows the element was looked for or comes from the array. */
    const isGuarded = (call: AstNode, receiver: AstNode): boolean => {
      let scope: AstNode | null = enclosingFunction(call);
      for (let outer = scope && enclosingFunction(scope); outer; outer = enclosingFunction(outer)) scope = outer;
      if (!scope) {
        scope = call;
        for (let up = parentOf(call); up && up.type !== 'Program'; up = parentOf(up)) scope = up;
      }
      // From the body on: the parameter list `(items, x)` is not a use of `items`.
      const from = isFunctionLike(scope) ? (scope.body as AstNode).start : scope.start;
      const before = normalizedText(context.source.text.slice(from, call.start));
      const array = normalizedText(context.source.getText(receiver));
      if (before.includes(`of${array})`) || before.includes(`of[...${array}])`)) return true;
      // `const item = items[i]` takes the element from the array.
      if (before.includes(`=${array}[`)) return true;
      // Passed to a lookup helper first: `const it = findPair(this.items, key); if (!it) return;`.
      if (before.includes(`(${array},`) || before.includes(`(${array})`)) return true;
      return GUARDS.some((guard) => mentions(before, array + guard));
    };

    /** `i === true` compares a number with a boolean; `i > 0` misses a match at index 0. */
    const checkComparison = (
      node: NodeOfType<'CallExpression'>,
      method: string,
      comparison: NodeOfType<'BinaryExpression'>,
      child: AstNode,
      call: string,
    ): void => {
      const indexOnLeft = comparison.left === child;
      const other = (indexOnLeft ? comparison.right : comparison.left) as AstNode;
      if (EQUALITY.has(comparison.operator) && isBooleanLiteral(other)) {
        context.report({ node: comparison, messageId: 'boolean', data: { call, literal: text(other) } });
        return;
      }
      if (method === 'lastIndexOf' || method === 'search') return;
      if (!missesIndexZero(comparison.operator, indexOnLeft, numberValue(other))) return;
      // `email.indexOf('@') > 0` deliberately wants something before a separator character.
      const needle = staticString(node.arguments[0] as AstNode);
      if (needle !== null && needle.length === 1) return;
      context.report({ node: comparison, messageId: 'missesZero', data: { call } });
    };

    /** `items[items.indexOf(x)]` and `items.splice(items.indexOf(x), 1)` without a check for -1. */
    const checkIndexUse = (
      node: NodeOfType<'CallExpression'>,
      receiver: AstNode,
      parent: AstNode,
      child: AstNode,
      call: string,
    ): void => {
      if (parent.type === 'MemberExpression' && parent.computed && parent.property === child) {
        if (isSameReference(parent.object as AstNode, receiver) && !isGuarded(node, receiver)) {
          context.report({ node: parent, messageId: 'uncheckedIndex', data: { call, array: text(receiver) } });
        }
        return;
      }
      if (parent.type !== 'CallExpression' || parent.arguments[0] !== child) return;
      const outer = calleeMethod(parent);
      if ((outer === 'splice' || outer === 'toSpliced') && !isGuarded(node, receiver)) {
        context.report({ node: parent, messageId: 'uncheckedSplice', data: { call } });
      }
    };

    return {
      CallExpression(node: NodeOfType<'CallExpression'>) {
        const method = calleeMethod(node);
        if (method === null || !INDEX_METHODS.has(method) || node.arguments.length === 0) return;
        const callee = unwrap(node.callee as AstNode);
        if (callee.type !== 'MemberExpression') return;
        const call = text(node);
        if (inBooleanContext(node)) {
          context.report({ node, messageId: 'truthy', data: { call } });
          return;
        }
        const { parent, child } = consumer(node);
        if (!parent) return;
        if (parent.type === 'BinaryExpression') checkComparison(node, method, parent, child, call);
        else if (method !== 'search') checkIndexUse(node, callee.object as AstNode, parent, child, call);
      },
    };
  },
});
