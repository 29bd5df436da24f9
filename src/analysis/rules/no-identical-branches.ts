import { isSameNode, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

/**
 * In TypeScript, `if (typeof x === 'string') f(x); else f(x);` picks a different overload per
 * branch: identical text, different meaning. Such type-narrowing tests are left alone.
 */
function narrowsType(test: AstNode): boolean {
  let narrows = false;
  const check = (node: AstNode): boolean => {
    if (node.type === 'UnaryExpression' && node.operator === 'typeof') narrows = true;
    else if (node.type === 'BinaryExpression' && (node.operator === 'instanceof' || node.operator === 'in'))
      narrows = true;
    else if (node.type === 'CallExpression') narrows = true;
    return !narrows;
  };
  check(unwrap(test));
  if (!narrows) forEachDescendant(test, (node) => check(node));
  return narrows;
}

function isEmpty(statement: AstNode): boolean {
  return statement.type === 'EmptyStatement' || (statement.type === 'BlockStatement' && statement.body.length === 0);
}

export default defineRule({
  id: 'no-identical-branches',
  meta: {
    description:
      'An if/else or ternary whose two branches are identical: the condition is pointless or a branch was mis-copied.',
    category: 'correctness',
    severity: 'low',
    messages: {
      identicalIf: 'Both branches of this if/else are identical; the condition makes no difference.',
      identicalTernary: 'Both results of this conditional expression are identical.',
    },
  },
  create(context) {
    const isTypeScript = TYPESCRIPT_FILE.test(context.filename);
    return {
      IfStatement(node) {
        const alternate = node.alternate as AstNode | null;
        if (!alternate || alternate.type === 'IfStatement') return;
        const consequent = node.consequent as AstNode;
        if (isEmpty(consequent) || !isSameNode(consequent, alternate)) return;
        if (isTypeScript && narrowsType(node.test as AstNode)) return;
        context.report({ node: node.test, messageId: 'identicalIf' });
      },
      ConditionalExpression(node) {
        if (!isSameNode(node.consequent as AstNode, node.alternate as AstNode)) return;
        if (isTypeScript && narrowsType(node.test as AstNode)) return;
        context.report({ node, messageId: 'identicalTernary' });
      },
    };
  },
});
