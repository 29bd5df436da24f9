import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-empty-catch',
  meta: {
    description: 'An empty catch block silently discards the error; say why in a comment if that is intended.',
    category: 'error-handling',
    severity: 'low',
    cwe: [390],
    messages: {
      emptyCatch:
        'Empty catch block: the error is swallowed. Handle it, rethrow it, or add a comment saying why it is safe to ignore.',
    },
  },
  create(context) {
    return {
      CatchClause(node) {
        const body = node.body;
        if (body.body.length > 0) return;
        // A comment inside the braces documents a deliberate ignore.
        if (context.source.commentsInside(body).length > 0) return;
        context.report({ node: body, messageId: 'emptyCatch' });
      },
    };
  },
});
