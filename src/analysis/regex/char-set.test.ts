import { describe, expect, it } from 'vitest';
import { CharSet, DIGIT, LINE_TERMINATOR, MAX_CODE_POINT, SPACE, WORD } from './char-set.js';

const set = (text: string): CharSet => CharSet.fromString(text);

describe('CharSet', () => {
  it('normalises ranges: sorted, merged when overlapping or adjacent', () => {
    const s = CharSet.fromRanges([
      [0x64, 0x66],
      [0x61, 0x62],
      [0x63, 0x63],
      [0x70, 0x6f],
    ]);
    expect(s.ranges).toEqual([0x61, 0x66]);
    expect(s.size).toBe(6);
    expect(set('cab').toString()).toBe('[a-c]');
  });

  it('computes union, intersection, subtraction and complement exactly', () => {
    const letters = CharSet.range(0x61, 0x7a);
    expect(letters.intersect(set('0az')).toString()).toBe('[az]');
    expect(letters.union(DIGIT).toString()).toBe('[0-9a-z]');
    expect(letters.subtract(set('m')).toString()).toBe('[a-ln-z]');
    expect(CharSet.empty.complement().ranges).toEqual([0, MAX_CODE_POINT]);
    expect(CharSet.all.complement().isEmpty).toBe(true);
    expect(set('a').complement(0xffff).ranges).toEqual([0, 0x60, 0x62, 0xffff]);
    expect(WORD.complement().complement().equals(WORD)).toBe(true);
  });

  it('answers overlap questions without building sets', () => {
    expect(WORD.overlaps(SPACE)).toBe(false);
    expect(WORD.overlaps(DIGIT)).toBe(true);
    expect(SPACE.overlaps(LINE_TERMINATOR)).toBe(true);
    expect(CharSet.empty.overlaps(CharSet.all)).toBe(false);
  });

  it('tests membership by binary search', () => {
    for (const c of [0x09, 0x20, 0xa0, 0x2001, 0x3000, 0xfeff]) expect(SPACE.has(c)).toBe(true);
    for (const c of [0x08, 0x21, 0x200b, 0x10ffff]) expect(SPACE.has(c)).toBe(false);
  });

  it('picks readable members for attack strings', () => {
    expect(WORD.pick()).toBe('a');
    expect(DIGIT.pick()).toBe('0');
    expect(SPACE.pick()).toBe(' ');
    expect(LINE_TERMINATOR.pick()).toBe('\n');
    expect(set('#%').pick()).toBe('#');
    expect(CharSet.of(0x1f600).pick()).toBe('😀');
    expect(CharSet.empty.pick()).toBeUndefined();
  });
});
