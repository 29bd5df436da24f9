import { testRule } from '../test-support/rule-tester.js';
import rule from './no-throw-literal.js';

testRule(rule, {
  valid: [
    "throw new Error('User not found');",
    `function assertId(id) {
  if (typeof id !== 'string') throw new TypeError(\`Invalid id: \${id}\`);
}`,
    `try {
  await save(order);
} catch (err) {
  throw err;
}`,
    'throw createHttpError(404, "Not found");',
    'throw error;',
    "throw Object.assign(new Error('Conflict'), { status: 409 });",
  ],
  invalid: [
    {
      code: `function requireAuth(req) {
  if (!req.user) throw 'Unauthorized';
}`,
      errors: [{ messageId: 'throwLiteral', line: 2 }],
    },
    {
      code: `if (res.status >= 500) throw \`Upstream failed with \${res.status}\`;`,
      errors: [{ messageId: 'throwLiteral', line: 1 }],
    },
    {
      code: `export async function handler(event) {
  if (!event.body) {
    throw { statusCode: 400, message: 'Missing body' };
  }
}`,
      errors: [{ messageId: 'throwLiteral', line: 3 }],
    },
    {
      code: "throw 'Invalid amount: ' + amount;\nthrow 404;",
      errors: [
        { messageId: 'throwLiteral', line: 1 },
        { messageId: 'throwLiteral', line: 2 },
      ],
    },
  ],
});
