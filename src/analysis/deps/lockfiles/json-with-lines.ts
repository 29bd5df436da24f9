import { TextSyntaxError } from './syntax-error.js';

/**
 * A JSON reader for lockfiles that remembers where each object member starts, so a dependency can
 * point at its line in the lockfile. `JSON.parse` keeps no positions, and `bun.lock` is JSONC
 * (comments and trailing commas), which `JSON.parse` rejects. Values come out as plain data; the
 * reader never evaluates anything and stops at a fixed nesting depth, so hostile input cannot
 * exhaust the stack.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface ParsedJson {
  value: JsonValue;
  /** 1-based line of the member `key` of `object` (an object returned in `value`), when known. */
  lineOf(object: JsonObject, key: string): number | undefined;
}

/** Lockfiles nest a few levels (npm v1 nests once per duplicate); far deeper input is hostile. */
const MAX_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON, and with `jsonc` also comments and trailing commas.
 *
 * @example
 * const { value, lineOf } = parseJsonWithLines(text);
 * const packages = (value as JsonObject).packages as JsonObject;
 * lineOf(packages, 'node_modules/lodash'); // 1-based line of that key
 */
export function parseJsonWithLines(text: string, options: { jsonc?: boolean } = {}): ParsedJson {
  const reader = new Reader(text, options.jsonc === true);
  reader.skipSpace();
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos < text.length) reader.fail('Unexpected text after the JSON value');
  const lines = reader.lines;
  return { value, lineOf: (object, key) => lines.get(object)?.get(key) };
}

class Reader {
  pos = 0;
  line = 1;
  readonly lines = new WeakMap<JsonObject, Map<string, number>>();

  constructor(
    private readonly text: string,
    private readonly jsonc: boolean,
  ) {}

  fail(message: string): never {
    throw new TextSyntaxError('JSON', message, this.line);
  }

  skipSpace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === NEWLINE) {
        this.line++;
        this.pos++;
      } else if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0xfeff) {
        this.pos++;
      } else if (code === SLASH && this.jsonc) {
        this.skipComment();
      } else {
        return;
      }
    }
  }

  private skipComment(): void {
    const next = this.text.charCodeAt(this.pos + 1);
    if (next === SLASH) {
      const end = this.text.indexOf('\n', this.pos);
      this.pos = end === -1 ? this.text.length : end;
    } else if (next === STAR) {
      const end = this.text.indexOf('*/', this.pos + 2);
      if (end === -1) this.fail('Unterminated comment');
      this.countLines(this.pos, end);
      this.pos = end + 2;
    } else {
      this.fail('Unexpected "/"');
    }
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === NEWLINE) this.line++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH} levels`);
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case undefined:
        return this.fail('Unexpected end of input');
      default:
        return this.number();
    }
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`Unexpected "${this.text[this.pos]}"`);
    this.pos += word.length;
    return value;
  }

  private number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || found[0].length === 0) this.fail(`Unexpected "${this.text[this.pos]}"`);
    this.pos += found[0].length;
    return Number(found[0]);
  }

  private string(): string {
    const { text } = this;
    let start = ++this.pos;
    let out = '';
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code === QUOTE) {
        out += text.slice(start, this.pos++);
        return out;
      }
      if (code === NEWLINE) this.fail('Line break inside a string');
      if (code === BACKSLASH) {
        out += text.slice(start, this.pos);
        out += this.escape();
        start = this.pos;
      } else {
        this.pos++;
      }
    }
    return this.fail('Unterminated string');
  }

  private escape(): string {
    const ch = this.text[this.pos + 1] ?? '';
    if (ch === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Bad \\u escape');
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const replacement = ESCAPES[ch];
    if (replacement === undefined) this.fail(`Bad escape "\\${ch}"`);
    this.pos += 2;
    return replacement;
  }

  /** After a member or element: true when the container continues, false at its closing bracket. */
  private separator(close: string): boolean {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === close) {
      this.pos++;
      return false;
    }
    if (ch !== ',') this.fail(`Expected "," or "${close}"`);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === close) {
      if (!this.jsonc) this.fail('Trailing comma');
      this.pos++;
      return false;
    }
    return true;
  }

  private object(depth: number): JsonObject {
    // A null prototype: keys like `__proto__` or `constructor` in a lockfile stay plain data.
    const object = Object.create(null) as JsonObject;
    const lines = new Map<string, number>();
    this.lines.set(object, lines);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    do {
      if (this.text[this.pos] !== '"') this.fail('Expected a quoted key');
      const line = this.line;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('Expected ":"');
      this.pos++;
      this.skipSpace();
      object[key] = this.value(depth + 1);
      lines.set(key, line);
    } while (this.separator('}'));
    return object;
  }

  private array(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    do {
      array.push(this.value(depth + 1));
    } while (this.separator(']'));
    return array;
  }
}

/** Type guards for reading parsed lockfile JSON without casts everywhere. */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

export function stringAt(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
