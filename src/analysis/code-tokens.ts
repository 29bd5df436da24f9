/**
 * Lexical token statistics of a file for the maintainability index: how many tokens, how many
 * distinct ones, and how many lines hold code. An estimate, not a lexer: comments are skipped,
 * strings and templates are one token each, regex literals and nested templates are split.
 *
 * It reads exactly the tokens of this regular expression, applied with `g` from the start:
 *
 *     \/\/[^\n\r]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|
 *     `(?:[^`\\]|\\[\s\S])*`?|[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*|\.?\d[\w.]*|>>>=?|\.\.\.|
 *     ===|!==|\*\*=?|\?\?=?|\?\.|&&=?|\|\|=?|<<=?|>>=?|=>|\+\+|--|[-+*\/%&|^!=<>]=?|\S
 *
 * written out by hand because it runs over every byte of every file: the scanner allocates no
 * match objects and no token strings (distinct tokens are counted in a hash set of text spans).
 */

export interface TokenStats {
  /** Tokens other than comments. */
  tokens: number;
  /** Distinct token texts. */
  distinct: number;
  /** Lines on which a token (not a comment) starts, ends or continues. */
  codeLines: number;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

/** `\w`, `$` or a code unit from U+00A0 up: what continues a name. */
function isNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0xa0;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0xa0;
}

/** `[\w.]`: what continues a number. */
function isNumberPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `.` matches in a regular expression without the `s` flag: anything but a line terminator. */
function isLineTerminator(c: number): boolean {
  return c === LF || c === CR || c === 0x2028 || c === 0x2029;
}

/** End of a `'` or `"` string starting at `start`: escapes, no raw line feed, optional closing quote. */
function quotedEnd(text: string, start: number, quote: number): number {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 92) {
      // `\\.`: the escaped character may be anything but a line terminator, else the string stops.
      if (i + 1 >= n || isLineTerminator(text.charCodeAt(i + 1))) return i;
      i += 2;
    } else if (c === LF) return i;
    else i++;
  }
  return i;
}

/** End of a template starting at `start`: any character, escapes, optional closing backtick. */
function templateEnd(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 96) return i + 1;
    if (c === 92) {
      if (i + 1 >= n) return i;
      i += 2;
    } else i++;
  }
  return i;
}

/** `=?` after a punctuator ending at `end`. */
function withEquals(text: string, end: number): number {
  return text.charCodeAt(end) === 61 ? end + 1 : end;
}

/** How a punctuator character continues, for the ones `punctuatorEnd` need not spell out. */
const DOUBLES_THEN_EQUALS = 1; // * & | <  (`**=`, `&&=`, `||=`, `<<=`)
const EQUALS_ONLY = 2; // / % ^
const INCREMENT = 3; // + -  (`++`, or `+=`)
const PUNCTUATOR_KIND = new Uint8Array(128);
for (const c of [42, 38, 124, 60]) PUNCTUATOR_KIND[c] = DOUBLES_THEN_EQUALS;
for (const c of [47, 37, 94]) PUNCTUATOR_KIND[c] = EQUALS_ONLY;
for (const c of [43, 45]) PUNCTUATOR_KIND[c] = INCREMENT;

/** `==`, `===`, `!=`, `!==`, `=>` or a lone `=`/`!` at `i`. */
function equalityEnd(text: string, i: number, c: number, next: number): number {
  if (next === 61) return text.charCodeAt(i + 2) === 61 ? i + 3 : i + 2;
  return c === 61 && next === 62 ? i + 2 : i + 1;
}

/** End of the punctuator or single character at `i` (`c` is its code). */
function punctuatorEnd(text: string, i: number, c: number): number {
  const next = text.charCodeAt(i + 1);
  switch (c < 128 ? PUNCTUATOR_KIND[c] : 0) {
    case DOUBLES_THEN_EQUALS:
      return withEquals(text, next === c ? i + 2 : i + 1);
    case EQUALS_ONLY:
      return withEquals(text, i + 1);
    case INCREMENT:
      return next === c ? i + 2 : withEquals(text, i + 1);
  }
  switch (c) {
    case 62: // >, >>, >>> and their `=` forms
      if (next !== 62) return withEquals(text, i + 1);
      return withEquals(text, text.charCodeAt(i + 2) === 62 ? i + 3 : i + 2);
    case 46: // . or ...
      return next === 46 && text.charCodeAt(i + 2) === 46 ? i + 3 : i + 1;
    case 61: // =
    case 33: // !
      return equalityEnd(text, i, c, next);
    case 63: // ?, ??, ??=, ?.
      if (next === 63) return withEquals(text, i + 2);
      return next === 46 ? i + 2 : i + 1;
    default:
      return i + 1;
  }
}

/**
 * Distinct spans of one text, by content: open addressing over typed arrays that are kept from
 * file to file (a generation stamp empties them), so counting allocates nothing.
 */
class SpanSet {
  private capacity = 1 << 12;
  private stamps = new Int32Array(this.capacity);
  private hashes = new Int32Array(this.capacity);
  private starts = new Int32Array(this.capacity);
  private lengths = new Int32Array(this.capacity);
  private generation = 0;
  private text = '';
  size = 0;

  reset(text: string): void {
    this.text = text;
    this.size = 0;
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  add(start: number, end: number): void {
    const text = this.text;
    const length = end - start;
    let hash = 0x811c9dc5;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    const mask = this.capacity - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (this.stamps[slot] !== this.generation) {
        this.stamps[slot] = this.generation;
        this.hashes[slot] = hash;
        this.starts[slot] = start;
        this.lengths[slot] = length;
        if (++this.size * 2 > this.capacity) this.grow();
        return;
      }
      if (
        this.hashes[slot] === hash &&
        this.lengths[slot] === length &&
        this.sameText(this.starts[slot] as number, start, length)
      )
        return;
    }
  }

  private sameText(a: number, b: number, length: number): boolean {
    const text = this.text;
    for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
    return true;
  }

  private grow(): void {
    const { stamps, hashes, starts, lengths, generation } = this;
    const old = this.capacity;
    this.capacity = old * 2;
    this.stamps = new Int32Array(this.capacity);
    this.hashes = new Int32Array(this.capacity);
    this.starts = new Int32Array(this.capacity);
    this.lengths = new Int32Array(this.capacity);
    this.generation = 1;
    const mask = this.capacity - 1;
    for (let i = 0; i < old; i++) {
      if (stamps[i] !== generation) continue;
      let slot = (hashes[i] as number) & mask;
      while (this.stamps[slot] === 1) slot = (slot + 1) & mask;
      this.stamps[slot] = 1;
      this.hashes[slot] = hashes[i] as number;
      this.starts[slot] = starts[i] as number;
      this.lengths[slot] = lengths[i] as number;
    }
  }
}

const distinctSpans = new SpanSet();

/** Where a comment at `i` ends, or -1 when none starts there. */
function commentEnd(text: string, i: number, c: number): number {
  if (c !== 47) return -1;
  const next = text.charCodeAt(i + 1);
  if (next === 47) {
    let k = i + 2;
    while (k < text.length) {
      const d = text.charCodeAt(k);
      if (d === LF || d === CR) break;
      k++;
    }
    return k;
  }
  if (next !== 42) return -1;
  const close = text.indexOf('*/', i + 2);
  return close === -1 ? text.length : close + 2;
}

/** End of the token starting at `i` (`c` is its first code). */
function tokenEnd(text: string, i: number, c: number): number {
  if (c === 39 || c === 34) return quotedEnd(text, i, c);
  if (c === 96) return templateEnd(text, i);
  const n = text.length;
  let end = i + 1;
  if (isNameStart(c)) {
    while (end < n && isNamePart(text.charCodeAt(end))) end++;
    return end;
  }
  if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
    if (c === 46) end = i + 2;
    while (end < n && isNumberPart(text.charCodeAt(end))) end++;
    return end;
  }
  return punctuatorEnd(text, i, c);
}

/** Counts the lines that hold code, from tokens given in order. */
class CodeLineCounter {
  codeLines = 0;
  private lastCodeLine = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly lineStarts: readonly number[],
  ) {}

  private lineOf(offset: number): number {
    // Tokens come in order, so the line pointer only moves forward.
    while (this.line < this.lineStarts.length && (this.lineStarts[this.line] as number) <= offset) this.line++;
    return this.line;
  }

  /** A token over `[start, end)`; only strings and templates (`multiline`) can span lines. */
  add(start: number, end: number, multiline: boolean): void {
    const first = this.lineOf(start);
    const last = multiline && end - start > 1 && this.hasLineBreak(start, end) ? this.lineOf(end - 1) : first;
    if (first > this.lastCodeLine) this.codeLines += last - first + 1;
    else if (last > this.lastCodeLine) this.codeLines += last - this.lastCodeLine;
    if (last > this.lastCodeLine) this.lastCodeLine = last;
  }

  private hasLineBreak(start: number, end: number): boolean {
    for (let k = start; k < end; k++) {
      const d = this.text.charCodeAt(k);
      if (d === LF || d === CR) return true;
    }
    return false;
  }
}

/**
 * Counts the tokens of `text`; `lineStarts` are the offsets where its lines begin (as
 * `SourceCode` has them).
 *
 * @example
 * tokenStats('let a = a + 1; // note\n', [0, 23]); // { tokens: 7, distinct: 6, codeLines: 1 }
 */
export function tokenStats(text: string, lineStarts: readonly number[]): TokenStats {
  const n = text.length;
  const distinct = distinctSpans;
  distinct.reset(text);
  const lines = new CodeLineCounter(text, lineStarts);
  let tokens = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // The only characters no alternative matches: ASCII white space (U+00A0 and up start names).
    if (c === SPACE || (c >= TAB && c <= CR)) {
      i++;
      continue;
    }
    const comment = commentEnd(text, i, c);
    if (comment !== -1) {
      i = comment;
      continue;
    }
    const end = tokenEnd(text, i, c);
    tokens++;
    distinct.add(i, end);
    lines.add(i, end, c === 39 || c === 34 || c === 96);
    i = end;
  }
  const count = distinct.size;
  distinct.reset('');
  return { tokens, distinct: count, codeLines: lines.codeLines };
}
