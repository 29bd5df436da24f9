import { createHash } from 'node:crypto';
import { createComplexityCollector } from './complexity.js';
import { classifyContent } from './content-kind.js';
import { parseSource } from './parse.js';
import type { AstNode, ReportDescriptor, Rule, RuleContext, RuleSettings } from './rule.js';
import { SourceCode, type Span } from './source-code.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';
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
}

const TEST_FILE = /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|spec|fixtures?)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file);
}

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

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
  const spans = redact.filter((s) => s.end > start && s.start < end).sort((a, b) => b.start - a.start);
  for (const span of spans) {
    const from = Math.max(span.start, start) - start;
    const to = Math.min(span.end, end) - start;
    const original = text.slice(from, to);
    const quote = /^['"`]/.test(original) ? original[0] : '';
    text = `${text.slice(0, from)}${quote}${REDACTED}${quote}${text.slice(to)}`;
  }
  return text.replace(/\r\n?/g, '\n');
}

const REDACTED = '•••redacted•••';

/**
 * Analyses one file held in memory: parse, run every configured rule in one traversal, apply inline
 * suppressions. Never throws for bad input; problems become diagnostics on the result.
 */
export function analyzeSource(file: string, text: string, options: AnalyzeOptions): FileResult {
  const hash = hashContent(text);
  const base: FileResult = {
    file,
    hash,
    lines: countLines(text),
    findings: [],
    diagnostics: [],
    suppressed: 0,
  };
  if (!options.includeGenerated) {
    const kind = classifyContent(file, text);
    if (kind) return { ...base, skipped: kind };
  }
  const parsed = parseSource(file, text);
  if (!parsed.ok) return { ...base, diagnostics: [parsed.diagnostic] };

  const source = new SourceCode(text, parsed.comments);
  const settings: RuleSettings = { threatModel: options.threatModel, isTestFile: isTestFile(file) };
  const raw: { configured: ConfiguredRule; descriptor: ReportDescriptor<string> }[] = [];
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
  for (const [key, handler] of Object.entries(collector.visitors)) {
    dispatch.add(key, handler as (node: AstNode) => void, 'complexity');
  }

  for (const configured of options.rules) {
    const { rule } = configured;
    const context: RuleContext = {
      filename: file,
      source,
      options: configured.options,
      settings,
      report: (descriptor) => raw.push({ configured, descriptor }),
      fileMetrics,
    };
    let visitors: Record<string, unknown>;
    try {
      visitors = rule.create(context) as Record<string, unknown>;
    } catch (error) {
      ruleFailed(rule.id, error);
      continue;
    }
    for (const [key, handler] of Object.entries(visitors)) {
      if (typeof handler === 'function') dispatch.add(key, handler as (node: AstNode) => void, rule.id);
    }
  }

  traverse(parsed.program as AstNode, dispatch);

  const suppressions = parseSuppressions(source);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  let suppressed = 0;
  for (const { configured, descriptor } of raw) {
    const { rule } = configured;
    const start = source.position(descriptor.node.start);
    const end = source.position(descriptor.node.end);
    const message = formatMessage(rule.meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data);
    const dedupeKey = `${rule.id}:${descriptor.node.start}:${descriptor.node.end}:${message}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    if (isSuppressed(suppressions, rule.id, start.line)) {
      suppressed++;
      continue;
    }
    const lineText = source.lineText(start.line).trim().replace(/\s+/g, ' ');
    const identity = `${rule.id}\0${file}\0${lineText}\0${message}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const finding: Finding = {
      ruleId: rule.id,
      messageId: descriptor.messageId,
      category: rule.meta.category,
      severity: configured.severity,
      cwe: rule.meta.cwe ?? [],
      message,
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      snippet: snippetOf(source, start.line, end.line, descriptor.redact),
      fingerprint: hashContent(`${identity}\0${occurrence}`).slice(0, 20),
    };
    if (descriptor.flow && descriptor.flow.length > 0) {
      finding.flow = descriptor.flow.map((step) => {
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
    findings.push(finding);
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return { ...base, findings, diagnostics, metrics: fileMetrics(), suppressed };
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
