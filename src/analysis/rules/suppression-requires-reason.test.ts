import { describe, expect, it } from 'vitest';
import { runRule, testRule } from '../test-support/rule-tester.js';
import noSelfCompare from './no-self-compare.js';
import rule from './suppression-requires-reason.js';

testRule(rule, {
  valid: [
    '// ectus-ignore-next-line no-self-compare -- checking NaN the portable way\nif (x !== x) {}',
    'const a = 1; // ectus-ignore-line no-self-compare, no-dupe-keys -- legacy code, tracked in #12',
    '/* ectus-ignore-file all -- vendored file, kept byte for byte */',
    '// an ordinary comment mentioning ectus',
  ],
  invalid: [
    {
      code: '// ectus-ignore-next-line no-self-compare\nif (x !== x) {}',
      errors: [{ messageId: 'missingReason', line: 1 }],
    },
    { code: 'f(); // ectus-ignore-line -- no rule given', errors: [{ messageId: 'missingRules', line: 1 }] },
    {
      code: 'const a = 1;\n/* ectus-ignore-file placeholder-implementation */',
      errors: [{ messageId: 'missingReason', line: 2 }],
    },
  ],
});

describe('inline suppressions in the engine', () => {
  const scan = (code: string) => runRule(noSelfCompare, { code });

  it('suppresses the next line when a reason is given, and counts it', () => {
    const result = scan('// ectus-ignore-next-line no-self-compare -- NaN check\nif (x !== x) {}\nif (y === y) {}');
    expect(result.findings.map((f) => f.line)).toEqual([3]);
    expect(result.suppressed).toBe(1);
  });

  it('does not suppress without a reason', () => {
    const result = scan('// ectus-ignore-next-line no-self-compare\nif (x !== x) {}');
    expect(result.findings).toHaveLength(1);
    expect(result.suppressed).toBe(0);
  });

  it('suppresses on the same line, and only the named rule', () => {
    expect(scan('if (x !== x) {} // ectus-ignore-line no-self-compare -- NaN').findings).toHaveLength(0);
    expect(scan('if (x !== x) {} // ectus-ignore-line no-dupe-keys -- other rule').findings).toHaveLength(1);
  });

  it('suppresses a whole file with a file directive', () => {
    const result = scan('/* ectus-ignore-file all -- vendored */\nif (a === a) {}\nif (b === b) {}');
    expect(result.findings).toHaveLength(0);
    expect(result.suppressed).toBe(2);
  });
});
