import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAppError } from '../../../errors.js';
import { type DiscoveredFile, discoverFiles } from '../../files.js';
import { decodeSource } from '../../read-source.js';
import type { LockfileResult } from '../model.js';
import { isLockfileName, type LockfileKind, lockfileKind, supersededBy } from './detect.js';

export type { LockfileKind } from './detect.js';
export { isLockfileName, lockfileKind } from './detect.js';

/** Lockfiles of large monorepos run to tens of megabytes; beyond this one is not read. */
export const MAX_LOCKFILE_SIZE = 64 * 1024 * 1024;

const READ_CONCURRENCY = 4;

/** Folders of test data: their lockfiles describe fixtures, not the project's dependencies. */
const FIXTURE_FOLDER = /(^|\/)(fixtures?|__fixtures__|testdata)\//;

export interface LockfileProblem {
  /** Relative to the root, forward slashes. */
  file: string;
  code: 'ECTUS_LOCKFILE_INVALID' | 'ECTUS_READ_ERROR' | 'ECTUS_FILE_TOO_LARGE' | 'ECTUS_INVALID_UTF8';
  message: string;
}

export interface LockfileScan {
  /** One per lockfile read, sorted by file. */
  results: LockfileResult[];
  /** Lockfiles that could not be read at all. */
  problems: LockfileProblem[];
}

export interface FindLockfilesOptions {
  /** Folder the reported paths are relative to; default: the first path (or its folder). */
  root: string;
  /** gitignore-style patterns, as for the source scan. */
  ignore?: string[];
  ignoreBase?: string;
  /**
   * The candidate files (names `isLockfileName` accepts), when the caller already listed them for
   * these paths and settings without node_modules; otherwise they are listed here.
   */
  files?: readonly DiscoveredFile[];
}

/**
 * Parses one lockfile's text with the parser its name calls for. Throws `ECTUS_LOCKFILE_INVALID`
 * (AppError) when the text is not that format, and returns undefined for names that are not
 * lockfiles.
 *
 * @example
 * const result = parseLockfile('web/package-lock.json', text, packageJsonText);
 */
export function parseLockfile(file: string, text: string, companion?: string): LockfileResult | undefined {
  return lockfileKind(file)?.parse(text, file, companion);
}

/** Paths relative to their scanned folder: a fixture folder is skipped unless the user pointed inside it. */
function isFixture(relPath: string, bases: readonly string[]): boolean {
  const base = bases.find((b) => b === '' || relPath === b || relPath.startsWith(`${b}/`)) ?? '';
  const inside = base === '' ? relPath : relPath.slice(base.length + 1);
  return FIXTURE_FOLDER.test(inside);
}

async function readText(absPath: string): Promise<{ text: string } | { problem: Omit<LockfileProblem, 'file'> }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(absPath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException)?.code ?? String(error);
    return { problem: { code: 'ECTUS_READ_ERROR', message: `Cannot read lockfile (${reason}).` } };
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { problem: { code: 'ECTUS_INVALID_UTF8', message: decoded.diagnostic.message } };
  return { text: decoded.text };
}

async function readCompanion(absPath: string, kind: LockfileKind): Promise<string | undefined> {
  if (!kind.companion) return undefined;
  const companion = path.join(path.dirname(absPath), kind.companion);
  try {
    const stat = await fs.stat(companion);
    if (!stat.isFile() || stat.size > MAX_LOCKFILE_SIZE) return undefined;
    return await fs.readFile(companion, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads and parses one discovered lockfile; a problem instead when it cannot. */
async function readLockfile(file: DiscoveredFile): Promise<LockfileResult | LockfileProblem> {
  const kind = lockfileKind(file.relPath) as LockfileKind;
  if (file.tooLarge) {
    const limit = MAX_LOCKFILE_SIZE / 1024 / 1024;
    return {
      file: file.relPath,
      code: 'ECTUS_FILE_TOO_LARGE',
      message: `Lockfile is larger than ${limit} MiB; not read.`,
    };
  }
  const read = await readText(file.absPath);
  if ('problem' in read) return { file: file.relPath, ...read.problem };
  try {
    return kind.parse(read.text, file.relPath, await readCompanion(file.absPath, kind));
  } catch (error) {
    // A parser bug must not end the scan either: the file is reported as unreadable.
    const message = isAppError(error) ? error.message : `${file.relPath}: cannot parse (${String(error)})`;
    return { file: file.relPath, code: 'ECTUS_LOCKFILE_INVALID', message };
  }
}

/**
 * Finds and parses the lockfiles and manifests under `paths`, with the same ignore files and
 * patterns as the source scan. node_modules (whose packages ship their own lockfiles) and test
 * fixture folders are skipped. A file that cannot be parsed is a problem in the result; the scan
 * goes on.
 *
 * @example
 * const { results, problems } = await scanLockfiles(['.'], { root: process.cwd() });
 */
export async function scanLockfiles(paths: string[], options: FindLockfilesOptions): Promise<LockfileScan> {
  const root = path.resolve(options.root);
  const files = options.files
    ? options.files.map(({ tooLarge: _listed, ...file }) =>
        file.size > MAX_LOCKFILE_SIZE ? { ...file, tooLarge: true } : file,
      )
    : (
        await discoverFiles(paths, {
          root,
          includeNodeModules: false,
          ignore: options.ignore ?? [],
          ...(options.ignoreBase ? { ignoreBase: options.ignoreBase } : {}),
          maxFileSize: MAX_LOCKFILE_SIZE,
          accept: isLockfileName,
        })
      ).files;
  const bases = paths.map((p) => path.relative(root, path.resolve(p)).split(path.sep).join('/'));
  const present = new Set(files.map((f) => f.relPath));
  const wanted = files.filter((file) => {
    if (!lockfileKind(file.relPath) || isFixture(file.relPath, bases)) return false;
    const superseding = supersededBy(file.relPath);
    return !(superseding && present.has(path.posix.join(path.posix.dirname(file.relPath), superseding)));
  });
  const outcomes = new Array<LockfileResult | LockfileProblem>(wanted.length);
  // A few files at a time: lockfiles can be large, and reading them all at once would hold them all.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(READ_CONCURRENCY, wanted.length) }, async () => {
      while (next < wanted.length) {
        const index = next++;
        outcomes[index] = await readLockfile(wanted[index] as DiscoveredFile);
      }
    }),
  );
  const results = outcomes.filter((o): o is LockfileResult => 'dependencies' in o);
  const problems = outcomes.filter((o): o is LockfileProblem => !('dependencies' in o));
  return { results, problems };
}
