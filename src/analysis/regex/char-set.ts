/** The largest Unicode code point. */
export const MAX_CODE_POINT = 0x10ffff;
/** The largest UTF-16 code unit: what a regex without `u` or `v` reads one at a time. */
export const MAX_CODE_UNIT = 0xffff;

/**
 * Sets of code points as sorted, disjoint, non-adjacent inclusive ranges.
 *
 * Why ranges: the ReDoS analysis asks "can these two parts of a regex read the same character?"
 * for classes like `[^"\\]`, `\S` or `\p{L}`, and only an exact set answers that without
 * enumerating a million code points. Sets are immutable; every operation returns a new one.
 */
export class CharSet {
  /** Flattened `[lo0, hi0, lo1, hi1, ...]`, sorted, disjoint, never touching. */
  readonly ranges: readonly number[];

  private constructor(ranges: readonly number[]) {
    this.ranges = ranges;
  }

  static readonly empty = new CharSet([]);
  /** Every code point (0 to U+10FFFF). */
  static readonly all = new CharSet([0, MAX_CODE_POINT]);

  static of(codePoint: number): CharSet {
    return new CharSet([codePoint, codePoint]);
  }

  static range(lo: number, hi: number): CharSet {
    return lo > hi ? CharSet.empty : new CharSet([lo, hi]);
  }

  /** Builds a set from `[lo, hi]` pairs in any order, overlapping or not. */
  static fromRanges(pairs: readonly (readonly [number, number])[]): CharSet {
    const sorted = pairs.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
    const out: number[] = [];
    for (const [lo, hi] of sorted) {
      const last = out.length - 1;
      if (last > 0 && lo <= (out[last] as number) + 1) {
        if (hi > (out[last] as number)) out[last] = hi;
      } else out.push(lo, hi);
    }
    return new CharSet(out);
  }

  static fromString(chars: string): CharSet {
    return CharSet.fromRanges([...chars].map((c) => [c.codePointAt(0) as number, c.codePointAt(0) as number]));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of code points in the set. */
  get size(): number {
    let n = 0;
    for (let i = 0; i < this.ranges.length; i += 2)
      n += (this.ranges[i + 1] as number) - (this.ranges[i] as number) + 1;
    return n;
  }

  has(codePoint: number): boolean {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codePoint < (r[2 * mid] as number)) hi = mid - 1;
      else if (codePoint > (r[2 * mid + 1] as number)) lo = mid + 1;
      else return true;
    }
    return false;
  }

  equals(other: CharSet): boolean {
    if (this === other) return true;
    if (this.ranges.length !== other.ranges.length) return false;
    return this.ranges.every((v, i) => v === other.ranges[i]);
  }

  union(other: CharSet): CharSet {
    if (other.isEmpty || this === other) return this;
    if (this.isEmpty) return other;
    const pairs: [number, number][] = [];
    for (const set of [this, other]) {
      for (let i = 0; i < set.ranges.length; i += 2) pairs.push([set.ranges[i] as number, set.ranges[i + 1] as number]);
    }
    return CharSet.fromRanges(pairs);
  }

  intersect(other: CharSet): CharSet {
    if (this === other) return this;
    const a = this.ranges;
    const b = other.ranges;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i] as number, b[j] as number);
      const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
      if (lo <= hi) out.push(lo, hi);
      if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
      else j += 2;
    }
    return out.length === a.length && out.every((v, k) => v === a[k]) ? this : new CharSet(out);
  }

  /** True when the two sets share a code point; allocates nothing. */
  overlaps(other: CharSet): boolean {
    const a = this.ranges;
    const b = other.ranges;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (Math.max(a[i] as number, b[j] as number) <= Math.min(a[i + 1] as number, b[j + 1] as number)) return true;
      if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
      else j += 2;
    }
    return false;
  }

  /** The code points of `0..max` not in this set. */
  complement(max: number = MAX_CODE_POINT): CharSet {
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < this.ranges.length && next <= max; i += 2) {
      const lo = this.ranges[i] as number;
      if (lo > next) out.push(next, Math.min(lo - 1, max));
      next = (this.ranges[i + 1] as number) + 1;
    }
    if (next <= max) out.push(next, max);
    return new CharSet(out);
  }

  subtract(other: CharSet): CharSet {
    return other.isEmpty ? this : this.intersect(other.complement());
  }

  /**
   * One member, chosen to be readable in a message: a letter, digit, space or punctuation when
   * the set has one, else its smallest code point; undefined for the empty set.
   */
  pick(): string | undefined {
    if (this.isEmpty) return undefined;
    for (const c of PREFERRED) if (this.has(c)) return String.fromCodePoint(c);
    for (const readable of [LOWER_ASCII, PRINTABLE_ASCII]) {
      const part = this.intersect(readable);
      if (!part.isEmpty) return String.fromCodePoint(part.ranges[0] as number);
    }
    return String.fromCodePoint(this.ranges[0] as number);
  }

  /** Readable form for tests and debugging, e.g. `[0-9A-Z_]`. */
  toString(): string {
    const show = (cp: number): string =>
      cp >= 0x21 && cp <= 0x7e ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
    let text = '';
    for (let i = 0; i < this.ranges.length; i += 2) {
      const lo = this.ranges[i] as number;
      const hi = this.ranges[i + 1] as number;
      text += lo === hi ? show(lo) : `${show(lo)}-${show(hi)}`;
    }
    return `[${text}]`;
  }
}

const PRINTABLE_ASCII = CharSet.range(0x21, 0x7e);
const LOWER_ASCII = CharSet.range(0x61, 0x7a);
/** Characters tried first by `pick`, so attack strings read naturally. */
const PREFERRED = [...'a0 A_-.@/:;,=x!'].map((c) => c.codePointAt(0) as number);

/** `\d` */
export const DIGIT = CharSet.range(0x30, 0x39);
/** `\w` */
export const WORD = CharSet.fromRanges([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
/** `\s`: ECMAScript WhiteSpace and LineTerminator. */
export const SPACE = CharSet.fromRanges([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
/** What `.` without the `s` flag does not match, and what `^`/`$` see with `m`. */
export const LINE_TERMINATOR = CharSet.fromRanges([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);
