/**
 * Estimates, without parsing, how deep the parser will have to recurse on a JavaScript/TypeScript
 * text.
 *
 * Why: the native parser recurses once per level of nesting and overflows its stack (taking the
 * whole process down, beyond any try/catch) at a few thousand levels — of brackets, template
 * literals, `else if` chains, ternary/arrow/assignment chains or prefix operators. Files whose
 * estimate exceeds the limit are reported and skipped before parsing.
 *
 * The estimate is conservative by construction:
 * - brackets are counted twice, once naively per line (every bracket, even in strings) and once
 *   lexed over the file (skipping strings, comments and regexes), and the larger count wins;
 * - right-recursive operators (`?`, `=>`, `=`, prefix `!`/`~`/`-`/`+`, `new`, `typeof`, `void`,
 *   `delete`, `await`, `yield`) add one level each until a `;` or `,` at the same bracket level, or a
 *   line break between two operands (where automatic semicolon insertion ends the statement);
 * - `else if` adds one level per link of the chain, until a plain `if` starts a new chain.
 */
export function maxNestingDepth(text: string): number {
  return Math.max(naiveBracketDepth(text), new DepthLexer(text).run());
}

/**
 * The deepest bracket nesting within any single line, counting every bracket (even in strings):
 * a line the lexer misreads (a quote in JSX text, a regex taken for a division) cannot hide deep
 * nesting. Per line, so that unbalanced brackets in ordinary strings do not add up over a file.
 */
function naiveBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 10) depth = 0;
  }
  return max;
}

/**
 * What the previous word was, as far as the estimate cares. `Prefix`: `new`, `typeof`, `void`,
 * `delete`, `await`, `yield`, the prefix operators that start a chain.
 */
const Word = { None: 0, Prefix: 1, Else: 2, Other: 3 } as const;
type Word = (typeof Word)[keyof typeof Word];

/** Character codes of the punctuation the lexer tells apart. */
const C = {
  tab: 9,
  lf: 10,
  cr: 13,
  space: 32,
  bang: 33,
  dquote: 34,
  dollar: 36,
  percent: 37,
  amp: 38,
  squote: 39,
  lparen: 40,
  rparen: 41,
  star: 42,
  plus: 43,
  comma: 44,
  minus: 45,
  dot: 46,
  slash: 47,
  colon: 58,
  semi: 59,
  lt: 60,
  eq: 61,
  gt: 62,
  question: 63,
  lbracket: 91,
  backslash: 92,
  rbracket: 93,
  caret: 94,
  backtick: 96,
  lbrace: 123,
  pipe: 124,
  rbrace: 125,
  tilde: 126,
} as const;

/** No significant character yet. */
const NONE = -1;

/** Identifier characters: ASCII letters, digits, `_`, `$`, and everything beyond ASCII. */
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code > 127
  );
}

function isQuote(c: number): boolean {
  return c === C.squote || c === C.dquote || c === C.backtick;
}

function isOperandEnd(c: number): boolean {
  return c !== NONE && (isWordCode(c) || c === C.rparen || c === C.rbracket || c === C.rbrace || isQuote(c));
}

function isOperandStart(c: number): boolean {
  return isWordCode(c) || isQuote(c);
}

/** After these (or at the start) a `/` starts a regex: `(,=:[!&|?{};+-*%~^`. */
function isRegexPrefix(c: number): boolean {
  switch (c) {
    case C.lparen:
    case C.comma:
    case C.eq:
    case C.colon:
    case C.lbracket:
    case C.bang:
    case C.amp:
    case C.pipe:
    case C.question:
    case C.lbrace:
    case C.rbrace:
    case C.semi:
    case C.plus:
    case C.minus:
    case C.star:
    case C.percent:
    case C.tilde:
    case C.caret:
      return true;
    default:
      return false;
  }
}

/** The kind of the word `text[start, end)`, compared in place (no slice per word). */
function wordKind(text: string, start: number, end: number): Word {
  switch (end - start) {
    case 3:
      return text.startsWith('new', start) ? Word.Prefix : Word.Other;
    case 4:
      if (text.startsWith('void', start)) return Word.Prefix;
      return text.startsWith('else', start) ? Word.Else : Word.Other;
    case 5:
      return text.startsWith('await', start) || text.startsWith('yield', start) ? Word.Prefix : Word.Other;
    case 6:
      return text.startsWith('typeof', start) || text.startsWith('delete', start) ? Word.Prefix : Word.Other;
    default:
      return Word.Other;
  }
}

/** One level per open bracket; each level keeps its own chain counters. */
interface Level {
  chain: number;
  elseRun: number;
  /** This level closes a template substitution `${`. */
  template: boolean;
}

/** Works on character codes: it reads every character of every file before parsing. */
class DepthLexer {
  private readonly text: string;
  private readonly levels: Level[] = [{ chain: 0, elseRun: 0, template: false }];
  /** Sum of chain counters and bracket levels currently open. */
  private total = 0;
  private max = 0;
  /** The last significant character, or NONE. */
  private prev: number = NONE;
  private prevWord: Word = Word.None;
  private sawNewline = false;
  private i = 0;

  constructor(text: string) {
    this.text = text;
  }

  run(): number {
    const text = this.text;
    const n = text.length;
    while (this.i < n) {
      const code = text.charCodeAt(this.i);
      if (code === C.lf) {
        this.sawNewline = true;
        this.i++;
      } else if (code === C.space || code === C.tab || code === C.cr) this.i++;
      else if (!(code === C.slash && this.skipComment())) this.significant(code);
    }
    return this.max;
  }

  /** Skips a comment starting at the current `/`; false when the `/` starts no comment. */
  private skipComment(): boolean {
    const text = this.text;
    const next = text.charCodeAt(this.i + 1);
    if (next === C.slash) {
      const end = text.indexOf('\n', this.i);
      this.i = end === -1 ? text.length : end;
      return true;
    }
    if (next !== C.star) return false;
    const end = text.indexOf('*/', this.i + 2);
    if (end !== -1 && text.lastIndexOf('\n', end) > this.i) this.sawNewline = true;
    this.i = end === -1 ? text.length : end + 2;
    return true;
  }

  private significant(c: number): void {
    if (this.sawNewline) {
      // A line break between two operands ends the statement (ASI): chains cannot continue.
      if (isOperandEnd(this.prev) && isOperandStart(c) && this.prevWord !== Word.Prefix) this.resetChain();
      this.sawNewline = false;
    }
    this.token(c);
  }

  private get level(): Level {
    return this.levels[this.levels.length - 1] as Level;
  }

  private bump(amount: number): void {
    this.total += amount;
    if (this.total > this.max) this.max = this.total;
  }

  private resetChain(): void {
    this.total -= this.level.chain;
    this.level.chain = 0;
  }

  private open(template: boolean): void {
    this.levels.push({ chain: 0, elseRun: 0, template });
    this.bump(1);
  }

  private close(): void {
    if (this.levels.length === 1) return;
    const level = this.levels.pop() as Level;
    this.total -= 1 + level.chain + level.elseRun;
  }

  private token(c: number): void {
    if (c === C.lparen || c === C.lbracket || c === C.lbrace) {
      this.open(false);
      this.set(c);
    } else if (c === C.rparen || c === C.rbracket || c === C.rbrace) this.closeBracket(c);
    else if (c === C.semi || c === C.comma) {
      this.resetChain();
      this.set(c);
    } else if (c === C.dquote || c === C.squote) {
      this.i = skipQuoted(this.text, this.i + 1, c);
      this.set(c);
    } else if (c === C.backtick) {
      this.i = this.skipTemplate(this.i + 1);
      this.set(C.backtick);
    } else if (c === C.slash && this.regexMayStart()) {
      this.i = skipRegex(this.text, this.i + 1);
      this.set(C.slash);
    } else if (isWordCode(c)) this.word();
    else this.operator(c);
  }

  private closeBracket(c: number): void {
    const wasTemplate = this.level.template;
    this.close();
    if (c === C.rbrace && wasTemplate) {
      // The `}` of a `${...}` substitution resumes the template text.
      this.i = this.skipTemplate(this.i + 1);
      this.set(C.backtick);
      return;
    }
    this.set(c);
  }

  /** A `/` starts a regex after an operator or keyword, and is a division after an operand. */
  private regexMayStart(): boolean {
    return this.prev === NONE || isRegexPrefix(this.prev) || this.prevWord === Word.Prefix;
  }

  private word(): void {
    const text = this.text;
    const start = this.i;
    while (this.i < text.length && isWordCode(text.charCodeAt(this.i))) this.i++;
    const kind = wordKind(text, start, this.i);
    if (kind === Word.Prefix) this.chainLink();
    else if (this.i - start === 2 && text.startsWith('if', start)) this.ifKeyword();
    this.prev = text.charCodeAt(this.i - 1);
    this.prevWord = kind;
  }

  /** `else if` extends the chain of this level; a plain `if` starts a new one. */
  private ifKeyword(): void {
    if (this.prevWord === Word.Else) {
      this.level.elseRun++;
      this.bump(1);
    } else {
      this.total -= this.level.elseRun;
      this.level.elseRun = 0;
    }
  }

  private operator(c: number): void {
    const next = this.text.charCodeAt(this.i + 1);
    const prev = this.prev;
    if (c === C.question && next !== C.dot && next !== C.question) this.chainLink();
    else if (c === C.eq && next === C.gt) {
      this.chainLink();
      this.i++;
    } else if (
      c === C.eq &&
      next !== C.eq &&
      // Not after `=`, `!`, `<`, `>` (comparisons), nor at the very start.
      !(prev === NONE || prev === C.eq || prev === C.bang || prev === C.lt || prev === C.gt)
    )
      this.chainLink();
    else if ((c === C.bang || c === C.tilde || c === C.minus || c === C.plus) && !isOperandEnd(prev)) this.chainLink();
    this.set(c);
  }

  private chainLink(): void {
    this.level.chain++;
    this.bump(1);
  }

  private set(c: number): void {
    this.prev = c;
    this.prevWord = Word.None;
    this.i++;
  }

  /** Skips a template body up to its closing backtick, or enters a `${` substitution. */
  private skipTemplate(start: number): number {
    const text = this.text;
    let i = start;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === C.backslash) {
        i += 2;
        continue;
      }
      // Returns the index of the last character consumed; `set` steps past it.
      if (ch === C.backtick) return i;
      if (ch === C.dollar && text.charCodeAt(i + 1) === C.lbrace) {
        this.open(true);
        return i + 1;
      }
      i++;
    }
    return i;
  }
}

function skipQuoted(text: string, start: number, quote: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === C.backslash) {
      i += 2;
      continue;
    }
    if (ch === quote || ch === C.lf) return i;
    i++;
  }
  return i;
}

function skipRegex(text: string, start: number): number {
  let i = start;
  let inClass = false;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === C.backslash) {
      i += 2;
      continue;
    }
    if (ch === C.lf) return i - 1;
    if (inClass) {
      if (ch === C.rbracket) inClass = false;
    } else if (ch === C.lbracket) inClass = true;
    else if (ch === C.slash) return i;
    i++;
  }
  return i;
}
