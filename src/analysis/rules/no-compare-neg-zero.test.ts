import { testRule } from '../test-support/rule-tester.js';
import rule from './no-compare-neg-zero.js';

testRule(rule, {
  valid: [
    `if (Object.is(delta, -0)) sign = -1;`,
    `if (balance === 0) closeAccount();`,
    `if (offset < -1) throw new RangeError('offset');`,
    `const negated = -0 + x;`,
    `if (x === -y) swap();`,
  ],
  invalid: [
    {
      code: `function format(n) {
  if (n === -0) return '-0';
  return String(n);
}`,
      errors: [{ messageId: 'negativeZero', line: 2 }],
    },
    { code: `const isNeg = -0 == value;`, errors: [{ messageId: 'negativeZero', line: 1 }] },
    { code: `if (score >= -0) award();`, errors: [{ messageId: 'negativeZero', line: 1 }] },
  ],
});
