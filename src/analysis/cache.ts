import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { AppError } from '../errors.js';
import type { ResultsSummary } from './build-report.js';
import { isTestFile } from './test-file.js';
import type { FileResult, Finding, RuleDescriptor } from './types.js';
import { writeFileAtomic } from './write-atomic.js';

/** Bumped when the stored layout changes; other versions read as an empty cache. */
const FORMAT_VERSION = 2;
/** Cache files kept per data folder: one per rule configuration, oldest evicted first. */
export const MAX_CACHE_FILES = 8;
/**
 * A file modified within this window of being cached may change again without its size or time
 * changing (coarse file-system clocks), so its entry is trusted by content hash only.
 */
const RACY_WINDOW_MS = 2000;
/** Temporary files older than this were left by a crashed run. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

interface Entry {
  size: number;
  mtimeMs: number;
  /** False when the entry was stored too soon after the file's modification to trust its stat. */
  statTrusted: boolean;
  result: FileResult;
}

/**
 * The layout on disk: one column per field (columns load faster than an object per file), the
 * results as a nested serialisation decoded only when one is looked up, and the summary of exactly
 * these results when one was stored. Entries are sorted by `files`, the order of a scan's files.
 */
interface StoredCache {
  format: 'ectus-scan-cache';
  version: number;
  paths: string[];
  /** Each result's path relative to its scan root (`FileResult.file`). */
  files: string[];
  sizes: number[];
  mtimes: number[];
  trusted: boolean[];
  /** v8-serialised `FileResult[]`, one per entry. */
  results: Uint8Array;
  /** The rules that produced the results, as reports describe them. */
  rules?: RuleDescriptor[];
  summary?: ResultsSummary;
}

/** A file of a scan, as discovery lists it. */
interface ListedFile {
  absPath: string;
  relPath: string;
  size: number;
  mtimeMs: number;
}

type StoredEntries = Pick<StoredCache, 'paths' | 'files' | 'sizes' | 'mtimes' | 'trusted' | 'results'>;

interface Loaded {
  entries: StoredEntries;
  rules: RuleDescriptor[] | undefined;
  summary: ResultsSummary | undefined;
}

/**
 * Derives a cache key from everything that changes analysis results (tool version, rules and their
 * configuration, threat model). Object keys are sorted so equal settings give equal keys.
 *
 * @example
 * const key = scanCacheKey({ version: VERSION, rules: serializeRules(rules), threatModel });
 */
export function scanCacheKey(parts: unknown): string {
  return createHash('sha1').update(stableJson(parts)).digest('hex').slice(0, 24);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Results of earlier scans under one configuration key, so an unchanged tree re-scans almost
 * instantly. Files are matched by path + size + modification time, or (after reading) by content
 * hash. Only entries used or stored during this scan are written back, so deleted files drop out;
 * when every entry was used and nothing was stored, the file is left as it is (only its time is
 * renewed). Beside the results it keeps the descriptions of the rules that produced them and the
 * summary a report makes of them, so a tree that did not change is reported without loading the
 * rules or any single result. A missing, corrupt or foreign cache file reads as empty; saving
 * never throws.
 *
 * @example
 * const cache = await ScanCache.open(dataDir(), key);
 * const hit = cache.lookupByStat(file.absPath, file.size, file.mtimeMs, file.relPath);
 * // ...analyse misses, cache.store(...) each result...
 * await cache.save();
 */
export class ScanCache {
  readonly #file: string;
  /** The entries read at `open`; undefined when there was no usable file. */
  readonly #stored: StoredEntries | undefined;
  /** Position of each stored entry by absolute path, built on the first lookup. */
  #positions: Map<string, number> | undefined;
  /** The stored results, decoded on the first lookup (undefined where one is unusable). */
  #storedResults: (FileResult | undefined)[] | undefined;
  readonly #current = new Map<string, Entry>();
  /** Built on the first lookup by hash: a re-scan of an unchanged tree never needs it. */
  #byHash: Map<string, FileResult[]> | undefined;
  #rules: RuleDescriptor[] | undefined;
  #summary: ResultsSummary | undefined;
  /** Something was stored, or the rules or summary changed, since the file was read. */
  #changed = false;
  /** `summaryFor` matched: every stored entry is in use. */
  #allUsed = false;
  #hits = 0;
  /** Why the last `save` did not write the cache, for callers that want to warn. */
  saveError: unknown;

  private constructor(file: string, loaded: Loaded | undefined) {
    this.#file = file;
    this.#stored = loaded?.entries;
    this.#rules = loaded?.rules;
    this.#summary = loaded?.summary;
  }

  static async open(dataDir: string, key: string): Promise<ScanCache> {
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('ECTUS_INTERNAL', `Invalid scan cache key ${JSON.stringify(key)}.`);
    }
    const file = path.join(path.resolve(dataDir), 'cache', 'scan', `${key}.bin`);
    let loaded: Loaded | undefined;
    try {
      // Read in one call: nothing else runs meanwhile, and the promise API would add round trips
      // through the thread pool (which a busy machine makes slow) for open, stat, read and close.
      loaded = decode(readFileSync(file));
    } catch {
      // No cache yet, or unreadable: start empty.
    }
    return new ScanCache(file, loaded);
  }

  /** The rules stored with the results, as `setRules` recorded them; undefined when unknown. */
  get rules(): readonly RuleDescriptor[] | undefined {
    return this.#rules;
  }

  /** Records the rules that produce this scan's results; saved with them. */
  setRules(rules: readonly RuleDescriptor[]): void {
    if (this.#rules && JSON.stringify(this.#rules) === JSON.stringify(rules)) return;
    this.#rules = structuredClone([...rules]);
    this.#changed = true;
  }

  /** Lookups that found a result (by stat or by hash), and files `summaryFor` matched. */
  get hits(): number {
    return this.#hits;
  }

  /** Entries read from disk when the cache was opened. */
  get size(): number {
    return this.#stored?.paths.length ?? 0;
  }

  /**
   * The stored summary, when the stored results are exactly those of these files (a scan's files,
   * sorted by path): the same paths, sizes and modification times, none stored too soon after a
   * change to trust its stat. Every entry then counts as used, and no result is decoded. A result
   * that followed imports needs no check here: the files it read are among these, unchanged.
   */
  summaryFor(files: readonly ListedFile[]): ResultsSummary | undefined {
    const stored = this.#stored;
    const summary = this.#summary;
    if (!stored || !summary || this.#changed || this.#current.size > 0) return undefined;
    if (files.length !== stored.paths.length || summary.files !== files.length) return undefined;
    for (let i = 0; i < files.length; i++) {
      const file = files[i] as ListedFile;
      if (
        stored.trusted[i] !== true ||
        stored.paths[i] !== file.absPath ||
        stored.files[i] !== file.relPath ||
        stored.sizes[i] !== file.size ||
        stored.mtimes[i] !== file.mtimeMs
      ) {
        return undefined;
      }
    }
    this.#allUsed = true;
    this.#hits += files.length;
    return summary;
  }

  /**
   * Records the summary of this scan's results (`summarizeResults`, in the order of the scan's
   * files), saved with them; undefined when some file's result is not in the cache. When nothing
   * was stored and every entry was used, the summary already stored (of the same results) stays.
   */
  setSummary(summary: ResultsSummary | undefined): void {
    if (summary === this.#summary || (this.#summary && !this.#changed && this.#unchanged())) return;
    this.#summary = summary;
    this.#changed = true;
  }

  /**
   * The cached result for a file whose size and modification time are unchanged. With `file`
   * (its path relative to the scan root) the stored result must carry the same path: results depend
   * on it (test files, file type).
   */
  lookupByStat(absPath: string, size: number, mtimeMs: number, file?: string): FileResult | undefined {
    const entry = this.#current.get(absPath) ?? this.#storedEntry(absPath);
    if (!entry?.statTrusted || entry.size !== size || entry.mtimeMs !== mtimeMs) return undefined;
    if (file !== undefined && entry.result.file !== file) return undefined;
    this.#current.set(absPath, entry);
    this.#hits++;
    return entry.result;
  }

  /**
   * The cached result for a content hash (a file that was touched, moved or copied). With `file`,
   * the result is re-labelled with that path; a result stored under another path is used only when
   * it was analysed the same way (same test-file status and file type). Call `store` afterwards so
   * the next scan hits by stat.
   */
  lookupByHash(hash: string, file?: string): FileResult | undefined {
    const candidates = this.#hashIndex().get(hash);
    if (!candidates || candidates.length === 0) return undefined;
    let result: FileResult | undefined;
    if (file === undefined) result = candidates[0];
    else {
      const same = candidates.find((c) => c.file === file);
      if (same) result = same;
      else {
        const profile = analysisProfile(file);
        for (const candidate of candidates) {
          if (analysisProfile(candidate.file) !== profile) continue;
          result = relabel(candidate, file);
          if (result) break;
        }
      }
    }
    if (result) this.#hits++;
    return result;
  }

  store(absPath: string, size: number, mtimeMs: number, result: FileResult): void {
    const statTrusted = Date.now() - mtimeMs >= RACY_WINDOW_MS;
    this.#current.set(absPath, { size, mtimeMs, statTrusted, result });
    this.#changed = true;
    if (this.#byHash) this.#index(this.#byHash, result);
  }

  /**
   * Writes the entries used or stored in this scan and evicts the oldest other cache files. When
   * the file read at `open` would be written again unchanged (every entry used, none stored), only
   * its modification time is renewed, which is what eviction goes by.
   */
  async save(): Promise<void> {
    this.saveError = undefined;
    if (this.#stored && !this.#changed && this.#unchanged()) {
      const now = new Date();
      const touched = await fs.utimes(this.#file, now, now).then(
        () => true,
        () => false,
      );
      if (touched) return;
    }
    try {
      await writeFileAtomic(this.#file, this.#encode(), { mkdir: true, mode: 0o600 });
      await evict(path.dirname(this.#file), path.basename(this.#file));
    } catch (error) {
      // The cache only saves time: a read-only or full disk must not fail the scan.
      this.saveError = error;
    }
  }

  #encode(): Buffer {
    // Entries `summaryFor` matched are in use without having been looked up one by one.
    if (this.#allUsed) {
      for (const absPath of this.#stored?.paths ?? []) {
        const entry = this.#current.get(absPath) ?? this.#storedEntry(absPath);
        if (entry) this.#current.set(absPath, entry);
      }
    }
    const entries = [...this.#current].sort(([, a], [, b]) => byCodePoint(a.result.file, b.result.file));
    const summary = this.#summary?.files === entries.length ? this.#summary : undefined;
    const stored: StoredCache = {
      format: 'ectus-scan-cache',
      version: FORMAT_VERSION,
      paths: entries.map(([absPath]) => absPath),
      files: entries.map(([, e]) => e.result.file),
      sizes: entries.map(([, e]) => e.size),
      mtimes: entries.map(([, e]) => e.mtimeMs),
      trusted: entries.map(([, e]) => e.statTrusted),
      results: v8.serialize(entries.map(([, e]) => e.result)),
      ...(this.#rules ? { rules: this.#rules } : {}),
      ...(summary ? { summary } : {}),
    };
    return v8.serialize(stored);
  }

  /** Nothing stored and every stored entry used: the results are the stored ones. */
  #unchanged(): boolean {
    return this.#allUsed || this.#current.size === this.size;
  }

  #storedEntry(absPath: string): Entry | undefined {
    const stored = this.#stored;
    if (!stored) return undefined;
    this.#positions ??= new Map(stored.paths.map((p, i) => [p, i]));
    const at = this.#positions.get(absPath);
    if (at === undefined) return undefined;
    const result = this.#decodedResults()[at];
    if (!result) return undefined;
    return {
      size: stored.sizes[at] as number,
      mtimeMs: stored.mtimes[at] as number,
      statTrusted: stored.trusted[at] === true,
      result,
    };
  }

  /** The stored results by position; a list that does not decode, or an entry that is not a result, is unusable. */
  #decodedResults(): (FileResult | undefined)[] {
    if (!this.#storedResults) {
      const stored = this.#stored;
      let list: unknown;
      try {
        list = stored ? v8.deserialize(stored.results) : [];
      } catch {
        list = [];
      }
      const files = stored?.files ?? [];
      this.#storedResults =
        Array.isArray(list) && list.length === files.length
          ? list.map((r, i) => (isFileResult(r) && r.file === files[i] ? r : undefined))
          : [];
    }
    return this.#storedResults;
  }

  #hashIndex(): Map<string, FileResult[]> {
    if (!this.#byHash) {
      const index = new Map<string, FileResult[]>();
      for (const result of this.#decodedResults()) if (result) this.#index(index, result);
      for (const entry of this.#current.values()) this.#index(index, entry.result);
      this.#byHash = index;
    }
    return this.#byHash;
  }

  #index(index: Map<string, FileResult[]>, result: FileResult): void {
    if (!result.hash) return;
    const list = index.get(result.hash);
    if (!list) index.set(result.hash, [result]);
    else if (!list.includes(result)) list.push(result);
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isColumn<T>(value: unknown, length: number, is: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.length === length && value.every(is);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/**
 * The stored columns, rules and summary; undefined for a file of another format or version, or
 * whose columns do not line up (read as empty). The results themselves are checked when decoded.
 */
function decode(buffer: Buffer): Loaded | undefined {
  const data = v8.deserialize(buffer) as Partial<StoredCache> | null;
  if (data?.format !== 'ectus-scan-cache' || data.version !== FORMAT_VERSION || !Array.isArray(data.paths)) {
    return undefined;
  }
  const { paths, files, sizes, mtimes, trusted, results } = data;
  const n = paths.length;
  if (
    !isColumn(paths, n, isString) ||
    !isColumn(files, n, isString) ||
    !isColumn(sizes, n, isNumber) ||
    !isColumn(mtimes, n, isNumber) ||
    !isColumn(trusted, n, isBoolean) ||
    !(results instanceof Uint8Array)
  ) {
    return undefined;
  }
  return {
    entries: { paths, files, sizes, mtimes, trusted, results },
    rules: Array.isArray(data.rules) && data.rules.every(isRuleDescriptor) ? data.rules : undefined,
    summary: isResultsSummary(data.summary) ? data.summary : undefined,
  };
}

function isResultsSummary(value: unknown): value is ResultsSummary {
  const s = value as ResultsSummary;
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.findings) &&
    Array.isArray(s.diagnostics) &&
    Array.isArray(s.hotspots) &&
    Array.isArray(s.fileSummaries) &&
    Array.isArray(s.skippedFiles) &&
    [s.files, s.filesSkipped, s.lines, s.suppressed].every(isNumber)
  );
}

function isRuleDescriptor(value: unknown): value is RuleDescriptor {
  const r = value as RuleDescriptor;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.description === 'string' &&
    typeof r.category === 'string' &&
    typeof r.severity === 'string' &&
    Array.isArray(r.cwe) &&
    typeof r.fixable === 'boolean'
  );
}

function isFileResult(value: unknown): value is FileResult {
  const r = value as FileResult;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.file === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.lines === 'number' &&
    typeof r.suppressed === 'number' &&
    Array.isArray(r.findings) &&
    Array.isArray(r.diagnostics)
  );
}

/** Files analysed alike when their content is equal: same test status and same compound extension. */
function analysisProfile(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.indexOf('.', 1);
  return `${isTestFile(file)}:${dot === -1 ? '' : base.slice(dot)}`;
}

/**
 * A copy of a result under another path. Fingerprints include the path, so each is re-derived: the
 * occurrence number it was built from is recovered by trying the few candidates. When that fails
 * (a different fingerprint scheme) the result is not reused.
 */
function relabel(result: FileResult, file: string): FileResult | undefined {
  const findings: Finding[] = [];
  for (const finding of result.findings) {
    const fingerprint = refingerprint(finding, result.file, file, result.findings.length);
    if (fingerprint === undefined) return undefined;
    findings.push({ ...finding, file, fingerprint });
  }
  return { ...result, file, findings };
}

function refingerprint(finding: Finding, oldFile: string, newFile: string, limit: number): string | undefined {
  const lineText = (finding.snippet.split('\n')[0] ?? '').trim().replace(/\s+/g, ' ');
  const tail = `${lineText}\0${finding.message}`;
  for (let occurrence = 0; occurrence < limit; occurrence++) {
    if (fingerprintOf(`${finding.ruleId}\0${oldFile}\0${tail}`, occurrence) === finding.fingerprint) {
      return fingerprintOf(`${finding.ruleId}\0${newFile}\0${tail}`, occurrence);
    }
  }
  return undefined;
}

/** Mirrors the engine's fingerprint: sha1 of the identity and occurrence, 20 hex digits. */
function fingerprintOf(identity: string, occurrence: number): string {
  return createHash('sha1').update(`${identity}\0${occurrence}`).digest('hex').slice(0, 20);
}

async function evict(dir: string, keep: string): Promise<void> {
  const names = await fs.readdir(dir);
  const now = Date.now();
  const caches: { name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
    if (!stat) continue;
    if (name.endsWith('.tmp')) {
      if (now - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(path.join(dir, name), { force: true });
    } else if (name.endsWith('.bin') && name !== keep) caches.push({ name, mtimeMs: stat.mtimeMs });
  }
  caches.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of caches.slice(MAX_CACHE_FILES - 1)) await fs.rm(path.join(dir, old.name), { force: true });
}
