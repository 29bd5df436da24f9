/** Shared data shapes of the analysis engine. Everything here is plain data: serialisable, cacheable. */

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
  functions: FunctionMetrics[];
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
}
