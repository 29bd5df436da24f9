import { openParensBetween, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

/**
 * `if (match = pattern.exec(s))` assigns a computed result and tests it in one go: a deliberate
 * idiom, not a slip, so calls and other computed results are not reported.
 */
function isComputedResult(node: AstNode): boolean {
  const target = unwrap(node);
  switch (target.type) {
    case 'CallExpression':
    case 'NewExpression':
    case 'AwaitExpression':
    case 'YieldExpression':
    case 'AssignmentExpression':
    case 'ConditionalExpression':
    case 'ImportExpression':
    case 'TaggedTemplateExpression':
      return true;
    default:
      return false;
  }
}

/** A right-hand side that is a fixed value: `x = 5` in a test is the classic `=` for `===` slip. */
function isFixedValue(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Literal') return true;
  if (target.type === 'TemplateLiteral') return target.expressions.length === 0;
  if (target.type === 'UnaryExpression') return unwrap(target.argument as AstNode).type === 'Literal';
  return target.type === 'Identifier' && (target.name === 'undefined' || target.name === 'NaN');
}

export default defineRule({
  id: 'no-cond-assign',
  meta: {
    description: 'An assignment used as a condition (`if (x = y)`) is usually a mistyped comparison.',
    category: 'correctness',
    severity: 'medium',
    cwe: [481],
    messages: {
      condAssign:
        'Assignment used as a condition; did you mean `===`? If the assignment is intended, wrap it in extra parentheses.',
    },
  },
  create(context) {
    const { text } = context.source;
    /**
     * `ownParens` is how many parentheses the syntax itself puts before the test (`if (` has one);
     * any more are the author's way to say the assignment is intended.
     */
    const check = (test: AstNode | null, from: number, ownParens: number, loop: boolean): void => {
      // Compound assignments (`x &= f()`) cannot be a mistyped comparison.
      if (test?.type !== 'AssignmentExpression' || test.operator !== '=') return;
      const right = test.right as AstNode;
      if (isComputedResult(right)) return;
      // `while (node = node.next)` is a common way to walk a list; in loops only `x = 5` is reported.
      if (loop && !isFixedValue(right)) return;
      if (openParensBetween(text, from, test.start) > ownParens) return;
      context.report({ node: test, messageId: 'condAssign' });
    };
    // A ternary's test cannot hold a bare assignment (the grammar demands parentheses), so only
    // statements are checked.
    return {
      IfStatement: (node) => check(node.test as AstNode, node.start, 1, false),
      WhileStatement: (node) => check(node.test as AstNode, node.start, 1, true),
      DoWhileStatement: (node) => check(node.test as AstNode, node.body.end, 1, true),
      ForStatement(node) {
        const test = node.test as AstNode | null;
        if (!test) return;
        // Only what follows the last `;` before the test can wrap it.
        const before = text.slice(node.init?.end ?? node.start, test.start);
        check(test, (node.init?.end ?? node.start) + before.lastIndexOf(';') + 1, 0, true);
      },
    };
  },
});
