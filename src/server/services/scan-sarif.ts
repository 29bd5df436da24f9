import { compareFindings, describeRule } from '../../analysis/build-report.js';
import { toSarif } from '../../analysis/report/sarif.js';
import { RULES } from '../../analysis/rules/index.js';
import {
  CATEGORIES,
  type Category,
  type Finding,
  type Fix,
  type FlowStep,
  type RuleDescriptor,
  type ScanReport,
  SEVERITIES,
  type Severity,
} from '../../analysis/types.js';
import type { Database } from '../../db/client.js';
import { MAX_PAGE_SIZE } from '../../db/repositories/common.js';
import { type FindingRecord, listFindings, type ScanRecord } from '../../db/repositories/scans.js';
import { VERSION } from '../../version.js';

/**
 * A stored scan as SARIF 2.1.0: the findings are read back from the database and given the same
 * shape the engine produced, so the file matches what `ectus scan --format sarif` writes for the
 * same sources. The scan root was an upload, not a folder of this machine, so `%SRCROOT%` is left
 * for the consumer to define (GitHub resolves it to the repository root).
 */

const RULE_DESCRIPTORS: ReadonlyMap<string, RuleDescriptor> = new Map(
  RULES.map((rule) => [rule.id, describeRule({ rule, severity: rule.meta.severity, options: {} })]),
);

function asCategory(value: string): Category {
  return (CATEGORIES as readonly string[]).includes(value) ? (value as Category) : 'correctness';
}

function asSeverity(value: string): Severity {
  return (SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : 'info';
}

/** A stored finding in the engine's shape (flow and fixes come back from `properties`). */
export function findingFromRecord(record: FindingRecord): Finding {
  const { flow, fix, ...rest } = record.properties as { flow?: FlowStep[]; fix?: Fix[] } & Record<string, unknown>;
  const finding: Finding = {
    ruleId: record.ruleId,
    messageId: record.messageId,
    category: asCategory(record.category),
    severity: asSeverity(record.severity),
    cwe: record.cwe,
    message: record.message,
    file: record.file,
    line: record.line,
    column: record.column,
    endLine: record.endLine,
    endColumn: record.endColumn,
    snippet: record.snippet,
    fingerprint: record.fingerprint,
  };
  if (Array.isArray(flow)) finding.flow = flow;
  if (Array.isArray(fix)) finding.fix = fix;
  if (Object.keys(rest).length > 0) finding.properties = rest;
  return finding;
}

/** Every finding of a scan, read page by page. */
async function allFindings(db: Database, scanId: string): Promise<FindingRecord[]> {
  const rows: FindingRecord[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await listFindings(db, scanId, { limit: MAX_PAGE_SIZE, offset });
    rows.push(...page);
    if (page.length < MAX_PAGE_SIZE) return rows;
  }
}

/** The report a stored scan stands for: its findings and the descriptors of their rules. */
export function storedScanReport(scan: ScanRecord, records: readonly FindingRecord[]): ScanReport {
  const findings = records.map(findingFromRecord);
  findings.sort(compareFindings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) bySeverity[finding.severity] += 1;
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))];
  return {
    tool: { name: 'ectus', version: VERSION },
    root: '/',
    startedAt: (scan.startedAt ?? scan.createdAt).toISOString(),
    threatModel: 'remote',
    summary: {
      files: scan.filesScanned,
      filesAnalysed: scan.filesScanned,
      filesSkipped: 0,
      filesCached: 0,
      lines: 0,
      findings: findings.length,
      bySeverity,
      suppressed: 0,
      baselined: 0,
      durationMs: scan.durationMs ?? 0,
    },
    findings,
    diagnostics: [],
    rules: ruleIds.flatMap((id) => RULE_DESCRIPTORS.get(id) ?? []),
    hotspots: [],
    fileSummaries: [],
    skippedFiles: [],
  };
}

/** The SARIF log of a stored scan. */
export async function scanSarif(db: Database, scan: ScanRecord) {
  const log = toSarif(storedScanReport(scan, await allFindings(db, scan.id)));
  // No folder of this server is the root of an uploaded scan; consumers supply `%SRCROOT%`.
  log.runs[0].originalUriBaseIds = {};
  return log;
}
