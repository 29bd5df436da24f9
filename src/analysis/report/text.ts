import picocolors from 'picocolors';
import type { FileDiagnosticEntry, Finding, ScanReport, Severity } from '../types.js';
import {
  COGNITIVE_THRESHOLD,
  CYCLOMATIC_THRESHOLD,
  countOf,
  DIAGNOSTIC_LABELS,
  dependencySentence,
  exceedsComplexityThreshold,
  summarySentence,
} from './wording.js';

export interface TextOptions {
  /** ANSI colours; the caller decides (a TTY without NO_COLOR). */
  color: boolean;
  /** Show each finding's source lines with a caret under the range. Default true. */
  codeFrames?: boolean;
  /** Only the final summary line(s), e.g. on stderr when the report itself went to a file. */
  summaryOnly?: boolean;
}

/** Longest stretch of one source line a code frame shows; minified lines are windowed around the finding. */
const FRAME_WIDTH = 160;
/** Characters of context kept left of the finding when a long line is windowed. */
const FRAME_LEAD = 40;
const HOTSPOT_LIMIT = 10;
const SEVERITY_WIDTH = 'critical'.length;

type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Renders a scan for a terminal: findings grouped by file with code frames, file diagnostics,
 * complexity hot spots over the usual thresholds, and a one-line summary.
 */
export function renderText(report: ScanReport, options: TextOptions): string {
  const c = picocolors.createColors(options.color);
  if (options.summaryOnly) return `${summarySection(report, c).join('\n')}\n`;
  const sections: string[][] = [];
  if (report.findings.length > 0) sections.push(findingsSection(report.findings, c, options.codeFrames ?? true));
  if (report.diagnostics.length > 0) sections.push(diagnosticsSection(report.diagnostics, c));
  const hot = report.hotspots.filter(exceedsComplexityThreshold);
  if (hot.length > 0) sections.push(hotspotsSection(hot, c));
  sections.push(summarySection(report, c));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function severityColor(severity: Severity, c: Colors): (text: string) => string {
  switch (severity) {
    case 'critical':
      return (text) => c.bold(c.red(text));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    default:
      return c.gray;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function findingsSection(findings: readonly Finding[], c: Colors, codeFrames: boolean): string[] {
  const out: string[] = [];
  for (const [file, group] of groupBy(findings, (f) => f.file)) {
    if (out.length > 0) out.push('');
    out.push(c.underline(c.bold(printable(file))));
    const positionWidth = Math.max(...group.map((f) => `${f.line}:${f.column}`.length));
    for (const finding of group) {
      const paint = severityColor(finding.severity, c);
      out.push(findingLine(finding, positionWidth, c, paint));
      if (codeFrames && finding.snippet.length > 0) out.push(...codeFrame(finding, c, paint));
      if (finding.flow && finding.flow.length > 0) out.push(...flowLines(finding, c));
    }
  }
  return out;
}

/** `  7:31  critical  message  rule-id (CWE-89) fixable`, positions padded to line up within a file. */
function findingLine(finding: Finding, positionWidth: number, c: Colors, paint: (text: string) => string): string {
  const position = `${finding.line}:${finding.column}`.padEnd(positionWidth);
  const cwe = finding.cwe.length > 0 ? ` (${finding.cwe.map((n) => `CWE-${n}`).join(', ')})` : '';
  const fixable = finding.fix && finding.fix.length > 0 ? c.green(' fixable') : '';
  const severity = paint(finding.severity.padEnd(SEVERITY_WIDTH));
  return `  ${c.dim(position)}  ${severity}  ${oneLine(finding.message)}  ${c.dim(`${finding.ruleId}${cwe}`)}${fixable}`;
}

/** The data-flow steps of a finding, numbered; a step in another file names the file. */
function flowLines(finding: Finding, c: Colors): string[] {
  const steps = finding.flow ?? [];
  const places = steps.map((step) =>
    step.file === finding.file ? `${step.line}:${step.column}` : `${printable(step.file)}:${step.line}:${step.column}`,
  );
  const width = Math.max(...places.map((p) => p.length));
  const numberWidth = String(steps.length).length;
  const lines = steps.map(
    (step, i) =>
      `      ${c.dim(`${String(i + 1).padStart(numberWidth)}.`)} ${c.dim(places[i]!.padEnd(width))}  ${oneLine(step.message)}`,
  );
  return [`    ${c.dim('data flow:')}`, ...lines];
}

/** Source lines of the finding, numbered, `>` on the lines it covers and a caret line under its start. */
export function codeFrame(finding: Finding, c: Colors, paint: (text: string) => string = (t) => t): string[] {
  const lines = finding.snippet.split(/\r\n|\r|\n/);
  const gutter = String(finding.line + lines.length - 1).length;
  const longest = Math.max(...lines.map((l) => l.length));
  const from = longest > FRAME_WIDTH ? Math.max(0, finding.column - 1 - FRAME_LEAD) : 0;
  const out: string[] = [];
  lines.forEach((raw, index) => {
    const lineNumber = finding.line + index;
    const covered = lineNumber <= Math.max(finding.endLine, finding.line);
    const marker = covered ? paint('>') : ' ';
    const number = String(lineNumber).padStart(gutter);
    out.push(`    ${marker} ${c.dim(`${number} |`)} ${windowOf(raw, from)}`.trimEnd());
    if (index === 0) {
      const underline = underlineOf(raw, from, finding);
      out.push(`      ${c.dim(`${' '.repeat(gutter)} |`)} ${underline.pad}${paint(underline.marks)}`);
    }
  });
  return out;
}

/** The visible part of a line: `[from, from + FRAME_WIDTH)` with an ellipsis where text was cut. */
function windowOf(line: string, from: number): string {
  const start = safeBoundary(line, from);
  const end = safeBoundary(line, start + FRAME_WIDTH);
  const head = start > 0 ? '…' : '';
  const tail = end < line.length ? '…' : '';
  return `${head}${printable(line.slice(start, end))}${tail}`;
}

function underlineOf(line: string, from: number, finding: Finding): { pad: string; marks: string } {
  const windowStart = safeBoundary(line, from);
  const windowEnd = safeBoundary(line, windowStart + FRAME_WIDTH);
  let start = Math.max(finding.column - 1, windowStart);
  let end = finding.endLine === finding.line ? finding.endColumn - 1 : line.length;
  // Redacted snippets can be shorter than the original line; keep the caret on the text shown.
  end = Math.min(end, line.length, windowEnd);
  if (start >= end) {
    // An empty range is an insertion point: one caret, at most just past the line's end.
    start = Math.min(start, line.length, windowEnd);
    end = start + 1;
  }
  // Tabs stay tabs so the caret lines up however wide the terminal draws them.
  const pad = (windowStart > 0 ? ' ' : '') + widthOf(printable(line.slice(windowStart, start)), true);
  const marks = '^'.repeat(Math.max(1, widthOf(printable(line.slice(start, end)), false).length));
  return { pad, marks };
}

/** One space per code point (tabs kept when asked), so surrogate pairs count once. */
function widthOf(text: string, keepTabs: boolean): string {
  let out = '';
  for (const ch of text) out += keepTabs && ch === '\t' ? '\t' : ' ';
  return out;
}

/** Moves an index off the low half of a surrogate pair so a cut never splits a character. */
function safeBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/**
 * Makes text from scanned files safe for a terminal: control characters (escape sequences could
 * rewrite the screen) and bidirectional overrides (which make code read differently than it runs)
 * are shown as visible placeholders instead of being interpreted.
 */
export function printable(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const replacement = placeholderFor(code);
    if (replacement === null) continue;
    out += text.slice(last, i) + replacement;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

function placeholderFor(code: number): string | null {
  if (code === 9) return null;
  // C0 controls become their Unicode "control picture" (ESC shows as ␛).
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  const isC1 = code >= 0x80 && code <= 0x9f;
  const isBidi =
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069);
  if (isC1 || isBidi) return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  return null;
}

function oneLine(text: string): string {
  return printable(text.replace(/\r\n|\r|\n/g, ' '));
}

function diagnosticsSection(diagnostics: readonly FileDiagnosticEntry[], c: Colors): string[] {
  const byFile = groupBy(diagnostics, (d) => d.file);
  const out = [c.bold(`Not fully analysed (${countOf(byFile.size, 'file')})`)];
  for (const [file, group] of byFile) {
    out.push(`  ${c.underline(printable(file))}`);
    for (const d of group) {
      const position = d.line === undefined ? '' : `${c.dim(`${d.line}:${d.column ?? 1}`)}  `;
      const label = d.code === 'ECTUS_RULE_ERROR' || d.code === 'ECTUS_READ_ERROR' ? c.red : c.yellow;
      out.push(`    ${position}${label(DIAGNOSTIC_LABELS[d.code] ?? d.code)}  ${oneLine(d.message)}  ${c.dim(d.code)}`);
    }
  }
  return out;
}

function hotspotsSection(hot: ScanReport['hotspots'], c: Colors): string[] {
  const shown = hot.slice(0, HOTSPOT_LIMIT);
  const names = shown.map((h) => oneLine(h.name));
  const places = shown.map((h) => `${printable(h.file)}:${h.line}`);
  const nameWidth = Math.max(...names.map((n) => n.length));
  const placeWidth = Math.max(...places.map((p) => p.length));
  const out = [
    c.bold(`Complexity hot spots (cyclomatic > ${CYCLOMATIC_THRESHOLD} or cognitive > ${COGNITIVE_THRESHOLD})`),
  ];
  shown.forEach((h, i) => {
    const cyclomatic = `cyclomatic ${String(h.cyclomatic).padStart(3)}`;
    const cognitive = `cognitive ${String(h.cognitive).padStart(3)}`;
    out.push(
      `  ${names[i]!.padEnd(nameWidth)}  ${c.dim(places[i]!.padEnd(placeWidth))}  ${
        h.cyclomatic > CYCLOMATIC_THRESHOLD ? c.yellow(cyclomatic) : cyclomatic
      }  ${h.cognitive > COGNITIVE_THRESHOLD ? c.yellow(cognitive) : cognitive}`,
    );
  });
  if (hot.length > shown.length) out.push(c.dim(`  … and ${countOf(hot.length - shown.length, 'more function')}`));
  return out;
}

function summarySection(report: ScanReport, c: Colors): string[] {
  const { summary } = report;
  const sentence = summarySentence(summary);
  // Every result says how old the advisory data behind it is.
  const dependencies = report.dependencies ? [c.dim(`  ${dependencySentence(report.dependencies)}.`)] : [];
  if (summary.findings === 0) return [c.green(`✔ ${sentence}`), ...dependencies];
  const serious = summary.bySeverity.critical + summary.bySeverity.high > 0;
  const symbol = serious ? c.red('✖') : c.yellow('✖');
  const out = [`${symbol} ${c.bold(sentence)}`];
  const fixable = report.findings.filter((f) => f.fix && f.fix.length > 0).length;
  if (fixable > 0) out.push(c.dim(`  ${countOf(fixable, 'finding')} can be fixed automatically.`));
  return [...out, ...dependencies];
}
