import type { LockfileResult } from '../model.js';
import { parseBunLock } from './bun-lock.js';
import { parseCargoLock } from './cargo-lock.js';
import { parseGoMod } from './go-mod.js';
import { baseName } from './lockfile-error.js';
import { isRequirementsFile } from './names.js';
import { parsePackageLock } from './package-lock.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parsePomXml } from './pom-xml.js';
import { parseRequirements } from './requirements.js';
import { parseUvLock } from './uv-lock.js';
import { parseYarnBerryLock } from './yarn-berry.js';
import { parseYarnClassicLock } from './yarn-classic.js';

/** How to read one kind of lockfile or manifest. */
export interface LockfileKind {
  id: string;
  /** A file beside it that completes it (the manifest a lockfile lacks, go.sum for go.mod). */
  companion?: string;
  parse(text: string, file: string, companion: string | undefined): LockfileResult;
}

const PACKAGE_LOCK: LockfileKind = { id: 'package-lock', companion: 'package.json', parse: parsePackageLock };
/** yarn.lock is either format; berry's is YAML with a `__metadata` entry, classic's says "yarn lockfile v1". */
const YARN: LockfileKind = {
  id: 'yarn',
  companion: 'package.json',
  parse: (text, file, manifest) =>
    /^__metadata:/m.test(text) ? parseYarnBerryLock(text, file, manifest) : parseYarnClassicLock(text, file, manifest),
};

const BY_NAME: ReadonlyMap<string, LockfileKind> = new Map<string, LockfileKind>([
  ['package-lock.json', PACKAGE_LOCK],
  ['npm-shrinkwrap.json', PACKAGE_LOCK],
  ['pnpm-lock.yaml', { id: 'pnpm-lock', parse: (text, file) => parsePnpmLock(text, file) }],
  ['yarn.lock', YARN],
  ['bun.lock', { id: 'bun-lock', parse: (text, file) => parseBunLock(text, file) }],
  ['poetry.lock', { id: 'poetry-lock', companion: 'pyproject.toml', parse: parsePoetryLock }],
  ['Pipfile.lock', { id: 'pipfile-lock', companion: 'Pipfile', parse: parsePipfileLock }],
  ['uv.lock', { id: 'uv-lock', parse: (text, file) => parseUvLock(text, file) }],
  ['go.mod', { id: 'go-mod', companion: 'go.sum', parse: parseGoMod }],
  ['Cargo.lock', { id: 'cargo-lock', companion: 'Cargo.toml', parse: parseCargoLock }],
  ['pom.xml', { id: 'pom-xml', parse: (text, file) => parsePomXml(text, file) }],
]);

const REQUIREMENTS: LockfileKind = { id: 'requirements', parse: (text, file) => parseRequirements(text, file) };

export { isLockfileName } from './names.js';
/** The file names with a parser of their own, for names.ts's test. */
export const PARSED_LOCKFILE_NAMES: readonly string[] = [...BY_NAME.keys()];

/**
 * The kind of lockfile a path names, or undefined. `path` may include folders: a `.txt` file in a
 * folder named `requirements` (requirements/base.txt) is a requirements file too.
 *
 * @example
 * lockfileKind('app/yarn.lock')?.id; // 'yarn'
 */
export function lockfileKind(path: string): LockfileKind | undefined {
  const name = baseName(path);
  const known = BY_NAME.get(name);
  if (known) return known;
  if (isRequirementsFile(path)) return REQUIREMENTS;
  return undefined;
}

/**
 * When one folder holds both, npm reads npm-shrinkwrap.json and ignores package-lock.json; reading
 * both would report every package twice.
 */
export function supersededBy(path: string): string | undefined {
  return baseName(path) === 'package-lock.json' ? 'npm-shrinkwrap.json' : undefined;
}
