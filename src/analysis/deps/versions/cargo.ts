import { compareWith, type VersionScheme } from './scheme.js';
import { compareSemver, parseSemver, type SemVer } from './semver.js';

/** Cargo versions are SemVer 2.0 without a `v`; build metadata does not affect precedence. */
function parseCargoVersion(text: string): SemVer | null {
  const trimmed = text.trim();
  return trimmed.startsWith('v') ? null : parseSemver(trimmed);
}

/** crates.io: SemVer 2.0 as Cargo reads it. */
export const cargoScheme: VersionScheme<SemVer> = {
  name: 'cargo',
  parse: parseCargoVersion,
  compareParsed: compareSemver,
  compare: compareWith(parseCargoVersion, compareSemver),
  display: (text) => text.trim(),
};
