import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-useless-catch',
  meta: {
    description: 'A catch that only rethrows the caught error unchanged does nothing but add noise.',
    category: 'error-handling',
    severity: 'low',
    messages: {
      uselessCatch: 'This catch only rethrows `{{name}}` unchanged; remove the try/catch or handle the error here.',
    },
  },
  create(context) {
    return {
      TryStatement(node) {
        const handler = node.handler;
        // A finally block gives the try a purpose of its own.
        if (!handler || node.finalizer) return;
        const param = handler.param;
        if (param?.type !== 'Identifier') return;
        const statements = handler.body.body;
        const only = statements[0];
        if (statements.length !== 1 || only?.type !== 'ThrowStatement') return;
        const thrown = only.argument;
        if (thrown.type !== 'Identifier' || thrown.name !== param.name) return;
        // A comment inside the catch explains a deliberate rethrow point (for a breakpoint, a future handler...).
        if (context.source.commentsInside(handler.body).length > 0) return;
        context.report({ node: handler, messageId: 'uselessCatch', data: { name: param.name } });
      },
    };
  },
});
