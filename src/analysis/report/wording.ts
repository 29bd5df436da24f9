import type { DependencyReport, FileDiagnostic, Hotspot, ScanSummary, Severity } from '../types.js';
import { SEVERITIES } from '../types.js';

/** How the human-facing reports (text, HTML) word counts, times and diagnostics, so both agree. */

/** Worst first: the order people read severities in. */
export const SEVERITIES_WORST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * Limits above which a function counts as a hot spot: the default thresholds of the
 * cyclomatic-complexity and cognitive-complexity rules, so the report and the rules agree.
 */
export const CYCLOMATIC_THRESHOLD = 20;
export const COGNITIVE_THRESHOLD = 15;

export function exceedsComplexityThreshold(hotspot: Hotspot): boolean {
  return hotspot.cyclomatic > CYCLOMATIC_THRESHOLD || hotspot.cognitive > COGNITIVE_THRESHOLD;
}

/** Fixed locale so output does not depend on the machine that renders it. */
let integerFormat: Intl.NumberFormat | undefined;

/**
 * `5,210`: grouped in thousands like en-US. Counts are grouped by hand: creating the
 * Intl.NumberFormat takes longer (tens of milliseconds) than the rest of printing a summary, and
 * every scan prints one. Other numbers go through Intl, created on first use.
 *
 * @example
 * formatInteger(1234567); // '1,234,567'
 */
export function formatInteger(value: number): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
    const digits = String(Math.abs(value));
    let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
    return value < 0 ? `-${grouped}` : grouped;
  }
  integerFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return integerFormat.format(value);
}

/** `1 file`, `5,210 lines`. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(value)} ${value === 1 ? singular : plural}`;
}

/** `0.42s`, `12.3s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 10_000) return `${(safe / 1000).toFixed(2)}s`;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)}s`;
  const seconds = Math.round(safe / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** `2 critical, 3 high`: only severities that occur, worst first. */
export function severityBreakdown(bySeverity: Record<Severity, number>): string {
  return SEVERITIES_WORST_FIRST.filter((s) => (bySeverity[s] ?? 0) > 0)
    .map((s) => `${formatInteger(bySeverity[s])} ${s}`)
    .join(', ');
}

/** `in 48 files, 5,210 lines, 0.42s`. */
export function scopeOf(summary: ScanSummary): string {
  return `in ${countOf(summary.files, 'file')}, ${countOf(summary.lines, 'line')}, ${formatDuration(summary.durationMs)}`;
}

/** What was left out of the counts: `3 suppressed, 5 baselined, 2 files skipped`; empty when nothing was. */
export function exclusionsOf(summary: ScanSummary): string {
  const parts: string[] = [];
  if (summary.suppressed > 0) parts.push(`${formatInteger(summary.suppressed)} suppressed`);
  if (summary.baselined > 0) parts.push(`${formatInteger(summary.baselined)} baselined`);
  if (summary.filesSkipped > 0) parts.push(`${countOf(summary.filesSkipped, 'file')} skipped`);
  return parts.join(', ');
}

/** The whole summary as one plain sentence (no symbol, no colour). */
export function summarySentence(summary: ScanSummary): string {
  const exclusions = exclusionsOf(summary);
  const tail = exclusions ? `; ${exclusions}` : '';
  if (summary.findings === 0) return `No findings ${scopeOf(summary)}${tail}`;
  return `${countOf(summary.findings, 'finding')} (${severityBreakdown(summary.bySeverity)}) ${scopeOf(summary)}${tail}`;
}

/**
 * Where the advisory data came from and how old it is: `imported 2025-01-10 (5 days old, 48,213
 * advisories)`, `OSV API (online)`, or a hint that nothing was imported.
 */
export function advisoryDatabaseText(database: DependencyReport['database']): string {
  const count = Object.values(database.counts).reduce((sum, n) => sum + (n ?? 0), 0);
  const parts: string[] = [];
  if (database.importedAt) {
    const age = database.ageDays === null ? '' : `${countOf(database.ageDays, 'day')} old, `;
    parts.push(`imported ${database.importedAt.slice(0, 10)} (${age}${countOf(count, 'advisory', 'advisories')})`);
  }
  if (database.online) parts.push('OSV API queried online');
  if (parts.length === 0) return 'none imported (run `ectus advisories import`), so no package was checked';
  return parts.join('; ');
}

/** `Dependencies: 56 packages in 2 lockfiles, 3 vulnerable; advisory database imported ...`. */
export function dependencySentence(dependencies: DependencyReport): string {
  const scope = `${countOf(dependencies.packages, 'package')} in ${countOf(dependencies.lockfiles.length, 'lockfile')}`;
  return `Dependencies: ${scope}, ${formatInteger(dependencies.vulnerable)} vulnerable; advisory database ${advisoryDatabaseText(dependencies.database)}`;
}

export const DIAGNOSTIC_LABELS: Readonly<Record<FileDiagnostic['code'], string>> = {
  ECTUS_PARSE_ERROR: 'parse error',
  ECTUS_READ_ERROR: 'read error',
  ECTUS_INVALID_UTF8: 'invalid UTF-8',
  ECTUS_BINARY_FILE: 'binary file',
  ECTUS_FILE_TOO_LARGE: 'file too large',
  ECTUS_TOO_DEEP: 'nesting too deep',
  ECTUS_RULE_ERROR: 'rule failed',
  ECTUS_LOCKFILE_INVALID: 'unreadable lockfile',
  ECTUS_DEPENDENCY_UNCHECKED: 'dependency not checked',
};
