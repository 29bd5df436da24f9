import { describe, expect, it } from 'vitest';
import { parseNpmRange, satisfiesNpmRange } from './npm-range.js';
import { formatSemver } from './semver.js';

/** The range as npm prints it once desugared (`semver.validRange`). */
function desugar(range: string, includePrerelease = false): string | null {
  const sets = parseNpmRange(range, { includePrerelease });
  if (sets === null) return null;
  return sets.map((set) => set.map((c) => `${c.op}${formatSemver(c.version)}`).join(' ')).join('||');
}

describe('npm ranges', () => {
  it('desugars caret ranges, keeping the left-most non-zero part fixed (0.x rules)', () => {
    expect(desugar('^1.2.3')).toBe('>=1.2.3 <2.0.0-0');
    expect(desugar('^0.2.3')).toBe('>=0.2.3 <0.3.0-0');
    expect(desugar('^0.0.3')).toBe('>=0.0.3 <0.0.4-0');
    expect(desugar('^1.2.3-beta.2')).toBe('>=1.2.3-beta.2 <2.0.0-0');
    expect(desugar('^0.0.3-beta')).toBe('>=0.0.3-beta <0.0.4-0');
    expect(desugar('^1.2.x')).toBe('>=1.2.0 <2.0.0-0');
    expect(desugar('^0.0.x')).toBe('>=0.0.0 <0.1.0-0');
    expect(desugar('^0.0')).toBe('>=0.0.0 <0.1.0-0');
    expect(desugar('^1.x')).toBe('>=1.0.0 <2.0.0-0');
    expect(desugar('^0.x')).toBe('>=0.0.0 <1.0.0-0');
  });

  it('applies 0.x caret ranges as npm does', () => {
    expect(satisfiesNpmRange('0.2.5', '^0.2.3')).toBe(true);
    expect(satisfiesNpmRange('0.3.0', '^0.2.3')).toBe(false);
    expect(satisfiesNpmRange('0.0.3', '^0.0.3')).toBe(true);
    expect(satisfiesNpmRange('0.0.4', '^0.0.3')).toBe(false);
    expect(satisfiesNpmRange('0.9.9', '^0.x')).toBe(true);
    expect(satisfiesNpmRange('1.0.0', '^0.x')).toBe(false);
    expect(satisfiesNpmRange('1.9.0', '^1.2.3')).toBe(true);
    expect(satisfiesNpmRange('2.0.0', '^1.2.3')).toBe(false);
  });

  it('desugars tilde, x-ranges, hyphen ranges and primitives', () => {
    expect(desugar('~1.2.3')).toBe('>=1.2.3 <1.3.0-0');
    expect(desugar('~1.2')).toBe('>=1.2.0 <1.3.0-0');
    expect(desugar('~1')).toBe('>=1.0.0 <2.0.0-0');
    expect(desugar('~0.2.3')).toBe('>=0.2.3 <0.3.0-0');
    expect(desugar('~>1.2.3')).toBe('>=1.2.3 <1.3.0-0');
    expect(desugar('1.2.x')).toBe('>=1.2.0 <1.3.0-0');
    expect(desugar('1.x')).toBe('>=1.0.0 <2.0.0-0');
    expect(desugar('1.2.3 - 2.3.4')).toBe('>=1.2.3 <=2.3.4');
    expect(desugar('1.2 - 2.3.4')).toBe('>=1.2.0 <=2.3.4');
    expect(desugar('1.2.3 - 2.3')).toBe('>=1.2.3 <2.4.0-0');
    expect(desugar('1.2.3 - 2')).toBe('>=1.2.3 <3.0.0-0');
    expect(desugar('>1.2')).toBe('>=1.3.0');
    expect(desugar('>1')).toBe('>=2.0.0');
    expect(desugar('<=1.2')).toBe('<1.3.0-0');
    expect(desugar('<1.2')).toBe('<1.2.0-0');
    expect(desugar('>= 1.2.3 < 2')).toBe('>=1.2.3 <2.0.0-0');
    expect(desugar('>*')).toBe('<0.0.0-0');
    expect(desugar('1.x || >=2.5.0 || 5.0.0 - 7.2.3')).toBe('>=1.0.0 <2.0.0-0||>=2.5.0||>=5.0.0 <=7.2.3');
  });

  it('lets a pre-release satisfy a range only through a comparator on the same major.minor.patch', () => {
    expect(satisfiesNpmRange('1.2.3-alpha.7', '>1.2.3-alpha.3')).toBe(true);
    expect(satisfiesNpmRange('3.4.5-alpha.9', '>1.2.3-alpha.3')).toBe(false);
    expect(satisfiesNpmRange('3.4.5', '>1.2.3-alpha.3')).toBe(true);
    expect(satisfiesNpmRange('1.2.3-pr.2', '^1.2.3-pr.1')).toBe(true);
    expect(satisfiesNpmRange('1.2.4-alpha.notready', '^1.2.3-pr.1')).toBe(false);
    expect(satisfiesNpmRange('1.0.0-beta', '*')).toBe(false);
    expect(satisfiesNpmRange('1.0.0-beta', '*', { includePrerelease: true })).toBe(true);
    expect(satisfiesNpmRange('3.0.0-rc.1', '<3.0.0')).toBe(false);
    expect(satisfiesNpmRange('3.0.0-rc.1', '<3.0.0', { includePrerelease: true })).toBe(true);
    expect(satisfiesNpmRange('3.0.0-rc.1', '<3', { includePrerelease: true })).toBe(false);
    expect(desugar('1.x', true)).toBe('>=1.0.0-0 <2.0.0-0');
  });

  it('treats exact versions, v prefixes and empty ranges as npm does', () => {
    expect(satisfiesNpmRange('1.2.3', '1.2.3')).toBe(true);
    expect(satisfiesNpmRange('1.2.3', '=v1.2.3')).toBe(true);
    expect(satisfiesNpmRange('1.2.4', '1.2.3')).toBe(false);
    expect(satisfiesNpmRange('4.17.21', '')).toBe(true);
    expect(satisfiesNpmRange('4.17.21', 'latest')).toBe(false);
  });

  it('rejects invalid ranges and versions instead of guessing', () => {
    expect(parseNpmRange('>=1.2.3 <')).toBeNull();
    expect(parseNpmRange('1.2.3.4')).toBeNull();
    expect(parseNpmRange('^1.2-beta')).toBeNull();
    expect(satisfiesNpmRange('not-a-version', '*')).toBe(false);
  });
});
