import { describe, expect, it } from 'vitest';
import { formatPep440, parsePep440, pep440Scheme } from './pep440.js';
import { expectAscending, expectEqual } from './test-support/expect-order.js';

function normalise(text: string): string | null {
  const v = parsePep440(text);
  return v === null ? null : formatPep440(v);
}

describe('PEP 440', () => {
  it("orders PEP 440's summary of permitted suffixes and relative ordering", () => {
    expectAscending(pep440Scheme, [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ]);
  });

  it('puts epochs first, so a calendar version is below 1!1.0', () => {
    expectAscending(pep440Scheme, ['1.0', '2013.10', '2014.04', '1!1.0', '1!1.1', '2!0.1']);
  });

  it('ignores trailing zeros in the release', () => {
    expectEqual(pep440Scheme, ['1', '1.0', '1.0.0', 'v1.0', '0!1.0']);
  });

  it('normalises alternative spellings as PEP 440 specifies', () => {
    expect(normalise('1.0-ALPHA.1')).toBe('1.0a1');
    expect(normalise('1.0alpha')).toBe('1.0a0');
    expect(normalise('1.0c1')).toBe('1.0rc1');
    expect(normalise('1.0-preview_2')).toBe('1.0rc2');
    expect(normalise('1.0-1')).toBe('1.0.post1');
    expect(normalise('1.0.rev3')).toBe('1.0.post3');
    expect(normalise('1.0r')).toBe('1.0.post0');
    expect(normalise('1.0-dev')).toBe('1.0.dev0');
    expect(normalise('1.0+ubuntu-1_a')).toBe('1.0+ubuntu.1.a');
    expect(normalise('v01.002.0003')).toBe('1.2.3');
    expect(normalise(' 1.0 ')).toBe('1.0');
    expect(normalise('1!2.0rc1.post2.dev3+Local.1')).toBe('1!2.0rc1.post2.dev3+local.1');
  });

  it('orders local versions segment by segment, numbers above letters', () => {
    expectAscending(pep440Scheme, ['1.0', '1.0+a', '1.0+a.1', '1.0+b', '1.0+1', '1.0+2', '1.0+10']);
  });

  it('rejects legacy versions that are outside the grammar', () => {
    for (const bad of ['1.0-foo', 'french toast', '1.0+', '1.0+ubuntu-', '1..0', '']) {
      expect(parsePep440(bad), bad).toBeNull();
    }
  });
});
