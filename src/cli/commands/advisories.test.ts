import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAdvisoryDatabase } from '../../analysis/deps/advisory-database.js';
import { dependency, loadRecord, writeRecords } from '../../analysis/deps/osv/test-support/fixtures.js';
import { writeZip } from '../../analysis/deps/osv/test-support/zip-writer.js';
import { registerAdvisoriesCommand } from './advisories.js';

let work: string;
let previousDataDir: string | undefined;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ectus-advisories-cli-'));
  previousDataDir = process.env.ECTUS_DATA_DIR;
  process.env.ECTUS_DATA_DIR = path.join(work, 'data');
});
afterEach(async () => {
  if (previousDataDir === undefined) delete process.env.ECTUS_DATA_DIR;
  else process.env.ECTUS_DATA_DIR = previousDataDir;
  vi.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

/** Runs `ectus <args>` in-process and returns what it printed on standard output. */
async function ectus(...args: string[]): Promise<string> {
  const program = new Command('ectus').exitOverride();
  registerAdvisoriesCommand(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'ectus', ...args]);
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return out;
}

describe('ectus advisories', () => {
  it('imports a folder into ECTUS_DATA_DIR and prints the summary', async () => {
    const source = path.join(work, 'osv');
    const withdrawn = {
      ...loadRecord('GHSA-p6mc-m468-83gw'),
      id: 'GHSA-wwww-wwww-wwww',
      withdrawn: '2024-01-01T00:00:00Z',
    };
    await writeRecords(source, {
      'npm/GHSA-xvch-5gv4-984h': loadRecord('GHSA-xvch-5gv4-984h'),
      'npm/withdrawn': withdrawn,
      'pypi/PYSEC-2023-192': loadRecord('PYSEC-2023-192'),
    });
    await writeFile(path.join(source, 'notes.json'), '[1, 2]');
    const out = await ectus('advisories', 'import', source);
    expect(out).toMatch(/^Imported OSV advisories from osv on \d{4}-\d\d-\d\dT/);
    expect(out).toContain('npm        1 record for 1 package, 1 withdrawn skipped');
    expect(out).toContain('PyPI       1 record for 1 package');
    expect(out).toContain('Skipped: 1 withdrawn, 2 not OSV records.');
    const db = await openAdvisoryDatabase(path.join(work, 'data'));
    expect(db.match([dependency('npm', 'minimist', '1.2.5')])).toHaveLength(1);
  });

  it('imports an all.zip and reports status, as text and as JSON', async () => {
    const zip = path.join(work, 'all.zip');
    const ids = ['GO-2020-0015', 'GO-2022-1059'];
    await writeFile(zip, writeZip(ids.map((id) => ({ name: `${id}.json`, data: JSON.stringify(loadRecord(id)) }))));
    const summary = JSON.parse(await ectus('advisories', 'import', zip, '--json'));
    expect(summary.ecosystems).toEqual({ Go: { records: 2, withdrawn: 0, packages: 1 } });

    const status = await ectus('advisories', 'status');
    expect(status).toContain(`Advisory database: ${path.join(work, 'data', 'advisories')}`);
    expect(status).toMatch(/oldest import \S+ \(today\)/);
    expect(status).toMatch(/Go {9}2 records {8}imported \S+ \(today\) from all\.zip/);
    const json = JSON.parse(await ectus('advisories', 'status', '--json'));
    expect(json).toMatchObject({ ageDays: 0, counts: { Go: 2 }, online: false });
  });

  it('says how to start when nothing was imported', async () => {
    expect(await ectus('advisories', 'status')).toMatch(/^No advisories imported yet .*\n.*ectus advisories import/);
  });

  it('rejects a source that does not exist with ECTUS_PATH_NOT_FOUND', async () => {
    await expect(ectus('advisories', 'import', path.join(work, 'missing'))).rejects.toMatchObject({
      code: 'ECTUS_PATH_NOT_FOUND',
    });
  });
});
