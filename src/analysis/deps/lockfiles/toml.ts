import { TextSyntaxError } from './syntax-error.js';

/**
 * A TOML reader for lockfiles and manifests (Cargo.lock, poetry.lock, uv.lock, pyproject.toml,
 * Pipfile, Cargo.toml). It reads TOML 1.0 documents into plain data and remembers the line of every
 * table header, so each `[[package]]` can be located. Dates stay strings. Nesting of arrays and
 * inline tables is bounded, so hostile input cannot exhaust the stack.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface ParsedToml {
  value: TomlTable;
  /** 1-based line of the `[header]` or `[[header]]` that opened `table`. */
  lineOf(table: TomlTable): number | undefined;
}

const MAX_DEPTH = 256;
const BARE_KEY = /[A-Za-z0-9_-]+/y;
const TOKEN = /[0-9A-Za-z_:.+-]+(?: [0-9][0-9:.+Z-]*)?/y;
const DATE = /^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/;
const BASIC_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  '\\': '\\',
};

function newTable(): TomlTable {
  // A null prototype: a key named `__proto__` stays an ordinary key.
  return Object.create(null) as TomlTable;
}

export function isTomlTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @example
 * const { value, lineOf } = parseToml(cargoLockText);
 * for (const pkg of value.package as TomlTable[]) console.log(pkg.name, pkg.version, lineOf(pkg));
 */
export function parseToml(text: string): ParsedToml {
  const parser = new TomlParser(text);
  parser.document();
  const lines = parser.tableLines;
  return { value: parser.root, lineOf: (table) => lines.get(table) };
}

class TomlParser {
  pos = 0;
  line = 1;
  readonly root = newTable();
  readonly tableLines = new WeakMap<TomlTable, number>();
  private current: TomlTable = this.root;

  constructor(private readonly text: string) {}

  private fail(message: string): never {
    throw new TextSyntaxError('TOML', message, this.line);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  /** Spaces and tabs only. */
  private skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  /** Blanks, line breaks and comments: what may sit between array elements or statements. */
  private skipTrivia(): void {
    for (;;) {
      this.skipBlanks();
      const ch = this.peek();
      if (ch === '#') {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end === -1 ? this.text.length : end;
      } else if (ch === '\n') {
        this.pos++;
        this.line++;
      } else if (ch === '\r' && this.peek(1) === '\n') {
        this.pos += 2;
        this.line++;
      } else {
        return;
      }
    }
  }

  private endOfLine(): void {
    this.skipBlanks();
    if (this.peek() === '#') {
      const end = this.text.indexOf('\n', this.pos);
      this.pos = end === -1 ? this.text.length : end;
    }
    if (this.pos >= this.text.length) return;
    if (this.peek() === '\r') this.pos++;
    if (this.peek() !== '\n') this.fail(`Unexpected "${this.peek()}" after a value`);
  }

  document(): void {
    if (this.peek() === '\ufeff') this.pos++;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) return;
      if (this.peek() === '[') this.header();
      else this.keyValue(this.current);
      this.endOfLine();
    }
  }

  private header(): void {
    const line = this.line;
    const isArray = this.peek(1) === '[';
    this.pos += isArray ? 2 : 1;
    this.skipBlanks();
    const path = this.key();
    this.skipBlanks();
    const close = isArray ? ']]' : ']';
    if (!this.text.startsWith(close, this.pos)) this.fail(`Expected "${close}"`);
    this.pos += close.length;
    const parent = this.walk(this.root, path.slice(0, -1));
    const last = path[path.length - 1] as string;
    let table: TomlTable;
    if (isArray) {
      const existing = parent[last];
      const list = Array.isArray(existing) ? existing : [];
      if (existing !== undefined && !Array.isArray(existing)) this.fail(`"${last}" is not an array of tables`);
      table = newTable();
      list.push(table);
      parent[last] = list;
    } else {
      table = this.walk(parent, [last]);
    }
    this.tableLines.set(table, line);
    this.current = table;
  }

  /** The table at `path` below `from`, created where missing; arrays of tables lead to their last element. */
  private walk(from: TomlTable, path: readonly string[]): TomlTable {
    let table = from;
    for (const part of path) {
      let next = table[part];
      if (next === undefined) {
        next = newTable();
        table[part] = next;
      }
      if (Array.isArray(next)) next = next[next.length - 1];
      if (!isTomlTable(next)) this.fail(`"${part}" is not a table`);
      table = next;
    }
    return table;
  }

  private keyValue(table: TomlTable, depth = 0): void {
    const path = this.key();
    this.skipBlanks();
    if (this.peek() !== '=') this.fail('Expected "="');
    this.pos++;
    this.skipBlanks();
    const target = this.walk(table, path.slice(0, -1));
    target[path[path.length - 1] as string] = this.value(depth);
  }

  /** A dotted key: `name`, `"quoted key"`, `a.b.'c'`. */
  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === '"') parts.push(this.basicString());
      else if (ch === "'") parts.push(this.literalString());
      else parts.push(this.bareKey());
      this.skipBlanks();
      if (this.peek() !== '.') return parts;
      this.pos++;
      this.skipBlanks();
    }
  }

  private bareKey(): string {
    BARE_KEY.lastIndex = this.pos;
    const match = BARE_KEY.exec(this.text);
    if (!match) this.fail(`Unexpected "${this.peek()}" where a key belongs`);
    this.pos += match[0].length;
    return match[0];
  }

  private value(depth: number): TomlValue {
    if (depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH} levels`);
    const ch = this.peek();
    if (ch === '"') return this.text.startsWith('"""', this.pos) ? this.multilineBasic() : this.basicString();
    if (ch === "'") return this.text.startsWith("'''", this.pos) ? this.multilineLiteral() : this.literalString();
    if (ch === '[') return this.array(depth);
    if (ch === '{') return this.inlineTable(depth);
    return this.scalar();
  }

  private scalar(): TomlValue {
    TOKEN.lastIndex = this.pos;
    const match = TOKEN.exec(this.text);
    if (!match) this.fail(`Unexpected "${this.peek()}" where a value belongs`);
    const token = match[0];
    this.pos += token.length;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (DATE.test(token)) return token;
    const cleaned = token.replace(/_/g, '');
    const number = /^[+-]?(inf|nan)$/.test(cleaned)
      ? Number(cleaned.replace('inf', 'Infinity').replace('nan', 'NaN'))
      : Number(cleaned);
    if (Number.isNaN(number) && !cleaned.endsWith('nan')) this.fail(`Not a TOML value: "${token}"`);
    return number;
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const ch = this.peek();
      if (ch === '' || ch === '\n') this.fail('Unterminated string');
      this.pos++;
      if (ch === '"') return out;
      out += ch === '\\' ? this.escape() : ch;
    }
  }

  private escape(): string {
    const ch = this.peek();
    this.pos++;
    const simple = BASIC_ESCAPES[ch];
    if (simple !== undefined) return simple;
    const size = ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
    const hex = this.text.slice(this.pos, this.pos + size);
    if (size === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size) this.fail(`Bad escape "\\${ch}"`);
    this.pos += size;
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail('Escape is not a Unicode scalar value');
    return String.fromCodePoint(code);
  }

  private literalString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const newline = this.text.indexOf('\n', this.pos + 1);
    if (end === -1 || (newline !== -1 && newline < end)) this.fail('Unterminated string');
    const out = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return out;
  }

  private skipFirstNewline(): void {
    if (this.peek() === '\r' && this.peek(1) === '\n') this.pos++;
    if (this.peek() === '\n') {
      this.pos++;
      this.line++;
    }
  }

  private multilineLiteral(): string {
    this.pos += 3;
    this.skipFirstNewline();
    const end = this.text.indexOf("'''", this.pos);
    if (end === -1) this.fail('Unterminated string');
    const out = this.text.slice(this.pos, end);
    this.line += out.split('\n').length - 1;
    this.pos = end + 3;
    return out;
  }

  private multilineBasic(): string {
    this.pos += 3;
    this.skipFirstNewline();
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('Unterminated string');
      if (this.text.startsWith('"""', this.pos)) {
        this.pos += 3;
        return out;
      }
      const ch = this.peek();
      this.pos++;
      if (ch === '\n') this.line++;
      if (ch !== '\\') {
        out += ch;
      } else if (/^[ \t]*\r?\n/.test(this.text.slice(this.pos, this.pos + 64))) {
        // A backslash at the end of a line joins it with the next non-blank text.
        this.skipTrivia();
      } else {
        out += this.escape();
      }
    }
  }

  private array(depth: number): TomlValue[] {
    this.pos++;
    const out: TomlValue[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.peek() === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.skipTrivia();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('Expected "," or "]" in an array');
    }
  }

  private inlineTable(depth: number): TomlTable {
    this.pos++;
    const table = newTable();
    for (;;) {
      this.skipTrivia();
      if (this.peek() === '}') {
        this.pos++;
        return table;
      }
      this.keyValue(table, depth + 1);
      this.skipTrivia();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('Expected "," or "}" in an inline table');
    }
  }
}

/** A manifest's TOML (pyproject.toml, Pipfile, Cargo.toml), or undefined when it is missing or not TOML. */
export function tryParseToml(text: string | undefined): TomlTable | undefined {
  if (text === undefined) return undefined;
  try {
    return parseToml(text).value;
  } catch {
    return undefined;
  }
}

/** Reading helpers for parsed TOML. */
export function tomlString(value: TomlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function tomlTables(value: TomlValue | undefined): TomlTable[] {
  return Array.isArray(value) ? value.filter(isTomlTable) : [];
}
