// Fetches the pinned benchmark corpus once into a cache folder outside the repository and
// describes it (files and lines of JavaScript/TypeScript) so every tool is measured on the same set.
import { execFile as execFileCb } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

/** Extensions that count as source for every tool in the benchmark. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Folders that ectus skips by default; the other tools are configured to skip them too. */
export const SKIPPED_DIRS = ['node_modules'];

/** `@babel/parser@7.26.3` -> `babel__parser@7.26.3`: one flat, filesystem-safe folder per package. */
export function packageFolderName(spec) {
  return spec.replace(/^@/, '').replace('/', '__');
}

/**
 * `npm pack`s one package into `tarballDir` and unpacks it as the folder `target`. Unpacking goes to a
 * staging folder beside `target` that is renamed at the end, so an interruption never leaves a
 * half-unpacked package behind. The tarball's single top folder (usually `package/`) is dropped so
 * paths start at the package root.
 */
export async function packInto(spec, { tarballDir, target }) {
  const { stdout } = await execFile('npm', ['pack', spec, '--json', '--pack-destination', tarballDir], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const tarball = join(tarballDir, JSON.parse(stdout)[0].filename);
  const staging = await mkdtemp(join(dirname(target), '.staging-'));
  try {
    await execFile('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1', '--no-same-owner']);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Downloads and unpacks every pinned package that is not in the corpus folder yet.
 * A package counts as present only once its folder exists: unpacking goes to a staging folder that is
 * renamed at the end, so an interrupted run never leaves a half-unpacked package behind.
 */
export async function fetchCorpus({ specs, corpusDir, tarballDir, log }) {
  await mkdir(corpusDir, { recursive: true });
  await mkdir(tarballDir, { recursive: true });
  let fetched = 0;
  for (const [index, spec] of specs.entries()) {
    const target = join(corpusDir, packageFolderName(spec));
    const progress = `[${index + 1}/${specs.length}] ${spec}`;
    if (existsSync(target)) {
      log(`${progress}: cached`);
      continue;
    }
    log(`${progress}: npm pack ...`);
    await packInto(spec, { tarballDir, target });
    fetched += 1;
    log(`${progress}: unpacked`);
  }
  return { fetched };
}

function isSource(name) {
  return SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension));
}

/** Line count as `wc -l` gives it (newline characters), the convention of the reference count. */
export function countLines(text) {
  let lines = 0;
  let index = text.indexOf('\n');
  while (index !== -1) {
    lines += 1;
    index = text.indexOf('\n', index + 1);
  }
  return lines;
}

/**
 * Lists the source files of the corpus with their line counts (relative path -> lines), skipping the
 * same folders as ectus, and reports what else the tarballs contain that could change a tool's file set.
 */
export async function describeCorpus(corpusDir) {
  const files = new Map();
  const skippedDirs = [];
  const ignoreFiles = [];
  async function walk(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.staging-')) continue;
        if (SKIPPED_DIRS.includes(entry.name)) {
          skippedDirs.push(relative(corpusDir, path));
          continue;
        }
        await walk(path);
      } else if (entry.isFile()) {
        if (/^\.(gitignore|eslintignore|ectusignore|prettierignore)$/.test(entry.name)) {
          ignoreFiles.push(relative(corpusDir, path));
        }
        if (isSource(entry.name)) {
          files.set(relative(corpusDir, path), countLines(await readFile(path, 'utf8')));
        }
      }
    }
  }
  await walk(corpusDir);
  let lines = 0;
  for (const count of files.values()) lines += count;
  return { files, lines, skippedDirs, ignoreFiles };
}

/** Reads the pinned package list and the reference line count from the shared corpus description. */
export function readCorpusSpec(path) {
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  const expectedKey = Object.keys(spec).find((key) => key.startsWith('lines_counted'));
  return { packages: spec.packages, expectedLines: expectedKey ? spec[expectedKey] : undefined };
}
