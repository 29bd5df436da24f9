import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Finding } from '../../analysis/types.js';
import type { Database } from '../client.js';
import {
  FINDING_SEVERITIES,
  type FindingSeverity,
  findings,
  type ScanSource,
  type SeverityCounts,
  scans,
} from '../schema.js';
import { isUuid, type PageRequest, pageBounds } from './common.js';

export type ScanRecord = typeof scans.$inferSelect;
export type FindingRecord = typeof findings.$inferSelect;
export type NewFinding = Omit<typeof findings.$inferInsert, 'id' | 'scanId'>;

/** Rows per INSERT: 16 columns each stays far below PostgreSQL's 65,535 parameters. */
const FINDINGS_PER_INSERT = 500;

/** An engine finding as a row: location and message in columns, the rest (flow, fixes) in `properties`. */
export function findingRow(finding: Finding): NewFinding {
  const properties: Record<string, unknown> = {};
  if (finding.flow) properties.flow = finding.flow;
  if (finding.fix) properties.fix = finding.fix;
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    category: finding.category,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    message: finding.message,
    snippet: finding.snippet,
    fingerprint: finding.fingerprint,
    cwe: finding.cwe,
    properties,
  };
}

export async function insertScan(
  db: Database,
  input: { projectId: string; createdBy: string | null; source: ScanSource; sourceName?: string | null; now: Date },
): Promise<ScanRecord> {
  const [row] = await db
    .insert(scans)
    .values({
      projectId: input.projectId,
      createdBy: input.createdBy,
      source: input.source,
      sourceName: input.sourceName ?? null,
      createdAt: input.now,
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

export async function findScan(db: Database, id: string): Promise<ScanRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db.select().from(scans).where(eq(scans.id, id)).limit(1);
  return rows[0] ?? null;
}

/** A project's scans, newest first. */
export async function listScans(db: Database, projectId: string, page?: PageRequest): Promise<ScanRecord[]> {
  if (!isUuid(projectId)) return [];
  const { limit, offset } = pageBounds(page);
  return db
    .select()
    .from(scans)
    .where(eq(scans.projectId, projectId))
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(limit)
    .offset(offset);
}

/** Moves a queued scan to running; `null` when it is not queued (another worker took it). */
export async function markScanRunning(db: Database, id: string, now: Date): Promise<ScanRecord | null> {
  const rows = await db
    .update(scans)
    .set({ status: 'running', startedAt: now })
    .where(and(eq(scans.id, id), eq(scans.status, 'queued')))
    .returning();
  return rows[0] ?? null;
}

/**
 * Stores a scan's findings and marks it completed with its counts, in one transaction: readers see
 * either a running scan without findings or a completed one with all of them.
 */
export async function completeScan(
  db: Database,
  input: { scanId: string; findings: readonly NewFinding[]; filesScanned: number; now: Date },
): Promise<ScanRecord | null> {
  const severityCounts: SeverityCounts = {};
  for (const finding of input.findings) {
    severityCounts[finding.severity] = (severityCounts[finding.severity] ?? 0) + 1;
  }
  return db.transaction(async (tx) => {
    for (let start = 0; start < input.findings.length; start += FINDINGS_PER_INSERT) {
      const batch = input.findings.slice(start, start + FINDINGS_PER_INSERT);
      await tx.insert(findings).values(batch.map((finding) => ({ ...finding, scanId: input.scanId })));
    }
    const rows = await tx
      .update(scans)
      .set({
        status: 'completed',
        filesScanned: input.filesScanned,
        findingsTotal: input.findings.length,
        severityCounts,
        finishedAt: input.now,
        durationMs: sql`greatest(0, round(extract(epoch from (${input.now.toISOString()}::timestamptz - coalesce(${scans.startedAt}, ${scans.createdAt}))) * 1000))::integer`,
      })
      .where(eq(scans.id, input.scanId))
      .returning();
    return rows[0] ?? null;
  });
}

export async function failScan(
  db: Database,
  input: { scanId: string; error: string; now: Date },
): Promise<ScanRecord | null> {
  const rows = await db
    .update(scans)
    .set({ status: 'failed', error: input.error, finishedAt: input.now })
    .where(eq(scans.id, input.scanId))
    .returning();
  return rows[0] ?? null;
}

export async function deleteScan(db: Database, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db.delete(scans).where(eq(scans.id, id)).returning({ id: scans.id });
  return rows.length > 0;
}

export interface FindingFilter {
  severities?: readonly FindingSeverity[];
  ruleId?: string;
  /** Findings of this file (path relative to the scan root). */
  file?: string;
}

function findingConditions(scanId: string, filter: FindingFilter): SQL | undefined {
  return and(
    eq(findings.scanId, scanId),
    filter.severities && filter.severities.length > 0 ? inArray(findings.severity, [...filter.severities]) : undefined,
    filter.ruleId === undefined ? undefined : eq(findings.ruleId, filter.ruleId),
    filter.file === undefined ? undefined : eq(findings.file, filter.file),
  );
}

/** Most severe first, then by file and position. */
const SEVERITY_ORDER = sql`array_position(ARRAY[${sql.join(
  [...FINDING_SEVERITIES].reverse().map((severity) => sql`${severity}`),
  sql`, `,
)}]::text[], ${findings.severity})`;

/** A scan's findings, filtered and paged, most severe first. */
export async function listFindings(
  db: Database,
  scanId: string,
  filter: FindingFilter & PageRequest = {},
): Promise<FindingRecord[]> {
  if (!isUuid(scanId)) return [];
  const { limit, offset } = pageBounds(filter);
  return db
    .select()
    .from(findings)
    .where(findingConditions(scanId, filter))
    .orderBy(SEVERITY_ORDER, findings.file, findings.line, findings.column, findings.id)
    .limit(limit)
    .offset(offset);
}

/** How many findings match the filter (the total for paging). */
export async function countFindings(db: Database, scanId: string, filter: FindingFilter = {}): Promise<number> {
  if (!isUuid(scanId)) return 0;
  const rows = await db.select({ value: count() }).from(findings).where(findingConditions(scanId, filter));
  return rows[0]?.value ?? 0;
}
