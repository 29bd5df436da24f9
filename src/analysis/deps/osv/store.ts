import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../write-atomic.js';
import { ECOSYSTEMS, type Ecosystem } from '../model.js';
import { ecosystemSlug } from './names.js';
import { readAt } from './read-at.js';
import type { StoredAdvisory } from './stored.js';

/**
 * The advisory store under `<dataDir>/advisories/`:
 *
 * - `manifest.json`: per ecosystem, the data file, import date, source and counts.
 * - `<ecosystem>.osvdb`, one per ecosystem: one line per package holding a JSON array of its
 *   compact records (see StoredAdvisory), then an index from normalised package name to that
 *   line's byte range, then a fixed-size footer giving the index's offset. Opening an ecosystem
 *   reads only the footer and the index; matching then reads and parses one line per package it
 *   looks up. (A record naming several packages is repeated on each of their lines.)
 *
 * Each data file is written to a temporary name and renamed over the old one, so a re-import
 * replaces an ecosystem atomically and readers never see half a file.
 */

export const STORE_FORMAT = 1;
const FOOTER_PREFIX = 'ectus-osv-index ';
const FOOTER_LENGTH = 32;

export interface EcosystemManifest {
  /** Data file name, relative to the advisories folder. */
  file: string;
  importedAt: string;
  /** The file or folder name it was imported from. */
  source: string;
  records: number;
  /** Withdrawn records that were skipped. */
  withdrawn: number;
  packages: number;
}

export interface AdvisoryManifest {
  format: typeof STORE_FORMAT;
  ecosystems: Partial<Record<Ecosystem, EcosystemManifest>>;
}

export function advisoriesDir(dataDir: string): string {
  return path.join(dataDir, 'advisories');
}

export function dataFileName(ecosystem: Ecosystem): string {
  return `${ecosystemSlug(ecosystem)}.osvdb`;
}

function isManifest(value: unknown): value is AdvisoryManifest {
  if (typeof value !== 'object' || value === null) return false;
  const manifest = value as Partial<AdvisoryManifest>;
  return manifest.format === STORE_FORMAT && typeof manifest.ecosystems === 'object' && manifest.ecosystems !== null;
}

/** The manifest, or an empty one when nothing was imported (or the file is from another format). */
export async function readManifest(dir: string): Promise<AdvisoryManifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: STORE_FORMAT, ecosystems: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { format: STORE_FORMAT, ecosystems: {} };
  }
  if (!isManifest(parsed)) return { format: STORE_FORMAT, ecosystems: {} };
  // Keep only known ecosystems, so a hand-edited manifest cannot point lookups elsewhere.
  const ecosystems: AdvisoryManifest['ecosystems'] = {};
  for (const ecosystem of ECOSYSTEMS) {
    const entry = parsed.ecosystems[ecosystem];
    if (entry && entry.file === dataFileName(ecosystem)) ecosystems[ecosystem] = entry;
  }
  return { format: STORE_FORMAT, ecosystems };
}

export async function writeManifest(dir: string, manifest: AdvisoryManifest): Promise<void> {
  await writeFileAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mkdir: true });
}

interface IndexSection {
  format: typeof STORE_FORMAT;
  ecosystem: Ecosystem;
  records: number;
  /** Normalised package name → [offset, length] of the line holding that package's records. */
  packages: Record<string, [number, number]>;
}

interface Slot {
  offset: number;
  length: number;
  names: string[];
  modified: string;
}

/** Whether timestamp `a` is later than `b` (ISO 8601, with or without fractional seconds). */
function isNewer(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a > b : x > y;
}

/** Appends bytes to a file through a 1 MiB buffer, counting the offset. */
class Appender {
  offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(readonly fd: number) {}

  append(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.offset += chunk.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written);
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const COMMA = Buffer.from(',');
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']\n');

/**
 * Writes one ecosystem's data file. Records are spooled to a temporary file as they are imported
 * (a record seen twice keeps its newest `modified` version); `commit` then writes the data file
 * with each package's records together on one line, so a lookup is one read and one parse.
 */
export class EcosystemWriter {
  private readonly spoolPath: string;
  private readonly spool: Appender;
  private readonly byId = new Map<string, Slot>();

  constructor(
    private readonly dir: string,
    readonly ecosystem: Ecosystem,
  ) {
    this.spoolPath = this.tempPath('spool');
    this.spool = new Appender(openSync(this.spoolPath, 'wx+', 0o600));
  }

  private tempPath(kind: string): string {
    return path.join(
      this.dir,
      `.${dataFileName(this.ecosystem)}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`,
    );
  }

  get records(): number {
    return this.byId.size;
  }

  add(advisory: StoredAdvisory): void {
    const previous = this.byId.get(advisory.id);
    if (previous && !isNewer(advisory.modified, previous.modified)) return;
    const line = Buffer.from(`${JSON.stringify(advisory)}\n`, 'utf8');
    const names = [...new Set(advisory.affected.map((a) => a.name))];
    this.byId.set(advisory.id, {
      offset: this.spool.offset,
      length: line.length - 1,
      names,
      modified: advisory.modified,
    });
    this.spool.append(line);
  }

  /** Writes the grouped records, the index and the footer, and renames the file into place. Returns the package count. */
  commit(): number {
    this.spool.flush();
    const slotsByName = new Map<string, Slot[]>();
    for (const slot of this.byId.values()) {
      for (const name of slot.names) {
        const list = slotsByName.get(name);
        if (list) list.push(slot);
        else slotsByName.set(name, [slot]);
      }
    }
    const temp = this.tempPath('tmp');
    const out = new Appender(openSync(temp, 'wx', 0o644));
    try {
      const packages: Record<string, [number, number]> = Object.create(null);
      for (const name of [...slotsByName.keys()].sort()) {
        const start = out.offset;
        out.append(OPEN);
        slotsByName.get(name)!.forEach((slot, i) => {
          if (i > 0) out.append(COMMA);
          out.append(readAt(this.spool.fd, slot.offset, slot.length));
        });
        out.append(CLOSE);
        packages[name] = [start, out.offset - start - 1];
      }
      const index: IndexSection = {
        format: STORE_FORMAT,
        ecosystem: this.ecosystem,
        records: this.byId.size,
        packages,
      };
      const indexOffset = out.offset;
      out.append(Buffer.from(JSON.stringify(index), 'utf8'));
      out.append(
        Buffer.from(`${FOOTER_PREFIX}${String(indexOffset).padStart(FOOTER_LENGTH - FOOTER_PREFIX.length - 1, '0')}\n`),
      );
      out.flush();
    } catch (error) {
      closeSync(out.fd);
      rmSync(temp, { force: true });
      throw error;
    }
    closeSync(out.fd);
    renameSync(temp, path.join(this.dir, dataFileName(this.ecosystem)));
    this.abort();
    return slotsByName.size;
  }

  /** Removes the spool file (after a commit, or a failed import). */
  abort(): void {
    try {
      closeSync(this.spool.fd);
    } catch {
      // Already closed by an earlier commit or abort.
    }
    rmSync(this.spoolPath, { force: true });
  }
}

/** Why a data file could not be read; the database reports it as ECTUS_IO with the file name. */
export class StoreFormatError extends Error {
  override name = 'StoreFormatError';
}

/** An opened ecosystem data file: its index, and the file identity it was read from. */
export interface EcosystemIndex {
  ecosystem: Ecosystem;
  records: number;
  packages: Record<string, [number, number]>;
  /** `ino:size:mtime`, to notice a re-import that replaced the file. */
  identity: string;
}

function identityOf(fd: number): string {
  const stat = fstatSync(fd);
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** Reads the footer and index of a data file through an open descriptor. */
export function readIndex(fd: number, ecosystem: Ecosystem): EcosystemIndex {
  const identity = identityOf(fd);
  const size = fstatSync(fd).size;
  if (size < FOOTER_LENGTH) throw new StoreFormatError('the file is too short');
  const footer = readAt(fd, size - FOOTER_LENGTH, FOOTER_LENGTH).toString('latin1');
  if (!footer.startsWith(FOOTER_PREFIX)) throw new StoreFormatError('the index footer is missing');
  const indexOffset = Number(footer.slice(FOOTER_PREFIX.length).trim());
  if (!Number.isSafeInteger(indexOffset) || indexOffset < 0 || indexOffset > size - FOOTER_LENGTH) {
    throw new StoreFormatError('the index footer is damaged');
  }
  let index: IndexSection;
  try {
    index = JSON.parse(readAt(fd, indexOffset, size - FOOTER_LENGTH - indexOffset).toString('utf8')) as IndexSection;
  } catch (error) {
    throw new StoreFormatError(`the index is not valid JSON (${(error as Error).message})`);
  }
  if (index.format !== STORE_FORMAT || index.ecosystem !== ecosystem || typeof index.packages !== 'object') {
    throw new StoreFormatError('the index is from another format or ecosystem');
  }
  return { ecosystem, records: index.records, packages: index.packages, identity };
}

/** The stored records of one package (none when the package has no advisory). */
export function readRecords(fd: number, index: EcosystemIndex, name: string): StoredAdvisory[] {
  // Own properties only: package names such as `constructor` must not reach Object.prototype.
  const slot = Object.hasOwn(index.packages, name) ? index.packages[name] : undefined;
  if (!Array.isArray(slot)) return [];
  const bytes = readAt(fd, slot[0], slot[1]);
  try {
    return JSON.parse(bytes.toString('utf8')) as StoredAdvisory[];
  } catch (error) {
    throw new StoreFormatError(`the records of ${name} are damaged (${(error as Error).message})`);
  }
}

/** The current identity of an open data file. */
export function fileIdentity(fd: number): string {
  return identityOf(fd);
}
