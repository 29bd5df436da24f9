import { compareDigits, compareText, isDigits } from './digits.js';
import { compareWith, type VersionScheme } from './scheme.js';

/** A parsed SemVer 2.0 version. Numbers stay strings so parts of any length order correctly. */
export interface SemVer {
  major: string;
  minor: string;
  patch: string;
  /** Dot-separated pre-release identifiers (`['rc', '1']`); empty for a release. */
  prerelease: string[];
  /** Build metadata (`['incompatible']`); never affects precedence. */
  build: string[];
}

function isIdentifier(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    if (!alnum) return false;
  }
  return true;
}

/** A numeric part without leading zeros (`0`, `12`; not `012`). */
export function isNumericPart(text: string): boolean {
  return isDigits(text) && (text.length === 1 || text.charCodeAt(0) !== 48);
}

function parseIdentifiers(text: string, numericRule: boolean): string[] | null {
  const parts = text.split('.');
  for (const part of parts) {
    if (!isIdentifier(part)) return null;
    // A numeric pre-release identifier must not have leading zeros; build metadata may.
    if (numericRule && isDigits(part) && !isNumericPart(part)) return null;
  }
  return parts;
}

/**
 * Parses a SemVer 2.0 version (`1.2.3`, `1.0.0-rc.1+build.5`); a leading `v` is accepted, as npm
 * and Go write it. Returns null for anything else (`1.2`, `01.2.3`, `1.2.3-`).
 */
export function parseSemver(text: string): SemVer | null {
  let rest = text.trim();
  if (rest.startsWith('v') || rest.startsWith('V')) rest = rest.slice(1);
  let build: string[] = [];
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    const parsed = parseIdentifiers(rest.slice(plus + 1), false);
    if (parsed === null) return null;
    build = parsed;
    rest = rest.slice(0, plus);
  }
  let prerelease: string[] = [];
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    const parsed = parseIdentifiers(rest.slice(dash + 1), true);
    if (parsed === null) return null;
    prerelease = parsed;
    rest = rest.slice(0, dash);
  }
  const core = rest.split('.');
  if (core.length !== 3 || !core.every(isNumericPart)) return null;
  return { major: core[0]!, minor: core[1]!, patch: core[2]!, prerelease, build };
}

function compareIdentifiers(a: string, b: string): number {
  const aNum = isDigits(a);
  const bNum = isDigits(b);
  // Numeric identifiers have lower precedence than alphanumeric ones (SemVer 2.0, rule 11.4.3).
  if (aNum && bNum) return compareDigits(a, b);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return compareText(a, b);
}

/** Compares the pre-release parts: a release outranks any of its pre-releases. */
export function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const order = compareIdentifiers(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares major, minor and patch only. */
export function compareCore(a: SemVer, b: SemVer): number {
  return compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
}

/** SemVer 2.0 precedence; build metadata is ignored (`1.0.0+a` equals `1.0.0+b`). */
export function compareSemver(a: SemVer, b: SemVer): number {
  return compareCore(a, b) || comparePrerelease(a.prerelease, b.prerelease);
}

export function formatSemver(v: SemVer): string {
  const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}

/** SemVer 2.0 ordering: npm versions and OSV `SEMVER` ranges. */
export const semverScheme: VersionScheme<SemVer> = {
  name: 'semver',
  parse: parseSemver,
  compareParsed: compareSemver,
  compare: compareWith(parseSemver, compareSemver),
  display: (text) => text.trim(),
};
