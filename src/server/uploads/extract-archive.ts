import { gunzipSync } from 'node:zlib';
import { openZipBuffer, type ZipArchive, type ZipEntry, ZipFormatError } from '../../analysis/deps/osv/zip.js';
import type { SourceFile } from '../../analysis/engine.js';
import { DEFAULT_MAX_FILE_SIZE, decodeSource } from '../../analysis/read-source.js';
import { AppError } from '../../errors.js';
import { type TarEntry, TarFormatError, tarEntries } from './tar.js';

/**
 * Turns an uploaded `.zip`, `.tar.gz`/`.tgz` or `.tar` into source files, entirely in memory: no
 * entry is ever written to disk, so there is no extraction folder to escape from. Paths are checked
 * all the same (they end up in reports, SARIF files and the clients that open them): an archive
 * with an absolute path, a `..` segment, a drive letter, a backslash, a link or a device entry is
 * refused as a whole. Sizes are bounded before anything is inflated where the format allows it
 * (ZIP's central directory), and by the inflater's output limit where it does not (gzip).
 */

export interface ArchiveLimits {
  /** The archive itself. */
  maxCompressedBytes: number;
  /** Sum of the sizes of the files kept. */
  maxTotalBytes: number;
  /** Entries of any type (files, folders). */
  maxEntries: number;
  /** A larger file is skipped (and counted), as the engine skips files over its size limit. */
  maxEntryBytes: number;
  /** Characters of an entry's path. */
  maxPathLength: number;
  /** Uncompressed bytes per compressed byte, checked once the contents exceed `ratioGraceBytes`. */
  maxCompressionRatio: number;
  /** Archives whose contents are smaller than this are never refused for their ratio. */
  ratioGraceBytes: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxCompressedBytes: 50 * MIB,
  maxTotalBytes: 100 * MIB,
  maxEntries: 20_000,
  maxEntryBytes: DEFAULT_MAX_FILE_SIZE,
  maxPathLength: 1024,
  // Source code compresses 4-10 times; deflate cannot do better than about 1,030 to 1.
  maxCompressionRatio: 100,
  ratioGraceBytes: MIB,
});

export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

export interface ExtractedArchive {
  format: ArchiveFormat;
  /** Text files, sorted by path; paths are relative, with forward slashes. */
  files: SourceFile[];
  /** Entries in the archive (files, folders). */
  entries: number;
  /** Bytes of the files read (those within `maxEntryBytes`, text or not): what `maxTotalBytes` bounds. */
  totalBytes: number;
  /** Files left out: with NUL bytes, not valid UTF-8, or over `maxEntryBytes`. */
  skipped: { binary: number; invalidUtf8: number; tooLarge: number };
}

type Limit = keyof ArchiveLimits;

function tooLarge(message: string, limit: Limit, max: number): AppError {
  return new AppError('ECTUS_ARCHIVE_TOO_LARGE', message, { details: { limit, max } });
}

function invalid(message: string): AppError {
  return new AppError('ECTUS_ARCHIVE_INVALID', `The upload is not a readable archive: ${message}.`);
}

/** The entry's name as it may appear in a message: bounded, with control characters escaped. */
function shown(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
}

function unsafe(name: string, reason: string): AppError {
  return new AppError(
    'ECTUS_ARCHIVE_UNSAFE_ENTRY',
    `The archive entry ${shown(name)} ${reason}; nothing was scanned.`,
    {
      details: { entry: name.slice(0, 200), reason },
    },
  );
}

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * The entry's path made relative and canonical (`./a//b` → `a/b`), or a thrown AppError when it
 * could point anywhere else: the checks are on the name as written, so no normalisation can hide a
 * `..` or make a relative path absolute.
 */
export function safeEntryPath(name: string, maxPathLength: number = DEFAULT_ARCHIVE_LIMITS.maxPathLength): string {
  if (name.length > maxPathLength) {
    throw new AppError(
      'ECTUS_ARCHIVE_INVALID',
      `The archive entry ${shown(name)} has a path longer than ${maxPathLength} characters.`,
      { details: { entry: name.slice(0, 200), limit: 'maxPathLength', max: maxPathLength } },
    );
  }
  if (hasControlCharacter(name)) throw unsafe(name, 'has control characters in its path');
  if (name.startsWith('/')) throw unsafe(name, 'has an absolute path');
  if (DRIVE_LETTER.test(name)) throw unsafe(name, 'starts with a drive letter');
  // Windows reads a backslash as a separator: `a\..\..\b` climbs out there.
  if (name.includes('\\')) throw unsafe(name, 'has a backslash in its path');
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw unsafe(name, 'has a ".." segment in its path');
  return segments.join('/');
}

/** Gathers the kept files and what was skipped. */
class FileCollector {
  private readonly files = new Map<string, string>();
  readonly skipped = { binary: 0, invalidUtf8: 0, tooLarge: 0 };
  totalBytes = 0;

  /** Whether a file of `size` bytes is kept; counts it as skipped when it is too large. */
  accepts(size: number, limits: ArchiveLimits): boolean {
    if (size > limits.maxEntryBytes) {
      this.skipped.tooLarge += 1;
      return false;
    }
    this.totalBytes += size;
    if (this.totalBytes > limits.maxTotalBytes) {
      throw tooLarge(
        `The archive's files add up to more than ${limits.maxTotalBytes} bytes.`,
        'maxTotalBytes',
        limits.maxTotalBytes,
      );
    }
    return true;
  }

  add(path: string, bytes: Uint8Array): void {
    const decoded = decodeSource(bytes);
    if (decoded.ok) {
      // A later entry of the same path replaces an earlier one, as extracting the archive would.
      this.files.set(path, decoded.text);
    } else if (decoded.skipped === 'binary') this.skipped.binary += 1;
    else this.skipped.invalidUtf8 += 1;
  }

  result(format: ArchiveFormat, entries: number): ExtractedArchive {
    const files = [...this.files].map(([path, content]) => ({ path, content }));
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { format, files, entries, totalBytes: this.totalBytes, skipped: { ...this.skipped } };
  }
}

/** Zip bombs: contents far larger than the archive. */
function checkRatio(contentBytes: number, archiveBytes: number, limits: ArchiveLimits): void {
  if (contentBytes <= limits.ratioGraceBytes) return;
  if (contentBytes > archiveBytes * limits.maxCompressionRatio) {
    throw tooLarge(
      `The archive expands more than ${limits.maxCompressionRatio} times (${contentBytes} bytes from ${archiveBytes}); refused as a possible archive bomb.`,
      'maxCompressionRatio',
      limits.maxCompressionRatio,
    );
  }
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** What a ZIP entry is, from the Unix mode in the upper half of its external attributes. */
function zipEntryType(entry: ZipEntry): TarEntry['type'] {
  const kind = (entry.externalAttributes >>> 16) & S_IFMT;
  if (kind === S_IFLNK) return 'symlink';
  if (kind === S_IFDIR || entry.name.endsWith('/')) return 'directory';
  if (kind === 0 || kind === S_IFREG) return 'file';
  return 'character-device';
}

/** Refuses entries that are not plain files or folders. */
function checkEntryType(name: string, type: TarEntry['type'], typeFlag: string): void {
  if (type === 'file' || type === 'directory') return;
  if (type === 'symlink') throw unsafe(name, 'is a symbolic link');
  if (type === 'hardlink') throw unsafe(name, 'is a hard link');
  if (type === 'other') throw unsafe(name, `has an unsupported entry type (${JSON.stringify(typeFlag)})`);
  throw unsafe(name, 'is a device or a FIFO');
}

function zipError(error: unknown, limits: ArchiveLimits): unknown {
  if (!(error instanceof ZipFormatError)) return error;
  if (error.kind === 'limit')
    return tooLarge(`The archive is too large: ${error.message}.`, 'maxEntries', limits.maxEntries);
  return invalid(error.message);
}

function openZip(data: Buffer, limits: ArchiveLimits): ZipArchive {
  try {
    return openZipBuffer(data, { maxEntries: limits.maxEntries, maxEntryBytes: limits.maxEntryBytes });
  } catch (error) {
    throw zipError(error, limits);
  }
}

function extractZip(data: Buffer, limits: ArchiveLimits): ExtractedArchive {
  const archive = openZip(data, limits);
  const collector = new FileCollector();
  // Every entry is checked, and the declared sizes added up, before anything is inflated.
  const planned: { path: string; entry: ZipEntry }[] = [];
  for (const entry of archive.entries) {
    const path = safeEntryPath(entry.name, limits.maxPathLength);
    const type = zipEntryType(entry);
    checkEntryType(entry.name, type, '');
    if (type === 'directory' || path === '') continue;
    if (collector.accepts(entry.size, limits)) planned.push({ path, entry });
  }
  checkRatio(collector.totalBytes, data.length, limits);
  for (const { path, entry } of planned) {
    let bytes: Buffer;
    try {
      // Inflating stops at the declared size, so the checks above bound what this allocates.
      bytes = archive.read(entry);
    } catch (error) {
      throw zipError(error, limits);
    }
    collector.add(path, bytes);
  }
  return collector.result('zip', archive.entries.length);
}

/**
 * Inflates a gzip stream, stopping at the most its limits allow: the entries' bytes with their
 * headers, and no more than `maxCompressionRatio` times the compressed size (tar headers compress
 * even better than source code, yet honest archives stay far below the ratio).
 */
function gunzip(data: Buffer, limits: ArchiveLimits): Buffer {
  // Headers and padding: a header block per entry, up to two more for long names, and the end.
  const sizeBound = limits.maxTotalBytes + (limits.maxEntries * 3 + 2) * 512;
  const ratioBound = Math.max(limits.ratioGraceBytes, data.length * limits.maxCompressionRatio);
  const bound = Math.min(sizeBound, ratioBound);
  try {
    return gunzipSync(data, { maxOutputLength: bound });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE')
      throw invalid(`gzip: ${(error as Error).message}`);
    if (bound === sizeBound) {
      throw tooLarge(`The archive expands to more than ${bound} bytes.`, 'maxTotalBytes', limits.maxTotalBytes);
    }
    throw tooLarge(
      `The archive expands more than ${limits.maxCompressionRatio} times its ${data.length} bytes; refused as a possible archive bomb.`,
      'maxCompressionRatio',
      limits.maxCompressionRatio,
    );
  }
}

function extractTar(tar: Buffer, format: ArchiveFormat, limits: ArchiveLimits) {
  const collector = new FileCollector();
  const planned: { path: string; data: Buffer }[] = [];
  let entries = 0;
  try {
    for (const entry of tarEntries(tar)) {
      entries += 1;
      if (entries > limits.maxEntries) {
        throw tooLarge(`The archive has more than ${limits.maxEntries} entries.`, 'maxEntries', limits.maxEntries);
      }
      const path = safeEntryPath(entry.name, limits.maxPathLength);
      checkEntryType(entry.name, entry.type, entry.typeFlag);
      if (entry.type === 'directory' || path === '') continue;
      if (collector.accepts(entry.size, limits)) planned.push({ path, data: entry.data });
    }
  } catch (error) {
    throw error instanceof TarFormatError ? invalid(error.message) : error;
  }
  // The ratio was bounded while inflating (see gunzip): contents cannot exceed the tar stream.
  for (const { path, data } of planned) collector.add(path, data);
  return collector.result(format, entries);
}

/** The format by its leading bytes; the file name is not trusted. */
export function detectArchiveFormat(data: Buffer): ArchiveFormat | null {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 0x03 || data[2] === 0x05)) return 'zip';
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'tar.gz';
  if (data.length >= 263 && data.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return null;
}

/**
 * Reads an uploaded archive into source files. Throws AppError `ECTUS_ARCHIVE_INVALID` (400) for
 * an unreadable archive, `ECTUS_ARCHIVE_UNSAFE_ENTRY` (400) for an unsafe entry and
 * `ECTUS_ARCHIVE_TOO_LARGE` (413) when a limit is exceeded.
 *
 * @example
 * const { files, skipped } = extractArchive(upload, { maxTotalBytes: 20 * 1024 * 1024 });
 * const report = scanSources(files, { rules: defaultRules() });
 */
export function extractArchive(data: Buffer, overrides: Partial<ArchiveLimits> = {}): ExtractedArchive {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...overrides };
  if (data.length > limits.maxCompressedBytes) {
    throw tooLarge(
      `The archive is larger than ${limits.maxCompressedBytes} bytes.`,
      'maxCompressedBytes',
      limits.maxCompressedBytes,
    );
  }
  const format = detectArchiveFormat(data);
  if (format === 'zip') return extractZip(data, limits);
  if (format === 'tar.gz') return extractTar(gunzip(data, limits), format, limits);
  if (format === 'tar') return extractTar(data, format, limits);
  throw invalid('expected a .zip, .tar.gz or .tar file');
}
