import { describe, expect, it } from 'vitest';
import { goScheme, isPseudoVersion } from './go.js';
import { expectAscending, expectEqual } from './test-support/expect-order.js';

describe('Go module versions', () => {
  it('orders the three pseudo-version forms between the releases they derive from', () => {
    expectAscending(goScheme, [
      'v0.0.0-20190101000000-0123456789ab',
      'v0.0.0-20210101000000-abcdef123456',
      'v0.1.0',
      'v1.2.3-pre',
      'v1.2.3-pre.0.20210101000000-abcdef123456',
      'v1.2.3',
      'v1.2.4-0.20210101000000-abcdef123456',
      'v1.2.4',
    ]);
    expect(isPseudoVersion('v0.0.0-20210101000000-abcdef123456')).toBe(true);
    expect(isPseudoVersion('v1.2.4-0.20210101000000-abcdef123456')).toBe(true);
    expect(isPseudoVersion('v1.2.3-pre.0.20210101000000-abcdef123456')).toBe(true);
    expect(isPseudoVersion('v1.2.3-rc.1')).toBe(false);
  });

  it('ignores +incompatible, and reads versions with or without v as OSV writes them', () => {
    expectEqual(goScheme, ['v2.0.0+incompatible', 'v2.0.0', '2.0.0']);
    expectAscending(goScheme, ['v1.9.9', 'v2.0.0-rc.1+incompatible', 'v2.0.0+incompatible', 'v2.0.1']);
    expectEqual(goScheme, ['v1', 'v1.0', 'v1.0.0']);
  });

  it('reads toolchain versions of the standard library', () => {
    expectAscending(goScheme, ['go1.20', 'go1.20.5', 'go1.21rc2', 'go1.21.0', '1.21.1', 'go1.22.0']);
  });

  it('displays versions the way go.mod writes them', () => {
    expect(goScheme.display('0.3.8')).toBe('v0.3.8');
    expect(goScheme.display('v0.3.8')).toBe('v0.3.8');
    expect(goScheme.display('go1.21.0')).toBe('go1.21.0');
    expect(goScheme.parse('v1.2.03')).toBeNull();
  });
});
