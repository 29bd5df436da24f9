import { calleeMethod, staticString, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const LOWER = new Set(['toLowerCase', 'toLocaleLowerCase']);
const UPPER = new Set(['toUpperCase', 'toLocaleUpperCase']);
const SEARCHES = new Set(['includes', 'startsWith', 'endsWith']);

/** 'lower' or 'upper' when `node` is a case-normalising call such as `name.trim().toLowerCase()`. */
function normalisedCase(node: AstNode): 'lower' | 'upper' | null {
  const target = unwrap(node);
  if (target.type !== 'CallExpression') return null;
  const method = calleeMethod(target);
  if (method === null || unwrap(target.callee as AstNode).type !== 'MemberExpression') return null;
  if (LOWER.has(method)) return 'lower';
  return UPPER.has(method) ? 'upper' : null;
}

/** The literal's text when it can never equal a string of that case, else null. */
function mismatch(literal: AstNode, normalised: 'lower' | 'upper'): string | null {
  const value = staticString(literal);
  if (value === null) return null;
  const fixed = normalised === 'lower' ? value.toLowerCase() : value.toUpperCase();
  return fixed === value ? null : value;
}

export default defineRule({
  id: 'no-case-mismatch-compare',
  meta: {
    description:
      'Comparing the result of toLowerCase()/toUpperCase() with a literal of the other case: never equal, so the check is dead.',
    category: 'logic',
    severity: 'medium',
    cwe: [570],
    messages: {
      compare:
        "`{{call}}` is always {{normalised}} case, so comparing it with '{{literal}}' is always {{result}}; compare with '{{fixed}}'.",
      search: "`{{call}}` is always {{normalised}} case and never contains '{{literal}}'; search for '{{fixed}}'.",
    },
  },
  create(context) {
    const describe = (call: AstNode, literal: string, normalised: 'lower' | 'upper') => {
      const text = context.source.getText(call);
      return {
        call: text.length > 50 ? `...${text.slice(-47)}` : text,
        literal,
        normalised,
        fixed: normalised === 'lower' ? literal.toLowerCase() : literal.toUpperCase(),
      };
    };
    return {
      BinaryExpression(node) {
        if (!['==', '===', '!=', '!=='].includes(node.operator) || node.left.type === 'PrivateIdentifier') return;
        const result = node.operator.startsWith('!') ? 'true' : 'false';
        for (const [call, other] of [
          [node.left, node.right],
          [node.right, node.left],
        ] as [AstNode, AstNode][]) {
          const normalised = normalisedCase(call);
          if (!normalised) continue;
          const literal = mismatch(other, normalised);
          if (literal === null) continue;
          context.report({
            node,
            messageId: 'compare',
            data: { ...describe(call, literal, normalised), result },
          });
          return;
        }
      },
      SwitchStatement(node) {
        const normalised = normalisedCase(node.discriminant as AstNode);
        if (!normalised) return;
        for (const clause of node.cases) {
          if (!clause.test) continue;
          const literal = mismatch(clause.test as AstNode, normalised);
          if (literal === null) continue;
          context.report({
            node: clause.test,
            messageId: 'compare',
            data: { ...describe(node.discriminant as AstNode, literal, normalised), result: 'false' },
          });
        }
      },
      CallExpression(node) {
        const method = calleeMethod(node);
        if (method === null || !SEARCHES.has(method)) return;
        const callee = unwrap(node.callee as AstNode);
        if (callee.type !== 'MemberExpression') return;
        const normalised = normalisedCase(callee.object as AstNode);
        const first = node.arguments[0] as AstNode | undefined;
        if (!normalised || !first) return;
        const literal = mismatch(first, normalised);
        if (literal === null) return;
        context.report({
          node,
          messageId: 'search',
          data: describe(callee.object as AstNode, literal, normalised),
        });
      },
    };
  },
});
