import { VERSION } from '../version.js';
import { analyzeSource, type ConfiguredRule } from './analyze.js';
import { buildReport } from './build-report.js';
import { memoryProjectFiles } from './project/project-files.js';
import type { ScanReport, ThreatModel } from './types.js';

// Scanning files on disk lives in its own module, which loads the analysis only when a file has to
// be analysed; the CLI imports it directly. Scanning text in memory (below) always analyses.
export type { DeferredRules, ScanOptions, ScanOutcome, ScanProgress } from './scan-paths.js';
export { commonRoot, scanPaths } from './scan-paths.js';

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
