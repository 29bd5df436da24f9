import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { normalizePythonName } from './python-names.js';
import { isTomlTable, type TomlTable, type TomlValue, tomlString, tomlTables } from './toml.js';
import { keysByName, readTomlPackages, type TomlPackage } from './toml-lockfile.js';

/** Where the project's own packages come from: the workspace members, not an index. */
const PROJECT_SOURCES = ['virtual', 'editable'] as const;
/** Sources that are not an index: checkouts and local folders, with no registry version to match. */
const LOCAL_SOURCES = ['git', 'path', 'directory', 'url'] as const;

function sourceKind(table: TomlTable): string | undefined {
  const source = table.source;
  if (!isTomlTable(source)) return undefined;
  return Object.keys(source)[0];
}

/** `{ name = "x" }` or, where one name is locked at several versions, `{ name = "x", version = "1.0" }`. */
function referenceKeys(value: TomlValue | undefined, byName: ReadonlyMap<string, string[]>): string[] {
  const keys: string[] = [];
  for (const dep of tomlTables(value)) {
    const name = tomlString(dep.name);
    if (!name) continue;
    const version = tomlString(dep.version);
    const normalized = normalizePythonName(name);
    const candidates = byName.get(normalized) ?? [];
    keys.push(...(version ? candidates.filter((key) => key === `${normalized}@${version}`) : candidates));
  }
  return keys;
}

/** The dependency lists of a package table: its own, its extras' (optional) and its groups' (dev). */
function dependencyLists(table: TomlTable): { value: TomlValue | undefined; dev: boolean }[] {
  const lists: { value: TomlValue | undefined; dev: boolean }[] = [{ value: table.dependencies, dev: false }];
  for (const [field, dev] of [
    ['optional-dependencies', false],
    ['dev-dependencies', true],
  ] as const) {
    const groups = table[field];
    if (isTomlTable(groups)) for (const value of Object.values(groups)) lists.push({ value, dev });
  }
  return lists;
}

/**
 * Parses uv.lock. The project's own packages (sources `virtual` or `editable`: the workspace
 * members) are not reported; their dependencies are the direct ones and their
 * `[package.dev-dependencies]` groups the development ones. Every other package lists what it
 * needs, so no manifest is required.
 *
 * @example
 * const result = parseUvLock(text, 'uv.lock');
 * result.format; // 'uv-lock@1'
 */
export function parseUvLock(text: string, file: string): LockfileResult {
  const { doc, packages, warnings } = readTomlPackages(text, file, normalizePythonName);
  if (doc.version === undefined && packages.length === 0)
    throw invalidLockfile(file, 'no version or [[package]]: not a uv.lock');
  const keyed = packages.map((pkg) => ({ ...pkg, key: `${pkg.name}@${pkg.version}` }));
  const byName = keysByName(keyed);
  const isProject = (pkg: TomlPackage): boolean =>
    (PROJECT_SOURCES as readonly (string | undefined)[]).includes(sourceKind(pkg.table));
  const isLocal = (pkg: TomlPackage): boolean =>
    (LOCAL_SOURCES as readonly (string | undefined)[]).includes(sourceKind(pkg.table));
  const nodes: PackageNode[] = keyed
    .filter((pkg) => !isProject(pkg) && !isLocal(pkg))
    .map((pkg) => ({
      key: pkg.key,
      name: pkg.name,
      version: pkg.version,
      deps: dependencyLists(pkg.table).flatMap((list) => referenceKeys(list.value, byName)),
      ...(pkg.line === undefined ? {} : { line: pkg.line }),
    }));
  const projects = keyed.filter(isProject);
  // Without a project entry (an unusual, hand-made lock), packages nothing needs count as direct.
  const direct: DirectEdge[] | undefined =
    projects.length === 0
      ? undefined
      : projects.flatMap((project) =>
          dependencyLists(project.table).flatMap((list) =>
            referenceKeys(list.value, byName).map((key) => ({ key, dev: list.dev })),
          ),
        );
  return lockfileResult({
    file,
    ecosystem: 'PyPI',
    format: `uv-lock@${typeof doc.version === 'number' ? doc.version : '?'}`,
    warnings,
    nodes,
    direct,
  });
}
