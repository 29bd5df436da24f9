import { closeSync, fstatSync, openSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import { readAt as readAvailable } from './read-at.js';

/**
 * A small reader for ZIP archives (PKWARE APPNOTE 6.3), enough for OSV's `all.zip` exports and
 * uploaded source archives: the central directory (with ZIP64 for archives over 65,535 entries or
 * 4 GiB), stored and deflated entries, CRC-32 checked. Entries are read one at a time with
 * positional reads, so an export of hundreds of megabytes is never held in memory or extracted to
 * disk; an archive already in memory (an upload) is read in place.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** High byte: the system that made the entry (3 = Unix, whose mode is then in `externalAttributes >>> 16`). */
  versionMadeBy: number;
  externalAttributes: number;
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** The entry's bytes, inflated and checked against its CRC-32. */
  read(entry: ZipEntry): Buffer;
  close(): void;
}

/**
 * Why an archive or an entry could not be read; the importer reports it with the file name.
 * `kind` is `limit` when the archive is readable but exceeds a limit of `ZipLimits`.
 */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
  readonly kind: 'format' | 'limit';

  constructor(message: string, kind: 'format' | 'limit' = 'format') {
    super(message);
    this.kind = kind;
  }
}

/** Bounds on what an archive may ask the reader to do. */
export interface ZipLimits {
  /** Entries larger than this (declared or inflated) are refused (default `MAX_ENTRY_BYTES`). */
  maxEntryBytes?: number;
  /** Archives with more entries are refused before their directory is parsed (default: no limit). */
  maxEntries?: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** An end-of-central-directory record may be followed by a comment of up to 65,535 bytes. */
const EOCD_SEARCH = 22 + 0xffff;
/** Larger entries are refused: an OSV record is a few kilobytes; this stops zip bombs. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Up to `length` bytes at `position` of the archive: fewer only when it ends first. */
type ReadBytes = (position: number, length: number) => Buffer;

function readAt(read: ReadBytes, position: number, length: number): Buffer {
  const buffer = position < 0 ? Buffer.alloc(0) : read(position, length);
  if (buffer.length < length) throw new ZipFormatError('the archive ends early');
  return buffer;
}

function uint64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a ZIP64 field is out of range');
  return Number(value);
}

interface Directory {
  count: number;
  size: number;
  offset: number;
}

function findDirectory(fd: ReadBytes, fileSize: number): Directory {
  const tailLength = Math.min(fileSize, EOCD_SEARCH);
  const tailStart = fileSize - tailLength;
  const tail = readAt(fd, tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('not a ZIP archive (no end of central directory)');
  const count = tail.readUInt16LE(at + 10);
  const size = tail.readUInt32LE(at + 12);
  const offset = tail.readUInt32LE(at + 16);
  if (count !== 0xffff && size !== 0xffffffff && offset !== 0xffffffff) return { count, size, offset };
  // ZIP64: a locator just before the record points at the 64-bit end of central directory.
  const locatorAt = tailStart + at - 20;
  const locator = readAt(fd, locatorAt, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 locator missing');
  const record = readAt(fd, uint64(locator, 8), 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('ZIP64 end of central directory missing');
  return { count: uint64(record, 32), size: uint64(record, 40), offset: uint64(record, 48) };
}

/** Sizes and offset from the ZIP64 extra field, for the fields the fixed header left at 0xffffffff. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = uint64(extra, field);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function readEntries(fd: ReadBytes, directory: Directory, limits: ZipLimits): ZipEntry[] {
  if (limits.maxEntries !== undefined && directory.count > limits.maxEntries) {
    throw new ZipFormatError(`the archive has ${directory.count} entries, more than ${limits.maxEntries}`, 'limit');
  }
  const data = readAt(fd, directory.offset, directory.size);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < directory.count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL) {
      throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
    }
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      versionMadeBy: data.readUInt16LE(at + 4),
      flags: data.readUInt16LE(at + 8),
      method: data.readUInt16LE(at + 10),
      crc32: data.readUInt32LE(at + 16),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      externalAttributes: data.readUInt32LE(at + 38),
      localHeaderOffset: data.readUInt32LE(at + 42),
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
    };
    applyZip64Extra(entry, data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(fd: ReadBytes, entry: ZipEntry, limits: ZipLimits): Buffer {
  if (entry.flags & 0x1) throw new ZipFormatError(`${entry.name} is encrypted`);
  const maxBytes = limits.maxEntryBytes ?? MAX_ENTRY_BYTES;
  if (entry.size > maxBytes || entry.compressedSize > maxBytes) {
    throw new ZipFormatError(`${entry.name} is larger than ${maxBytes} bytes`, 'limit');
  }
  const header = readAt(fd, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`${entry.name}: local header missing`);
  // The local header's name and extra lengths may differ from the central directory's.
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = readAt(fd, dataStart, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      // Inflating stops at the declared size: an entry that lies about it cannot grow past it.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new ZipFormatError(`${entry.name} does not inflate: ${(error as Error).message}`);
    }
  } else throw new ZipFormatError(`${entry.name} uses compression method ${entry.method}`);
  if (data.length !== entry.size || crc32(data) >>> 0 !== entry.crc32 >>> 0) {
    throw new ZipFormatError(`${entry.name} fails its CRC-32 check`);
  }
  return data;
}

function openSource(read: ReadBytes, size: number, limits: ZipLimits, close: () => void): ZipArchive {
  const entries = readEntries(read, findDirectory(read, size), limits);
  return { entries, read: (entry) => readEntry(read, entry, limits), close };
}

/**
 * Opens a ZIP archive and reads its central directory. Throws ZipFormatError when the file is
 * not a readable archive; reading one damaged entry throws for that entry only.
 */
export function openZip(file: string, limits: ZipLimits = {}): ZipArchive {
  const fd = openSync(file, 'r');
  try {
    return openSource(
      (position, length) => readAvailable(fd, position, length),
      fstatSync(fd).size,
      limits,
      () => closeSync(fd),
    );
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Like `openZip`, for an archive held in memory (entries are read from it in place). */
export function openZipBuffer(buffer: Buffer, limits: ZipLimits = {}): ZipArchive {
  return openSource(
    (position, length) => buffer.subarray(position, position + length),
    buffer.length,
    limits,
    () => {},
  );
}
