import { isDigits } from './digits.js';
import { compareWith, type VersionScheme } from './scheme.js';
import { compareSemver, parseSemver, type SemVer } from './semver.js';

/**
 * Parses a Go module version: semver with a `v` (`v1.2.3`, `v2.0.0+incompatible`), Go's shorthand
 * `v1`/`v1.2`, pseudo-versions (`v0.0.0-20210101000000-abcdef123456`, valid semver pre-releases,
 * so they order by their timestamp between releases), the same without `v` as OSV writes them, and
 * toolchain versions of the standard library (`go1.21.5`, `go1.22rc1`).
 */
export function parseGoVersion(text: string): SemVer | null {
  let rest = text.trim();
  if (rest.startsWith('go')) return parseToolchain(rest.slice(2));
  if (rest.startsWith('v')) rest = rest.slice(1);
  // Shorthands are valid in go.mod queries: v1 means v1.0.0, v1.2 means v1.2.0.
  if (isDigits(rest)) rest = `${rest}.0.0`;
  else if (/^\d+\.\d+$/.test(rest)) rest = `${rest}.0`;
  return parseSemver(rest);
}

/** `1.21.5` → 1.21.5, `1.21` → 1.21.0, `1.22rc1` → 1.22.0-rc.1 (how OSV writes the standard library). */
function parseToolchain(rest: string): SemVer | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(rest);
  if (!m) return null;
  const pre = m[4] ? `-${m[4]}.${m[5]}` : '';
  return parseSemver(`${m[1]}.${m[2]}.${m[3] ?? '0'}${pre}`);
}

const PSEUDO = /^v?\d+\.\d+\.\d+-(?:[0-9A-Za-z.-]+\.)?(?:0\.)?\d{14}-[0-9a-f]{12}(?:\+incompatible)?$/;

/** True for a pseudo-version, which names a commit rather than a tagged release. */
export function isPseudoVersion(text: string): boolean {
  return PSEUDO.test(text.trim()) && parseGoVersion(text) !== null;
}

function displayGo(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('v') || trimmed.startsWith('go') || parseGoVersion(trimmed) === null) return trimmed;
  return `v${trimmed}`;
}

/** Go modules: semver precedence after Go's spellings; `+incompatible` is build metadata and ignored. */
export const goScheme: VersionScheme<SemVer> = {
  name: 'go',
  parse: parseGoVersion,
  compareParsed: compareSemver,
  compare: compareWith(parseGoVersion, compareSemver),
  display: displayGo,
};
