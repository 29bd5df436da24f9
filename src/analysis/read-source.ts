import { closeSync, promises as fs, fstatSync, openSync, readFileSync } from 'node:fs';
import type { FileDiagnostic, SkipReason } from './types.js';

/** Files above this size are skipped unless configured otherwise: they are data, bundles or dumps. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** How much of the head of a file is searched for NUL bytes, like git's binary detection. */
const BINARY_SNIFF_BYTES = 8192;

export type ReadOutcome =
  | {
      ok: true;
      /** The decoded text without a leading byte-order mark: what analysis and fixes work on. */
      text: string;
      bytes: number;
      /** True when the file starts with a UTF-8 byte-order mark (kept when fixes rewrite it). */
      bom: boolean;
    }
  | { ok: false; diagnostic: FileDiagnostic; skipped?: SkipReason };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function tooLarge(size: number, maxFileSize: number): ReadOutcome {
  return {
    ok: false,
    skipped: 'too-large',
    diagnostic: {
      code: 'ECTUS_FILE_TOO_LARGE',
      message: `File is ${formatBytes(size)}, above the ${formatBytes(maxFileSize)} limit (maxFileSize); not analysed.`,
    },
  };
}

function readError(error: unknown): ReadOutcome {
  const err = error as NodeJS.ErrnoException;
  const reason = err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? error);
  return { ok: false, diagnostic: { code: 'ECTUS_READ_ERROR', message: `Cannot read file (${reason}).` } };
}

/** Turns raw bytes into source text; shared by the async and sync readers so they agree exactly. */
export function decodeSource(buffer: Uint8Array): ReadOutcome {
  const sniff = buffer.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) {
    return {
      ok: false,
      skipped: 'binary',
      diagnostic: { code: 'ECTUS_BINARY_FILE', message: 'File contains NUL bytes and looks binary; not analysed.' },
    };
  }
  const bom = buffer[0] === UTF8_BOM[0] && buffer[1] === UTF8_BOM[1] && buffer[2] === UTF8_BOM[2];
  let text: string;
  try {
    // A fresh decoder per file: `fatal` decoders keep no state between calls, but this stays obviously safe.
    // ignoreBOM keeps the mark in the output so it is removed exactly once, below.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    return {
      ok: false,
      diagnostic: {
        code: 'ECTUS_INVALID_UTF8',
        message: `File is not valid UTF-8 (invalid byte sequence at offset ${firstInvalidUtf8(buffer)}); not analysed.`,
      },
    };
  }
  if (bom) text = text.slice(1);
  return { ok: true, text, bytes: buffer.byteLength, bom };
}

/**
 * Reads a source file for analysis. Never throws: unreadable, binary, oversized or badly encoded
 * files come back as a diagnostic (with a skip reason where the file is deliberately left out).
 */
export async function readSource(absPath: string, maxFileSize: number): Promise<ReadOutcome> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(absPath, 'r');
    // Size from the open handle: the file read is the file measured.
    const { size } = await handle.stat();
    if (size > maxFileSize) return tooLarge(size, maxFileSize);
    const buffer = await handle.readFile();
    // The file may have grown between stat and read.
    if (buffer.byteLength > maxFileSize) return tooLarge(buffer.byteLength, maxFileSize);
    return decodeSource(buffer);
  } catch (error) {
    return readError(error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** `readSource` for worker threads and other synchronous callers; same outcomes. */
export function readSourceSync(absPath: string, maxFileSize: number): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(absPath, 'r');
    const { size } = fstatSync(fd);
    if (size > maxFileSize) return tooLarge(size, maxFileSize);
    const buffer = readFileSync(fd);
    if (buffer.byteLength > maxFileSize) return tooLarge(buffer.byteLength, maxFileSize);
    return decodeSource(buffer);
  } catch (error) {
    return readError(error);
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Closing a descriptor we opened cannot fail in a way the caller could act on.
      }
    }
  }
}

/** The byte offset of the first malformed UTF-8 sequence, for a diagnostic the user can act on. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
