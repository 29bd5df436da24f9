import { describe, expect, it } from 'vitest';
import { formatSemver, parseSemver, semverScheme } from './semver.js';
import { expectAscending, expectEqual } from './test-support/expect-order.js';

describe('semver', () => {
  it('orders the SemVer 2.0 specification examples (rule 11)', () => {
    expectAscending(semverScheme, ['1.0.0', '2.0.0', '2.1.0', '2.1.1']);
    expectAscending(semverScheme, [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it('ignores build metadata for precedence but keeps it in the parse', () => {
    expectEqual(semverScheme, ['1.0.0', '1.0.0+20130313144700', '1.0.0+exp.sha.5114f85']);
    expectEqual(semverScheme, ['1.0.0-alpha+001', '1.0.0-alpha']);
    expect(parseSemver('1.0.0-beta+exp.sha.5114f85')).toEqual({
      major: '1',
      minor: '0',
      patch: '0',
      prerelease: ['beta'],
      build: ['exp', 'sha', '5114f85'],
    });
  });

  it('compares numeric identifiers as numbers, also beyond 2^53, and below alphanumeric ones', () => {
    expectAscending(semverScheme, ['1.0.0-2', '1.0.0-10', '1.0.0-1a', '1.0.0-a']);
    expectAscending(semverScheme, ['9007199254740993.0.0', '9007199254740994.0.0', '90071992547409930.0.0']);
    expectAscending(semverScheme, ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha-1', '1.0.0-alpha-2']);
  });

  it('accepts a leading v and surrounding spaces, and rejects what SemVer 2.0 forbids', () => {
    expect(formatSemver(parseSemver(' v1.2.3-rc.1 ')!)).toBe('1.2.3-rc.1');
    for (const bad of [
      '1.2',
      '1',
      '01.2.3',
      '1.02.3',
      '1.2.3-01',
      '1.2.3-',
      '1.2.3+',
      '1.2.3-a..b',
      '1.2.3.4',
      'x.y.z',
      '',
    ]) {
      expect(parseSemver(bad), bad).toBeNull();
    }
    // Build metadata may have leading zeros; pre-release numbers may not.
    expect(parseSemver('1.2.3+001')).not.toBeNull();
  });

  it('sorts text it cannot parse before valid versions, deterministically', () => {
    const sorted = ['2.0.0', 'garbage', '1.0.0', 'another'].sort(semverScheme.compare);
    expect(sorted).toEqual(['another', 'garbage', '1.0.0', '2.0.0']);
  });
});
