import { stripZeros } from './digits.js';
import { compareCore, compareSemver, isNumericPart, parseSemver, type SemVer } from './semver.js';

/** One comparator of a desugared npm range: `>=1.2.3`, `<2.0.0-0`. */
export interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  version: SemVer;
}

/** A parsed npm range: any of the sets may match; every comparator of a set must. */
export type NpmRange = Comparator[][];

/** A partial version as ranges write it: `1`, `1.2`, `1.x`, `1.2.3-beta`; null parts are wildcards. */
interface Partial {
  major: string | null;
  minor: string | null;
  patch: string | null;
  prerelease: string[];
}

/** `*`: every release (and, with includePrerelease, every pre-release too). */
function any(z: string[]): Comparator[] {
  return [{ op: '>=', version: sv('0', '0', '0', z) }];
}
/** Matches nothing: `<0.0.0-0` (what npm makes of `>*` and `<x`). */
const NONE: Comparator[] = [{ op: '<', version: sv('0', '0', '0', ['0']) }];

function sv(major: string, minor: string, patch: string, prerelease: string[] = []): SemVer {
  return { major, minor, patch, prerelease, build: [] };
}

function inc(digits: string): string {
  return (BigInt(digits) + 1n).toString();
}

function isWildcard(part: string): boolean {
  return part === 'x' || part === 'X' || part === '*';
}

function parsePartial(text: string): Partial | null {
  let rest = text;
  if (rest.startsWith('v') || rest.startsWith('=')) rest = rest.slice(1);
  const plus = rest.indexOf('+');
  if (plus >= 0) rest = rest.slice(0, plus);
  let prerelease: string[] = [];
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    const full = parseSemver(rest);
    if (full === null) return null;
    prerelease = full.prerelease;
    rest = rest.slice(0, dash);
  }
  const parts = rest.split('.');
  if (parts.length > 3 || parts.some((p) => !(isWildcard(p) || isNumericPart(p)))) return null;
  const [major, minor, patch] = parts.map((p) => (isWildcard(p) ? null : stripZeros(p)));
  const partial: Partial = { major: major ?? null, minor: minor ?? null, patch: patch ?? null, prerelease };
  // Anything after a wildcard is a wildcard too (`1.x.3` means `1.x`).
  if (partial.major === null) partial.minor = null;
  if (partial.minor === null) partial.patch = null;
  if (partial.patch === null && prerelease.length > 0) return null;
  return partial;
}

/**
 * The lower bound of a partial. `z` is `['0']` under includePrerelease, where npm starts a
 * wildcard's range at its first pre-release (`1.x` from `1.0.0-0`).
 */
function lower(p: Partial, z: string[] = []): Comparator {
  const prerelease = p.prerelease.length > 0 ? p.prerelease : z;
  return { op: '>=', version: sv(p.major ?? '0', p.minor ?? '0', p.patch ?? '0', prerelease) };
}

function caret(p: Partial, z: string[]): Comparator[] {
  if (p.major === null) return any(z);
  const M = p.major;
  if (p.minor === null) return [lower(p, z), { op: '<', version: sv(inc(M), '0', '0', ['0']) }];
  const m = p.minor;
  // The left-most non-zero part may not change: ^0.2.3 stays below 0.3.0, ^0.0.3 below 0.0.4.
  let upper: SemVer;
  if (M !== '0') upper = sv(inc(M), '0', '0', ['0']);
  else if (p.patch === null || m !== '0') upper = sv('0', inc(m), '0', ['0']);
  else upper = sv('0', '0', inc(p.patch), ['0']);
  return [lower(p, p.patch === null ? z : []), { op: '<', version: upper }];
}

function tilde(p: Partial, z: string[]): Comparator[] {
  if (p.major === null) return any(z);
  if (p.minor === null) return [lower(p, z), { op: '<', version: sv(inc(p.major), '0', '0', ['0']) }];
  return [lower(p, p.patch === null ? z : []), { op: '<', version: sv(p.major, inc(p.minor), '0', ['0']) }];
}

/** A bare partial: `1.2.3` is exact, `1.2` and `1.x` are ranges. */
function plain(p: Partial, z: string[]): Comparator[] {
  if (p.patch !== null) return [{ op: '=', version: sv(p.major!, p.minor!, p.patch, p.prerelease) }];
  if (p.major === null) return any(z);
  if (p.minor === null) return [lower(p, z), { op: '<', version: sv(inc(p.major), '0', '0', ['0']) }];
  return [lower(p, z), { op: '<', version: sv(p.major, inc(p.minor), '0', ['0']) }];
}

/** `>1.2`, `<=1`, `<1.x`: an operator on a partial version, as npm desugars it. */
function primitive(op: Comparator['op'], p: Partial, z: string[]): Comparator[] {
  if (op === '=') return plain(p, z);
  if (p.patch !== null) return [{ op, version: sv(p.major!, p.minor!, p.patch, p.prerelease) }];
  if (p.major === null) return op === '<' || op === '>' ? NONE : any(z);
  const major = p.major;
  const minor = p.minor ?? '0';
  switch (op) {
    case '>':
      return [{ op: '>=', version: p.minor === null ? sv(inc(major), '0', '0') : sv(major, inc(minor), '0') }];
    case '<=':
      return [
        { op: '<', version: p.minor === null ? sv(inc(major), '0', '0', ['0']) : sv(major, inc(minor), '0', ['0']) },
      ];
    case '<':
      return [{ op: '<', version: sv(major, minor, '0', ['0']) }];
    default:
      return [{ op: '>=', version: sv(major, minor, '0', z) }];
  }
}

function hyphen(fromText: string, toText: string, z: string[]): Comparator[] | null {
  const from = parsePartial(fromText);
  const to = parsePartial(toText);
  if (from === null || to === null) return null;
  const set: Comparator[] = [];
  if (from.major !== null) set.push(lower(from, z));
  if (to.major !== null) set.push(hyphenUpper(to, to.major, z));
  return set.length > 0 ? set : any(z);
}

function hyphenUpper(to: Partial, major: string, z: string[]): Comparator {
  if (to.minor === null) return { op: '<', version: sv(inc(major), '0', '0', ['0']) };
  if (to.patch === null) return { op: '<', version: sv(major, inc(to.minor), '0', ['0']) };
  if (to.prerelease.length === 0 && z.length > 0) return { op: '<', version: sv(major, to.minor, inc(to.patch), z) };
  return { op: '<=', version: sv(major, to.minor, to.patch, to.prerelease) };
}

const OPERATORS = ['>=', '<=', '~>', '>', '<', '=', '~', '^'] as const;

function simple(token: string, z: string[]): Comparator[] | null {
  const op = OPERATORS.find((o) => token.startsWith(o));
  const partial = parsePartial(op ? token.slice(op.length) : token);
  if (partial === null) return null;
  if (op === undefined) return plain(partial, z);
  if (op === '^') return caret(partial, z);
  if (op === '~' || op === '~>') return tilde(partial, z);
  return primitive(op, partial, z);
}

function parseSet(text: string, z: string[]): Comparator[] | null {
  // `>= 1.2.3` is `>=1.2.3`: npm joins an operator with the version that follows it.
  const joined = text.trim().replace(/(>=|<=|~>|[<>=~^])\s+/g, '$1');
  if (joined === '') return any(z);
  const dash = /^(\S+)\s+-\s+(\S+)$/.exec(joined);
  if (dash) return hyphen(dash[1]!, dash[2]!, z);
  const set: Comparator[] = [];
  for (const token of joined.split(/\s+/)) {
    const comparators = simple(token, z);
    if (comparators === null) return null;
    set.push(...comparators);
  }
  return set;
}

/**
 * Parses an npm range (`^1.2.3`, `~0.2`, `1.x || >=2.1.0 <3`, `1.2.3 - 2.3`) into comparator sets,
 * desugared as npm's `semver` package does. Returns null when the range is not valid.
 */
export function parseNpmRange(range: string, options: SatisfiesOptions = {}): NpmRange | null {
  const z = options.includePrerelease ? ['0'] : [];
  const sets: NpmRange = [];
  for (const part of range.split('||')) {
    const set = parseSet(part, z);
    if (set === null) return null;
    sets.push(set);
  }
  return sets;
}

function test(c: Comparator, v: SemVer): boolean {
  const order = compareSemver(v, c.version);
  switch (c.op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return order === 0;
  }
}

function testSet(set: Comparator[], v: SemVer, includePrerelease: boolean): boolean {
  if (!set.every((c) => test(c, v))) return false;
  if (v.prerelease.length === 0 || includePrerelease) return true;
  // npm lets a pre-release satisfy a range only when a comparator names a pre-release of the
  // same major.minor.patch: ^1.2.3-beta.1 accepts 1.2.3-beta.4 but not 1.2.4-alpha.
  return set.some((c) => c.version.prerelease.length > 0 && compareCore(c.version, v) === 0);
}

export interface SatisfiesOptions {
  /** Let pre-releases satisfy ranges that do not mention them (npm's `includePrerelease`). */
  includePrerelease?: boolean;
}

/**
 * Whether a version satisfies an npm range, with npm's rules for `^` (the left-most non-zero part
 * is fixed, so `^0.2.3` is `>=0.2.3 <0.3.0`), `~`, x-ranges, hyphen ranges, `||` and pre-releases.
 * False when either the version or the range is not valid.
 *
 * @example
 * satisfiesNpmRange('0.2.5', '^0.2.3'); // true
 * satisfiesNpmRange('0.3.0', '^0.2.3'); // false
 */
export function satisfiesNpmRange(
  version: string | SemVer,
  range: string | NpmRange,
  options: SatisfiesOptions = {},
): boolean {
  const v = typeof version === 'string' ? parseSemver(version) : version;
  const sets = typeof range === 'string' ? parseNpmRange(range, options) : range;
  if (v === null || sets === null) return false;
  return sets.some((set) => testSet(set, v, options.includePrerelease === true));
}
