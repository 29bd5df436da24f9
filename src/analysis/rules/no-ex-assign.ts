import { bindingNames, declaresName, parentOf } from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';

/** True when `name` at `node` refers to the parameter of an enclosing catch clause. */
function isCatchParam(node: AstNode, name: string): boolean {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (declaresName(current, name)) return current.type === 'CatchClause';
  }
  return false;
}

export default defineRule({
  id: 'no-ex-assign',
  meta: {
    description: 'Reassigning the catch parameter hides the original error from the rest of the catch block.',
    category: 'error-handling',
    severity: 'medium',
    messages: {
      exAssign: 'The caught error `{{name}}` is overwritten here, so the original error is lost; use a new variable.',
    },
  },
  create(context) {
    // Parameter names of the catch clauses being walked; most assignments are outside any catch.
    const open: string[][] = [];
    return {
      CatchClause(node) {
        open.push(bindingNames(node.param as AstNode | null));
      },
      'CatchClause:exit'() {
        open.pop();
      },
      AssignmentExpression(node) {
        if (open.length === 0) return;
        for (const name of bindingNames(node.left as AstNode)) {
          if (!open.some((names) => names.includes(name))) continue;
          if (isCatchParam(node, name)) context.report({ node, messageId: 'exAssign', data: { name } });
        }
      },
    };
  },
});
