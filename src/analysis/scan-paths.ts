import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import type { ConfiguredRule } from './analyze.js';
import type { Baseline } from './baseline.js';
import { buildReport, describeRule, type ResultsSummary, summarizeResults } from './build-report.js';
import { ScanCache } from './cache.js';
import { type Discovery, discoverFiles } from './files.js';
import { hashContent } from './hash-content.js';
import { diskProjectFiles } from './project/project-files.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from './read-source.js';
import type { FileDiagnosticEntry, FileResult, Finding, RuleDescriptor, ScanReport, ThreatModel } from './types.js';

export interface ScanProgress {
  done: number;
  total: number;
}

/**
 * Rules loaded only when a file has to be analysed: a re-scan served entirely from the cache then
 * never loads (or compiles) the rules and the parser. `key` stands for the rules and every setting
 * of theirs: equal keys must give equal results.
 */
export interface DeferredRules {
  key: string;
  load: () => Promise<readonly ConfiguredRule[]>;
}

export interface ScanOptions {
  /** Files or folders to scan. */
  paths: string[];
  /** Folder that finding paths are relative to; defaults to the common folder of `paths`. */
  root?: string;
  rules: readonly ConfiguredRule[] | DeferredRules;
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
  /**
   * The files, when the caller already listed them with `discoverFiles` for these paths and
   * settings (the CLI lists sources and lockfiles in one walk); otherwise the scan lists them.
   */
  discovery?: Discovery;
  /**
   * False when the caller needs only the report, not `ScanOutcome.results`: a tree that did not
   * change is then reported from the summary the cache keeps, without loading each file's result.
   */
  perFileResults?: boolean;
}

export interface ScanOutcome {
  report: ScanReport;
  /**
   * Per-file results (all findings, before baseline filtering), for `--fix` and the cache. Empty
   * when `perFileResults` was false and the report came from the cache's summary.
   */
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
 * the version plus the sizes and times of the modules of this folder and of the configuration
 * folder beside it (which turns settings into rule options). Declaration files do not run.
 */
function buildFingerprint(): string {
  const hash = createHash('sha1').update(VERSION);
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const stack = [path.join(path.dirname(dir), 'config'), dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    // Any fixed order will do; code-point order needs no collation tables (localeCompare would).
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        const stat = statSync(full);
        hash.update(`${entry.name}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  }
  return hash.digest('hex');
}

function isDeferred(rules: ScanOptions['rules']): rules is DeferredRules {
  return 'load' in rules && typeof rules.load === 'function';
}

async function cacheKey(options: ScanOptions, threatModel: ThreatModel): Promise<string> {
  const { rules } = options;
  // Rules at hand are keyed by their settings; deferred ones by the key their owner gives.
  const ruleKey = isDeferred(rules)
    ? `deferred:${rules.key}`
    : JSON.stringify((await import('./rule-config.js')).serializeRules(rules));
  return createHash('sha1')
    .update(buildFingerprint())
    .update(ruleKey)
    .update(`${threatModel}:${options.includeGenerated === true}:${options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE}`)
    .digest('hex')
    .slice(0, 24);
}

/**
 * Scans files on disk: discovers them (ignore files, generated code), serves unchanged ones from the
 * cache, analyses the rest on all cores and returns the report. Problems with single files are
 * reported in the result; the scan always completes. The parser, the rules and the workers are
 * loaded only when some file has to be analysed.
 */
export async function scanPaths(options: ScanOptions): Promise<ScanOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const threatModel = options.threatModel ?? 'remote';
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const root = path.resolve(options.root ?? commonRoot(options.paths));
  const discovery =
    options.discovery ??
    (await discoverFiles(options.paths, {
      root,
      includeNodeModules: options.includeNodeModules ?? false,
      ignore: options.ignore ?? [],
      ...(options.ignoreBase ? { ignoreBase: options.ignoreBase } : {}),
      maxFileSize,
    }));
  const extraDiagnostics: FileDiagnosticEntry[] = discovery.problems.map((p) => ({
    file: path.relative(root, path.resolve(p.path)).split(path.sep).join('/') || '.',
    code: p.code === 'ECTUS_PATH_NOT_FOUND' ? 'ECTUS_READ_ERROR' : p.code,
    message: p.message,
  }));

  const cache = options.dataDir
    ? await ScanCache.open(options.dataDir, await cacheKey(options, threatModel))
    : undefined;
  const files = discovery.files;
  const run = { root, started, t0, threatModel, extraDiagnostics };

  // Nothing changed since the cache was written: report from its summary, loading no result.
  const summary = options.perFileResults === false && !options.baseline ? cache?.summaryFor(files) : undefined;
  if (cache && summary) {
    const rules = await ruleDescriptors(options.rules, cache, undefined);
    await cache.save();
    options.onProgress?.({ done: files.length, total: files.length });
    return { report: reportOf(run, rules, summary, files.length), results: [] };
  }

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
  if (results.some((result) => result?.dependencies)) {
    for (const result of results) if (result) unchanged.set(result.file, result.hash);
  }
  for (const [index, result] of results.entries()) {
    if (!result?.dependencies?.some((d) => unchanged.get(d.file) !== d.hash)) continue;
    results[index] = undefined;
    cached--;
    done--;
    misses.push(index);
    missBytes += files[index]?.size ?? 0;
  }
  progress();

  let uncached = 0;
  let loaded: readonly ConfiguredRule[] | undefined;
  if (misses.length > 0) {
    const rules = isDeferred(options.rules) ? await options.rules.load() : options.rules;
    loaded = rules;
    const context = { options, root, threatModel, maxFileSize, files, misses, missBytes, results, rules, cache };
    await analyseMisses(context, (outcome) => {
      if (outcome === 'from-cache') cached++;
      if (outcome === 'not-cached') uncached++;
      done++;
      progress();
    });
  }
  const rules = await ruleDescriptors(options.rules, cache, loaded);

  const complete = results.filter((r): r is FileResult => r !== undefined);
  const resultsSummary = summarizeResults(complete);
  // Kept only when it describes exactly the results the cache holds.
  cache?.setSummary(uncached === 0 && dependenciesHeld(complete) ? resultsSummary : undefined);
  await cache?.save();

  if (!options.baseline) return { report: reportOf(run, rules, resultsSummary, cached), results: complete };
  const { applyBaseline } = await import('./baseline.js');
  const filtered = applyBaseline(
    complete.flatMap((r) => r.findings),
    options.baseline,
  );
  return { report: reportOf(run, rules, resultsSummary, cached, filtered), results: complete };
}

/** What a scan run adds to a summary of results to make its report. */
interface RunFacts {
  root: string;
  started: Date;
  t0: number;
  threatModel: ThreatModel;
  extraDiagnostics: FileDiagnosticEntry[];
}

function reportOf(
  run: RunFacts,
  rules: readonly RuleDescriptor[],
  summary: ResultsSummary,
  filesCached: number,
  filtered?: { findings: Finding[]; baselined: number },
): ScanReport {
  return buildReport({
    root: run.root,
    version: VERSION,
    startedAt: run.started,
    threatModel: run.threatModel,
    rules,
    summary,
    ...(filtered ? { findings: filtered.findings, baselined: filtered.baselined } : {}),
    filesCached,
    extraDiagnostics: run.extraDiagnostics,
    durationMs: performance.now() - run.t0,
  });
}

/**
 * The rules as the report describes them: from the rules at hand (or `loaded` for analysis), else
 * from the cache, else by loading the deferred rules. The cache records them either way.
 */
async function ruleDescriptors(
  rules: ScanOptions['rules'],
  cache: ScanCache | undefined,
  loaded: readonly ConfiguredRule[] | undefined,
): Promise<readonly RuleDescriptor[]> {
  let descriptors = cache?.rules;
  if (!isDeferred(rules)) descriptors = rules.map(describeRule);
  else if (loaded) descriptors = loaded.map(describeRule);
  else if (!descriptors) descriptors = (await rules.load()).map(describeRule);
  cache?.setRules(descriptors);
  return descriptors;
}

/** Every file a result followed is among the results, unchanged: the summary then holds as long as they do. */
function dependenciesHeld(results: readonly FileResult[]): boolean {
  if (!results.some((r) => r.dependencies)) return true;
  const hashes = new Map(results.map((r) => [r.file, r.hash]));
  return results.every((r) => !r.dependencies || r.dependencies.every((d) => hashes.get(d.file) === d.hash));
}

interface MissContext {
  options: ScanOptions;
  root: string;
  threatModel: ThreatModel;
  maxFileSize: number;
  files: Discovery['files'];
  /** Indexes into `files` of the files to analyse. */
  misses: number[];
  missBytes: number;
  /** Filled in place. */
  results: (FileResult | undefined)[];
  rules: readonly ConfiguredRule[];
  cache: ScanCache | undefined;
}

/**
 * Reads and analyses the files the cache could not serve by stat (in worker threads for large
 * amounts), storing each result in `results` and the cache. `onDone` is told of each file, and
 * whether the cache served it by content hash after all.
 */
async function analyseMisses(
  context: MissContext,
  onDone: (outcome: 'analysed' | 'from-cache' | 'not-cached') => void,
): Promise<void> {
  const { options, root, threatModel, maxFileSize, files, misses, missBytes, results, rules, cache } = context;
  const [{ analyzeSource }, { AnalysisPool, workersAvailable }] = await Promise.all([
    import('./analyze.js'),
    import('./worker-pool.js'),
  ]);
  const relPaths = files.map((file) => file.relPath);
  const analyzeOptions = {
    rules,
    threatModel,
    includeGenerated: options.includeGenerated ?? false,
    project: diskProjectFiles(root, relPaths, maxFileSize),
  };
  const workerCount =
    options.workers ?? (missBytes >= PARALLEL_THRESHOLD_BYTES && workersAvailable() ? availableParallelism() : 0);
  const pool =
    workerCount > 0
      ? new AnalysisPool(workerCount, rules, threatModel, analyzeOptions.includeGenerated, {
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
      let outcome: 'analysed' | 'from-cache' | 'not-cached' = 'analysed';
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
        outcome = 'not-cached';
      } else {
        const byHash = cache?.lookupByHash(hashContent(read.text), file.relPath);
        // A result that followed imports is reused by stat only, where its dependencies were checked.
        if (byHash && !byHash.dependencies) {
          result = byHash;
          outcome = 'from-cache';
        } else if (pool) result = await pool.analyze(file.relPath, read.text);
        else result = analyzeSource(file.relPath, read.text, analyzeOptions);
        cache?.store(file.absPath, file.size, file.mtimeMs, result);
      }
      results[index] = result;
      onDone(outcome);
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
}
