import { CharSet, MAX_CODE_POINT } from './char-set.js';

/**
 * Case folding and Unicode property escapes, computed from the JavaScript engine itself so the
 * analysis agrees with the regex engine that will run the pattern. Both tables are built on first
 * use and kept for the life of the process.
 */

interface FoldTable {
  /** Sorted code points that share a case class with another code point. */
  codePoints: Int32Array;
  /** For each entry of codePoints, the members of its class. */
  classes: (readonly number[])[];
}

let foldTable: FoldTable | undefined;

/**
 * The Unicode blocks that hold every character with a case mapping (checked against the engine by
 * a test): scanning only these keeps building the table to a few milliseconds.
 */
export const CASED_BLOCKS: readonly (readonly [number, number])[] = [
  [0x41, 0x58f],
  [0x10a0, 0x10ff],
  [0x13a0, 0x13ff],
  [0x1c80, 0x1cbf],
  [0x1d00, 0x1fff],
  [0x2100, 0x218f],
  [0x24b0, 0x24ff],
  [0x2c00, 0x2d2f],
  [0xa640, 0xa7ff],
  [0xab30, 0xabbf],
  [0xfb00, 0xfb4f],
  [0xff00, 0xff5f],
  [0x10400, 0x104ff],
  [0x10570, 0x105bf],
  [0x10c80, 0x10cff],
  [0x10d40, 0x10d8f],
  [0x118a0, 0x118ff],
  [0x16e40, 0x16eff],
  [0x1e900, 0x1e95f],
];

function buildFoldTable(): FoldTable {
  const byKey = new Map<number, number[]>();
  for (const [lo, hi] of CASED_BLOCKS) for (let cp = lo; cp <= hi; cp++) addToFoldClass(byKey, cp);
  const entries: [number, readonly number[]][] = [];
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    for (const cp of members) entries.push([cp, members]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return { codePoints: Int32Array.from(entries, (e) => e[0]), classes: entries.map((e) => e[1]) };
}

/** Files a code point under its canonical form (its upper case when that is a single code point). */
function addToFoldClass(byKey: Map<number, number[]>, cp: number): void {
  const upper = String.fromCodePoint(cp).toUpperCase();
  const key = upper.length === 1 || (upper.length === 2 && cp > 0xffff) ? (upper.codePointAt(0) as number) : cp;
  // Without `u`, a character outside ASCII never folds onto an ASCII one (ECMAScript Canonicalize).
  const canonical = cp >= 0x80 && key < 0x80 ? cp : key;
  const members = byKey.get(canonical);
  if (members) members.push(cp);
  else byKey.set(canonical, [cp]);
}

const ASCII_LETTERS = CharSet.fromRanges([
  [0x41, 0x5a],
  [0x61, 0x7a],
]);
/** With `u`, `ſ` folds with `s`/`S` and the Kelvin sign with `k`/`K`. */
const UNICODE_ASCII_EXTRAS: readonly [number, number][] = [
  [0x73, 0x17f],
  [0x53, 0x17f],
  [0x6b, 0x212a],
  [0x4b, 0x212a],
];

/**
 * The set together with every character that matches one of its members case-insensitively
 * (the `i` flag). ASCII-only sets take a fast path; others consult a table built on first use.
 */
export function caseFoldClosure(set: CharSet, unicode: boolean): CharSet {
  const last = set.ranges[set.ranges.length - 1];
  if (last === undefined) return set;
  if (last < 0x80) return foldAscii(set, unicode);
  foldTable ??= buildFoldTable();
  const { codePoints, classes } = foldTable;
  const added: [number, number][] = [];
  for (let i = 0; i < set.ranges.length; i += 2) {
    const lo = set.ranges[i] as number;
    const hi = set.ranges[i + 1] as number;
    for (let k = lowerBound(codePoints, lo); k < codePoints.length && (codePoints[k] as number) <= hi; k++) {
      for (const member of classes[k] as readonly number[]) added.push([member, member]);
    }
  }
  let result = added.length === 0 ? set : set.union(CharSet.fromRanges(added));
  if (unicode) result = result.union(foldAscii(result.intersect(ASCII_LETTERS), true));
  return result;
}

function foldAscii(set: CharSet, unicode: boolean): CharSet {
  const letters = set.intersect(ASCII_LETTERS);
  if (letters.isEmpty) return set;
  const pairs: [number, number][] = [];
  for (let i = 0; i < letters.ranges.length; i += 2) {
    const lo = letters.ranges[i] as number;
    const hi = letters.ranges[i + 1] as number;
    const shift = lo >= 0x61 ? -32 : 32;
    pairs.push([lo + shift, hi + shift]);
  }
  if (unicode) {
    for (const [ascii, other] of UNICODE_ASCII_EXTRAS) if (set.has(ascii)) pairs.push([other, other]);
  }
  return set.union(CharSet.fromRanges(pairs));
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const propertyCache = new Map<string, CharSet | null>();

/**
 * The code points of a Unicode property escape body such as `L`, `Script=Greek` or
 * `General_Category=Nd`; null when the engine does not know the property or it is a property of
 * strings (which matches sequences, not single characters).
 */
export function unicodePropertySet(body: string): CharSet | null {
  const cached = propertyCache.get(body);
  if (cached !== undefined) return cached;
  const set = computeProperty(body);
  if (propertyCache.size < 512) propertyCache.set(body, set);
  return set;
}

function computeProperty(body: string): CharSet | null {
  let re: RegExp;
  try {
    re = new RegExp(`\\p{${body}}+`, 'gu');
  } catch {
    return null;
  }
  const text = allCodePoints();
  const pairs: [number, number][] = [];
  for (const match of text.matchAll(re)) {
    const first = indexToCodePoint(match.index);
    const lastIndex = match.index + match[0].length - 1;
    // A match ending in the astral part ends on a low surrogate: step back to its lead unit.
    const last = indexToCodePoint(
      lastIndex >= ASTRAL_START_INDEX && (lastIndex - ASTRAL_START_INDEX) % 2 === 1 ? lastIndex - 1 : lastIndex,
    );
    pairs.push([first, last]);
  }
  return CharSet.fromRanges(pairs);
}

/** Index of U+10000 in the text of all code points (surrogate code points are left out). */
const ASTRAL_START_INDEX = 0xd800 + (0x10000 - 0xe000);

function indexToCodePoint(index: number): number {
  if (index < 0xd800) return index;
  if (index < ASTRAL_START_INDEX) return index + 0x800;
  return 0x10000 + ((index - ASTRAL_START_INDEX) >> 1);
}

/** Kept weakly: a scan that soon needs another property reuses it, otherwise it is collected. */
let allCodePointsRef: WeakRef<{ text: string }> | undefined;

/** Every code point except the surrogates, in order (about 2.2 million UTF-16 units). */
function allCodePoints(): string {
  const kept = allCodePointsRef?.deref();
  if (kept) return kept.text;
  const holder = { text: buildAllCodePoints() };
  allCodePointsRef = new WeakRef(holder);
  return holder.text;
}

function buildAllCodePoints(): string {
  const chunks: string[] = [];
  for (let base = 0; base <= MAX_CODE_POINT; base += 4096) {
    const codePoints: number[] = [];
    for (let cp = base; cp < base + 4096 && cp <= MAX_CODE_POINT; cp++) {
      if (cp < 0xd800 || cp > 0xdfff) codePoints.push(cp);
    }
    chunks.push(String.fromCodePoint(...codePoints));
  }
  return chunks.join('');
}
