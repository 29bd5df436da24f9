import { testRule } from '../test-support/rule-tester.js';
import rule from './no-constant-binary-expression.js';

testRule(rule, {
  valid: [
    `const total = (a ?? 0) + (b ?? 0);`,
    `const port = Number(env.PORT) || 3000;`,
    `const name = user.nickname ?? user.email;`,
    `if (items.length === 0) showEmpty();`,
    `const missing = value === null || value === undefined;`,
    // Literals on the left are often deliberate switches.
    `if (false && process.env.DEBUG) dump(state);`,
    // Loose comparison with an array converts it to a string.
    `if (input == []) reset();`,
    `const same = a === b;`,
    `const label = count > 0 && \`\${count} items\`;`,
    `if (typeof window === 'undefined') useServer();`,
  ],
  invalid: [
    {
      code: `const total = price * quantity ?? 0;`,
      errors: [{ messageId: 'neverNullish', line: 1 }],
    },
    {
      code: `if (req.body.tags === []) {
  delete req.body.tags;
}`,
      errors: [{ messageId: 'freshObject', line: 1 }],
    },
    {
      code: `if (filters == {}) applyDefaults();`,
      errors: [{ messageId: 'freshObject', line: 1 }],
    },
    {
      code: `const options = {} || userOptions;`,
      errors: [{ messageId: 'alwaysTruthy', line: 1 }],
    },
    {
      code: `if (!user == null) throw new Error('no user');`,
      errors: [{ messageId: 'nullishCompare', line: 1 }],
    },
    {
      code: `if (typeof callback === undefined) callback = noop;`,
      errors: [{ messageId: 'nullishCompare', line: 1 }],
    },
    {
      code: `if (new Date(a) === new Date(b)) sameDay();`,
      errors: [{ messageId: 'freshObject', line: 1 }],
    },
    {
      code: `const text = \`Hello \${name}\` || 'Hello';`,
      errors: [{ messageId: 'alwaysTruthy', line: 1 }],
    },
  ],
});
