import type {
  Category,
  DependencyReport,
  FileDiagnosticEntry,
  FileSummary,
  Finding,
  FlowStep,
  Hotspot,
  RuleDescriptor,
  ScanReport,
  ScanSummary,
  Severity,
  SkippedFile,
  ThreatModel,
} from '../types.js';
import { SEVERITIES } from '../types.js';

/** Bumped only when a field is removed or changes meaning; new fields may appear within a version. */
export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  category: Category;
  cwe: number[];
  message: string;
  /** Relative to `root`, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  snippet: string;
  fingerprint: string;
  /** Replacements of UTF-16 offset ranges `[start, end)` of the file; present only for safe fixes. */
  fix?: { range: [number, number]; text: string }[];
  /** For data-flow findings: the steps from source to sink, in order. */
  flow?: FlowStep[];
  /** Rule-specific facts, e.g. a dependency finding's advisory ids, CVSS score and fixed version. */
  properties?: Record<string, unknown>;
}

/**
 * The `--format json` document. Documented in docs/output-formats.md.
 *
 * @example
 * const report = JSON.parse(renderJson(scan)) as JsonReport;
 * const critical = report.findings.filter((f) => f.severity === 'critical');
 */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: 'ectus'; version: string };
  root: string;
  startedAt: string;
  threatModel: ThreatModel;
  summary: ScanSummary;
  /** Present when lockfiles were scanned: packages, vulnerable ones, and the advisory database's age. */
  dependencies?: DependencyReport;
  findings: JsonFinding[];
  diagnostics: FileDiagnosticEntry[];
  hotspots: Hotspot[];
  files: FileSummary[];
  skippedFiles: SkippedFile[];
  rules: RuleDescriptor[];
}

/**
 * Builds the JSON document. Fields are copied one by one, in a fixed order, so the output keeps
 * its documented shape (and key order) whatever else the in-memory report carries.
 */
export function toJsonReport(report: ScanReport): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    root: report.root,
    startedAt: report.startedAt,
    threatModel: report.threatModel,
    summary: summaryOf(report.summary),
    ...(report.dependencies ? { dependencies: dependencyReportOf(report.dependencies) } : {}),
    findings: report.findings.map(findingOf),
    diagnostics: report.diagnostics.map(diagnosticOf),
    hotspots: report.hotspots.map(hotspotOf),
    files: report.fileSummaries.map(fileOf),
    skippedFiles: report.skippedFiles.map(({ file, reason }) => ({ file, reason })),
    rules: report.rules.map(ruleOf),
  };
}

/** The report as pretty-printed JSON (2 spaces) with a final newline. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function summaryOf(s: ScanSummary): ScanSummary {
  const bySeverity = {} as Record<Severity, number>;
  for (const severity of SEVERITIES) bySeverity[severity] = s.bySeverity[severity] ?? 0;
  return {
    files: s.files,
    filesAnalysed: s.filesAnalysed,
    filesSkipped: s.filesSkipped,
    filesCached: s.filesCached,
    lines: s.lines,
    findings: s.findings,
    bySeverity,
    suppressed: s.suppressed,
    baselined: s.baselined,
    durationMs: s.durationMs,
  };
}

function findingOf(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    category: f.category,
    cwe: [...f.cwe],
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    snippet: f.snippet,
    fingerprint: f.fingerprint,
  };
  if (f.fix && f.fix.length > 0) {
    out.fix = f.fix.map((fix) => ({ range: [fix.range[0], fix.range[1]], text: fix.text }));
  }
  if (f.flow && f.flow.length > 0) out.flow = f.flow.map(flowStepOf);
  if (f.properties && Object.keys(f.properties).length > 0) out.properties = structuredClone(f.properties);
  return out;
}

function dependencyReportOf(d: DependencyReport): DependencyReport {
  return {
    lockfiles: d.lockfiles.map(({ file, format, ecosystem, packages }) => ({ file, format, ecosystem, packages })),
    packages: d.packages,
    vulnerable: d.vulnerable,
    database: {
      importedAt: d.database.importedAt,
      ageDays: d.database.ageDays,
      counts: { ...d.database.counts },
      online: d.database.online,
    },
  };
}

function flowStepOf(step: FlowStep): FlowStep {
  return {
    file: step.file,
    line: step.line,
    column: step.column,
    endLine: step.endLine,
    endColumn: step.endColumn,
    message: step.message,
  };
}

function diagnosticOf(d: FileDiagnosticEntry): FileDiagnosticEntry {
  const out: FileDiagnosticEntry = { file: d.file, code: d.code, message: d.message };
  if (d.line !== undefined) out.line = d.line;
  if (d.column !== undefined) out.column = d.column;
  return out;
}

function hotspotOf(h: Hotspot): Hotspot {
  return {
    name: h.name,
    file: h.file,
    line: h.line,
    column: h.column,
    cyclomatic: h.cyclomatic,
    cognitive: h.cognitive,
    lines: h.lines,
  };
}

function fileOf(f: FileSummary): FileSummary {
  return {
    file: f.file,
    lines: f.lines,
    findings: f.findings,
    functions: f.functions,
    maxCyclomatic: f.maxCyclomatic,
    maxCognitive: f.maxCognitive,
    maintainability: f.maintainability,
  };
}

function ruleOf(r: RuleDescriptor): RuleDescriptor {
  return {
    id: r.id,
    description: r.description,
    category: r.category,
    severity: r.severity,
    cwe: [...r.cwe],
    fixable: r.fixable,
  };
}
