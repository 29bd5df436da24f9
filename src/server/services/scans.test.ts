import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../analysis/deps/osv/test-support/zip-writer.js';
import { defaultRules, scanSources } from '../../analysis/index.js';
import { toSarif } from '../../analysis/report/sarif.js';
import type { Clock } from '../../auth/clock.js';
import { countFindings, listFindings, listScans } from '../../db/repositories/scans.js';
import { TEST_DATABASES, useTestDatabase } from '../../db/test-support/databases.js';
import { makeProject, makeUser, T0 } from '../../db/test-support/fixtures.js';
import { writeTar } from '../uploads/test-support/tar-writer.js';
import { scanSarif } from './scan-sarif.js';
import { createInlineScanRunner, createScanService, type ScanJob, type ScanRunner } from './scans.js';
import { SAFE_MODULE, VULNERABLE_HANDLER } from './test-support/samples.js';

const clock: Clock = () => T0;

describe.each(TEST_DATABASES)('scan service %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function setup(runner?: ScanRunner) {
    const { db } = database();
    const user = await makeUser(db);
    const project = await makeProject(db, user);
    const scans = createScanService({ db, clock, runner: runner ?? createInlineScanRunner({ db, clock }) });
    return { db, user, project, scans };
  }

  it('scans submitted files and stores the findings with their counts', async () => {
    const { db, user, project, scans } = await setup();
    const { scan } = await scans.submitFiles({
      projectId: project.id,
      userId: user.id,
      files: [
        { path: 'src/routes/users.ts', content: VULNERABLE_HANDLER },
        { path: 'src/users.ts', content: SAFE_MODULE },
      ],
    });
    expect(scan).toMatchObject({
      projectId: project.id,
      createdBy: user.id,
      source: 'files',
      status: 'completed',
      filesScanned: 2,
      findingsTotal: 3,
      severityCounts: { critical: 2, high: 1 },
      error: null,
    });
    const stored = await listFindings(db, scan.id);
    expect(stored.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['sql-injection', 'src/routes/users.ts', 7],
      ['command-injection', 'src/routes/users.ts', 8],
      ['no-async-callback-unhandled', 'src/routes/users.ts', 6],
    ]);
    expect(stored[0]?.properties).toHaveProperty('flow');
  });

  it('scans the text files of an uploaded archive and says what it skipped', async () => {
    const { db, user, project, scans } = await setup();
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    const archive = gzipSync(
      writeTar([
        { name: 'app/src/routes/users.ts', data: VULNERABLE_HANDLER },
        { name: 'app/assets/logo.png', data: logo },
      ]),
    );
    const { scan, upload } = await scans.submitArchive({
      projectId: project.id,
      userId: user.id,
      archive,
      fileName: 'app.tar.gz',
    });
    expect(scan).toMatchObject({ source: 'archive', sourceName: 'app.tar.gz', status: 'completed', filesScanned: 1 });
    expect(upload).toEqual({
      format: 'tar.gz',
      entries: 2,
      files: 1,
      bytes: Buffer.byteLength(VULNERABLE_HANDLER) + logo.length,
      skipped: { binary: 1, invalidUtf8: 0, tooLarge: 0 },
    });
    expect(await countFindings(db, scan.id, { severities: ['critical'] })).toBe(2);
  });

  it('stores no scan for an archive it refuses or that holds no text', async () => {
    const { db, user, project, scans } = await setup();
    const slip = writeZip([{ name: '../../etc/cron.d/evil', data: '* * * * * root sh' }]);
    await expect(scans.submitArchive({ projectId: project.id, userId: user.id, archive: slip })).rejects.toMatchObject({
      code: 'ECTUS_ARCHIVE_UNSAFE_ENTRY',
    });
    const binaries = writeZip([{ name: 'a.bin', data: Buffer.from([0, 1, 2, 3]) }]);
    await expect(
      scans.submitArchive({ projectId: project.id, userId: user.id, archive: binaries }),
    ).rejects.toMatchObject({ code: 'ECTUS_ARCHIVE_INVALID', details: { skipped: { binary: 1 } } });
    expect(await listScans(db, project.id)).toEqual([]);
  });

  it('marks the scan failed, with the reason, when the analysis throws', async () => {
    const { user, project, scans } = await setup();
    const broken = [{ path: 'src/a.ts', content: null as unknown as string }];
    const { scan } = await scans.submitFiles({ projectId: project.id, userId: user.id, files: broken });
    expect(scan.status).toBe('failed');
    expect(scan.error).toMatch(/^The analysis failed: /);
    expect(scan.finishedAt).toEqual(T0);
  });

  it('hands the job to whatever runner it is given, and returns the scan as the runner left it', async () => {
    const jobs: ScanJob[] = [];
    const { user, project, scans } = await setup({
      async submit(job) {
        jobs.push(job);
      },
    });
    const files = [{ path: 'src/users.ts', content: SAFE_MODULE }];
    const { scan } = await scans.submitFiles({ projectId: project.id, userId: user.id, files });
    expect(scan.status).toBe('queued');
    expect(jobs).toEqual([{ scanId: scan.id, files }]);
  });

  it('gives the same SARIF results from stored findings as the engine gives for the sources', async () => {
    const { db, user, project, scans } = await setup();
    const files = [{ path: 'src/routes/users.ts', content: VULNERABLE_HANDLER }];
    const { scan } = await scans.submitFiles({ projectId: project.id, userId: user.id, files });
    const stored = await scanSarif(db, scan);
    const direct = toSarif(scanSources(files, { rules: defaultRules() }));
    expect(stored.runs[0].results).toEqual(direct.runs[0].results);
    expect(stored.runs[0].tool.driver.rules).toEqual(direct.runs[0].tool.driver.rules);
    expect(stored.runs[0].originalUriBaseIds).toEqual({});
    expect(JSON.stringify(stored)).not.toContain('file://');
  });
});
