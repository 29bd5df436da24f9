import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles, isSourceFile } from '../../files.js';
import { isLockfileName } from './detect.js';
import { MAX_LOCKFILE_SIZE, parseLockfile, scanLockfiles } from './index.js';
import { FIXTURES } from './test-support/fixtures.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'ectus-lockfiles-'));
  cpSync(path.join(FIXTURES, 'npm-v3'), path.join(work, 'web'), { recursive: true });
  cpSync(path.join(FIXTURES, 'poetry'), path.join(work, 'services/api'), { recursive: true });
  cpSync(path.join(FIXTURES, 'go'), path.join(work, 'tools/cli'), { recursive: true });
  // Lockfiles that must not be read: installed packages, ignored folders, test fixtures.
  mkdirSync(path.join(work, 'web/node_modules/left-pad'), { recursive: true });
  writeFileSync(path.join(work, 'web/node_modules/left-pad/package-lock.json'), '{}');
  mkdirSync(path.join(work, 'vendor'), { recursive: true });
  writeFileSync(path.join(work, 'vendor/Cargo.lock'), 'version = 3\n');
  writeFileSync(path.join(work, '.gitignore'), 'vendor/\n');
  mkdirSync(path.join(work, 'test/fixtures/old'), { recursive: true });
  writeFileSync(path.join(work, 'test/fixtures/old/requirements.txt'), 'django==1.0\n');
  // Broken and superseded files.
  mkdirSync(path.join(work, 'broken'), { recursive: true });
  writeFileSync(path.join(work, 'broken/pnpm-lock.yaml'), 'lockfileVersion: [\n');
  writeFileSync(
    path.join(work, 'web/npm-shrinkwrap.json'),
    JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }),
  );
  writeFileSync(path.join(work, 'notes.txt'), 'not a lockfile\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scanLockfiles', () => {
  it('finds and parses lockfiles with their companion manifests, honouring ignore rules', async () => {
    const { results, problems } = await scanLockfiles([work], { root: work });
    expect(results.map((r) => [r.file, r.format])).toEqual([
      ['services/api/poetry.lock', 'poetry-lock@2.0'],
      ['tools/cli/go.mod', 'go-mod+go-sum'],
      ['web/npm-shrinkwrap.json', 'npm-shrinkwrap@3'],
    ]);
    // pyproject.toml was read: the direct dependencies are known.
    const api = results[0]?.dependencies.find((d) => d.name === 'requests');
    expect(api).toMatchObject({ direct: true, file: 'services/api/poetry.lock' });
    expect(problems).toEqual([
      expect.objectContaining({ file: 'broken/pnpm-lock.yaml', code: 'ECTUS_LOCKFILE_INVALID' }),
    ]);
  });

  it('reads a fixture folder when asked for it directly, and configured ignore patterns apply', async () => {
    const fixtures = await scanLockfiles([path.join(work, 'test/fixtures')], { root: work });
    expect(fixtures.results.map((r) => r.file)).toEqual(['test/fixtures/old/requirements.txt']);
    const ignored = await scanLockfiles([work], { root: work, ignore: ['services/'] });
    expect(ignored.results.map((r) => r.file)).not.toContain('services/api/poetry.lock');
  });

  it('reads the same lockfiles from a listing made together with the sources', async () => {
    const own = await scanLockfiles([work], { root: work });
    const listing = await discoverFiles([work], {
      root: work,
      accept: (name) => isSourceFile(name) || isLockfileName(name),
      maxFileSize: 10,
    });
    const files = listing.files.filter((f) => !isSourceFile(f.relPath));
    expect(files.some((f) => f.tooLarge)).toBe(true);
    const shared = await scanLockfiles([work], { root: work, files });
    expect(shared).toEqual(own);
    // The lockfile limit applies, not the one the listing was made with.
    const huge = files.map((f) => (f.relPath === 'tools/cli/go.mod' ? { ...f, size: MAX_LOCKFILE_SIZE + 1 } : f));
    const limited = await scanLockfiles([work], { root: work, files: huge });
    expect(limited.problems.map((p) => [p.file, p.code])).toContainEqual(['tools/cli/go.mod', 'ECTUS_FILE_TOO_LARGE']);
  });

  it('parses text by file name', () => {
    expect(parseLockfile('requirements.txt', 'flask==2.0.1\n')?.dependencies[0]?.name).toBe('flask');
    expect(parseLockfile('README.md', '# hi')).toBeUndefined();
  });
});
