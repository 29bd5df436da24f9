import { describe, expect, it } from 'vitest';
import { maxNestingDepth } from './nesting-depth.js';
import { MAX_NESTING_DEPTH } from './parse.js';

const n = 5000;
const adversarial: Record<string, string> = {
  brackets: `x = ${'['.repeat(n)}${']'.repeat(n)};`,
  'brackets hidden by strings': `x = ${'[")"'.repeat(n)}`,
  'else-if chain': `if (a) {}${' else if (a) {}'.repeat(n)}`,
  'prefix operators': `x = ${'!'.repeat(n)}a;`,
  'spaced unary minus': `x = ${'- '.repeat(n)}a;`,
  ternaries: `x = ${'a ? b : '.repeat(n)}c;`,
  'ternaries across lines': `x = ${'a ? b\n: '.repeat(n)}c;`,
  arrows: `x = ${'a => '.repeat(n)}c;`,
  assignments: `${'a = '.repeat(n)}c;`,
  'new chain': `x = ${'new '.repeat(n)}C;`,
  'template literals': `x = ${'`${'.repeat(n)}1${'}`'.repeat(n)};`,
};

describe('maxNestingDepth', () => {
  it.each(Object.entries(adversarial))('flags %s beyond the limit', (_name, text) => {
    expect(maxNestingDepth(text)).toBeGreaterThan(MAX_NESTING_DEPTH);
  });

  it('stays small on ordinary code, with or without semicolons', () => {
    const ordinary = [
      'x = 1\n'.repeat(n),
      'x = 1;\n'.repeat(n),
      'if (a) {} else {}\n'.repeat(n),
      'if (a) { f() } else if (b) { g() }\nif (c) { h() }\n'.repeat(n),
      'const f = (a) => a + 1;\n'.repeat(n),
      'promise.then((v) => v * 2).then((v) => v - 1);\n'.repeat(n),
      ['const s = `a ', '${b} c ', '${d ? e : f}`;\n'].join('').repeat(n),
      'const re = /[(\\[{]+/g; const t = "((((";\n'.repeat(100),
      '<div className="x">{items.map((i) => <span key={i}>{i}</span>)}</div>;\n'.repeat(n),
    ];
    for (const text of ordinary) expect(maxNestingDepth(text)).toBeLessThan(20);
  });

  it('counts a real else-if chain by its length', () => {
    expect(maxNestingDepth(`if (a) {}${' else if (b) { x(); }'.repeat(40)}`)).toBeGreaterThanOrEqual(40);
  });
});
