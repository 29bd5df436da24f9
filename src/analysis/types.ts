/** Shared data shapes of the analysis engine. Everything here is plain data: serialisable, cacheable. */

import type { AdvisoryDatabaseInfo, Ecosystem } from './deps/model.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities so `--fail-on` and sorting can compare them. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export const CATEGORIES = [
  'correctness',
  'async',
  'error-handling',
  'resources',
  'logic',
  'reality',
  'security',
  'secrets',
  'complexity',
  'dependencies',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const THREAT_MODELS = ['remote', 'library', 'local'] as const;
export type ThreatModel = (typeof THREAT_MODELS)[number];

/** A replacement of the UTF-16 offset range `[start, end)` of a file's text. */
export interface Fix {
  range: [number, number];
  text: string;
}

/** 1-based lines and 1-based columns (UTF-16 code units), end exclusive like SARIF. */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding extends Location {
  ruleId: string;
  /** The rule's message id (stable; the message text may change). */
  messageId: string;
  category: Category;
  severity: Severity;
  /** CWE numbers this finding maps to, e.g. [78]. */
  cwe: number[];
  message: string;
  /** Path relative to the scan root, with forward slashes. */
  file: string;
  /** The source lines of the finding (trimmed to a few lines). */
  snippet: string;
  /** Present only where the rule declared the fix safe to apply without review. */
  fix?: Fix[];
  /** Stable identity used by baselines: survives line shifts. */
  fingerprint: string;
  /** For data-flow findings: the path from source to sink, in order (SARIF codeFlows). */
  flow?: FlowStep[];
  /**
   * Facts about the finding for tools (JSON `properties`, SARIF `result.properties`): for a
   * dependency finding, its advisory ids, CVSS and the version that fixes it. Plain JSON values.
   */
  properties?: Record<string, unknown>;
}

export interface FlowStep extends Location {
  /** Path relative to the scan root; steps may cross files. */
  file: string;
  message: string;
}

/** A problem with one file that stopped (part of) its analysis; the scan goes on. */
export interface FileDiagnostic {
  code:
    | 'ECTUS_PARSE_ERROR'
    | 'ECTUS_READ_ERROR'
    | 'ECTUS_INVALID_UTF8'
    | 'ECTUS_BINARY_FILE'
    | 'ECTUS_FILE_TOO_LARGE'
    | 'ECTUS_TOO_DEEP'
    | 'ECTUS_LOCKFILE_INVALID'
    | 'ECTUS_DEPENDENCY_UNCHECKED'
    | 'ECTUS_RULE_ERROR';
  message: string;
  line?: number;
  column?: number;
}

export interface FunctionMetrics {
  name: string;
  line: number;
  column: number;
  cyclomatic: number;
  cognitive: number;
  lines: number;
}

export interface FileMetrics {
  /**
   * Functions measured. In a FileResult only the most complex few are kept (hot spots are all a
   * report shows); `functionCount` counts them all.
   */
  functions: FunctionMetrics[];
  functionCount: number;
  maxCyclomatic: number;
  maxCognitive: number;
  /** Sum of cyclomatic complexity of all functions. */
  totalCyclomatic: number;
  /** 0-100, higher is easier to maintain (Halstead-free variant of the SEI index). */
  maintainability: number;
}

export type SkipReason = 'minified' | 'generated' | 'binary' | 'too-large';

export interface FileResult {
  /** Path relative to the scan root, forward slashes. */
  file: string;
  /** Content hash (sha1 hex) of the scanned bytes. */
  hash: string;
  lines: number;
  findings: Finding[];
  diagnostics: FileDiagnostic[];
  metrics?: FileMetrics;
  skipped?: SkipReason;
  /** Findings that matched an inline suppression with a reason. */
  suppressed: number;
  /**
   * Other files of the project whose content this result depends on (followed imports), with the
   * hashes they had: the result is reused only while every one is unchanged.
   */
  dependencies?: { file: string; hash: string }[];
}

/** A rule as reports describe it. */
export interface RuleDescriptor {
  id: string;
  description: string;
  category: Category;
  severity: Severity;
  cwe: number[];
  fixable: boolean;
}

export interface FileDiagnosticEntry extends FileDiagnostic {
  file: string;
}

/** One function that is hard to maintain, for the report's hot-spot list. */
export interface Hotspot extends FunctionMetrics {
  file: string;
}

export interface FileSummary {
  file: string;
  lines: number;
  findings: number;
  functions: number;
  maxCyclomatic: number;
  maxCognitive: number;
  maintainability: number;
}

export interface ScanSummary {
  /** Files discovered (after ignore rules). */
  files: number;
  filesAnalysed: number;
  /** Files skipped as minified, generated, binary or too large. */
  filesSkipped: number;
  /** Files served from the cache without re-analysis. */
  filesCached: number;
  /** Lines of the analysed files. */
  lines: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  /** Findings hidden because the baseline already lists them. */
  baselined: number;
  durationMs: number;
}

/** The outcome of one scan: what every report format renders. */
export interface ScanReport {
  tool: { name: 'ectus'; version: string };
  /** Absolute path of the scanned folder; finding paths are relative to it. */
  root: string;
  startedAt: string;
  threatModel: ThreatModel;
  summary: ScanSummary;
  /** Sorted by file, line, column. */
  findings: Finding[];
  diagnostics: FileDiagnosticEntry[];
  /** Every rule that ran. */
  rules: RuleDescriptor[];
  /** The functions with the highest complexity, worst first. */
  hotspots: Hotspot[];
  /** Per-file metrics for analysed files. */
  fileSummaries: FileSummary[];
  /** Files left out of the analysis and why (minified, generated, binary, too large). */
  skippedFiles: SkippedFile[];
  /** Present when lockfiles were scanned for vulnerable dependencies. */
  dependencies?: DependencyReport;
}

/** What the dependency part of a scan looked at, and with which advisory data. */
export interface DependencyReport {
  /** Each lockfile or manifest read: its path, format, ecosystem and how many packages it pins. */
  lockfiles: { file: string; format: string; ecosystem: Ecosystem; packages: number }[];
  /** Distinct packages (ecosystem, name, version) across the lockfiles. */
  packages: number;
  /** Of those, how many have at least one advisory. */
  vulnerable: number;
  /** The advisory database the packages were matched against: its import date and age. */
  database: AdvisoryDatabaseInfo;
}

export interface SkippedFile {
  file: string;
  reason: SkipReason;
}
