import type { LockfileResult } from '../model.js';
import { lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { pythonDirectEdges, readPyproject } from './pyproject.js';
import { normalizePythonName } from './python-names.js';
import { isTomlTable, type TomlTable, type TomlValue, tomlString } from './toml.js';
import { keysByName, readTomlPackages, type TomlPackage } from './toml-lockfile.js';

/** Sources that are not a package index: the project's own code or a checkout, nothing to match. */
const LOCAL_SOURCES = new Set(['directory', 'file', 'git', 'url']);

/**
 * Parses poetry.lock (lock-version 1.1, 2.0 and 2.1). The lockfile records each package's
 * dependencies but not the project's own, so the pyproject.toml beside it gives the direct ones and
 * their groups; without it, the lockfile's `category` (1.1) or `groups` (2.1) decide what is
 * development-only and packages nothing else needs count as direct.
 *
 * @example
 * const result = parsePoetryLock(lockText, 'poetry.lock', pyprojectText);
 * result.format; // 'poetry-lock@2.0'
 */
export function parsePoetryLock(text: string, file: string, pyproject?: string): LockfileResult {
  const { doc, packages, warnings } = readTomlPackages(text, file, normalizePythonName);
  const metadata = isTomlTable(doc.metadata) ? doc.metadata : undefined;
  if (!metadata && packages.length === 0)
    throw invalidLockfile(file, 'no [[package]] or [metadata]: not a poetry.lock');
  const locked = packages.filter((pkg) => !isLocalSource(pkg.table));
  const keyed = locked.map((pkg) => ({ ...pkg, key: `${pkg.name}@${pkg.version}` }));
  const byName = keysByName(keyed);
  const nodes: PackageNode[] = keyed.map((pkg) => ({
    key: pkg.key,
    name: pkg.name,
    version: pkg.version,
    deps: Object.keys(tableOf(pkg.table.dependencies)).flatMap((name) => byName.get(normalizePythonName(name)) ?? []),
    ...(pkg.line === undefined ? {} : { line: pkg.line }),
    ...(isDevOnly(pkg) ? { devHint: true } : {}),
  }));
  const manifest = readPyproject(pyproject);
  if (!manifest) warnings.push('No readable pyproject.toml beside this lockfile: direct dependencies are inferred.');
  return lockfileResult({
    file,
    ecosystem: 'PyPI',
    format: `poetry-lock@${tomlString(metadata?.['lock-version']) ?? '?'}`,
    warnings,
    nodes,
    direct: manifest ? pythonDirectEdges(manifest, byName) : undefined,
  });
}

function tableOf(value: TomlValue | undefined): TomlTable {
  return isTomlTable(value) ? value : {};
}

function isLocalSource(table: TomlTable): boolean {
  const type = tomlString(tableOf(table.source).type);
  return type !== undefined && LOCAL_SOURCES.has(type);
}

/** lock-version 1.1 says `category = "dev"`; 2.1 lists `groups`, where anything but `main` is development. */
function isDevOnly(pkg: TomlPackage): boolean {
  if (tomlString(pkg.table.category) === 'dev') return true;
  const groups = pkg.table.groups;
  return Array.isArray(groups) && groups.length > 0 && !groups.includes('main');
}
