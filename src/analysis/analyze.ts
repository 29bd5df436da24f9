import { createComplexityCollector } from './complexity.js';
import { classifyContent } from './content-kind.js';
import { hashContent } from './hash-content.js';
import { parseSource } from './parse.js';
import { type ProjectFiles, recordingProjectFiles } from './project/project-files.js';
import type { AstNode, ReportDescriptor, Rule, RuleContext, RuleSettings } from './rule.js';
import { SourceCode, type Span } from './source-code.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';
import { isTestFile } from './test-file.js';
import { Dispatch, traverse } from './traverse.js';
import type { FileDiagnostic, FileMetrics, FileResult, Finding, Fix, Severity, ThreatModel } from './types.js';

/** A rule as the configuration enabled it: with its effective severity and options. */
export interface ConfiguredRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface AnalyzeOptions {
  rules: readonly ConfiguredRule[];
  threatModel: ThreatModel;
  /** Analyse files that look minified or generated instead of skipping them. */
  includeGenerated?: boolean;
  /**
   * The other files of the scan, for analyses that follow local imports. Without it each file is
   * analysed on its own.
   */
  project?: ProjectFiles;
}

export { hashContent, isTestFile };

function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

const MAX_SNIPPET_LINES = 3;

/** The finding's lines, with redacted spans (secrets) replaced by a mask that keeps their quotes. */
function snippetOf(source: SourceCode, line: number, endLine: number, redact: readonly Span[] = []): string {
  const last = Math.min(endLine, line + MAX_SNIPPET_LINES - 1);
  const start = source.lineStarts[line - 1] ?? 0;
  const end = (source.lineStarts[last - 1] ?? start) + source.lineText(last).length;
  let text = source.text.slice(start, end);
  for (const span of mergeSpans(redact.filter((s) => s.end > start && s.start < end)).reverse()) {
    const from = Math.max(span.start, start) - start;
    const to = Math.min(span.end, end) - start;
    const original = text.slice(from, to);
    const quote = /^['"`]/.test(original) ? original[0] : '';
    text = `${text.slice(0, from)}${quote}${REDACTED}${quote}${text.slice(to)}`;
  }
  return text.replace(/\r\n?/g, '\n');
}

const REDACTED = '•••redacted•••';

/** Spans in order with overlapping ones joined (two rules may redact the same secret). */
function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

interface RawReport {
  configured: ConfiguredRule;
  descriptor: ReportDescriptor<string>;
}

interface RuleRun {
  raw: RawReport[];
  diagnostics: FileDiagnostic[];
  metrics: FileMetrics;
}

/**
 * Analyses one file held in memory: parse, run every configured rule in one traversal, apply inline
 * suppressions. Never throws for bad input; problems become diagnostics on the result.
 */
export function analyzeSource(file: string, text: string, options: AnalyzeOptions): FileResult {
  const base: FileResult = {
    file,
    hash: hashContent(text),
    lines: countLines(text),
    findings: [],
    diagnostics: [],
    suppressed: 0,
  };
  const skipped = options.includeGenerated ? undefined : classifyContent(file, text);
  if (skipped) return { ...base, skipped };
  const parsed = parseSource(file, text);
  if (!parsed.ok) return { ...base, diagnostics: [parsed.diagnostic] };

  const source = new SourceCode(text, parsed.comments);
  const recording = options.project ? recordingProjectFiles(options.project) : undefined;
  const run = runRules(file, parsed.program as AstNode, source, options, recording?.project);
  const { findings, suppressed } = collectFindings(file, source, run.raw);
  const result: FileResult = {
    ...base,
    findings,
    diagnostics: run.diagnostics,
    metrics: keepHotspots(run.metrics),
    suppressed,
  };
  const dependencies = recording?.used().filter((d) => d.file !== file) ?? [];
  if (dependencies.length > 0) result.dependencies = dependencies;
  return result;
}

/** Per-file hot spots kept in a result: enough for any report, small enough to send and cache. */
const HOTSPOTS_PER_FILE = 10;

function keepHotspots(metrics: FileMetrics): FileMetrics {
  if (metrics.functions.length <= HOTSPOTS_PER_FILE) return metrics;
  const worst = [...metrics.functions]
    .sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic)
    .slice(0, HOTSPOTS_PER_FILE)
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return { ...metrics, functions: worst };
}

/** Creates every rule's visitors (and the complexity collector's) and walks the tree once. */
function runRules(
  file: string,
  program: AstNode,
  source: SourceCode,
  options: AnalyzeOptions,
  project: ProjectFiles | undefined,
): RuleRun {
  const settings: RuleSettings = { threatModel: options.threatModel, isTestFile: isTestFile(file) };
  const raw: RawReport[] = [];
  const diagnostics: FileDiagnostic[] = [];
  const failedRules = new Set<string>();
  const ruleFailed = (ruleId: string, error: unknown): void => {
    if (failedRules.has(ruleId)) return;
    failedRules.add(ruleId);
    diagnostics.push({
      code: 'ECTUS_RULE_ERROR',
      message: `Rule ${ruleId} failed on this file and was skipped: ${(error as Error)?.message ?? String(error)}`,
    });
  };
  const dispatch = new Dispatch(ruleFailed);
  const collector = createComplexityCollector(source);
  let metrics: FileMetrics | undefined;
  const fileMetrics = (): FileMetrics => {
    metrics ??= collector.metrics();
    return metrics;
  };
  addVisitors(dispatch, collector.visitors, 'complexity');
  for (const configured of options.rules) {
    // No object spread here: it runs for every rule of every file. `project` stays undefined when
    // the engine has no other files to offer.
    const context: RuleContext = {
      filename: file,
      source,
      options: configured.options,
      settings,
      report: (descriptor) => raw.push({ configured, descriptor }),
      fileMetrics,
      project,
    };
    try {
      addVisitors(dispatch, configured.rule.create(context), configured.rule.id);
    } catch (error) {
      ruleFailed(configured.rule.id, error);
    }
  }
  traverse(program, dispatch);
  return { raw, diagnostics, metrics: fileMetrics() };
}

function addVisitors(dispatch: Dispatch, visitors: object, owner: string): void {
  // `for...in` over a plain object: its own keys in the order `Object.entries` gives, without the
  // entry arrays (this runs for every rule of every file).
  const record = visitors as Record<string, unknown>;
  for (const key in record) {
    const handler = record[key];
    if (typeof handler === 'function') dispatch.add(key, handler as (node: AstNode) => void, owner);
  }
}

/** Turns raw reports into findings: messages, locations, snippets, fingerprints; drops suppressed ones. */
function collectFindings(file: string, source: SourceCode, raw: readonly RawReport[]) {
  const suppressions = parseSuppressions(source);
  // A secret one rule found is hidden from every finding's snippet, not only from that rule's.
  const redact = raw.flatMap((r) => r.descriptor.redact ?? []);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  let suppressed = 0;
  for (const { configured, descriptor } of raw) {
    const { rule } = configured;
    const message = formatMessage(rule.meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data);
    const dedupeKey = `${rule.id}:${descriptor.node.start}:${descriptor.node.end}:${message}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    const line = source.position(descriptor.node.start).line;
    if (isSuppressed(suppressions, rule.id, line)) {
      suppressed++;
      continue;
    }
    // Identity without the line number, so baselines survive code moving up or down.
    const lineText = source.lineText(line).trim().replace(/\s+/g, ' ');
    const identity = `${rule.id}\0${file}\0${lineText}\0${message}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    findings.push(
      toFinding(file, source, configured, descriptor, message, hashContent(`${identity}\0${occurrence}`), redact),
    );
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return { findings, suppressed };
}

function toFinding(
  file: string,
  source: SourceCode,
  { rule, severity }: ConfiguredRule,
  descriptor: ReportDescriptor<string>,
  message: string,
  identityHash: string,
  redact: readonly Span[],
): Finding {
  const start = source.position(descriptor.node.start);
  const end = source.position(descriptor.node.end);
  const finding: Finding = {
    ruleId: rule.id,
    messageId: descriptor.messageId,
    category: rule.meta.category,
    severity,
    cwe: rule.meta.cwe ?? [],
    message,
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    snippet: snippetOf(source, start.line, end.line, redact),
    fingerprint: identityHash.slice(0, 20),
  };
  if (descriptor.flow && descriptor.flow.length > 0) {
    finding.flow = descriptor.flow.map((step) => {
      if (step.at) return { ...step.at, message: step.message };
      const from = source.position(step.node.start);
      const to = source.position(step.node.end);
      return {
        file,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        message: step.message,
      };
    });
  }
  if (descriptor.fix && rule.meta.fixable) {
    finding.fix = Array.isArray(descriptor.fix) ? descriptor.fix : [descriptor.fix as Fix];
  }
  return finding;
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  let index = text.indexOf('\n');
  while (index !== -1) {
    lines++;
    index = text.indexOf('\n', index + 1);
  }
  return text.endsWith('\n') ? lines - 1 : lines;
}
