import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles, SOURCE_FILE_EXTENSIONS } from './files.js';
import { SOURCE_EXTENSIONS } from './parse.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-files-')));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function tree(base: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(base, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, content);
  }
}

async function rels(paths: string[], options: Partial<Parameters<typeof discoverFiles>[1]> = {}): Promise<string[]> {
  const { files } = await discoverFiles(paths, { root: dir, ...options });
  return files.map((f) => f.relPath);
}

describe('discoverFiles', () => {
  it('lists the files the parser reads', () => {
    expect([...SOURCE_FILE_EXTENSIONS]).toEqual([...SOURCE_EXTENSIONS]);
  });

  it('lists source files sorted, with sizes and times, skipping other extensions', async () => {
    await tree(dir, {
      'src/server.ts': 'export const port = 3000;\n',
      'src/app.js': 'module.exports = {};\n',
      'src/types.d.ts': 'declare const x: number;\n',
      'src/views/Home.tsx': 'export const Home = () => null;\n',
      'lib/legacy.cjs': '',
      'lib/esm.mjs': '',
      'lib/a.mts': '',
      'lib/b.cts': '',
      'lib/c.jsx': '',
      'README.md': '# readme',
      'package.json': '{}',
      'src/styles.css': 'body {}',
      'src/logo.png': 'png',
    });
    const { files, problems } = await discoverFiles([dir], { root: dir });
    expect(problems).toEqual([]);
    expect(files.map((f) => f.relPath)).toEqual([
      'lib/a.mts',
      'lib/b.cts',
      'lib/c.jsx',
      'lib/esm.mjs',
      'lib/legacy.cjs',
      'src/app.js',
      'src/server.ts',
      'src/types.d.ts',
      'src/views/Home.tsx',
    ]);
    const server = files.find((f) => f.relPath === 'src/server.ts');
    expect(server?.absPath).toBe(path.join(dir, 'src', 'server.ts'));
    expect(server?.size).toBe(26);
    expect(server?.mtimeMs).toBeGreaterThan(0);
    expect(server?.tooLarge).toBeUndefined();
  });

  it('skips .git always and node_modules unless asked, even when .gitignore lists them', async () => {
    await tree(dir, {
      '.gitignore': 'node_modules/\n',
      '.git/hooks/pre-commit.js': '',
      'node_modules/express/index.js': '',
      'packages/web/node_modules/react/index.js': '',
      'index.js': '',
    });
    expect(await rels([dir])).toEqual(['index.js']);
    expect(await rels([dir], { includeNodeModules: true })).toEqual([
      'index.js',
      'node_modules/express/index.js',
      'packages/web/node_modules/react/index.js',
    ]);
  });

  it('honours .gitignore with negations and nested ignore files scoped to their folder', async () => {
    await tree(dir, {
      '.gitignore': 'dist/\n*.gen.ts\n!keep.gen.ts\n',
      'dist/bundle.js': '',
      'src/api.gen.ts': '',
      'src/keep.gen.ts': '',
      'src/index.ts': '',
      'src/db/.gitignore': 'migrations/\n!special.gen.ts\n',
      'src/db/migrations/001.ts': '',
      'src/db/special.gen.ts': '',
      'src/db/other.gen.ts': '',
      'migrations/root-level.ts': '',
    });
    expect(await rels([dir])).toEqual([
      'migrations/root-level.ts',
      'src/db/special.gen.ts',
      'src/index.ts',
      'src/keep.gen.ts',
    ]);
  });

  it('lets a deeper ignore file re-include a folder a shallower one excluded', async () => {
    await tree(dir, {
      '.gitignore': 'build/\n',
      'build/out.js': '',
      'tools/.gitignore': '!build/\n',
      'tools/build/script.js': '',
    });
    expect(await rels([dir])).toEqual(['tools/build/script.js']);
  });

  it('honours .ectusignore, which can re-include what .gitignore excludes', async () => {
    await tree(dir, {
      '.gitignore': 'generated/\n',
      '.ectusignore': 'fixtures/\n!generated/\n',
      'generated/client.ts': '',
      'test/fixtures/vulnerable.js': '',
      'test/app.test.ts': '',
    });
    expect(await rels([dir])).toEqual(['generated/client.ts', 'test/app.test.ts']);
  });

  it('applies configured ignore patterns relative to their base', async () => {
    await tree(dir, { 'src/a.ts': '', 'src/legacy/old.js': '', 'scripts/seed.js': '' });
    expect(await rels([dir], { ignore: ['src/legacy/', 'scripts'] })).toEqual(['src/a.ts']);
    expect(await rels([dir], { ignore: ['legacy/'], ignoreBase: path.join(dir, 'src') })).toEqual([
      'scripts/seed.js',
      'src/a.ts',
    ]);
  });

  it('applies ignore files above a scanned subfolder up to the repository top', async () => {
    await tree(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '*.local.ts\n',
      'packages/api/src/index.ts': '',
      'packages/api/src/settings.local.ts': '',
    });
    const root = path.join(dir, 'packages', 'api');
    const { files } = await discoverFiles([path.join(root, 'src')], { root });
    expect(files.map((f) => f.relPath)).toEqual(['src/index.ts']);
  });

  it('keeps explicitly named files even when ignored, but not non-source files', async () => {
    await tree(dir, {
      '.gitignore': 'scratch.ts\n',
      'scratch.ts': '',
      'notes.txt': '',
      'src/a.ts': '',
    });
    const { files, problems } = await discoverFiles(
      [path.join(dir, 'scratch.ts'), path.join(dir, 'notes.txt'), path.join(dir, 'src')],
      { root: dir },
    );
    expect(files.map((f) => f.relPath)).toEqual(['scratch.ts', 'src/a.ts']);
    expect(problems).toEqual([]);
  });

  it('walks an explicitly named folder even when an ignore file lists it', async () => {
    await tree(dir, { '.gitignore': 'vendor/\n', 'vendor/lib.js': '', 'app.js': '' });
    expect(await rels([path.join(dir, 'vendor')])).toEqual(['vendor/lib.js']);
  });

  it('reports missing paths as problems and goes on', async () => {
    await tree(dir, { 'a.ts': '' });
    const missing = path.join(dir, 'nope');
    const { files, problems } = await discoverFiles([missing, path.join(dir, 'a.ts')], { root: dir });
    expect(files.map((f) => f.relPath)).toEqual(['a.ts']);
    expect(problems).toEqual([{ path: missing, code: 'ECTUS_PATH_NOT_FOUND', message: `Path not found: ${missing}` }]);
  });

  it('lists each file once when paths overlap', async () => {
    await tree(dir, { 'src/a.ts': '', 'src/lib/b.ts': '' });
    expect(await rels([path.join(dir, 'src', 'lib'), dir, path.join(dir, 'src', 'a.ts')])).toEqual([
      'src/a.ts',
      'src/lib/b.ts',
    ]);
  });

  it('gives paths outside the root relative to it', async () => {
    await tree(dir, { 'app/src/a.ts': '', 'shared/b.ts': '' });
    const { files } = await discoverFiles([path.join(dir, 'shared')], { root: path.join(dir, 'app') });
    expect(files.map((f) => f.relPath)).toEqual(['../shared/b.ts']);
  });

  it('flags files above the size limit without dropping them', async () => {
    await tree(dir, { 'big.js': 'x'.repeat(2000), 'small.js': 'x' });
    const { files } = await discoverFiles([dir], { root: dir, maxFileSize: 1000 });
    expect(files.map((f) => [f.relPath, f.tooLarge === true])).toEqual([
      ['big.js', true],
      ['small.js', false],
    ]);
  });

  it.skipIf(process.platform === 'win32')(
    'follows links inside the root once, never out of it or in cycles',
    async () => {
      await tree(dir, { 'repo/src/a.ts': '', 'repo/shared/util.ts': '', 'outside/secret.ts': '' });
      const repo = path.join(dir, 'repo');
      await fs.symlink(path.join(repo, 'shared'), path.join(repo, 'src', 'shared'));
      await fs.symlink(path.join(dir, 'outside'), path.join(repo, 'src', 'escape'));
      await fs.symlink(path.join(dir, 'outside', 'secret.ts'), path.join(repo, 'src', 'secret.ts'));
      await fs.symlink(repo, path.join(repo, 'src', 'loop'));
      await fs.symlink(path.join(repo, 'missing'), path.join(repo, 'src', 'dangling.ts'));
      await fs.symlink(path.join(repo, 'src', 'a.ts'), path.join(repo, 'src', 'alias.ts'));
      const { files, problems } = await discoverFiles([repo], { root: repo });
      expect(files.map((f) => f.relPath)).toEqual(['shared/util.ts', 'src/a.ts']);
      expect(problems).toEqual([]);
    },
  );

  it.skipIf(process.platform === 'win32')(
    'lists a file once when a scanned path is itself reached through a link',
    async () => {
      await tree(dir, { 'repo/src/a.ts': '', 'repo/src/b.ts': '' });
      const alias = path.join(dir, 'alias');
      await fs.symlink(path.join(dir, 'repo'), alias);
      const { files, problems } = await discoverFiles([alias, path.join(dir, 'repo', 'src', 'a.ts')], {
        root: alias,
      });
      // Both ways in are direct (no link followed inside the walk): the first path in order wins.
      expect(files.map((f) => f.relPath)).toEqual(['../repo/src/a.ts', 'src/b.ts']);
      expect(problems).toEqual([]);
    },
  );

  it('reads ignore files and configured patterns in the same walk', async () => {
    await tree(dir, { '.gitignore': 'gen/\n', 'gen/a.js': '', 'src/b.js': '', 'src/c.js': '' });
    expect(await rels([dir], { ignore: ['src/c.js'] })).toEqual(['src/b.js']);
  });

  it.skipIf(process.platform === 'win32')('lists a folder linked twice under the first link by name', async () => {
    await tree(dir, { 'src/main.ts': '', 'vendor-src/lib.ts': '' });
    await fs.symlink(path.join(dir, 'vendor-src'), path.join(dir, 'src', 'zz'));
    await fs.symlink(path.join(dir, 'vendor-src'), path.join(dir, 'src', 'aa'));
    expect(await rels([path.join(dir, 'src')])).toEqual(['src/aa/lib.ts', 'src/main.ts']);
  });

  it.skipIf(process.platform === 'win32')('walks a linked folder whose target is not otherwise scanned', async () => {
    await tree(dir, { 'src/a.ts': '', 'vendor-src/lib.ts': '' });
    await fs.symlink(path.join(dir, 'vendor-src'), path.join(dir, 'src', 'vendor'));
    expect(await rels([path.join(dir, 'src')])).toEqual(['src/a.ts', 'src/vendor/lib.ts']);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports unreadable folders as problems (non-root only: root reads every folder)',
    async () => {
      await tree(dir, { 'locked/a.ts': '', 'open/b.ts': '' });
      await fs.chmod(path.join(dir, 'locked'), 0o000);
      try {
        const { files, problems } = await discoverFiles([dir], { root: dir });
        expect(files.map((f) => f.relPath)).toEqual(['open/b.ts']);
        expect(problems).toHaveLength(1);
        expect(problems[0]?.code).toBe('ECTUS_READ_ERROR');
        expect(problems[0]?.path).toBe(path.join(dir, 'locked'));
      } finally {
        await fs.chmod(path.join(dir, 'locked'), 0o755);
      }
    },
  );
});
