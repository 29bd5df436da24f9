import { alwaysExits } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

/** Declarations that cost nothing at run time or are hoisted, so placing them after a `return` is harmless. */
function isInert(statement: AstNode): boolean {
  switch (statement.type) {
    case 'EmptyStatement':
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
    case 'TSTypeAliasDeclaration':
    case 'TSInterfaceDeclaration':
      return true;
    case 'TSEnumDeclaration':
      // A `const enum` is erased at compile time.
      return statement.declare || statement.const;
    case 'TSModuleDeclaration':
    case 'ClassDeclaration':
      return statement.declare === true;
    case 'VariableDeclaration':
      // `var x;` is hoisted and has no initializer to skip; `var x = 1` loses its assignment.
      return statement.declare || (statement.kind === 'var' && statement.declarations.every((d) => d.init === null));
    default:
      return false;
  }
}

export default defineRule({
  id: 'no-unreachable',
  meta: {
    description: 'Statements after a return, throw, break or continue in the same block never run.',
    category: 'correctness',
    severity: 'medium',
    cwe: [561],
    messages: { unreachable: 'Unreachable code: the statement before it always leaves this block.' },
  },
  create(context) {
    const check = (statements: readonly AstNode[], inCase: boolean): void => {
      const last = statements.length - 1;
      for (let i = 0; i < last; i++) {
        if (!alwaysExits(statements[i] as AstNode)) continue;
        const dead = statements.slice(i + 1).filter((s) => !isInert(s));
        // A `break` left after `return` in a switch case is a harmless habit, not lost logic.
        if (inCase && dead.every((s) => s.type === 'BreakStatement' && s.label === null)) return;
        const first = dead[0];
        const final = dead[dead.length - 1];
        if (first && final) context.report({ node: { start: first.start, end: final.end }, messageId: 'unreachable' });
        return;
      }
    };
    return {
      Program: (node) => check(node.body as AstNode[], false),
      BlockStatement: (node) => check(node.body as AstNode[], false),
      StaticBlock: (node) => check(node.body as AstNode[], false),
      SwitchCase: (node) => check(node.consequent as AstNode[], true),
    };
  },
});
