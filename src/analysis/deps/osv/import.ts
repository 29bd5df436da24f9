import { readFileSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../errors.js';
import type { Ecosystem } from '../model.js';
import { ecosystemOf } from './names.js';
import { type OsvRecord, osvRecordSchema } from './schema.js';
import {
  type AdvisoryManifest,
  advisoriesDir,
  dataFileName,
  EcosystemWriter,
  readManifest,
  STORE_FORMAT,
  writeManifest,
} from './store.js';
import { toStoredAdvisories } from './stored.js';
import { openZip, type ZipArchive, ZipFormatError } from './zip.js';

export interface ImportProgress {
  /** Records (JSON documents) read so far. */
  done: number;
  /** Records to read in all. */
  total: number;
}

export interface ImportOptions {
  /** Called every few hundred records and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** The import date to record (tests); defaults to now. */
  now?: Date;
}

export interface EcosystemImportSummary {
  records: number;
  withdrawn: number;
  packages: number;
}

export interface ImportSummary {
  importedAt: string;
  source: string;
  /** Ecosystems the import replaced, with their new counts. */
  ecosystems: Partial<Record<Ecosystem, EcosystemImportSummary>>;
  /** Withdrawn records skipped, all ecosystems together. */
  withdrawn: number;
  /** Records only for ecosystems Ectus does not match (Debian, Alpine, ...), skipped. */
  otherEcosystems: number;
  /** Documents that were not valid JSON or not OSV records. */
  invalid: number;
  /** The first problems met, `file: reason`. */
  problems: string[];
}

const MAX_PROBLEMS = 20;
const PROGRESS_EVERY = 500;

/** One JSON document to import: a file of the folder or an entry of a zip. */
interface Document {
  label: string;
  read(): Buffer;
}

interface Source {
  documents: Document[];
  close(): void;
}

async function listFiles(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subfolders: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) subfolders.push(full);
    else if (entry.isFile() && /\.(json|zip)$/i.test(entry.name)) found.push(full);
  }
  // Depth-first in name order, one folder at a time, so the order is reproducible.
  for (const sub of subfolders) await listFiles(sub, found);
}

function zipDocuments(archive: ZipArchive, label: string): Document[] {
  return archive.entries
    .filter((entry) => entry.name.toLowerCase().endsWith('.json') && !entry.name.endsWith('/'))
    .map((entry) => ({ label: `${label}:${entry.name}`, read: () => archive.read(entry) }));
}

function openArchive(file: string): ZipArchive {
  try {
    return openZip(file);
  } catch (error) {
    if (error instanceof ZipFormatError) {
      throw new AppError('ECTUS_USAGE', `${path.basename(file)} is not a readable ZIP archive: ${error.message}.`);
    }
    throw error;
  }
}

async function openSource(source: string): Promise<Source> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch (error) {
    throw new AppError('ECTUS_PATH_NOT_FOUND', `No advisory folder or zip at ${source}.`, { cause: error });
  }
  const files: string[] = [];
  if (info.isDirectory()) await listFiles(source, files);
  else files.push(source);
  const archives: ZipArchive[] = [];
  const documents: Document[] = [];
  try {
    for (const file of files) {
      const label = path.relative(info.isDirectory() ? source : path.dirname(source), file) || path.basename(file);
      if (file.toLowerCase().endsWith('.zip')) {
        const archive = openArchive(file);
        archives.push(archive);
        documents.push(...zipDocuments(archive, label));
      } else {
        documents.push({ label, read: () => readFileSync(file) });
      }
    }
  } catch (error) {
    for (const archive of archives) archive.close();
    throw error;
  }
  return {
    documents,
    close: () => {
      for (const archive of archives) archive.close();
    },
  };
}

/** Tallies of one import run, kept while documents are read. */
interface Run {
  writers: Map<Ecosystem, EcosystemWriter>;
  withdrawn: Map<Ecosystem, number>;
  summary: ImportSummary;
  dir: string;
}

function problem(run: Run, label: string, reason: string): void {
  run.summary.invalid++;
  if (run.summary.problems.length < MAX_PROBLEMS) run.summary.problems.push(`${label}: ${reason}`);
}

function writerFor(run: Run, ecosystem: Ecosystem): EcosystemWriter {
  let writer = run.writers.get(ecosystem);
  if (!writer) {
    writer = new EcosystemWriter(run.dir, ecosystem);
    run.writers.set(ecosystem, writer);
  }
  return writer;
}

function ecosystemsOf(record: OsvRecord): Set<Ecosystem> {
  const found = new Set<Ecosystem>();
  for (const affected of record.affected ?? []) {
    const ecosystem = affected.package ? ecosystemOf(affected.package.ecosystem) : null;
    if (ecosystem) found.add(ecosystem);
  }
  return found;
}

function importRecord(run: Run, record: OsvRecord): void {
  const ecosystems = ecosystemsOf(record);
  if (ecosystems.size === 0) {
    run.summary.otherEcosystems++;
    return;
  }
  if (record.withdrawn) {
    run.summary.withdrawn++;
    for (const ecosystem of ecosystems) {
      writerFor(run, ecosystem);
      run.withdrawn.set(ecosystem, (run.withdrawn.get(ecosystem) ?? 0) + 1);
    }
    return;
  }
  for (const [ecosystem, advisory] of toStoredAdvisories(record)) writerFor(run, ecosystem).add(advisory);
  // Ecosystems whose entries were GIT-only still count as present in this source.
  for (const ecosystem of ecosystems) writerFor(run, ecosystem);
}

function importDocument(run: Run, document: Document): void {
  let value: unknown;
  try {
    value = JSON.parse(document.read().toString('utf8'));
  } catch (error) {
    problem(run, document.label, error instanceof ZipFormatError ? error.message : 'not valid JSON');
    return;
  }
  // A file may hold one record or an array of them (as some exports and API dumps do).
  for (const item of Array.isArray(value) ? value : [value]) {
    const parsed = osvRecordSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problem(run, document.label, `not an OSV record (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
      continue;
    }
    importRecord(run, parsed.data);
  }
}

function commit(run: Run, manifest: AdvisoryManifest): void {
  for (const [ecosystem, writer] of run.writers) {
    const records = writer.records;
    const packages = writer.commit();
    const withdrawn = run.withdrawn.get(ecosystem) ?? 0;
    run.summary.ecosystems[ecosystem] = { records, withdrawn, packages };
    manifest.ecosystems[ecosystem] = {
      file: dataFileName(ecosystem),
      importedAt: run.summary.importedAt,
      source: run.summary.source,
      records,
      withdrawn,
      packages,
    };
  }
}

/**
 * Imports OSV advisories from a folder of OSV JSON files (searched recursively; `.zip` files in
 * it are read too) or from an OSV `all.zip` export, into `<dataDir>/advisories/`. Each ecosystem
 * present in the source replaces that ecosystem's previous data as a whole; other ecosystems
 * keep theirs. Withdrawn records are skipped and counted; documents that are not OSV records are
 * counted and listed, never fatal.
 *
 * @example
 * const summary = await importAdvisories('npm-all.zip', dataDir(), { onProgress: ({ done, total }) => bar.update(done, total) });
 * summary.ecosystems.npm?.records; // 21004
 */
export async function importAdvisories(
  source: string,
  dataDir: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const dir = advisoriesDir(dataDir);
  await mkdir(dir, { recursive: true });
  const input = await openSource(source);
  const run: Run = {
    dir,
    writers: new Map(),
    withdrawn: new Map(),
    summary: {
      importedAt: (options.now ?? new Date()).toISOString(),
      source: path.basename(path.resolve(source)),
      ecosystems: {},
      withdrawn: 0,
      otherEcosystems: 0,
      invalid: 0,
      problems: [],
    },
  };
  const total = input.documents.length;
  try {
    input.documents.forEach((document, i) => {
      importDocument(run, document);
      if ((i + 1) % PROGRESS_EVERY === 0) options.onProgress?.({ done: i + 1, total });
    });
    options.onProgress?.({ done: total, total });
    const manifest = await readManifest(dir);
    commit(run, manifest);
    await writeManifest(dir, { format: STORE_FORMAT, ecosystems: manifest.ecosystems });
  } catch (error) {
    for (const writer of run.writers.values()) writer.abort();
    throw error;
  } finally {
    input.close();
  }
  return run.summary;
}
