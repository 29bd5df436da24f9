import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('rule', 'rule')).toBe(0);
    expect(editDistance('rule', 'rules')).toBe(1);
    expect(editDistance('rules', 'rule')).toBe(1);
    expect(editDistance('rule', 'rale')).toBe(1);
    expect(editDistance('rule', 'rlue')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  const rules = ['no-self-compare', 'no-empty-catch', 'no-floating-promise', 'cyclomatic-complexity'];

  it('suggests the closest name', () => {
    expect(didYouMean('no-self-compar', rules)).toBe('no-self-compare');
    expect(didYouMean('no-empty-cacth', rules)).toBe('no-empty-catch');
    expect(didYouMean('cyclomatic-complexty', rules)).toBe('cyclomatic-complexity');
    expect(didYouMean('failon', ['failOn', 'ignore'])).toBe('failOn');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('sql-injection', rules)).toBeUndefined();
    expect(didYouMean('x', ['rules'])).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });
});
