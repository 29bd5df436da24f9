import { testRule } from '../test-support/rule-tester.js';
import rule from './no-sparse-arrays.js';

testRule(rule, {
  valid: [
    `const middleware = [cors(), helmet(), express.json(),];`,
    `const [, second] = process.argv;`,
    `[first, , third] = parts;`,
    `const empty = [];`,
    `const list = [undefined, 1];`,
  ],
  invalid: [
    {
      code: `const columns = [
  'id',
  'name',,
  'email',
];`,
      errors: [{ messageId: 'sparseArray', line: 1 }],
    },
    { code: `const holes = [, 1];`, errors: [{ messageId: 'sparseArray', line: 1 }] },
    { code: `useEffect(load, [userId,, token]);`, errors: [{ messageId: 'sparseArray', line: 1 }] },
  ],
});
