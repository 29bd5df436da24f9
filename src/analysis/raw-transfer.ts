import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Comment, OxcError, ParserOptions, Program } from 'oxc-parser';
import { withParentSlot } from './parent-slot.js';

/**
 * oxc-parser's raw transfer, on Node 20 as on 22+. The parser writes the AST into a buffer shared
 * with JavaScript and a generated deserializer builds the objects from it: about half the CPU of
 * the JSON path and the same tree (the deserializers are the ones Node 22+ uses).
 *
 * oxc-parser switches raw transfer off before Node 22 only because it measures the 4 GiB
 * alignment of its buffer through a typed array over the whole 6 GiB `ArrayBuffer`, which
 * Node 20 cannot create. A one-byte view gives the native side the same base address; the
 * views the parser and deserializer use are 2 GiB, which Node 20 allows. Everything else is
 * oxc-parser's own code, from subpaths its package exports (the version is pinned exactly: they
 * are not typed nor documented API).
 *
 * The deserializers are loaded with a `parent` slot in every node (see ./parent-slot.ts), which
 * oxc-parser's own raw transfer cannot offer; so this path is preferred on every Node version.
 */

interface RawBuffer extends Uint8Array {
  int32: Int32Array;
  float64: Float64Array;
  block: Uint8Array;
}

interface Bindings {
  /** The native side's own condition: a 64-bit little-endian platform. */
  rawTransferSupported(): boolean;
  getBufferOffset(view: Uint8Array): number;
  parseRawSync(filename: string, block: Uint8Array, sourceStart: number, sourceByteLen: number, options: object): void;
}

interface Constants {
  BLOCK_SIZE: number;
  BLOCK_ALIGN: number;
  BUFFER_SIZE: number;
  ACTIVE_SIZE: number;
  IS_TS_FLAG_POS: number;
}

interface Deserialized {
  program: Program;
  comments: Comment[];
  errors: OxcError[];
}

type Deserialize = (buffer: RawBuffer, text: string, sourceStart: number, sourceByteLen: number) => Deserialized;

export interface RawParseResult {
  program: Program;
  comments: Comment[];
  errors: OxcError[];
}

export type RawParse = (filename: string, text: string, options: ParserOptions) => RawParseResult;

const ONE_GIB = 1 << 30;

interface Internals {
  bindings: Bindings;
  constants: Constants;
  deserializeJs: Deserialize;
  deserializeTs: Deserialize;
}

/** A module by a specifier TypeScript does not resolve (these subpaths ship without types). */
function load<T>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}

/** Fewer patched literals than this means the generated code changed shape: use it unpatched. */
const MIN_PATCHED_LITERALS = 150;

/**
 * A deserializer with the `parent` slot, compiled from the package's file as a module of its own
 * (it imports nothing); oxc-parser's module unchanged when the file cannot be read or patched.
 */
async function loadDeserializer(specifier: string): Promise<Deserialize> {
  const original = (await load<{ deserialize: Deserialize }>(specifier)).deserialize;
  try {
    const source = await readFile(fileURLToPath(import.meta.resolve(specifier)), 'utf8');
    const { code, patched } = withParentSlot(source);
    if (patched < MIN_PATCHED_LITERALS) return original;
    // Named in stack traces and CPU profiles after the file it comes from.
    const named = `${code}\n//# sourceURL=${specifier}.js (with parent slots)\n`;
    const url = `data:text/javascript;base64,${Buffer.from(named).toString('base64')}`;
    const module = await load<{ deserialize?: Deserialize }>(url);
    return typeof module.deserialize === 'function' ? module.deserialize : original;
  } catch {
    return original;
  }
}

async function loadInternals(): Promise<Internals | null> {
  try {
    const [bindings, constants, deserializeJs, deserializeTs] = await Promise.all([
      load<Bindings>('oxc-parser/src-js/bindings'),
      load<Constants>('oxc-parser/src-js/generated/constants'),
      loadDeserializer('oxc-parser/src-js/generated/deserialize/js'),
      loadDeserializer('oxc-parser/src-js/generated/deserialize/ts'),
    ]);
    return { bindings, constants, deserializeJs, deserializeTs };
  } catch {
    return null;
  }
}

const internals = await loadInternals();

/**
 * Builds the parse function, or returns null where raw transfer cannot work (a platform or
 * package layout this does not know, too little address space for the buffer). Callers then
 * use the JSON path.
 *
 * @example
 * const parse = createRawParser();
 * const { program } = parse ? parse('a.js', 'let a = 1;', { lang: 'js' }) : parseSync('a.js', 'let a = 1;');
 */
export function createRawParser(): RawParse | null {
  if (!internals) return null;
  const { bindings, constants, deserializeJs, deserializeTs } = internals;
  try {
    if (typeof bindings.parseRawSync !== 'function' || typeof bindings.getBufferOffset !== 'function') return null;
    if (typeof bindings.rawTransferSupported !== 'function' || !bindings.rawTransferSupported()) return null;
    const buffer = createBuffer(bindings, constants);
    const encoder = new TextEncoder();
    const parse: RawParse = (filename, text, options) => {
      // The source goes at the end of the active region, with room for its longest UTF-8 form.
      const maxByteLen = text.length * 3;
      if (maxByteLen > ONE_GIB) throw new Error('Source text is too long');
      const sourceStart = constants.ACTIVE_SIZE - maxByteLen;
      const target = new Uint8Array(buffer.buffer, buffer.byteOffset + sourceStart, maxByteLen);
      const { read, written } = encoder.encodeInto(text, target);
      if (read !== text.length) throw new Error('Failed to write source text into buffer');
      bindings.parseRawSync(filename, buffer.block, sourceStart, written, options);
      const isJs = buffer[constants.IS_TS_FLAG_POS] === 0;
      const data = (isJs ? deserializeJs : deserializeTs)(buffer, text, sourceStart, written);
      // As oxc-parser does: a hashbang is a line comment in JavaScript (not in TypeScript).
      const hashbang = (data.program as { hashbang?: { value: string; start: number; end: number } | null }).hashbang;
      if (isJs && hashbang) {
        data.comments.unshift({ type: 'Line', value: hashbang.value, start: hashbang.start, end: hashbang.end });
      }
      return { program: data.program, comments: data.comments, errors: data.errors };
    };
    // Prove the whole path once on a tiny module before trusting it with real files.
    const probe = parse('probe.js', 'let probe = 1;', { lang: 'js', sourceType: 'module' });
    if (probe.program.type !== 'Program' || probe.program.body.length !== 1) return null;
    return parse;
  } catch {
    return null;
  }
}

/**
 * The parser's buffer: 2 GiB aligned on 4 GiB, cut from a 6 GiB `ArrayBuffer` (only virtual
 * memory until pages are written). One per thread, reused for every file.
 */
function createBuffer(bindings: Bindings, constants: Constants): RawBuffer {
  const arrayBuffer = new ArrayBuffer(constants.BLOCK_SIZE + constants.BLOCK_ALIGN);
  const offset = bindings.getBufferOffset(new Uint8Array(arrayBuffer, 0, 1));
  const buffer = new Uint8Array(arrayBuffer, offset, constants.BUFFER_SIZE) as RawBuffer;
  buffer.int32 = new Int32Array(arrayBuffer, offset, constants.BUFFER_SIZE / 4);
  buffer.float64 = new Float64Array(arrayBuffer, offset, constants.BUFFER_SIZE / 8);
  buffer.block = new Uint8Array(arrayBuffer, offset, constants.BLOCK_SIZE);
  return buffer;
}
