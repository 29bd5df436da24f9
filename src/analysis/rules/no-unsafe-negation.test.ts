import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unsafe-negation.js';

testRule(rule, {
  valid: [
    `if (!('token' in req.cookies)) res.redirect('/login');`,
    `if (!(err instanceof HttpError)) throw err;`,
    `const flagged = (!enabled) in table;`,
    `if ('id' in body && !body.id) reject();`,
    `const missing = !key || !(key in cache);`,
  ],
  invalid: [
    {
      code: `app.use((err, req, res, next) => {
  if (!err instanceof ValidationError) {
    return next(err);
  }
  res.status(400).json({ error: err.message });
});`,
      errors: [{ messageId: 'unsafeNegation', line: 2 }],
    },
    { code: `if (!'authorization' in req.headers) deny();`, errors: [{ messageId: 'unsafeNegation', line: 1 }] },
    { code: `const fresh = !key in cache;`, errors: [{ messageId: 'unsafeNegation', line: 1 }] },
  ],
});
