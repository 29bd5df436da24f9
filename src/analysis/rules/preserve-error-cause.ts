import { calleeMethod, isFunctionLike, parentOf } from '../ast.js';
import { type AstNode, defineRule, type NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const ERROR_NAME = /(Error|Exception)$/;
const FIXABLE = new Set(['Error', 'TypeError', 'RangeError']);

/** The catch clause whose body holds `node` directly (not through a nested function). */
function enclosingCatch(node: AstNode): NodeOfType<'CatchClause'> | null {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return null;
    if (current.type === 'CatchClause') return current;
  }
  return null;
}

/** True when the identifier `name` is read anywhere in the subtree (not as a property name). */
function references(root: AstNode, name: string): boolean {
  let found = false;
  forEachDescendant(root, (child) => {
    if (found) return false;
    if (child.type !== 'Identifier' || child.name !== name) return undefined;
    const parent = parentOf(child);
    // `x.err` and `{ err: 1 }` name a property; `{ err }` and `x[err]` read the variable.
    if (parent?.type === 'MemberExpression' && parent.property === child && !parent.computed) return undefined;
    if (parent?.type === 'Property' && parent.key === child && !parent.computed && !parent.shorthand) return undefined;
    found = true;
    return false;
  });
  return found;
}

export default defineRule({
  id: 'preserve-error-cause',
  meta: {
    description:
      'An error thrown from a catch block should carry the caught error as its `cause`, or the original stack trace is lost.',
    category: 'error-handling',
    severity: 'low',
    fixable: true,
    messages: {
      missingCause:
        'This error replaces the caught `{{name}}` without keeping it; pass `{ cause: {{name}} }` so the original stack trace survives.',
    },
  },
  create(context) {
    return {
      ThrowStatement(node) {
        const thrown = node.argument;
        if (thrown.type !== 'NewExpression') return;
        const constructorName = calleeMethod(thrown);
        if (!constructorName || !ERROR_NAME.test(constructorName)) return;
        const clause = enclosingCatch(node);
        const param = clause?.param;
        if (!clause || param?.type !== 'Identifier') return;
        // Any use of the error (a condition on err.code, a log line, an argument) shows it was looked at.
        if (references(clause.body, param.name)) return;
        const only = thrown.arguments.length === 1 ? thrown.arguments[0] : undefined;
        const closing = only ? context.source.text.slice(only.end, thrown.end) : '';
        const fixable =
          thrown.callee.type === 'Identifier' &&
          FIXABLE.has(thrown.callee.name) &&
          only !== undefined &&
          only.type !== 'SpreadElement' &&
          /^\s*\)$/.test(closing);
        context.report({
          node: thrown,
          messageId: 'missingCause',
          data: { name: param.name },
          ...(fixable && only ? { fix: { range: [only.end, only.end], text: `, { cause: ${param.name} }` } } : {}),
        });
      },
    };
  },
});
