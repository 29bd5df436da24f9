import { dottedName, isSameNode, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

/**
 * A cheap key that equal tests always share, so large switches compare each test with a few
 * candidates instead of with every earlier case.
 */
function bucketKey(test: AstNode): string {
  const target = unwrap(test);
  if (target.type === 'Literal') return `${typeof target.value}:${String(target.value)}`;
  return dottedName(target) ?? target.type;
}

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
        if (node.cases.length < 2) return;
        const earlier = new Map<string, AstNode[]>();
        for (const switchCase of node.cases) {
          const test = switchCase.test as AstNode | null;
          if (!test) continue;
          const key = bucketKey(test);
          const candidates = earlier.get(key);
          const match = candidates?.find((previous) => isSameNode(previous, test));
          if (match) {
            context.report({
              node: test,
              messageId: 'duplicateCase',
              data: {
                test: context.source.getText(test).slice(0, 60),
                line: context.source.position(match.start).line,
              },
            });
          } else if (candidates) {
            candidates.push(test);
          } else {
            earlier.set(key, [test]);
          }
        }
      },
    };
  },
});
