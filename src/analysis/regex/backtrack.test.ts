import { describe, expect, it } from 'vitest';
import { countSteps } from './backtrack.js';
import { parseRegex } from './parse.js';

/** Deterministic pseudo-random strings over a small alphabet that exercises the patterns below. */
function sampleInputs(alphabet: string[], count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const inputs = [''];
  for (let i = 0; i < count; i++) {
    let text = '';
    const length = next(9);
    for (let j = 0; j < length; j++) text += alphabet[next(alphabet.length)];
    inputs.push(text);
  }
  return inputs;
}

const ALPHABET = ['a', 'b', 'A', '1', ' ', '\n', '-', '_', '.', '@', 'é', '😀'];

/**
 * The matcher must agree with the engine on whether a pattern matches: its step counts are only
 * meaningful if it explores the same search the engine does.
 */
const patterns: [string, string][] = [
  ['a', ''],
  ['^a', ''],
  ['a$', ''],
  ['^a$', 'm'],
  ['^$', 'm'],
  ['a|b', ''],
  ['ab|a', ''],
  ['a*b', ''],
  ['a+?b', ''],
  ['a??b', ''],
  ['(a|b){2,3}', ''],
  ['^(?:a|b){2,}$', ''],
  ['^a{0}$', ''],
  ['[^ab]+', ''],
  ['\\d+\\.\\d*', ''],
  ['\\w+@\\w+', ''],
  ['\\s+$', ''],
  ['.', ''],
  ['^.$', 's'],
  ['^.$', 'u'],
  ['\\bA', ''],
  ['a\\B', ''],
  ['\\ba\\b', 'i'],
  ['(?=a)\\w', ''],
  ['(?!a)\\w', ''],
  ['(?<=a)b', ''],
  ['(?<!a)b', ''],
  ['(?<=\\d{1,2})a', ''],
  ['(?<=(a|b)\\1)a', ''],
  ['(a)\\1', ''],
  ['(a)\\1', 'i'],
  ['\\1(a)', ''],
  ['(?:(a)|b)\\1b', ''],
  ['((a)|b)+\\2', ''],
  ['(?<x>[ab])\\k<x>', ''],
  ['(a*)*b', ''],
  ['(a*)+$', ''],
  ['(a|ab)(c|bcd)?', ''],
  ['^(?:a?){3}a{3}$', ''],
  ['(?:)*a', ''],
  ['(?:a|)*b', ''],
  ['[é]', 'i'],
  ['É', 'i'],
  ['😀', ''],
  ['^😀$', 'u'],
  ['^.$', ''],
  ['[\\u{1F600}]', 'u'],
  ['\\p{L}+', 'u'],
  ['[\\w--[a-z]]', 'v'],
  ['[\\q{ab|a}]b', 'v'],
  ['a', 'y'],
  ['[ab]+', 'y'],
  ['(?=(a+))a*b\\1', ''],
  ['^(?:\\s*\\w+\\s*,?)+$', ''],
  ['(.)(?<=\\1.)', ''],
];

describe('countSteps agrees with the engine', () => {
  it.each(patterns)('/%s/%s', (source, flags) => {
    const parsed = parseRegex(source, flags);
    expect(parsed).not.toBeNull();
    if (!parsed) return;
    const engine = new RegExp(source, flags);
    for (const input of sampleInputs(ALPHABET, 150, source.length * 31 + flags.length)) {
      engine.lastIndex = 0;
      const expected = engine.test(input);
      const result = countSteps(parsed, input, 1_000_000);
      expect(result.exhausted).toBe(false);
      expect(result.matched, `/${source}/${flags} on ${JSON.stringify(input)}`).toBe(expected);
    }
  });
});

describe('countSteps', () => {
  const steps = (source: string, input: string): number => {
    const parsed = parseRegex(source, '');
    if (!parsed) throw new Error('unparsed');
    return countSteps(parsed, input, 10_000_000).steps;
  };

  it('counts linear work for a linear pattern', () => {
    const small = steps('^a+b', `${'a'.repeat(100)}c`);
    const large = steps('^a+b', `${'a'.repeat(200)}c`);
    expect(large / small).toBeLessThan(2.2);
  });

  it('counts quadratic work for an unanchored trailing-space pattern', () => {
    const small = steps('\\s+$', `${' '.repeat(100)}x`);
    const large = steps('\\s+$', `${' '.repeat(200)}x`);
    expect(large / small).toBeGreaterThan(3.5);
  });

  it('stops at the budget and says so', () => {
    const parsed = parseRegex('^(a+)+$', '');
    if (!parsed) throw new Error('unparsed');
    const result = countSteps(parsed, `${'a'.repeat(40)}!`, 5000);
    expect(result).toEqual({ steps: 5000, matched: false, exhausted: true });
  });
});
