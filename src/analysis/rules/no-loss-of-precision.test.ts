import { testRule } from '../test-support/rule-tester.js';
import rule from './no-loss-of-precision.js';

testRule(rule, {
  valid: [
    `const MAX = 9007199254740991;`,
    `const ratio = 0.1 + 0.2;`,
    `const big = 1e21, tiny = 5e-324, avogadro = 6.02214076e23;`,
    `const third = 0.30000000000000004;`,
    `const mask = 0xFFFFFFFF, bits = 0b1010, perms = 0o755;`,
    `const limit = 1_000_000_000;`,
    `const price = 19.990, zero = 0.000, e = 0e10;`,
    `const twoPow = 18446744073709551616;`,
    `const id = 9007199254740993n;`,
    `const pi = 3.141592653589793;`,
    `const exact = 123456789012345680000;`,
    `const ms = 1.5e3;`,
  ],
  invalid: [
    {
      code: `const tweet = { id: 9007199254740993, text: 'hello' };`,
      errors: [{ messageId: 'lossOfPrecision', line: 1 }],
    },
    { code: `const n = 5123000000000000000000000000001;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const f = 0.1000000000000000000000001;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const h = 0x20000000000001;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const huge = 1e400;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const under = 1e-400;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const sep = 9_007_199_254_740_993;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
    { code: `const pi = 3.14159265358979323846;`, errors: [{ messageId: 'lossOfPrecision', line: 1 }] },
  ],
});
