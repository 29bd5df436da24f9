import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../errors.js';
import { type ImportProgress, importAdvisories } from './import.js';
import { advisoriesDir, readManifest } from './store.js';
import { fixtureIds, loadRecord, writeRecords } from './test-support/fixtures.js';
import { writeZip } from './test-support/zip-writer.js';

let work: string;
let data: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ectus-osv-import-'));
  data = path.join(work, 'data');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function folderOf(ids: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const dir = path.join(work, `src-${Math.random().toString(36).slice(2)}`);
  await writeRecords(dir, { ...Object.fromEntries(ids.map((id) => [`nested/${id}`, loadRecord(id)])), ...extra });
  return dir;
}

const NOW = new Date('2026-05-01T12:00:00Z');

describe('importAdvisories', () => {
  it('imports a folder of OSV files recursively, per ecosystem, with counts and progress', async () => {
    const progress: ImportProgress[] = [];
    const summary = await importAdvisories(await folderOf(fixtureIds()), data, {
      now: NOW,
      onProgress: (p) => progress.push(p),
    });
    expect(summary.ecosystems).toEqual({
      npm: { records: 4, withdrawn: 0, packages: 4 },
      PyPI: { records: 3, withdrawn: 0, packages: 2 },
      Go: { records: 4, withdrawn: 0, packages: 1 },
      'crates.io': { records: 1, withdrawn: 0, packages: 1 },
      Maven: { records: 1, withdrawn: 0, packages: 1 },
    });
    expect(summary).toMatchObject({ importedAt: '2026-05-01T12:00:00.000Z', invalid: 0, withdrawn: 0 });
    expect(progress.at(-1)).toEqual({ done: 13, total: 13 });
    const manifest = await readManifest(advisoriesDir(data));
    expect(manifest.ecosystems['crates.io']).toMatchObject({
      file: 'crates-io.osvdb',
      records: 1,
      importedAt: summary.importedAt,
    });
    expect((await readdir(advisoriesDir(data))).sort()).toEqual([
      'crates-io.osvdb',
      'go.osvdb',
      'manifest.json',
      'maven.osvdb',
      'npm.osvdb',
      'pypi.osvdb',
    ]);
  });

  it('imports an all.zip export without extracting it', async () => {
    const ids = ['GHSA-p6mc-m468-83gw', 'GHSA-xvch-5gv4-984h'];
    const zip = path.join(work, 'all.zip');
    await writeFile(zip, writeZip(ids.map((id) => ({ name: `${id}.json`, data: JSON.stringify(loadRecord(id)) }))));
    const summary = await importAdvisories(zip, data, { now: NOW });
    expect(summary.source).toBe('all.zip');
    expect(summary.ecosystems).toEqual({ npm: { records: 2, withdrawn: 0, packages: 2 } });
    expect(await readdir(work)).toEqual(['all.zip', 'data']);
  });

  it('skips withdrawn records and counts them', async () => {
    const withdrawn = {
      ...loadRecord('GHSA-p6mc-m468-83gw'),
      id: 'GHSA-wwww-wwww-wwww',
      withdrawn: '2024-01-01T00:00:00Z',
    };
    const summary = await importAdvisories(await folderOf(['GHSA-xvch-5gv4-984h'], { withdrawn }), data);
    expect(summary.withdrawn).toBe(1);
    expect(summary.ecosystems.npm).toEqual({ records: 1, withdrawn: 1, packages: 1 });
  });

  it('counts documents that are not OSV records and records of other ecosystems, and goes on', async () => {
    const debian = {
      id: 'DSA-5000-1',
      modified: '2021-11-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'Debian:11', name: 'openssl' } }],
    };
    const dir = await folderOf(['GHSA-xvch-5gv4-984h'], { debian, noId: { modified: 'x' } });
    await writeFile(path.join(dir, 'broken.json'), '{"id": ');
    const summary = await importAdvisories(dir, data);
    expect(summary.invalid).toBe(2);
    expect(summary.otherEcosystems).toBe(1);
    expect(summary.problems).toEqual([
      'broken.json: not valid JSON',
      expect.stringMatching(/^noId\.json: not an OSV record \(id: /),
    ]);
    expect(summary.ecosystems.npm?.records).toBe(1);
  });

  it('keeps the newest version of a record imported twice', async () => {
    const older = { ...loadRecord('GHSA-xvch-5gv4-984h'), modified: '2020-01-01T00:00:00Z', summary: 'old' };
    const summary = await importAdvisories(await folderOf(['GHSA-xvch-5gv4-984h'], { 'z/older': older }), data);
    expect(summary.ecosystems.npm?.records).toBe(1);
  });

  it('replaces a re-imported ecosystem as a whole and keeps the others', async () => {
    await importAdvisories(await folderOf(['GHSA-xvch-5gv4-984h', 'GHSA-p6mc-m468-83gw', 'GO-2020-0015']), data, {
      now: NOW,
    });
    const later = new Date('2026-06-01T00:00:00Z');
    await importAdvisories(await folderOf(['GHSA-p8p7-x288-28g6']), data, { now: later });
    const manifest = await readManifest(advisoriesDir(data));
    expect(manifest.ecosystems.npm).toMatchObject({ records: 1, importedAt: later.toISOString() });
    expect(manifest.ecosystems.Go).toMatchObject({ records: 1, importedAt: NOW.toISOString() });
    // No temporary files are left behind.
    expect((await readdir(advisoriesDir(data))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the database untouched when the source is not readable', async () => {
    await importAdvisories(await folderOf(['GHSA-xvch-5gv4-984h']), data, { now: NOW });
    const before = await readFile(path.join(advisoriesDir(data), 'manifest.json'), 'utf8');
    const bad = path.join(work, 'bad.zip');
    await writeFile(bad, 'not a zip at all');
    const error = await importAdvisories(bad, data).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('ECTUS_USAGE');
    const missing = await importAdvisories(path.join(work, 'missing'), data).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('ECTUS_PATH_NOT_FOUND');
    expect(await readFile(path.join(advisoriesDir(data), 'manifest.json'), 'utf8')).toBe(before);
  });
});
