import { compareDigits, compareText, isDigits, stripZeros } from './digits.js';
import { compareWith, type VersionScheme } from './scheme.js';

/** A parsed PEP 440 version, normalised (`1.0-ALPHA.1` → `1.0a1`). */
export interface Pep440Version {
  epoch: string;
  /** Release numbers (`[1, 2, 0]` for 1.2.0), without leading zeros. */
  release: string[];
  pre: { label: 'a' | 'b' | 'rc'; number: string } | null;
  post: string | null;
  dev: string | null;
  /** Local version parts (`ubuntu`, `1`), lower-cased; empty when none. */
  local: string[];
}

// The grammar of PEP 440's appendix ("parsing version strings with regular expressions"), which
// also accepts the spellings that normalisation maps to canonical form.
const VERSION = new RegExp(
  [
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?',
    '(?<dev>[-_.]?dev[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
  ].join(''),
  'i',
);

const PRE_LABELS: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** Parses a PEP 440 version; null for text outside the grammar (legacy versions such as `1.0-foo`). */
export function parsePep440(text: string): Pep440Version | null {
  const m = VERSION.exec(text);
  const g = m?.groups;
  if (!g) return null;
  const preLabel = g.preL ? PRE_LABELS[g.preL.toLowerCase()] : undefined;
  return {
    epoch: stripZeros(g.epoch ?? '0'),
    release: g.release!.split('.').map(stripZeros),
    pre: preLabel ? { label: preLabel, number: stripZeros(g.preN ?? '0') } : null,
    post: g.post ? stripZeros(g.postN1 ?? g.postN2 ?? '0') : null,
    dev: g.dev ? stripZeros(g.devN ?? '0') : null,
    local: g.local ? g.local.toLowerCase().split(/[-_.]/) : [],
  };
}

/** The canonical form: `1!2.0rc1.post2.dev3+ubuntu.1`. */
export function formatPep440(v: Pep440Version): string {
  let text = v.epoch === '0' ? '' : `${v.epoch}!`;
  text += v.release.join('.');
  if (v.pre) text += `${v.pre.label}${v.pre.number}`;
  if (v.post !== null) text += `.post${v.post}`;
  if (v.dev !== null) text += `.dev${v.dev}`;
  if (v.local.length > 0) text += `+${v.local.join('.')}`;
  return text;
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const order = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/**
 * The pre-release slot of the sort key: a dev release of a final (1.0.dev1) sorts before every
 * pre-release of it, and a final (or post) release after all of them.
 */
function preKey(v: Pep440Version): [number, string] {
  if (v.pre) return [PRE_RANK[v.pre.label], v.pre.number];
  if (v.post === null && v.dev !== null) return [-1, '0'];
  return [3, '0'];
}

function compareOptional(a: string | null, b: string | null, absentFirst: boolean): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === absentFirst ? -1 : 1;
  }
  return compareDigits(a, b);
}

function compareLocal(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xNum = isDigits(x);
    const yNum = isDigits(y);
    // Numeric local parts sort after alphanumeric ones and compare as numbers.
    const order = xNum && yNum ? compareDigits(x, y) : xNum !== yNum ? (xNum ? 1 : -1) : compareText(x, y);
    if (order !== 0) return order;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** PEP 440 ordering: epoch, release, pre, post, dev, then local version. */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  const [aPre, aPreN] = preKey(a);
  const [bPre, bPreN] = preKey(b);
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    aPre - bPre ||
    compareDigits(aPreN, bPreN) ||
    compareOptional(a.post, b.post, true) ||
    compareOptional(a.dev, b.dev, false) ||
    compareLocal(a.local, b.local)
  );
}

/** PyPI: PEP 440 versions. */
export const pep440Scheme: VersionScheme<Pep440Version> = {
  name: 'pep440',
  parse: parsePep440,
  compareParsed: comparePep440,
  compare: compareWith(parsePep440, comparePep440),
  display: (text) => text.trim(),
};
