import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { AppError } from '../errors.js';
import { isTestFile } from './analyze.js';
import type { FileResult, Finding } from './types.js';
import { writeFileAtomic } from './write-atomic.js';

/** Bumped when the stored layout changes; other versions read as an empty cache. */
const FORMAT_VERSION = 1;
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

interface StoredCache {
  format: 'ectus-scan-cache';
  version: number;
  /** [absPath, size, mtimeMs, statTrusted, result]: tuples serialise smaller than objects. */
  entries: [string, number, number, boolean, FileResult][];
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
 * hash. Only entries used or stored during this scan are written back, so deleted files drop out.
 * A missing, corrupt or foreign cache file reads as empty; saving never throws.
 *
 * @example
 * const cache = await ScanCache.open(dataDir(), key);
 * const hit = cache.lookupByStat(file.absPath, file.size, file.mtimeMs, file.relPath);
 * // ...analyse misses, cache.store(...) each result...
 * await cache.save();
 */
export class ScanCache {
  readonly #file: string;
  readonly #previous: Map<string, Entry>;
  readonly #current = new Map<string, Entry>();
  readonly #byHash = new Map<string, FileResult[]>();
  #hits = 0;
  /** Why the last `save` did not write the cache, for callers that want to warn. */
  saveError: unknown;

  private constructor(file: string, previous: Map<string, Entry>) {
    this.#file = file;
    this.#previous = previous;
    for (const entry of previous.values()) this.#index(entry.result);
  }

  static async open(dataDir: string, key: string): Promise<ScanCache> {
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('ECTUS_INTERNAL', `Invalid scan cache key ${JSON.stringify(key)}.`);
    }
    const file = path.join(path.resolve(dataDir), 'cache', 'scan', `${key}.bin`);
    let previous = new Map<string, Entry>();
    try {
      previous = decode(await fs.readFile(file));
    } catch {
      // No cache yet, or unreadable: start empty.
    }
    return new ScanCache(file, previous);
  }

  /** Lookups that found a result (by stat or by hash). */
  get hits(): number {
    return this.#hits;
  }

  /** Entries read from disk when the cache was opened. */
  get size(): number {
    return this.#previous.size;
  }

  /**
   * The cached result for a file whose size and modification time are unchanged. With `file`
   * (its path relative to the scan root) the stored result must carry the same path: results depend
   * on it (test files, file type).
   */
  lookupByStat(absPath: string, size: number, mtimeMs: number, file?: string): FileResult | undefined {
    const entry = this.#current.get(absPath) ?? this.#previous.get(absPath);
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
    const candidates = this.#byHash.get(hash);
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
    this.#index(result);
  }

  /** Writes the entries used or stored in this scan and evicts the oldest other cache files. */
  async save(): Promise<void> {
    this.saveError = undefined;
    const stored: StoredCache = {
      format: 'ectus-scan-cache',
      version: FORMAT_VERSION,
      entries: [...this.#current].map(([abs, e]) => [abs, e.size, e.mtimeMs, e.statTrusted, e.result]),
    };
    try {
      await writeFileAtomic(this.#file, v8.serialize(stored), { mkdir: true, mode: 0o600 });
      await evict(path.dirname(this.#file), path.basename(this.#file));
    } catch (error) {
      // The cache only saves time: a read-only or full disk must not fail the scan.
      this.saveError = error;
    }
  }

  #index(result: FileResult): void {
    if (!result.hash) return;
    const list = this.#byHash.get(result.hash);
    if (!list) this.#byHash.set(result.hash, [result]);
    else if (!list.includes(result)) list.push(result);
  }
}

function decode(buffer: Buffer): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const data = v8.deserialize(buffer) as Partial<StoredCache> | null;
  if (data?.format !== 'ectus-scan-cache' || data.version !== FORMAT_VERSION || !Array.isArray(data.entries)) {
    return entries;
  }
  for (const item of data.entries) {
    if (!Array.isArray(item) || item.length !== 5) continue;
    const [abs, size, mtimeMs, statTrusted, result] = item;
    if (typeof abs !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') continue;
    if (!isFileResult(result)) continue;
    entries.set(abs, { size, mtimeMs, statTrusted: statTrusted === true, result });
  }
  return entries;
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
