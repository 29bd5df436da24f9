import { statementsAlwaysExit } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

/** `// falls through`, `/* fallthrough *\/`, `// fall-through`: the author says the fall-through is meant. */
const FALLTHROUGH_COMMENT = /falls?[\s-]?through/i;

export default defineRule({
  id: 'no-fallthrough',
  meta: {
    description: 'A switch case that runs into the next case without break, return or throw usually lacks a break.',
    category: 'correctness',
    severity: 'medium',
    cwe: [484],
    messages: {
      fallthrough:
        'The previous case falls through into this one; add `break` (or `return`/`throw`), or a `// falls through` comment if intended.',
    },
  },
  create(context) {
    const { text } = context.source;
    return {
      SwitchStatement(node) {
        const cases = node.cases;
        // Falling into trailing cases that do nothing is harmless.
        let lastWithCode = cases.length - 1;
        while (lastWithCode >= 0 && (cases[lastWithCode]?.consequent.length ?? 0) === 0) lastWithCode--;
        for (let i = 0; i < lastWithCode; i++) {
          const current = cases[i];
          const next = cases[i + 1];
          if (!current || !next || current.consequent.length === 0) continue;
          const statements = current.consequent as AstNode[];
          if (statementsAlwaysExit(statements)) continue;
          // The comment may follow the last statement, or close a block the case is wrapped in.
          const last = statements[statements.length - 1] as AstNode;
          const inner = last.type === 'BlockStatement' ? last.body[last.body.length - 1] : undefined;
          const from = last.type === 'BlockStatement' ? (inner?.end ?? last.start) : last.end;
          if (FALLTHROUGH_COMMENT.test(text.slice(from, next.start))) continue;
          const head = next.test ? next.test.end : next.start + 'default'.length;
          context.report({ node: { start: next.start, end: head }, messageId: 'fallthrough' });
        }
      },
    };
  },
});
