import { describe, expect, it } from 'vitest';
import type { Finding } from '../../analysis/types.js';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeProject, makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import { deleteProject } from './projects.js';
import {
  completeScan,
  countFindings,
  deleteScan,
  failScan,
  findingRow,
  findScan,
  insertScan,
  listFindings,
  listScans,
  markScanRunning,
} from './scans.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'sql-injection',
    messageId: 'taintedQuery',
    category: 'security',
    severity: 'high',
    cwe: [89],
    message: 'Request data reaches a SQL query.',
    file: 'src/routes/users.ts',
    line: 12,
    column: 5,
    endLine: 12,
    endColumn: 48,
    snippet: "db.query('SELECT * FROM users WHERE id = ' + req.params.id)",
    fingerprint: 'a1b2c3',
    flow: [{ file: 'src/routes/users.ts', line: 10, column: 3, endLine: 10, endColumn: 20, message: 'req.params.id' }],
    ...overrides,
  };
}

describe.each(TEST_DATABASES)('scans repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function scan(now = T0) {
    const { db } = database();
    const user = await makeUser(db);
    const project = await makeProject(db, user);
    return {
      user,
      project,
      scan: await insertScan(db, { projectId: project.id, createdBy: user.id, source: 'files', now }),
    };
  }

  it('goes from queued to running to completed, storing findings and their counts', async () => {
    const { db } = database();
    const { scan: queued } = await scan();
    expect(queued).toMatchObject({ status: 'queued', findingsTotal: 0, severityCounts: {} });
    expect(await markScanRunning(db, queued.id, minutesAfter(T0, 1))).toMatchObject({ status: 'running' });
    expect(await markScanRunning(db, queued.id, minutesAfter(T0, 1))).toBeNull();
    const rows = [
      findingRow(finding()),
      findingRow(finding({ severity: 'critical', ruleId: 'command-injection', file: 'src/exec.ts', flow: undefined })),
      findingRow(
        finding({ severity: 'low', ruleId: 'no-self-compare', flow: undefined, fix: [{ range: [1, 2], text: 'x' }] }),
      ),
    ];
    const done = await completeScan(db, {
      scanId: queued.id,
      findings: rows,
      filesScanned: 42,
      now: minutesAfter(T0, 3),
    });
    expect(done).toMatchObject({
      status: 'completed',
      filesScanned: 42,
      findingsTotal: 3,
      severityCounts: { high: 1, critical: 1, low: 1 },
      finishedAt: minutesAfter(T0, 3),
      durationMs: 120_000,
    });
    const stored = await listFindings(db, queued.id);
    expect(stored.map((row) => row.severity)).toEqual(['critical', 'high', 'low']);
    expect(stored[1]).toMatchObject({ cwe: [89], properties: { flow: [{ line: 10, message: 'req.params.id' }] } });
    expect(stored[2]?.properties).toEqual({ fix: [{ range: [1, 2], text: 'x' }] });
  });

  it('stores thousands of findings in batches', async () => {
    const { db } = database();
    const { scan: running } = await scan();
    const rows = Array.from({ length: 1_234 }, (_, i) => findingRow(finding({ line: i + 1, fingerprint: `fp-${i}` })));
    await completeScan(db, { scanId: running.id, findings: rows, filesScanned: 1, now: T0 });
    expect(await countFindings(db, running.id)).toBe(1_234);
  });

  it('filters and pages findings', async () => {
    const { db } = database();
    const { scan: running } = await scan();
    const rows = [
      finding({ severity: 'medium', file: 'b.ts', line: 1 }),
      finding({ severity: 'medium', file: 'a.ts', line: 9 }),
      finding({ severity: 'medium', file: 'a.ts', line: 2 }),
      finding({ severity: 'info', ruleId: 'todo-comment', file: 'a.ts', line: 1 }),
    ].map(findingRow);
    await completeScan(db, { scanId: running.id, findings: rows, filesScanned: 2, now: T0 });
    const lines = async (filter: Parameters<typeof listFindings>[2]) =>
      (await listFindings(db, running.id, filter)).map((row) => `${row.file}:${row.line}`);
    expect(await lines({ severities: ['medium'] })).toEqual(['a.ts:2', 'a.ts:9', 'b.ts:1']);
    expect(await lines({ severities: ['medium'], limit: 1, offset: 1 })).toEqual(['a.ts:9']);
    expect(await lines({ ruleId: 'todo-comment' })).toEqual(['a.ts:1']);
    expect(await lines({ file: 'b.ts' })).toEqual(['b.ts:1']);
    expect(await lines({ file: "a.ts' OR '1'='1" })).toEqual([]);
    expect(await countFindings(db, running.id, { severities: ['medium', 'info'] })).toBe(4);
  });

  it("lists a project's scans newest first and records failures", async () => {
    const { db } = database();
    const { project, scan: first } = await scan(T0);
    const second = await insertScan(db, {
      projectId: project.id,
      createdBy: null,
      source: 'archive',
      sourceName: 'src.tar.gz',
      now: minutesAfter(T0, 1),
    });
    expect((await listScans(db, project.id)).map((row) => row.id)).toEqual([second.id, first.id]);
    expect(
      await failScan(db, {
        scanId: second.id,
        error: 'The archive has more than 10,000 entries.',
        now: minutesAfter(T0, 2),
      }),
    ).toMatchObject({
      status: 'failed',
      error: 'The archive has more than 10,000 entries.',
    });
    expect(await findScan(db, 'nope')).toBeNull();
  });

  it('deletes a scan with its findings, and scans go with their project', async () => {
    const { db } = database();
    const { project, scan: one } = await scan();
    await completeScan(db, { scanId: one.id, findings: [findingRow(finding())], filesScanned: 1, now: T0 });
    expect(await deleteScan(db, one.id)).toBe(true);
    expect(await countFindings(db, one.id)).toBe(0);
    const two = await insertScan(db, { projectId: project.id, createdBy: null, source: 'files', now: T0 });
    await deleteProject(db, project.id);
    expect(await findScan(db, two.id)).toBeNull();
  });
});
