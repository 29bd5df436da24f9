import { describe, expect, it } from 'vitest';
import { CharSet } from './char-set.js';
import { CASED_BLOCKS, caseFoldClosure, unicodePropertySet } from './unicode.js';

describe('caseFoldClosure', () => {
  it('folds ASCII letters both ways and leaves other characters alone', () => {
    expect(caseFoldClosure(CharSet.fromString('aZ1'), false).toString()).toBe('[1AZaz]');
  });

  it('folds beyond ASCII from the engine’s own case mappings', () => {
    expect(caseFoldClosure(CharSet.fromString('é'), false).toString()).toBe('[\\u{c9}\\u{e9}]');
    const sigma = caseFoldClosure(CharSet.of(0x3c3), false);
    expect([0x3a3, 0x3c2, 0x3c3].every((c) => sigma.has(c))).toBe(true);
  });

  it('folds the Kelvin sign and long s onto ASCII only with u', () => {
    expect(caseFoldClosure(CharSet.fromString('k'), false).has(0x212a)).toBe(false);
    expect(caseFoldClosure(CharSet.fromString('k'), true).has(0x212a)).toBe(true);
    expect(caseFoldClosure(CharSet.fromString('s'), true).has(0x17f)).toBe(true);
  });

  it('knows every cased character of this engine (the blocks it scans are complete)', () => {
    const inBlocks = CharSet.fromRanges(CASED_BLOCKS.map(([lo, hi]) => [lo, hi]));
    const missing: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if ((c.toUpperCase() !== c || c.toLowerCase() !== c) && !inBlocks.has(cp)) missing.push(cp);
    }
    expect(missing).toEqual([]);
  });
});

describe('unicodePropertySet', () => {
  it('matches the engine on sample code points', () => {
    for (const property of ['L', 'Lu', 'Nd', 'Script=Greek', 'Emoji', 'White_Space']) {
      const set = unicodePropertySet(property);
      const re = new RegExp(`^\\p{${property}}$`, 'u');
      for (const cp of [0x30, 0x41, 0x61, 0xe9, 0x3b1, 0x660, 0x2003, 0x4e00, 0x1f600, 0x1d7ce, 0x10ffff]) {
        expect(set?.has(cp), `${property} U+${cp.toString(16)}`).toBe(re.test(String.fromCodePoint(cp)));
      }
    }
  });

  it('returns null for unknown properties and properties of strings', () => {
    expect(unicodePropertySet('NoSuchProperty')).toBeNull();
    expect(unicodePropertySet('RGI_Emoji')).toBeNull();
  });
});
