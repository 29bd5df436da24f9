import type { Ecosystem } from '../model.js';
import { cargoScheme } from './cargo.js';
import { goScheme } from './go.js';
import { mavenScheme } from './maven.js';
import { pep440Scheme } from './pep440.js';
import type { VersionScheme } from './scheme.js';
import { semverScheme } from './semver.js';

export type { VersionScheme } from './scheme.js';
export { semverScheme } from './semver.js';

/**
 * The version ordering of each ecosystem, as OSV `ECOSYSTEM` ranges use it. OSV `SEMVER` ranges
 * use `semverScheme` whatever the ecosystem.
 *
 * @example
 * VERSION_SCHEMES.Maven.compare('1.0-rc1', '1.0'); // -1
 */
export const VERSION_SCHEMES = {
  npm: semverScheme,
  PyPI: pep440Scheme,
  Go: goScheme,
  'crates.io': cargoScheme,
  Maven: mavenScheme,
} as const satisfies Record<Ecosystem, VersionScheme>;

/** The scheme of an ecosystem, typed for callers that only pass versions through it. */
export function versionScheme(ecosystem: Ecosystem): VersionScheme {
  return VERSION_SCHEMES[ecosystem];
}
