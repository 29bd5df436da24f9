import { testRule } from '../test-support/rule-tester.js';
import rule from './no-self-compare.js';

testRule(rule, {
  valid: ['if (a === b) {}', 'if (a.b === a.c) {}', 'if (x[i] === x[j]) {}', 'const same = f() === f();'],
  invalid: [
    { code: 'if (a === a) {}', errors: [{ messageId: 'selfCompare', line: 1, column: 5 }] },
    { code: 'const n = 1;\nif (obj.value !== obj.value) {}', errors: [{ messageId: 'selfCompare', line: 2 }] },
    { code: "if (a['b'] < a.b) {}", errors: [{ messageId: 'selfCompare', line: 1 }] },
  ],
});
