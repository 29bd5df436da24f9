import { defineRule } from '../rule.js';
import { parseSuppressions } from '../suppressions.js';

export default defineRule({
  id: 'suppression-requires-reason',
  meta: {
    description:
      'An ectus-ignore comment must name the rules it silences and give a reason after `--`; otherwise it does not apply.',
    category: 'correctness',
    severity: 'low',
    messages: {
      missingReason: 'This ectus-ignore comment has no reason after `--`, so it suppresses nothing.',
      missingRules: 'This ectus-ignore comment names no rule (use a rule id, or `all`), so it suppresses nothing.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const suppression of parseSuppressions(context.source)) {
          if (suppression.rules.length === 0) {
            context.report({ node: suppression.comment, messageId: 'missingRules' });
          } else if (suppression.reason.length === 0) {
            context.report({ node: suppression.comment, messageId: 'missingReason' });
          }
        }
      },
    };
  },
});
