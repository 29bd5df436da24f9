/**
 * A small reader for tar archives held in memory: POSIX ustar (with its 155-byte name prefix),
 * pax extended headers (`path`, `linkpath`, `size`) and GNU long names (`L`/`K`), which is what
 * `tar`, `git archive` and the npm and Python packaging tools write. Entries are yielded one at a
 * time with their data as a view of the input, so the caller can stop at its limits without
 * anything being copied. Sparse files, multi-volume parts and other exotic types are yielded as
 * `other`, for the caller to refuse.
 */

export type TarEntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'other';

export interface TarEntry {
  /** The entry's path as written (after pax and GNU long names), not yet checked for safety. */
  name: string;
  type: TarEntryType;
  /** The raw type flag, for messages about `other` entries. */
  typeFlag: string;
  /** Target of a link entry ('' for others). */
  linkName: string;
  size: number;
  /** The entry's content: a view into the archive, valid while the archive buffer is. */
  data: Buffer;
}

/** Why a tar archive could not be read: damaged headers or data that ends early. */
export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

const BLOCK = 512;
/** Pax headers and GNU long names hold a path or two; anything larger is not an honest archive. */
const MAX_META_BYTES = 64 * 1024;

const TYPES: Readonly<Record<string, TarEntryType>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'character-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};

interface Header {
  name: string;
  linkName: string;
  size: number;
  typeFlag: string;
}

/** A NUL-terminated field as UTF-8; names that are not valid UTF-8 are refused, not guessed at. */
function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(end < 0 ? field : field.subarray(0, end));
  } catch {
    throw new TarFormatError('an entry name is not valid UTF-8');
  }
}

/** An octal number field, or GNU's base-256 form (first byte 0x80) for values over 8 GiB. */
function number(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if ((field[0] ?? 0) & 0x80) {
    // 0xff starts a negative number; other high bits would put the value far beyond any limit.
    if (field[0] !== 0x80) throw new TarFormatError('a size field is out of range');
    let value = 0;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw new TarFormatError('a size field is out of range');
    return value;
  }
  const digits = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError('a header has a damaged number field');
  return Number.parseInt(digits, 8);
}

/** The header checksum: the sum of its bytes with the checksum field read as spaces. */
function checksumMatches(block: Buffer): boolean {
  const field = block
    .toString('latin1', 148, 156)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(field)) return false;
  const stored = Number.parseInt(field, 8);
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    const byte = block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  // Some old tar implementations summed signed bytes; both are accepted, as GNU tar does.
  return stored === unsigned || stored === signed;
}

function parseHeader(block: Buffer): Header {
  if (!checksumMatches(block)) throw new TarFormatError('a header fails its checksum (not a tar archive?)');
  const magic = block.toString('latin1', 257, 263);
  let name = text(block, 0, 100);
  // POSIX ustar splits long names into prefix and name; GNU tar uses that space for other fields.
  if (magic === 'ustar\0') {
    const prefix = text(block, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    name,
    linkName: text(block, 157, 100),
    size: number(block, 124, 12),
    typeFlag: String.fromCharCode(block[156] ?? 0),
  };
}

/** `<length> <key>=<value>\n` records; only the keys that change how entries are read are kept. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space < 0 ? Number.NaN : Number(data.toString('latin1', at, space));
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > data.length) {
      throw new TarFormatError('a pax extended header is damaged');
    }
    const record = text(data, space + 1, at + length - space - 2);
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

function slice(archive: Buffer, start: number, size: number): Buffer {
  if (start + size > archive.length) throw new TarFormatError('the archive ends early');
  return archive.subarray(start, start + size);
}

function metaData(archive: Buffer, start: number, size: number): Buffer {
  if (size > MAX_META_BYTES) throw new TarFormatError(`an extended header is larger than ${MAX_META_BYTES} bytes`);
  return slice(archive, start, size);
}

/** What pax and GNU headers say about the next entry. */
interface Pending {
  path?: string;
  linkPath?: string;
  size?: number;
}

function applyPax(pending: Pending, data: Buffer): void {
  const records = parsePax(data);
  const path = records.get('path');
  const linkPath = records.get('linkpath');
  const size = records.get('size');
  if (path !== undefined) pending.path = path;
  if (linkPath !== undefined) pending.linkPath = linkPath;
  if (size !== undefined) {
    if (!/^\d+$/.test(size) || !Number.isSafeInteger(Number(size))) throw new TarFormatError('a pax size is damaged');
    pending.size = Number(size);
  }
}

/** Handles a metadata header; returns false for a header that describes an entry. */
function readMeta(header: Header, data: () => Buffer, pending: Pending): boolean {
  switch (header.typeFlag) {
    case 'x':
      applyPax(pending, data());
      return true;
    case 'g':
      // Global pax headers set defaults (owners, times) that do not matter here.
      data();
      return true;
    case 'L':
      pending.path = text(data(), 0, MAX_META_BYTES);
      return true;
    case 'K':
      pending.linkPath = text(data(), 0, MAX_META_BYTES);
      return true;
    default:
      return false;
  }
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/**
 * The entries of an uncompressed tar archive, in order. Stops at the end-of-archive marker (a zero
 * block) or at the end of the buffer; throws TarFormatError for damaged headers or truncated data.
 *
 * @example
 * for (const entry of tarEntries(gunzipSync(upload))) if (entry.type === 'file') use(entry.name, entry.data);
 */
export function* tarEntries(archive: Buffer): Generator<TarEntry> {
  let at = 0;
  let pending: Pending = {};
  while (at + BLOCK <= archive.length) {
    const block = archive.subarray(at, at + BLOCK);
    if (isZeroBlock(block)) return;
    const header = parseHeader(block);
    const dataStart = at + BLOCK;
    if (readMeta(header, () => metaData(archive, dataStart, header.size), pending)) {
      at = dataStart + padded(header.size);
      continue;
    }
    const size = pending.size ?? header.size;
    at = dataStart + padded(size);
    const type = TYPES[header.typeFlag] ?? 'other';
    // Links, directories and devices carry no data whatever their size field says.
    const data = type === 'file' ? slice(archive, dataStart, size) : Buffer.alloc(0);
    yield {
      name: pending.path ?? header.name,
      type,
      typeFlag: header.typeFlag,
      linkName: pending.linkPath ?? header.linkName,
      size: data.length,
      data,
    };
    pending = {};
  }
  if (at < archive.length || Object.keys(pending).length > 0) throw new TarFormatError('the archive ends early');
}
