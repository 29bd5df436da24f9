import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import { analyzeSource, type ConfiguredRule, hashContent } from './analyze.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { buildReport } from './build-report.js';
import { ScanCache } from './cache.js';
import { discoverFiles } from './files.js';
import { diskProjectFiles, memoryProjectFiles } from './project/project-files.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from './read-source.js';
import { serializeRules } from './rule-config.js';
import type { FileDiagnosticEntry, FileResult, ScanReport, ThreatModel } from './types.js';
import { AnalysisPool, workersAvailable } from './worker-pool.js';

export interface ScanProgress {
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Files or folders to scan. */
  paths: string[];
  /** Folder that finding paths are relative to; defaults to the common folder of `paths`. */
  root?: string;
  rules: readonly ConfiguredRule[];
  threatModel?: ThreatModel;
  /** gitignore-style patterns, on top of .gitignore and .ectusignore. */
  ignore?: string[];
  /** The folder `ignore` patterns are relative to (the config file's folder); defaults to the root. */
  ignoreBase?: string;
  includeNodeModules?: boolean;
  includeGenerated?: boolean;
  maxFileSize?: number;
  /** Ectus's data folder, where the result cache lives; omit to scan without a cache. */
  dataDir?: string;
  /** Worker threads; 0 analyses in the calling thread. Defaults to one per core for large scans. */
  workers?: number;
  baseline?: Baseline;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanOutcome {
  report: ScanReport;
  /** Per-file results (all findings, before baseline filtering), for `--fix` and the cache. */
  results: FileResult[];
}

/** Below this much uncached text, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 512 * 1024;

/** The folder that contains every path (a file's own folder when one file is given). */
export function commonRoot(paths: readonly string[]): string {
  const absolute = paths.map((p) => path.resolve(p));
  const dirs = absolute.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      return path.dirname(p);
    }
  });
  let root = dirs[0] ?? process.cwd();
  for (const dir of dirs.slice(1)) {
    while (root !== path.dirname(root) && path.relative(root, dir).startsWith('..')) root = path.dirname(root);
  }
  return root;
}

/**
 * Identifies the analysis code itself, so the cache is dropped when Ectus is upgraded or rebuilt:
 * the version plus the sizes and times of this folder's modules.
 */
function buildFingerprint(): string {
  const hash = createHash('sha1').update(VERSION);
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        const stat = statSync(full);
        hash.update(`${entry.name}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  }
  return hash.digest('hex');
}

function cacheKey(options: ScanOptions, threatModel: ThreatModel): string {
  return createHash('sha1')
    .update(buildFingerprint())
    .update(JSON.stringify(serializeRules(options.rules)))
    .update(`${threatModel}:${options.includeGenerated === true}:${options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE}`)
    .digest('hex')
    .slice(0, 24);
}

/**
 * Scans files on disk: discovers them (ignore files, generated code), serves unchanged ones from the
 * cache, analyses the rest on all cores and returns the report. Problems with single files are
 * reported in the result; the scan always completes.
 */
export async function scanPaths(options: ScanOptions): Promise<ScanOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const threatModel = options.threatModel ?? 'remote';
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const root = path.resolve(options.root ?? commonRoot(options.paths));
  const discovery = await discoverFiles(options.paths, {
    root,
    includeNodeModules: options.includeNodeModules ?? false,
    ignore: options.ignore ?? [],
    ...(options.ignoreBase ? { ignoreBase: options.ignoreBase } : {}),
    maxFileSize,
  });
  const extraDiagnostics: FileDiagnosticEntry[] = discovery.problems.map((p) => ({
    file: path.relative(root, path.resolve(p.path)).split(path.sep).join('/') || '.',
    code: p.code === 'ECTUS_PATH_NOT_FOUND' ? 'ECTUS_READ_ERROR' : p.code,
    message: p.message,
  }));

  const cache = options.dataDir ? await ScanCache.open(options.dataDir, cacheKey(options, threatModel)) : undefined;
  const files = discovery.files;
  const results: (FileResult | undefined)[] = new Array(files.length);
  let done = 0;
  let cached = 0;
  const progress = (): void => options.onProgress?.({ done, total: files.length });

  const misses: number[] = [];
  let missBytes = 0;
  files.forEach((file, index) => {
    const hit = cache?.lookupByStat(file.absPath, file.size, file.mtimeMs, file.relPath);
    if (hit) {
      results[index] = hit;
      cached++;
      done++;
    } else {
      misses.push(index);
      missBytes += file.size;
    }
  });
  // A result that used other files (followed imports) is stale when any of them changed.
  const unchanged = new Map<string, string>();
  for (const result of results) if (result) unchanged.set(result.file, result.hash);
  for (const [index, result] of results.entries()) {
    if (!result?.dependencies?.some((d) => unchanged.get(d.file) !== d.hash)) continue;
    results[index] = undefined;
    cached--;
    done--;
    misses.push(index);
    missBytes += files[index]?.size ?? 0;
  }
  progress();

  const relPaths = files.map((file) => file.relPath);
  const analyzeOptions = {
    rules: options.rules,
    threatModel,
    includeGenerated: options.includeGenerated ?? false,
    project: diskProjectFiles(root, relPaths, maxFileSize),
  };
  const workerCount =
    options.workers ?? (missBytes >= PARALLEL_THRESHOLD_BYTES && workersAvailable() ? availableParallelism() : 0);
  const pool =
    workerCount > 0
      ? new AnalysisPool(workerCount, options.rules, threatModel, analyzeOptions.includeGenerated, {
          root,
          files: relPaths,
          maxFileSize,
        })
      : null;

  try {
    const analyzeOne = async (index: number): Promise<void> => {
      const file = files[index];
      if (!file) return;
      const read = await readSource(file.absPath, maxFileSize);
      let result: FileResult;
      if (!read.ok) {
        result = {
          file: file.relPath,
          hash: '',
          lines: 0,
          findings: [],
          diagnostics: [read.diagnostic],
          suppressed: 0,
          ...(read.skipped ? { skipped: read.skipped } : {}),
        };
      } else {
        const byHash = cache?.lookupByHash(hashContent(read.text), file.relPath);
        // A result that followed imports is reused by stat only, where its dependencies were checked.
        if (byHash && !byHash.dependencies) {
          result = byHash;
          cached++;
        } else if (pool) result = await pool.analyze(file.relPath, read.text);
        else result = analyzeSource(file.relPath, read.text, analyzeOptions);
        cache?.store(file.absPath, file.size, file.mtimeMs, result);
      }
      results[index] = result;
      done++;
      progress();
    };
    // Largest files first: a big file started last would leave the other workers idle at the end.
    misses.sort((a, b) => (files[b]?.size ?? 0) - (files[a]?.size ?? 0));
    // Keep reads a little ahead of the workers; in-thread analysis goes one file at a time.
    const concurrency = pool ? workerCount * 4 : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, misses.length) }, async () => {
        while (next < misses.length) {
          const index = misses[next++] as number;
          await analyzeOne(index);
        }
      }),
    );
  } finally {
    await pool?.close();
  }
  await cache?.save();

  const complete = results.filter((r): r is FileResult => r !== undefined);
  const all = complete.flatMap((r) => r.findings);
  const filtered = options.baseline ? applyBaseline(all, options.baseline) : { findings: all, baselined: 0 };
  const report = buildReport({
    root,
    version: VERSION,
    startedAt: started,
    threatModel,
    rules: options.rules,
    results: complete,
    findings: filtered.findings,
    baselined: filtered.baselined,
    filesCached: cached,
    extraDiagnostics,
    durationMs: performance.now() - t0,
  });
  return { report, results: complete };
}

export interface SourceFile {
  /** Path relative to the virtual project root, forward slashes. */
  path: string;
  content: string;
}

export interface ScanSourcesOptions {
  rules: readonly ConfiguredRule[];
  threatModel?: ThreatModel;
  includeGenerated?: boolean;
}

/**
 * Scans files held in memory (generated code before it is written, uploads): no disk, no cache,
 * no workers. Same findings as scanning the same files on disk.
 */
export function scanSources(sources: readonly SourceFile[], options: ScanSourcesOptions): ScanReport {
  const started = new Date();
  const t0 = performance.now();
  const threatModel = options.threatModel ?? 'remote';
  const analyzeOptions = {
    rules: options.rules,
    threatModel,
    includeGenerated: options.includeGenerated ?? false,
    project: memoryProjectFiles(sources),
  };
  const results = sources.map((source) =>
    analyzeSource(source.path.replace(/\\/g, '/'), source.content, analyzeOptions),
  );
  return buildReport({
    root: '.',
    version: VERSION,
    startedAt: started,
    threatModel,
    rules: options.rules,
    results,
    filesCached: 0,
    durationMs: performance.now() - t0,
  });
}
