import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Baseline } from '../../analysis/baseline.js';
import { buildReport } from '../../analysis/build-report.js';
import { scanCacheKey } from '../../analysis/cache.js';
import { isLockfileName, isLockfilePath } from '../../analysis/deps/lockfiles/names.js';
import type { AdvisorySource, DependencyScan } from '../../analysis/deps/scan-dependencies.js';
import { type DiscoveredFile, type Discovery, discoverFiles, isSourceFile } from '../../analysis/files.js';
import { DEFAULT_MAX_FILE_SIZE } from '../../analysis/read-source.js';
import { loadRenderer, REPORT_FORMATS, type ReportFormat } from '../../analysis/report/formats.js';
import {
  commonRoot,
  type DeferredRules,
  type ScanOptions,
  type ScanOutcome,
  type ScanProgress,
  scanPaths,
} from '../../analysis/scan-paths.js';
import {
  type FileResult,
  type Finding,
  type ScanReport,
  SEVERITIES,
  type Severity,
  severityRank,
  THREAT_MODELS,
  type ThreatModel,
} from '../../analysis/types.js';
import { dataDir } from '../../config/data-dir.js';
import { type FrozenConfig, type LoadedConfig, loadConfig, type RuleCatalog, resolveRules } from '../../config/load.js';
import { AppError, isAppError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { ProgressBar } from '../progress.js';

// A re-scan of an unchanged tree is served from the cache, so what dominates it is starting up:
// the modules behind the rules, the parser, the dependency check, the baseline, --fix and the
// report formats are imported only when this scan needs them.

interface ScanFlags {
  format: ReportFormat;
  output?: string;
  failOn?: Severity;
  threatModel?: ThreatModel;
  cache: boolean;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  fix?: boolean;
  includeNodeModules?: boolean;
  includeGenerated?: boolean;
  workers?: string;
  progress: boolean;
  color?: boolean;
  /** Only the lockfiles: no source analysis. */
  depsOnly?: boolean;
  /** False with --no-deps: no lockfile check. */
  deps: boolean;
  /** Ask the OSV API instead of the local advisory database. */
  online?: boolean;
  osvUrl?: string;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'Analyse JavaScript/TypeScript files for bugs, vulnerabilities, fake implementations and complexity, and check the dependencies pinned in lockfiles against known advisories.',
    )
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit with 1 when a finding is at or above this severity (default: low)',
      ).choices(SEVERITIES),
    )
    .addOption(
      new Option(
        '--threat-model <model>',
        'who controls the input: remote (HTTP), library (API callers), local',
      ).choices(THREAT_MODELS),
    )
    .option('--no-cache', 'analyse every file again instead of reusing cached results')
    .option(
      '-c, --config <file>',
      'configuration file (default: ectus.config.{json,yaml} found from the scanned folder up)',
    )
    .option('--baseline <file>', 'hide findings already listed in this baseline file')
    .option('--write-baseline <file>', 'write every current finding to a baseline file')
    .option('--fix', 'apply the safe autofixes to the files')
    .option('--include-node-modules', 'scan node_modules folders too')
    .option('--include-generated', 'analyse minified and generated files instead of skipping them')
    .option('--workers <n>', 'number of worker threads (default: one per core for large scans)')
    .option('--deps-only', 'only check the dependencies pinned in lockfiles, not the source files')
    .option('--no-deps', 'do not check the dependencies pinned in lockfiles')
    .option('--online', 'match dependencies with the OSV API (osv.dev) instead of the local advisory database')
    .option('--osv-url <url>', 'base URL of the OSV API for --online, e.g. a mirror (default https://api.osv.dev)')
    .option('--no-progress', 'never show the progress bar')
    .option('--no-color', 'never colour the text report')
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(paths, flags);
    });
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256) {
    throw new AppError('ECTUS_USAGE', `--workers must be a whole number from 0 to 256, got "${value}".`);
  }
  return n;
}

/** Run-time pieces of a scan that do not come from the configuration. */
interface ScanExtras {
  workers: number | undefined;
  baseline: Baseline | undefined;
  bar: ProgressBar;
  /** The files, when the sources and lockfiles were listed together. */
  discovery: Discovery | undefined;
}

/** Every rule Ectus knows, loaded on demand: for checking a configuration file's `rules`. */
async function ruleCatalog(): Promise<RuleCatalog> {
  const [{ RULES }, { DEPENDENCY_RULE }] = await Promise.all([
    import('../../analysis/rules/index.js'),
    import('../../analysis/deps/scan-dependencies.js'),
  ]);
  return { knownRuleIds: [...RULES.map((r) => r.id), DEPENDENCY_RULE.id], rules: RULES };
}

/**
 * The configured rules, loaded only when a file has to be analysed. They follow from the rules'
 * code (in the scan cache's key already) and these two settings, which therefore key them.
 */
function deferredRules(config: FrozenConfig): DeferredRules {
  return {
    key: scanCacheKey({ rules: config.rules ?? null, complexity: config.complexity ?? null }),
    load: async () => resolveRules(config, (await import('../../analysis/rules/index.js')).RULES),
  };
}

/** What to scan and how: command-line flags take precedence over the configuration file. */
function scanOptions(
  paths: string[],
  root: string,
  loaded: LoadedConfig,
  flags: ScanFlags,
  extras: ScanExtras,
): ScanOptions {
  const { config } = loaded;
  const { workers, baseline, bar, discovery } = extras;
  return {
    paths,
    root,
    rules: deferredRules(config),
    threatModel: flags.threatModel ?? config.threatModel ?? 'remote',
    ignore: [...(config.ignore ?? [])],
    ...(loaded.path ? { ignoreBase: path.dirname(loaded.path) } : {}),
    includeNodeModules: includeNodeModules(loaded, flags),
    includeGenerated: flags.includeGenerated ?? config.includeGenerated ?? false,
    ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}),
    ...(flags.cache ? { dataDir: dataDir() } : {}),
    ...(workers === undefined ? {} : { workers }),
    ...(baseline ? { baseline } : {}),
    ...(flags.progress ? { onProgress: ({ done, total }: ScanProgress) => bar.update(done, total) } : {}),
    ...(discovery ? { discovery } : {}),
    // Only --fix and --write-baseline use each file's result; the report alone can come from the cache.
    perFileResults: flags.fix === true || flags.writeBaseline !== undefined,
  };
}

function includeNodeModules(loaded: LoadedConfig, flags: ScanFlags): boolean {
  return flags.includeNodeModules ?? loaded.config.includeNodeModules ?? false;
}

/** The files of the scan split into the sources (with the walk's problems) and the lockfile candidates. */
interface SharedListing {
  sources: Discovery;
  lockfiles: DiscoveredFile[];
}

function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

/**
 * Lists the sources and the lockfiles in one walk of the tree. Undefined when the two lists differ
 * in more than the file names (the lockfile check never enters node_modules): each is then listed
 * on its own.
 */
async function listTogether(paths: string[], root: string, loaded: LoadedConfig, flags: ScanFlags) {
  if (flags.depsOnly || !flags.deps || includeNodeModules(loaded, flags)) return undefined;
  const listing = await discoverFiles(paths, {
    root,
    includeNodeModules: false,
    ignore: [...(loaded.config.ignore ?? [])],
    ...(loaded.path ? { ignoreBase: path.dirname(loaded.path) } : {}),
    maxFileSize: loaded.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    accept: (name) => isSourceFile(name) || isLockfileName(name),
  });
  const shared: SharedListing = { sources: { files: [], problems: listing.problems }, lockfiles: [] };
  for (const file of listing.files) {
    if (isSourceFile(baseName(file.relPath))) shared.sources.files.push(file);
    else shared.lockfiles.push(file);
  }
  return shared;
}

function plural(count: number, word: string, suffix = 's'): string {
  return `${count} ${word}${count === 1 ? '' : suffix}`;
}

/** `--fix`: writes the safe fixes, then drops the findings they resolved from the report. */
async function applyFixes(report: ScanReport, results: FileResult[]): Promise<void> {
  const { applyFixesToFiles } = await import('../../analysis/apply-fixes.js');
  const outcome = await applyFixesToFiles(report.root, results);
  const fixed = new Set(outcome.fixedFiles);
  report.findings = report.findings.filter((f) => !(f.fix && fixed.has(f.file)));
  report.summary.findings = report.findings.length;
  for (const severity of SEVERITIES) report.summary.bySeverity[severity] = 0;
  for (const finding of report.findings) report.summary.bySeverity[finding.severity]++;
  const fixes = plural(outcome.appliedFixes, 'fix', 'es');
  process.stderr.write(`Applied ${fixes} in ${plural(outcome.fixedFiles.length, 'file')}.\n`);
  for (const file of outcome.skippedChanged) {
    process.stderr.write(`  skipped ${file}: it changed while it was being scanned\n`);
  }
  for (const { file, message } of outcome.failed) {
    process.stderr.write(`  could not write ${file}: ${message}\n`);
  }
}

/** Prints the report, or writes it to `--output` and prints only its summary. */
async function emitReport(report: ScanReport, flags: ScanFlags): Promise<void> {
  const toFile = flags.output !== undefined;
  const color = !toFile && flags.color !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const rendered = (await loadRenderer(flags.format))(report, { color });
  if (flags.output) {
    // One synchronous write: the report is complete and nothing else is running.
    writeFileSync(path.resolve(flags.output), rendered);
    const summary = (await loadRenderer('text'))(report, { color: false, summaryOnly: true });
    process.stderr.write(`${summary.trimEnd()}\nReport written to ${flags.output}\n`);
  } else {
    process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  }
}

/** `rules: { "dependency-vulnerability": "off" }` (or `enabled: false`) turns dependency findings off. */
function dependencyRuleEnabled(loaded: LoadedConfig, ruleId: string): boolean {
  const setting = loaded.config.rules?.[ruleId];
  if (setting === 'off') return false;
  return !(typeof setting === 'object' && setting !== null && setting.enabled === false);
}

/**
 * `--online`: the OSV API answers; when it cannot be reached the scan says so and goes on with
 * the local database, and the report's database line shows which one was used.
 */
async function onlineAdvisories(flags: ScanFlags): Promise<AdvisorySource> {
  const [{ createOnlineAdvisorySource }, { openAdvisoryDatabase }] = await Promise.all([
    import('../../analysis/deps/osv/online.js'),
    import('../../analysis/deps/advisory-database.js'),
  ]);
  const online = createOnlineAdvisorySource(flags.osvUrl ? { baseUrl: flags.osvUrl } : {});
  let used: AdvisorySource = online;
  return {
    info: () => used.info(),
    async match(dependencies) {
      try {
        return await online.match(dependencies);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'ECTUS_OSV_UNREACHABLE') throw error;
        process.stderr.write(`ectus: ${error.message} Using the local advisory database instead.\n`);
        used = await openAdvisoryDatabase(dataDir());
        return used.match(dependencies);
      }
    },
  };
}

/**
 * Checks the lockfiles under the scanned paths. Undefined when there are none (a plain source
 * scan then looks exactly as before); with --deps-only the result is always reported, so the
 * advisory database's age shows even when no lockfile was found. `candidates` are the lockfile
 * candidates when the source listing found them; without any, the check's modules are not loaded.
 */
async function scanDependencyFiles(
  paths: string[],
  root: string,
  loaded: LoadedConfig,
  flags: ScanFlags,
  candidates: readonly DiscoveredFile[] | undefined,
): Promise<DependencyScan | undefined> {
  if (!flags.depsOnly && candidates && !candidates.some((file) => isLockfilePath(file.relPath))) return undefined;
  const [{ scanLockfiles }, { openAdvisoryDatabase }, { checkDependencies, DEPENDENCY_RULE }] = await Promise.all([
    import('../../analysis/deps/lockfiles/index.js'),
    import('../../analysis/deps/advisory-database.js'),
    import('../../analysis/deps/scan-dependencies.js'),
  ]);
  const lockfiles = await scanLockfiles(paths, {
    root,
    ignore: [...(loaded.config.ignore ?? [])],
    ...(loaded.path ? { ignoreBase: path.dirname(loaded.path) } : {}),
    ...(candidates ? { files: candidates } : {}),
  });
  if (!flags.depsOnly && lockfiles.results.length === 0 && lockfiles.problems.length === 0) return undefined;
  const advisories = flags.online ? await onlineAdvisories(flags) : await openAdvisoryDatabase(dataDir());
  return checkDependencies(lockfiles, { root, advisories, report: dependencyRuleEnabled(loaded, DEPENDENCY_RULE.id) });
}

/** A report with no source analysis, for --deps-only. */
function emptyScan(root: string, threatModel: ThreatModel): ScanOutcome {
  const report = buildReport({
    root,
    version: VERSION,
    startedAt: new Date(),
    threatModel,
    rules: [],
    results: [],
    filesCached: 0,
    durationMs: 0,
  });
  return { report, results: [] };
}

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const started = performance.now();
  const workers = parseWorkers(flags.workers);
  const root = commonRoot(paths);
  const loaded = await loadConfig({
    cwd: root,
    ...(flags.config ? { explicitPath: path.resolve(flags.config) } : {}),
    ruleCatalog,
  });
  const baseline = flags.baseline
    ? await (await import('../../analysis/baseline.js')).readBaseline(path.resolve(flags.baseline))
    : undefined;
  const failOn: Severity = flags.failOn ?? loaded.config.failOn ?? 'low';

  const bar = new ProgressBar(process.stderr, 'Scanning');
  const listingStarted = performance.now();
  const listing = await listTogether(paths, root, loaded, flags);
  const listingMs = performance.now() - listingStarted;
  const extras = { workers, baseline, bar, discovery: listing?.sources };
  const { report, results } = flags.depsOnly
    ? emptyScan(root, flags.threatModel ?? loaded.config.threatModel ?? 'remote')
    : await scanPaths(scanOptions(paths, root, loaded, flags, extras));
  bar.finish();
  // The scan's time includes listing its files, done here for the lockfile check too.
  if (listing) report.summary.durationMs = Math.round(report.summary.durationMs + listingMs);
  const dependencies =
    flags.deps || flags.depsOnly
      ? await scanDependencyFiles(paths, root, loaded, flags, listing?.lockfiles)
      : undefined;
  if (dependencies) {
    const { mergeDependencyScan } = await import('../../analysis/deps/scan-dependencies.js');
    mergeDependencyScan(report, dependencies, baseline);
    report.summary.durationMs = Math.round(performance.now() - started);
  }
  const dependencyFindings: Finding[] = dependencies?.findings ?? [];

  if (flags.writeBaseline) {
    const all = [...results.flatMap((r) => r.findings), ...dependencyFindings];
    const { writeBaseline } = await import('../../analysis/baseline.js');
    await writeBaseline(path.resolve(flags.writeBaseline), all);
    process.stderr.write(`Wrote ${all.length} findings to the baseline ${flags.writeBaseline}\n`);
  }
  if (flags.fix) await applyFixes(report, results);
  await emitReport(report, flags);

  const threshold = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}
