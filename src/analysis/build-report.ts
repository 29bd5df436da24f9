import type { ConfiguredRule } from './analyze.js';
import {
  type FileDiagnosticEntry,
  type FileResult,
  type FileSummary,
  type Finding,
  type FunctionMetrics,
  type Hotspot,
  type RuleDescriptor,
  type ScanReport,
  SEVERITIES,
  type Severity,
  type SkippedFile,
  type ThreatModel,
} from './types.js';

export interface ReportInput {
  root: string;
  version: string;
  startedAt: Date;
  threatModel: ThreatModel;
  /** The rules that ran, or their descriptions (a scan served from the cache does not load them). */
  rules: readonly ConfiguredRule[] | readonly RuleDescriptor[];
  results?: readonly FileResult[];
  /** Instead of `results`: their summary (`summarizeResults`), such as the scan cache keeps. */
  summary?: ResultsSummary;
  /** Findings after baseline filtering (defaults to every result's findings). */
  findings?: Finding[];
  baselined?: number;
  filesCached: number;
  extraDiagnostics?: FileDiagnosticEntry[];
  durationMs: number;
}

const MAX_HOTSPOTS = 20;

/** Worst first: higher cognitive complexity, then higher cyclomatic. */
function compareHotspots(a: FunctionMetrics, b: FunctionMetrics): number {
  return b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic;
}

/**
 * The worst `limit` functions in the order a stable sort of all of them would give (ties keep the
 * order they were offered in), without copying or sorting every function of the scan: a scan
 * served from the cache otherwise spends much of its report time on functions that are not shown.
 */
class TopHotspots {
  readonly #limit: number;
  readonly #kept: { file: string; fn: FunctionMetrics }[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  offer(file: string, fn: FunctionMetrics): void {
    const kept = this.#kept;
    const last = kept[kept.length - 1];
    if (kept.length >= this.#limit && (!last || compareHotspots(fn, last.fn) >= 0)) return;
    // After every kept function that is at least as bad: equal ones stay in the order offered.
    let at = kept.length;
    while (at > 0 && compareHotspots(fn, (kept[at - 1] as { fn: FunctionMetrics }).fn) < 0) at--;
    kept.splice(at, 0, { file, fn });
    if (kept.length > this.#limit) kept.pop();
  }

  list(): Hotspot[] {
    return this.#kept.map(({ file, fn }) => ({ file, ...fn }));
  }
}

export function describeRule({ rule, severity }: ConfiguredRule): RuleDescriptor {
  return {
    id: rule.id,
    description: rule.meta.description,
    category: rule.meta.category,
    severity,
    cwe: rule.meta.cwe ?? [],
    fixable: rule.meta.fixable === true,
  };
}

/** Rules as reports describe them; descriptions are copied as they are. */
function describeRules(rules: readonly ConfiguredRule[] | readonly RuleDescriptor[]): RuleDescriptor[] {
  return (rules as readonly (ConfiguredRule | RuleDescriptor)[]).map((r) =>
    'rule' in r ? describeRule(r) : { ...r, cwe: [...r.cwe] },
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/**
 * What a report says about a set of per-file results, before a baseline hides any finding. It
 * depends on the results alone, so the scan cache keeps it beside them: an unchanged tree is
 * reported from it without loading every result.
 */
export interface ResultsSummary {
  /** Every finding, sorted. */
  findings: Finding[];
  /** The results' diagnostics, sorted by file (in result order within a file). */
  diagnostics: FileDiagnosticEntry[];
  hotspots: Hotspot[];
  /** Sorted by file; `findings` counts every finding of the file. */
  fileSummaries: FileSummary[];
  skippedFiles: SkippedFile[];
  files: number;
  filesSkipped: number;
  lines: number;
  suppressed: number;
}

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/**
 * Summarises per-file results (in scan order) for `buildReport`.
 *
 * @example
 * const report = buildReport({ ...run, rules, summary: summarizeResults(results) });
 */
export function summarizeResults(results: readonly FileResult[]): ResultsSummary {
  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const findingsPerFile = countPerFile(findings);
  const diagnostics: FileDiagnosticEntry[] = [];
  const hotspots = new TopHotspots(MAX_HOTSPOTS);
  const fileSummaries: FileSummary[] = [];
  const skippedFiles: SkippedFile[] = [];
  let lines = 0;
  let skipped = 0;
  let suppressed = 0;
  for (const result of results) {
    for (const diagnostic of result.diagnostics) diagnostics.push({ file: result.file, ...diagnostic });
    suppressed += result.suppressed;
    if (result.skipped) {
      skipped++;
      skippedFiles.push({ file: result.file, reason: result.skipped });
      continue;
    }
    lines += result.lines;
    const metrics = result.metrics;
    if (!metrics) continue;
    for (const fn of metrics.functions) hotspots.offer(result.file, fn);
    fileSummaries.push({
      file: result.file,
      lines: result.lines,
      findings: findingsPerFile.get(result.file) ?? 0,
      functions: metrics.functionCount,
      maxCyclomatic: metrics.maxCyclomatic,
      maxCognitive: metrics.maxCognitive,
      maintainability: metrics.maintainability,
    });
  }
  return {
    findings,
    diagnostics: diagnostics.sort(byFile),
    hotspots: hotspots.list(),
    fileSummaries: fileSummaries.sort(byFile),
    skippedFiles: skippedFiles.sort(byFile),
    files: results.length,
    filesSkipped: skipped,
    lines,
    suppressed,
  };
}

function countPerFile(findings: readonly Finding[]): Map<string, number> {
  const perFile = new Map<string, number>();
  for (const finding of findings) perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
  return perFile;
}

/** Turns per-file results (or their summary) into the report every output format renders. */
export function buildReport(input: ReportInput): ScanReport {
  const summary = input.summary ?? summarizeResults(input.results ?? []);
  const findings = input.findings ? input.findings.slice().sort(compareFindings) : summary.findings.slice();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) bySeverity[finding.severity]++;
  // A baseline hides findings: each file's count is then of those still shown.
  let fileSummaries = summary.fileSummaries.slice();
  if (input.findings) {
    const perFile = countPerFile(findings);
    fileSummaries = fileSummaries.map((f) => ({ ...f, findings: perFile.get(f.file) ?? 0 }));
  }
  // Stable: within a file the scan's own problems come first, as they always have.
  const extra = input.extraDiagnostics ?? [];
  const diagnostics = extra.length > 0 ? [...extra, ...summary.diagnostics].sort(byFile) : summary.diagnostics.slice();

  return {
    tool: { name: 'ectus', version: input.version },
    root: input.root,
    startedAt: input.startedAt.toISOString(),
    threatModel: input.threatModel,
    summary: {
      files: summary.files,
      filesAnalysed: summary.files - summary.filesSkipped,
      filesSkipped: summary.filesSkipped,
      filesCached: input.filesCached,
      lines: summary.lines,
      findings: findings.length,
      bySeverity,
      suppressed: summary.suppressed,
      baselined: input.baselined ?? 0,
      durationMs: Math.round(input.durationMs),
    },
    findings,
    diagnostics,
    rules: describeRules(input.rules).sort((a, b) => a.id.localeCompare(b.id)),
    hotspots: summary.hotspots.slice(),
    fileSummaries,
    skippedFiles: summary.skippedFiles.slice(),
  };
}
