import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { ageInDays, manifestInfo, openAdvisoryDatabase } from './advisory-database.js';
import { importAdvisories } from './osv/import.js';
import { advisoriesDir } from './osv/store.js';
import { dependency, fixtureIds, loadRecord, writeRecords } from './osv/test-support/fixtures.js';
import { satisfiesNpmRange } from './versions/npm-range.js';

let work: string;
let data: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ectus-advisory-db-'));
  data = path.join(work, 'data');
  const source = path.join(work, 'osv');
  await writeRecords(source, Object.fromEntries(fixtureIds().map((id) => [id, loadRecord(id)])));
  await importAdvisories(source, data, { now: new Date('2026-05-01T00:00:00Z') });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('openAdvisoryDatabase', () => {
  it('reports the import date, age and counts', async () => {
    const db = await openAdvisoryDatabase(data);
    const info = db.info();
    expect(info).toMatchObject({
      importedAt: '2026-05-01T00:00:00.000Z',
      counts: { npm: 4, PyPI: 3, Go: 4, 'crates.io': 1, Maven: 1 },
      online: false,
    });
    expect(info.ageDays).toBe(ageInDays('2026-05-01T00:00:00.000Z'));
  });

  it('matches a mixed lockfile and returns only vulnerable dependencies, in input order', async () => {
    const db = await openAdvisoryDatabase(data);
    const result = db.match([
      dependency('npm', 'express', '4.21.2'),
      dependency('npm', 'lodash', '4.17.15'),
      dependency('PyPI', 'Jinja2', '3.1.2', { file: 'poetry.lock' }),
      dependency('Go', 'golang.org/x/text', 'v0.3.7', { file: 'go.mod' }),
      dependency('crates.io', 'tokio', '1.13.0', { file: 'Cargo.lock' }),
      dependency('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', { file: 'pom.xml' }),
    ]);
    expect(result.map((v) => [v.dependency.name, v.advisories.map((a) => a.id), v.upgradeTo])).toEqual([
      ['lodash', ['GHSA-p6mc-m468-83gw'], '4.17.19'],
      ['Jinja2', ['GHSA-h5c8-rqwp-cp95'], '3.1.3'],
      ['golang.org/x/text', ['GO-2022-1059'], 'v0.3.8'],
      ['tokio', ['RUSTSEC-2021-0124'], '1.13.1'],
      ['org.apache.logging.log4j:log4j-core', ['GHSA-jfh8-c2jp-5v3q'], '2.15.0'],
    ]);
  });

  it('reports a package present twice at different versions once per version', async () => {
    const db = await openAdvisoryDatabase(data);
    const result = db.match([
      dependency('npm', 'minimist', '0.0.8', { paths: [['mkdirp', 'minimist']] }),
      dependency('npm', 'minimist', '1.2.5', { paths: [['optimist', 'minimist']] }),
      dependency('npm', 'minimist', '1.2.8'),
    ]);
    expect(
      result.map((v) => [v.dependency.version, v.advisories.map((a) => `${a.id}@${a.fixed}`), v.upgradeTo]),
    ).toEqual([
      ['0.0.8', ['GHSA-xvch-5gv4-984h@0.2.4', 'GHSA-vh95-rmgr-6w4m@0.2.1'], '0.2.4'],
      ['1.2.5', ['GHSA-xvch-5gv4-984h@1.2.6'], '1.2.6'],
    ]);
  });

  it('matches 0.x versions as ranges resolved under caret rules leave them', async () => {
    const db = await openAdvisoryDatabase(data);
    // `^0.2.1` allows 0.2.x only: every 0.2.x below 0.2.4 is affected, 0.2.4 is not.
    const resolved = ['0.2.1', '0.2.3', '0.2.4'].filter((v) => satisfiesNpmRange(v, '^0.2.1'));
    const vulnerable = db.match(resolved.map((v) => dependency('npm', 'minimist', v)));
    expect(vulnerable.map((v) => [v.dependency.version, v.upgradeTo])).toEqual([
      ['0.2.1', '0.2.4'],
      ['0.2.3', '0.2.4'],
    ]);
    expect(satisfiesNpmRange('1.2.6', '^0.2.1')).toBe(false);
  });

  it('treats a pre-release of the fixed version as affected and the release as fixed', async () => {
    const db = await openAdvisoryDatabase(data);
    const result = db.match([
      dependency('npm', 'lodash', '4.17.19-rc.1'),
      dependency('npm', 'lodash', '4.17.19'),
      dependency('PyPI', 'urllib3', '2.0.6rc1'),
    ]);
    expect(result.map((v) => `${v.dependency.name}@${v.dependency.version}`)).toEqual([
      'lodash@4.17.19-rc.1',
      'urllib3@2.0.6rc1',
    ]);
  });

  it('merges the GitHub and PyPA records of one CVE into one finding', async () => {
    const db = await openAdvisoryDatabase(data);
    const [urllib3] = db.match([dependency('PyPI', 'URLLib3', '1.26.16')]);
    expect(urllib3?.advisories.map((a) => [a.id, a.aliases, a.fixed])).toEqual([
      ['GHSA-v845-jxx5-vc9f', ['CVE-2023-43804', 'PYSEC-2023-192'], '1.26.17'],
    ]);
  });

  it('sees a re-import without reopening, and tolerates package names like constructor', async () => {
    const own = path.join(work, 'reimport');
    const first = path.join(work, 'first');
    await writeRecords(first, { a: loadRecord('GHSA-xvch-5gv4-984h') });
    await importAdvisories(first, own);
    const db = await openAdvisoryDatabase(own);
    expect(db.match([dependency('npm', 'minimist', '1.2.5')])).toHaveLength(1);
    expect(db.match([dependency('npm', 'constructor', '1.0.0'), dependency('npm', '__proto__', '1.0.0')])).toEqual([]);
    const second = path.join(work, 'second');
    await writeRecords(second, { b: loadRecord('GHSA-p6mc-m468-83gw') });
    await importAdvisories(second, own);
    expect(db.match([dependency('npm', 'minimist', '1.2.5')])).toEqual([]);
    expect(db.match([dependency('npm', 'lodash', '4.17.10')])).toHaveLength(1);
  });

  it('is empty, not an error, before the first import', async () => {
    const db = await openAdvisoryDatabase(path.join(work, 'never-imported'));
    expect(db.info()).toEqual({ importedAt: null, ageDays: null, counts: {}, online: false });
    expect(db.match([dependency('npm', 'lodash', '4.17.15')])).toEqual([]);
  });

  it('reports a damaged data file as ECTUS_IO, naming the fix', async () => {
    const own = path.join(work, 'damaged');
    const source = path.join(work, 'damaged-src');
    await writeRecords(source, { a: loadRecord('GHSA-xvch-5gv4-984h') });
    await importAdvisories(source, own);
    await writeFile(path.join(advisoriesDir(own), 'npm.osvdb'), 'garbage');
    const db = await openAdvisoryDatabase(own);
    let error: unknown;
    try {
      db.match([dependency('npm', 'minimist', '1.2.5')]);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe('ECTUS_IO');
    expect((error as Error).message).toMatch(/advisories import/);
  });
});

describe('manifestInfo', () => {
  it('dates the database by its oldest ecosystem, so the age never understates staleness', () => {
    const entry = { file: 'npm.osvdb', source: 'all.zip', records: 10, withdrawn: 0, packages: 5 };
    const info = manifestInfo(
      {
        format: 1,
        ecosystems: {
          npm: { ...entry, importedAt: '2026-04-30T00:00:00.000Z' },
          PyPI: { ...entry, file: 'pypi.osvdb', records: 3, importedAt: '2026-03-01T00:00:00.000Z' },
        },
      },
      new Date('2026-05-01T06:00:00Z'),
    );
    expect(info).toEqual({
      importedAt: '2026-03-01T00:00:00.000Z',
      ageDays: 61,
      counts: { npm: 10, PyPI: 3 },
      online: false,
    });
  });
});
