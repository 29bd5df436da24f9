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

const PREFIX_KEYWORDS = new Set(['new', 'typeof', 'void', 'delete', 'await', 'yield']);

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

function isOperandEnd(c: string): boolean {
  return c !== '' && (isWordCode(c.charCodeAt(0)) || ')]}\'"`'.includes(c));
}

function isOperandStart(c: string): boolean {
  return isWordCode(c.charCodeAt(0)) || '\'"`'.includes(c);
}

/** One level per open bracket; each level keeps its own chain counters. */
interface Level {
  chain: number;
  elseRun: number;
  /** This level closes a template substitution `${`. */
  template: boolean;
}

class DepthLexer {
  private readonly text: string;
  private readonly levels: Level[] = [{ chain: 0, elseRun: 0, template: false }];
  /** Sum of chain counters and bracket levels currently open. */
  private total = 0;
  private max = 0;
  private prev = '';
  private prevWord = '';
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
      if (code === 10) {
        this.sawNewline = true;
        this.i++;
      } else if (code === 32 || code === 9 || code === 13) this.i++;
      else if (!(code === 47 && this.skipComment())) this.significant(text[this.i] as string);
    }
    return this.max;
  }

  /** Skips a comment starting at the current `/`; false when the `/` starts no comment. */
  private skipComment(): boolean {
    const text = this.text;
    const next = text.charCodeAt(this.i + 1);
    if (next === 47) {
      const end = text.indexOf('\n', this.i);
      this.i = end === -1 ? text.length : end;
      return true;
    }
    if (next !== 42) return false;
    const end = text.indexOf('*/', this.i + 2);
    if (end !== -1 && text.lastIndexOf('\n', end) > this.i) this.sawNewline = true;
    this.i = end === -1 ? text.length : end + 2;
    return true;
  }

  private significant(c: string): void {
    if (this.sawNewline) {
      // A line break between two operands ends the statement (ASI): chains cannot continue.
      if (isOperandEnd(this.prev) && isOperandStart(c) && !PREFIX_KEYWORDS.has(this.prevWord)) this.resetChain();
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

  private token(c: string): void {
    if (c === '(' || c === '[' || c === '{') {
      this.open(false);
      this.set(c);
    } else if (c === ')' || c === ']' || c === '}') this.closeBracket(c);
    else if (c === ';' || c === ',') {
      this.resetChain();
      this.set(c);
    } else if (c === '"' || c === "'") {
      this.i = skipQuoted(this.text, this.i + 1, c);
      this.set(c);
    } else if (c === '`') {
      this.i = this.skipTemplate(this.i + 1);
      this.set('`');
    } else if (c === '/' && this.regexMayStart()) {
      this.i = skipRegex(this.text, this.i + 1);
      this.set('/');
    } else if (isWordCode(c.charCodeAt(0))) this.word();
    else this.operator(c);
  }

  private closeBracket(c: string): void {
    const wasTemplate = this.level.template;
    this.close();
    if (c === '}' && wasTemplate) {
      // The `}` of a `${...}` substitution resumes the template text.
      this.i = this.skipTemplate(this.i + 1);
      this.set('`');
      return;
    }
    this.set(c);
  }

  /** A `/` starts a regex after an operator or keyword, and is a division after an operand. */
  private regexMayStart(): boolean {
    return this.prev === '' || '(,=:[!&|?{};+-*%~^'.includes(this.prev) || PREFIX_KEYWORDS.has(this.prevWord);
  }

  private word(): void {
    const text = this.text;
    const start = this.i;
    while (this.i < text.length && isWordCode(text.charCodeAt(this.i))) this.i++;
    // Only short words can be keywords; skip slicing long identifiers.
    const word = this.i - start <= 6 ? text.slice(start, this.i) : '';
    if (PREFIX_KEYWORDS.has(word)) this.chainLink();
    else if (word === 'if') this.ifKeyword();
    this.prev = text[this.i - 1] as string;
    this.prevWord = word;
  }

  /** `else if` extends the chain of this level; a plain `if` starts a new one. */
  private ifKeyword(): void {
    if (this.prevWord === 'else') {
      this.level.elseRun++;
      this.bump(1);
    } else {
      this.total -= this.level.elseRun;
      this.level.elseRun = 0;
    }
  }

  private operator(c: string): void {
    const next = this.text[this.i + 1];
    if (c === '?' && next !== '.' && next !== '?') this.chainLink();
    else if (c === '=' && next === '>') {
      this.chainLink();
      this.i++;
    } else if (c === '=' && next !== '=' && !'=!<>'.includes(this.prev)) this.chainLink();
    else if ((c === '!' || c === '~' || c === '-' || c === '+') && !isOperandEnd(this.prev)) this.chainLink();
    this.set(c);
  }

  private chainLink(): void {
    this.level.chain++;
    this.bump(1);
  }

  private set(c: string): void {
    this.prev = c;
    this.prevWord = '';
    this.i++;
  }

  /** Skips a template body up to its closing backtick, or enters a `${` substitution. */
  private skipTemplate(start: number): number {
    const text = this.text;
    let i = start;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') {
        i += 2;
        continue;
      }
      // Returns the index of the last character consumed; `set` steps past it.
      if (ch === '`') return i;
      if (ch === '$' && text[i + 1] === '{') {
        this.open(true);
        return i + 1;
      }
      i++;
    }
    return i;
  }
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote || ch === '\n') return i;
    i++;
  }
  return i;
}

function skipRegex(text: string, start: number): number {
  let i = start;
  let inClass = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '\n') return i - 1;
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    else if (ch === '/') return i;
    i++;
  }
  return i;
}
