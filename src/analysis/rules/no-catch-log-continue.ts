import { bindingNames, dottedName, isFunctionLike, isLoggingCall, parentOf, unwrap } from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** `console.error(e)`, `logger.warn(...)`, `await this.logger.error(...)`, `req.log.error(...)`. */
function isLogStatement(statement: AstNode): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression = unwrap(statement.expression as AstNode);
  if (
    expression.type === 'AwaitExpression' ||
    (expression.type === 'UnaryExpression' && expression.operator === 'void')
  )
    expression = unwrap(expression.argument as AstNode);
  return expression.type === 'CallExpression' && isLoggingCall(expression);
}

/** A value the caller cannot mistake for a successful result. */
function isAbsentValue(node: AstNode | null): boolean {
  if (!node) return true;
  const value = unwrap(node);
  if (value.type === 'Literal') return value.value === null || value.value === false;
  if (value.type === 'Identifier') return value.name === 'undefined';
  if (value.type === 'UnaryExpression') return value.operator === 'void';
  // Rendering UI after a failed side effect is normal for a component.
  return value.type === 'JSXElement' || value.type === 'JSXFragment';
}

function returnsInside(block: AstNode): boolean {
  let found = false;
  forEachDescendant(block, (child) => {
    if (found || isFunctionLike(child)) return false;
    if (child.type === 'ReturnStatement') found = true;
    return undefined;
  });
  return found;
}

/** Names assigned anywhere in the try block (the roots of assigned member chains too). */
function assignedNames(block: AstNode): Set<string> {
  const names = new Set<string>();
  forEachDescendant(block, (child) => {
    if (isFunctionLike(child)) return false;
    if (child.type === 'AssignmentExpression') {
      const left = child.left as AstNode;
      if (left.type === 'MemberExpression') {
        const root = dottedName(left)?.split('.')[0];
        if (root) names.add(root);
      } else for (const name of bindingNames(left)) names.add(name);
    }
    return undefined;
  });
  return names;
}

function mentionsAny(node: AstNode, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  if (node.type === 'Identifier') return names.has(node.name);
  let found = false;
  forEachDescendant(node, (child) => {
    if (found) return false;
    if (child.type === 'Identifier' && names.has(child.name)) found = true;
    return undefined;
  });
  return found;
}

export default defineRule({
  id: 'no-catch-log-continue',
  meta: {
    description:
      'A catch that only logs and lets the function go on to return data hands the caller a result as if the operation had succeeded.',
    category: 'error-handling',
    severity: 'medium',
    cwe: [390],
    messages: {
      logAndContinue:
        'This catch only logs the error, then the function returns data on line {{line}} as if the operation succeeded. Rethrow, or return an explicit failure.',
    },
  },
  create(context) {
    return {
      TryStatement(node) {
        const handler = node.handler;
        if (!handler) return;
        const caught = handler.body.body as AstNode[];
        if (caught.length === 0 || !caught.every(isLogStatement)) return;
        // A try that returns its own result makes the code after it a deliberate failure path.
        // A comment in the catch ("ignore: best effort") says the fall-through is intended.
        if (context.source.commentsInside(handler.body).length > 0) return;
        // A try that returns its own result makes the code after it a deliberate fallback path.
        if (node.block.body.length === 0 || returnsInside(node.block)) return;
        const body = parentOf(node);
        if (body?.type !== 'BlockStatement' || !isFunctionLike(parentOf(body))) return;
        const statements = body.body as AstNode[];
        const after = statements.slice(statements.indexOf(node) + 1);
        const returned = after.find((s) => s.type === 'ReturnStatement');
        if (returned?.type !== 'ReturnStatement') return;
        const value = returned.argument as AstNode | null;
        if (isAbsentValue(value) || !value) return;
        // A result computed from what the try assigned (`return user`, `return toDto(rows)`) shows up as
        // missing on failure; the finding is a result that claims success regardless.
        const fromTry = assignedNames(node.block);
        // Follow declarations between the try and the return: `const row = { count: summary?.count }`.
        for (const statement of after.slice(0, after.indexOf(returned))) {
          if (statement.type !== 'VariableDeclaration') continue;
          for (const declarator of statement.declarations) {
            if (declarator.init && mentionsAny(declarator.init as AstNode, fromTry))
              for (const name of bindingNames(declarator.id as AstNode)) fromTry.add(name);
          }
        }
        if (mentionsAny(unwrap(value), fromTry)) return;
        context.report({
          node: handler,
          messageId: 'logAndContinue',
          data: { line: context.source.position(returned.start).line },
        });
      },
    };
  },
});
