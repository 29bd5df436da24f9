import type { ConfiguredRule } from './analyze.js';
import {
  type FileDiagnosticEntry,
  type FileResult,
  type FileSummary,
  type Finding,
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
  rules: readonly ConfiguredRule[];
  results: readonly FileResult[];
  /** Findings after baseline filtering (defaults to every result's findings). */
  findings?: Finding[];
  baselined?: number;
  filesCached: number;
  extraDiagnostics?: FileDiagnosticEntry[];
  durationMs: number;
}

const MAX_HOTSPOTS = 20;

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

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Turns per-file results into the report every output format renders. */
export function buildReport(input: ReportInput): ScanReport {
  const findings = (input.findings ?? input.results.flatMap((r) => r.findings)).slice().sort(compareFindings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) bySeverity[finding.severity]++;
  const findingsPerFile = new Map<string, number>();
  for (const finding of findings) findingsPerFile.set(finding.file, (findingsPerFile.get(finding.file) ?? 0) + 1);

  const diagnostics: FileDiagnosticEntry[] = [...(input.extraDiagnostics ?? [])];
  const hotspots: Hotspot[] = [];
  const fileSummaries: FileSummary[] = [];
  const skippedFiles: SkippedFile[] = [];
  let lines = 0;
  let skipped = 0;
  let suppressed = 0;
  for (const result of input.results) {
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
    for (const fn of metrics.functions) hotspots.push({ file: result.file, ...fn });
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
  hotspots.sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic);
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  fileSummaries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  return {
    tool: { name: 'ectus', version: input.version },
    root: input.root,
    startedAt: input.startedAt.toISOString(),
    threatModel: input.threatModel,
    summary: {
      files: input.results.length,
      filesAnalysed: input.results.length - skipped,
      filesSkipped: skipped,
      filesCached: input.filesCached,
      lines,
      findings: findings.length,
      bySeverity,
      suppressed,
      baselined: input.baselined ?? 0,
      durationMs: Math.round(input.durationMs),
    },
    findings,
    diagnostics,
    rules: input.rules.map(describeRule).sort((a, b) => a.id.localeCompare(b.id)),
    hotspots: hotspots.slice(0, MAX_HOTSPOTS),
    fileSummaries,
    skippedFiles: skippedFiles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  };
}
