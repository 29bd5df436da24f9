import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** Deflate (the default, as OSV's exports do) or store. */
  store?: boolean;
}

interface Prepared {
  name: Buffer;
  body: Buffer;
  size: number;
  crc: number;
  method: number;
  offset: number;
}

const MAX32 = 0xffffffff;

/** The ZIP64 extra field: sizes and, in the central directory, the local header's offset. */
function zip64Extra(entry: Prepared, withOffset: boolean): Buffer {
  const extra = Buffer.alloc(withOffset ? 28 : 20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(extra.length - 4, 2);
  extra.writeBigUInt64LE(BigInt(entry.size), 4);
  extra.writeBigUInt64LE(BigInt(entry.body.length), 12);
  if (withOffset) extra.writeBigUInt64LE(BigInt(entry.offset), 20);
  return extra;
}

function localHeader(entry: Prepared, zip64: boolean): Buffer[] {
  const extra = zip64 ? zip64Extra(entry, false) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(zip64 ? 45 : 20, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(zip64 ? MAX32 : entry.body.length, 18);
  header.writeUInt32LE(zip64 ? MAX32 : entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return [header, entry.name, extra, entry.body];
}

function centralHeader(entry: Prepared, zip64: boolean): Buffer[] {
  const extra = zip64 ? zip64Extra(entry, true) : Buffer.alloc(0);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(zip64 ? 45 : 20, 4);
  header.writeUInt16LE(zip64 ? 45 : 20, 6);
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(zip64 ? MAX32 : entry.body.length, 20);
  header.writeUInt32LE(zip64 ? MAX32 : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  header.writeUInt32LE(zip64 ? MAX32 : entry.offset, 42);
  return [header, entry.name, extra];
}

/** The ZIP64 end-of-central-directory record and its locator. */
function zip64End(count: number, directorySize: number, directoryOffset: number): Buffer[] {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return [record, locator];
}

function end(count: number, directorySize: number, directoryOffset: number, zip64: boolean, comment: Buffer): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(zip64 ? 0xffff : count, 8);
  record.writeUInt16LE(zip64 ? 0xffff : count, 10);
  record.writeUInt32LE(zip64 ? MAX32 : directorySize, 12);
  record.writeUInt32LE(zip64 ? MAX32 : directoryOffset, 16);
  record.writeUInt16LE(comment.length, 20);
  return Buffer.concat([record, comment]);
}

/**
 * Writes a ZIP archive in memory for tests of the reader: deflated or stored entries, and, with
 * `zip64`, the ZIP64 extra fields and end-of-central-directory records that archives with more
 * than 65,535 entries (OSV's npm export) carry.
 */
export function writeZip(inputs: readonly ZipInput[], options: { zip64?: boolean; comment?: string } = {}): Buffer {
  const zip64 = options.zip64 === true;
  const locals: Buffer[] = [];
  const entries: Prepared[] = [];
  let offset = 0;
  for (const input of inputs) {
    const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
    const body = input.store ? data : deflateRawSync(data);
    const entry = {
      name: Buffer.from(input.name),
      body,
      size: data.length,
      crc: crc32(data) >>> 0,
      method: input.store ? 0 : 8,
      offset,
    };
    const parts = localHeader(entry, zip64);
    locals.push(...parts);
    offset += parts.reduce((sum, part) => sum + part.length, 0);
    entries.push(entry);
  }
  const directory = Buffer.concat(entries.flatMap((entry) => centralHeader(entry, zip64)));
  const trailer = zip64 ? zip64End(entries.length, directory.length, offset) : [];
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  return Buffer.concat([
    ...locals,
    directory,
    ...trailer,
    end(entries.length, directory.length, offset, zip64, comment),
  ]);
}
