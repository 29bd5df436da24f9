import { isSameNode } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-duplicate-case',
  meta: {
    description: 'A switch case whose test repeats an earlier case can never be reached.',
    category: 'correctness',
    severity: 'medium',
    cwe: [561],
    messages: { duplicateCase: 'Duplicate case `{{test}}`: the case on line {{line}} already matches this value.' },
  },
  create(context) {
    return {
      SwitchStatement(node) {
        const earlier: AstNode[] = [];
        for (const switchCase of node.cases) {
          const test = switchCase.test as AstNode | null;
          if (!test) continue;
          const match = earlier.find((previous) => isSameNode(previous, test));
          if (match) {
            context.report({
              node: test,
              messageId: 'duplicateCase',
              data: {
                test: context.source.getText(test).slice(0, 60),
                line: context.source.position(match.start).line,
              },
            });
          } else {
            earlier.push(test);
          }
        }
      },
    };
  },
});
