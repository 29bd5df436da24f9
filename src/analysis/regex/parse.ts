import { CharSet, DIGIT, LINE_TERMINATOR, MAX_CODE_POINT, MAX_CODE_UNIT, SPACE, WORD } from './char-set.js';
import { caseFoldClosure, unicodePropertySet } from './unicode.js';

/**
 * A parser for ECMAScript regular expressions (ES2025, with the Annex B web-compatibility grammar
 * when neither `u` nor `v` is set), producing a small AST whose characters are already resolved
 * to code-point sets: `i` folding, `s` (dot), `m` (anchors) and inline modifiers are applied at
 * parse time, so later passes never look at flags again.
 *
 * Validity is decided by the engine (`new RegExp`), so the parser only has to read valid
 * patterns the way the engine does; anything it cannot read makes `parseRegex` return null.
 */

interface Span {
  /** Offsets in the pattern source. */
  start: number;
  end: number;
}

export interface Alternation extends Span {
  type: 'alternation';
  alternatives: Sequence[];
}

export interface Sequence extends Span {
  type: 'sequence';
  elements: Term[];
}

/** One character from a set: a literal, a class, `.`, or an escape such as `\d`. */
export interface CharNode extends Span {
  type: 'char';
  set: CharSet;
}

export interface Group extends Span {
  type: 'group';
  /** Capture number (1-based), or null for `(?:...)`, modifier groups and class strings. */
  capture: number | null;
  name: string | null;
  body: Alternation;
}

export interface Lookaround extends Span {
  type: 'lookaround';
  behind: boolean;
  negate: boolean;
  body: Alternation;
}

export interface Quantifier extends Span {
  type: 'quantifier';
  min: number;
  /** Infinity when unbounded. */
  max: number;
  greedy: boolean;
  body: Term;
}

export interface Assertion extends Span {
  type: 'assertion';
  kind: 'start' | 'end' | 'word-boundary' | 'not-word-boundary';
  /** `^`/`$` also match at line terminators (the `m` flag in force here). */
  multiline: boolean;
}

export interface Backreference extends Span {
  type: 'backreference';
  /** The groups it may refer to (several for a name shared by alternatives). */
  groups: number[];
  ignoreCase: boolean;
}

export type Term = CharNode | Group | Lookaround | Quantifier | Assertion | Backreference;
export type RegexNode = Alternation | Sequence | Term;

export interface ParsedRegex {
  source: string;
  flags: string;
  root: Alternation;
  groupCount: number;
  /** `u` or `v`: the pattern reads code points, not UTF-16 code units. */
  unicode: boolean;
  sticky: boolean;
}

/** Parses a pattern; null when the engine rejects it or the parser cannot read it. Never throws. */
export function parseRegex(source: string, flags: string): ParsedRegex | null {
  try {
    new RegExp(source, flags);
  } catch {
    return null;
  }
  try {
    return new Parser(source, flags).parse();
  } catch {
    return null;
  }
}

class RegexSyntaxError extends Error {}

interface Mode {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

/** A class body: single characters plus (with `v`) strings from `\q{...}`. */
interface ClassContents {
  set: CharSet;
  strings: string[];
}

const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');
const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
const CLASS_SET_OPERATORS = ['&&', '--'];

class Parser {
  private readonly src: string;
  private readonly flags: string;
  private readonly unicode: boolean;
  private readonly vMode: boolean;
  private readonly max: number;
  private i = 0;
  private captures = 0;
  private readonly groupCount: number;
  private readonly names: Map<string, number[]>;
  private mode: Mode;

  constructor(src: string, flags: string) {
    this.src = src;
    this.flags = flags;
    this.vMode = flags.includes('v');
    this.unicode = this.vMode || flags.includes('u');
    this.max = this.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT;
    this.mode = { ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s') };
    const scan = scanGroups(src, this.vMode);
    this.groupCount = scan.count;
    this.names = scan.names;
  }

  parse(): ParsedRegex {
    const root = this.disjunction();
    if (this.i < this.src.length) throw new RegexSyntaxError(`unexpected ${this.peek()}`);
    return {
      source: this.src,
      flags: this.flags,
      root,
      groupCount: this.groupCount,
      unicode: this.unicode,
      sticky: this.flags.includes('y'),
    };
  }

  // --- reading ---

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  private eat(text: string): boolean {
    if (!this.src.startsWith(text, this.i)) return false;
    this.i += text.length;
    return true;
  }

  private expect(text: string): void {
    if (!this.eat(text)) throw new RegexSyntaxError(`expected ${text}`);
  }

  /** The next source character (a whole code point with `u`/`v`), consumed. */
  private nextCodePoint(): number {
    const cp = this.unicode ? this.src.codePointAt(this.i) : this.src.charCodeAt(this.i);
    if (cp === undefined || Number.isNaN(cp)) throw new RegexSyntaxError('unexpected end');
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }

  // --- structure ---

  private disjunction(): Alternation {
    const start = this.i;
    const alternatives = [this.alternative()];
    while (this.eat('|')) alternatives.push(this.alternative());
    return { type: 'alternation', start, end: this.i, alternatives };
  }

  private alternative(): Sequence {
    const start = this.i;
    const elements: Term[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') elements.push(this.term());
    return { type: 'sequence', start, end: this.i, elements };
  }

  private term(): Term {
    const start = this.i;
    const assertion = this.assertion();
    if (assertion) return assertion;
    const atom = this.lookaround() ?? this.atom();
    if (atom.type === 'lookaround' && (atom.behind || this.unicode)) return atom;
    return this.quantifier(atom, start) ?? atom;
  }

  private assertion(): Assertion | null {
    const start = this.i;
    let kind: Assertion['kind'] | null = null;
    if (this.eat('^')) kind = 'start';
    else if (this.eat('$')) kind = 'end';
    else if (this.eat('\\b')) kind = 'word-boundary';
    else if (this.eat('\\B')) kind = 'not-word-boundary';
    if (kind === null) return null;
    return { type: 'assertion', kind, multiline: this.mode.multiline, start, end: this.i };
  }

  private lookaround(): Lookaround | null {
    const start = this.i;
    const prefixes: [string, boolean, boolean][] = [
      ['(?=', false, false],
      ['(?!', false, true],
      ['(?<=', true, false],
      ['(?<!', true, true],
    ];
    for (const [prefix, behind, negate] of prefixes) {
      if (!this.eat(prefix)) continue;
      const body = this.disjunction();
      this.expect(')');
      return { type: 'lookaround', behind, negate, body, start, end: this.i };
    }
    return null;
  }

  private quantifier(body: Term, start: number): Quantifier | null {
    const bounds = this.quantifierBounds();
    if (!bounds) return null;
    const greedy = !this.eat('?');
    return { type: 'quantifier', min: bounds[0], max: bounds[1], greedy, body, start, end: this.i };
  }

  private quantifierBounds(): [number, number] | null {
    if (this.eat('*')) return [0, Number.POSITIVE_INFINITY];
    if (this.eat('+')) return [1, Number.POSITIVE_INFINITY];
    if (this.eat('?')) return [0, 1];
    const braced = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i, this.i + 40));
    if (!braced) return null;
    this.i += braced[0].length;
    const min = Number(braced[1]);
    if (braced[2] === undefined) return [min, min];
    return [min, braced[3] ? Number(braced[3]) : Number.POSITIVE_INFINITY];
  }

  private atom(): Term {
    const start = this.i;
    const c = this.peek();
    if (c === '(') return this.group();
    if (c === '.') {
      this.i++;
      const set = this.mode.dotAll ? CharSet.range(0, this.max) : LINE_TERMINATOR.complement(this.max);
      return { type: 'char', set, start, end: this.i };
    }
    if (c === '[') return this.classAtom();
    if (c === '\\') return this.atomEscape();
    if (this.unicode && SYNTAX_CHARACTERS.has(c) && c !== '/') throw new RegexSyntaxError(`unexpected ${c}`);
    return this.literal(this.nextCodePoint(), start);
  }

  private literal(cp: number, start: number): CharNode {
    return { type: 'char', set: this.fold(CharSet.of(cp)), start, end: this.i };
  }

  private fold(set: CharSet): CharSet {
    return this.mode.ignoreCase ? caseFoldClosure(set, this.unicode) : set;
  }

  private group(): Group {
    const start = this.i;
    this.expect('(');
    const saved = this.mode;
    let capture: number | null = null;
    let name: string | null = null;
    if (this.eat('?:')) {
      // non-capturing
    } else if (this.peek() === '?' && this.peek(1) === '<') {
      this.i += 2;
      name = this.groupName();
      capture = ++this.captures;
    } else if (this.peek() === '?') {
      this.i++;
      this.mode = this.modifiers();
    } else capture = ++this.captures;
    const body = this.disjunction();
    this.expect(')');
    this.mode = saved;
    return { type: 'group', capture, name, body, start, end: this.i };
  }

  /** `(?ims-ims:` inline modifiers; the `(?` is already read. */
  private modifiers(): Mode {
    const mode = { ...this.mode };
    let on = true;
    for (;;) {
      const c = this.src[this.i++];
      if (c === ':') return mode;
      if (c === '-') on = false;
      else if (c === 'i') mode.ignoreCase = on;
      else if (c === 'm') mode.multiline = on;
      else if (c === 's') mode.dotAll = on;
      else throw new RegexSyntaxError('bad modifier');
    }
  }

  private groupName(): string {
    const end = this.src.indexOf('>', this.i);
    if (end < 0) throw new RegexSyntaxError('unterminated group name');
    const raw = this.src.slice(this.i, end);
    this.i = end + 1;
    return decodeGroupName(raw);
  }

  // --- escapes outside classes ---

  private atomEscape(): Term {
    const start = this.i;
    this.i++; // backslash
    const c = this.peek();
    const predefined = this.predefinedClass();
    if (predefined) return { type: 'char', set: predefined, start, end: this.i };
    if (c === 'k' && (this.unicode || this.names.size > 0)) {
      this.i++;
      this.expect('<');
      const name = decodeGroupName(this.src.slice(this.i, this.src.indexOf('>', this.i)));
      this.i = this.src.indexOf('>', this.i) + 1;
      return this.backreference(this.names.get(name) ?? [], start);
    }
    if (c >= '1' && c <= '9') {
      const digits = /^\d+/.exec(this.src.slice(this.i))?.[0] ?? '';
      const n = Number(digits);
      if (this.unicode || n <= this.groupCount) {
        this.i += digits.length;
        return this.backreference([n], start);
      }
    }
    return this.literal(this.characterEscape(false), start);
  }

  private backreference(groups: number[], start: number): Backreference {
    return { type: 'backreference', groups, ignoreCase: this.mode.ignoreCase, start, end: this.i };
  }

  /** `\d \D \w \W \s \S \p{..} \P{..}` after the backslash; null (nothing consumed) otherwise. */
  private predefinedClass(): CharSet | null {
    const c = this.peek();
    let set: CharSet | null = null;
    if (c === 'd' || c === 'D') set = DIGIT;
    else if (c === 'w' || c === 'W') set = this.mode.ignoreCase && this.unicode ? caseFoldClosure(WORD, true) : WORD;
    else if (c === 's' || c === 'S') set = SPACE;
    else if ((c === 'p' || c === 'P') && this.unicode) {
      const close = this.src.indexOf('}', this.i);
      const property = unicodePropertySet(this.src.slice(this.i + 2, close));
      if (!property) throw new RegexSyntaxError('unsupported property');
      set = this.fold(property);
      this.i = close;
    }
    if (!set) return null;
    this.i++;
    return c === c.toUpperCase() ? set.complement(this.max) : set;
  }

  /**
   * A character escape after the backslash (`\n`, `\x41`, `\u{1F600}`, `\cJ`, `\0`, legacy octal,
   * identity escapes), consumed; returns its code point.
   */
  private characterEscape(inClass: boolean): number {
    const c = this.peek();
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) {
      this.i++;
      return control;
    }
    if (c === 'c') return this.controlLetter(inClass);
    if (c === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i + 1, this.i + 3));
      this.i += hex ? 3 : 1;
      return hex ? Number.parseInt(hex[0], 16) : 0x78;
    }
    if (c === 'u') return this.unicodeEscape();
    if (c >= '0' && c <= '7') return this.octalOrNull();
    if (inClass && c === 'b') {
      this.i++;
      return 0x08;
    }
    return this.nextCodePoint();
  }

  private controlLetter(inClass: boolean): number {
    const letter = this.peek(1);
    // Annex B also accepts digits and `_` after `\c` inside a class.
    if (/^[a-zA-Z]$/.test(letter) || (inClass && !this.unicode && /^[0-9_]$/.test(letter))) {
      this.i += 2;
      return letter.charCodeAt(0) % 32;
    }
    // Annex B: a `\c` that is not a control escape is a literal backslash; the `c` is read next.
    return 0x5c;
  }

  private unicodeEscape(): number {
    this.i++; // u
    if (this.unicode && this.peek() === '{') {
      const close = this.src.indexOf('}', this.i);
      const cp = Number.parseInt(this.src.slice(this.i + 1, close), 16);
      this.i = close + 1;
      return cp;
    }
    const hex = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i, this.i + 4));
    if (!hex) return 0x75;
    this.i += 4;
    const unit = Number.parseInt(hex[0], 16);
    if (this.unicode && unit >= 0xd800 && unit <= 0xdbff) {
      const trail = /^\\u(d[c-f][0-9a-f]{2})/i.exec(this.src.slice(this.i, this.i + 6));
      if (trail?.[1]) {
        this.i += 6;
        return 0x10000 + ((unit - 0xd800) << 10) + (Number.parseInt(trail[1], 16) - 0xdc00);
      }
    }
    return unit;
  }

  /** `\0`, or (Annex B) a legacy octal escape of up to three digits, at most 0o377. */
  private octalOrNull(): number {
    if (this.unicode) {
      this.i++;
      return 0;
    }
    const digits = /^[0-3][0-7]{0,2}|^[4-7][0-7]?/.exec(this.src.slice(this.i, this.i + 3))?.[0] ?? '0';
    this.i += digits.length;
    return Number.parseInt(digits, 8);
  }

  // --- character classes ---

  private classAtom(): Term {
    const start = this.i;
    this.expect('[');
    const negate = this.eat('^');
    const contents = this.vMode ? this.classSetExpression() : this.classRanges();
    this.expect(']');
    const end = this.i;
    let set = this.fold(contents.set);
    if (negate) set = set.complement(this.max);
    if (contents.strings.length === 0) return { type: 'char', set, start, end };
    return this.classStrings(set, contents.strings, start, end);
  }

  /** A class with strings matches the longest string first, then single characters. */
  private classStrings(set: CharSet, strings: string[], start: number, end: number): Group {
    const sorted = [...new Set(strings)].sort((a, b) => [...b].length - [...a].length);
    const alternatives: Sequence[] = sorted.map((text) => ({
      type: 'sequence',
      start,
      end,
      elements: [...text].map((ch) => ({
        type: 'char' as const,
        set: this.fold(CharSet.of(ch.codePointAt(0) as number)),
        start,
        end,
      })),
    }));
    if (!set.isEmpty)
      alternatives.push({ type: 'sequence', start, end, elements: [{ type: 'char', set, start, end }] });
    return {
      type: 'group',
      capture: null,
      name: null,
      body: { type: 'alternation', alternatives, start, end },
      start,
      end,
    };
  }

  /** Classes without `v`: atoms and ranges, with the Annex B leniency for `[\w-a]`. */
  private classRanges(): ClassContents {
    let set = CharSet.empty;
    while (this.peek() !== ']') {
      const from = this.classRangeAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.i++;
        const to = this.classRangeAtom();
        if (typeof from === 'number' && typeof to === 'number') {
          set = set.union(CharSet.range(from, to));
          continue;
        }
        set = set.union(toSet(to)).union(CharSet.of(0x2d));
      }
      set = set.union(toSet(from));
    }
    return { set, strings: [] };
  }

  /** One class atom: a code point, or a set for `\d`-style escapes. */
  private classRangeAtom(): number | CharSet {
    if (this.peek() !== '\\') return this.nextCodePoint();
    this.i++;
    const predefined = this.predefinedClass();
    if (predefined) return predefined;
    if (this.peek() === '-') {
      this.i++;
      return 0x2d;
    }
    // `\8` and `\9` are identity escapes in a class (Annex B); other digits are legacy octal.
    return this.characterEscape(true);
  }

  /** Classes with `v`: nested classes, `\q{..}` strings, `&&` intersection and `--` subtraction. */
  private classSetExpression(): ClassContents {
    if (this.peek() === ']') return { set: CharSet.empty, strings: [] };
    const first = this.classSetOperand();
    const operator = CLASS_SET_OPERATORS.find((op) => this.src.startsWith(op, this.i));
    if (!operator) return this.classSetUnion(first);
    let result = first;
    while (this.eat(operator)) {
      const next = this.classSetOperand();
      if (result.strings.length > 0 || next.strings.length > 0) throw new RegexSyntaxError('string set operation');
      result = { set: operator === '&&' ? result.set.intersect(next.set) : result.set.subtract(next.set), strings: [] };
    }
    return result;
  }

  private classSetUnion(first: ClassContents): ClassContents {
    let set = first.set;
    const strings = [...first.strings];
    let previous: ClassContents | null = first;
    while (this.peek() !== ']') {
      if (this.peek() === '-' && previous) {
        this.i++;
        const to = this.classSetOperand();
        const lo = singleCodePoint(previous);
        const hi = singleCodePoint(to);
        set = set.union(CharSet.range(lo, hi));
        previous = null;
        continue;
      }
      const operand = this.classSetOperand();
      set = set.union(operand.set);
      strings.push(...operand.strings);
      previous = operand;
    }
    return { set, strings };
  }

  private classSetOperand(): ClassContents {
    if (this.peek() === '[') {
      this.i++;
      const negate = this.eat('^');
      const inner = this.classSetExpression();
      this.expect(']');
      if (!negate) return inner;
      return { set: this.fold(inner.set).complement(this.max), strings: [] };
    }
    if (this.peek() !== '\\') return { set: CharSet.of(this.nextCodePoint()), strings: [] };
    this.i++;
    if (this.eat('q{')) return this.classStringDisjunction();
    const predefined = this.predefinedClass();
    if (predefined) return { set: predefined, strings: [] };
    return { set: CharSet.of(this.characterEscape(true)), strings: [] };
  }

  /** `\q{abc|d}` after the `\q{`: one-character strings join the set, longer ones stay strings. */
  private classStringDisjunction(): ClassContents {
    let set = CharSet.empty;
    const strings: string[] = [];
    let current: number[] = [];
    const flush = (): void => {
      if (current.length === 1) set = set.union(CharSet.of(current[0] as number));
      else strings.push(String.fromCodePoint(...current));
      current = [];
    };
    while (!this.eat('}')) {
      if (this.eat('|')) flush();
      else if (this.eat('\\')) current.push(this.characterEscape(true));
      else current.push(this.nextCodePoint());
    }
    flush();
    return { set, strings };
  }
}

function toSet(atom: number | CharSet): CharSet {
  return typeof atom === 'number' ? CharSet.of(atom) : atom;
}

function singleCodePoint(contents: ClassContents): number {
  const r = contents.set.ranges;
  if (contents.strings.length > 0 || r.length !== 2 || r[0] !== r[1]) throw new RegexSyntaxError('bad range');
  return r[0] as number;
}

/** Group names may spell characters as `\uXXXX` or `\u{...}`. */
function decodeGroupName(raw: string): string {
  return raw.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_m, braced: string, plain: string) =>
    String.fromCodePoint(Number.parseInt(braced ?? plain, 16)),
  );
}

/**
 * Counts capturing groups and collects group names before parsing, since `\2` or `\k<x>` may
 * appear before the group it names (and, without `u`, `\2` is an octal escape when there are
 * fewer than two groups).
 */
function scanGroups(src: string, vMode: boolean): { count: number; names: Map<string, number[]> } {
  const names = new Map<string, number[]>();
  let count = 0;
  let classDepth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      if (classDepth === 0 || vMode) classDepth++;
    } else if (c === ']') {
      if (classDepth > 0) classDepth--;
    } else if (c === '(' && classDepth === 0) {
      if (src[i + 1] !== '?') count++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        count++;
        const end = src.indexOf('>', i);
        const name = decodeGroupName(src.slice(i + 3, end));
        names.set(name, [...(names.get(name) ?? []), count]);
      }
    }
  }
  return { count, names };
}
