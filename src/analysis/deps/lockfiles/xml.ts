import { TextSyntaxError } from './syntax-error.js';

/**
 * A small XML reader for build manifests (pom.xml): elements, text, comments, CDATA and the five
 * predefined entities plus character references. Document type declarations are skipped and never
 * interpreted, so external entities and entity expansion (XXE, "billion laughs") cannot happen.
 * Attributes are read as plain strings. It walks with an explicit stack, so nesting depth costs
 * memory, not call stack.
 */

export interface XmlElement {
  /** Local name, without a namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its descendants'), entities decoded, trimmed. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const TAG = /<\/?([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10), whole);
    return ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function attributesOf(source: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const match of source.matchAll(ATTRIBUTE)) out[match[1] as string] = decode(match[2] ?? match[3] ?? '');
  return out;
}

/** Markup that is not an element: comments, CDATA, processing instructions, doctype. */
const SPECIAL: readonly [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
  ['<!', '>'],
];

/**
 * Parses an XML document and returns its root element.
 *
 * @example
 * const project = parseXml(pomText);
 * project.children.find((c) => c.name === 'dependencies');
 */
export function parseXml(text: string): XmlElement {
  return new XmlReader(text).read();
}

class XmlReader {
  private pos = 0;
  private line = 1;
  private readonly stack: XmlElement[] = [];
  /** Text pieces of each open element, parallel to `stack`. */
  private readonly texts: string[][] = [];
  private root: XmlElement | undefined;

  constructor(private readonly text: string) {}

  read(): XmlElement {
    const { text } = this;
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos);
      const textEnd = lt === -1 ? text.length : lt;
      if (textEnd > this.pos) this.addText(decode(text.slice(this.pos, textEnd)));
      this.advance(textEnd);
      if (lt === -1) break;
      if (!this.special()) this.tag();
    }
    const open = this.stack[this.stack.length - 1];
    if (open) throw new TextSyntaxError('XML', `<${open.name}> is not closed`, this.line);
    if (!this.root) throw new TextSyntaxError('XML', 'No root element', this.line);
    return this.root;
  }

  private advance(to: number): void {
    for (let i = this.pos; i < to; i++) if (this.text.charCodeAt(i) === 10) this.line++;
    this.pos = to;
  }

  private addText(piece: string): void {
    this.texts[this.texts.length - 1]?.push(piece);
  }

  /** Skips a comment, processing instruction or doctype (keeping CDATA text); false when at a tag. */
  private special(): boolean {
    const found = SPECIAL.find(([open]) => this.text.startsWith(open, this.pos));
    if (!found) return false;
    const [open, close] = found;
    const end = this.text.indexOf(close, this.pos + open.length);
    if (end === -1) throw new TextSyntaxError('XML', `Unterminated ${open}`, this.line);
    if (open === '<![CDATA[') this.addText(this.text.slice(this.pos + open.length, end));
    this.advance(end + close.length);
    return true;
  }

  private tag(): void {
    TAG.lastIndex = this.pos;
    const tag = TAG.exec(this.text);
    if (!tag) throw new TextSyntaxError('XML', 'Malformed tag', this.line);
    const startLine = this.line;
    this.advance(this.pos + tag[0].length);
    const name = localName(tag[1] as string);
    if (tag[0].startsWith('</')) {
      this.close(name, startLine);
      return;
    }
    const element: XmlElement = {
      name,
      attributes: attributesOf(tag[2] ?? ''),
      children: [],
      text: '',
      line: startLine,
    };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(element);
    else if (this.root) throw new TextSyntaxError('XML', 'More than one root element', startLine);
    else this.root = element;
    if (tag[3] !== '/') {
      this.stack.push(element);
      this.texts.push([]);
    }
  }

  private close(name: string, line: number): void {
    const open = this.stack.pop();
    if (!open || open.name !== name) throw new TextSyntaxError('XML', `Unexpected </${name}>`, line);
    open.text = (this.texts.pop() as string[]).join('').trim();
  }
}

/** The first child element of that name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** The text of the first child element of that name, or undefined. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found ? found.text : undefined;
}
