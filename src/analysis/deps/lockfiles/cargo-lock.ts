import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { isTomlTable, type TomlValue, tomlString, tryParseToml } from './toml.js';
import { keysByName, readTomlPackages, type TomlPackage } from './toml-lockfile.js';

/** Registry crates; git checkouts and path crates have no crates.io version to match. */
function isRegistry(source: string | undefined): boolean {
  return source !== undefined && /^(registry|sparse)\+/.test(source);
}

/** The names Cargo.toml lists under [dev-dependencies] (also per target), for the root package. */
export function cargoDevDependencies(text: string | undefined): Set<string> {
  const names = new Set<string>();
  const doc = tryParseToml(text);
  if (!doc) return names;
  const add = (value: TomlValue | undefined): void => {
    if (isTomlTable(value)) for (const name of Object.keys(value)) names.add(name);
  };
  add(doc['dev-dependencies']);
  const targets = doc.target;
  if (isTomlTable(targets))
    for (const target of Object.values(targets)) if (isTomlTable(target)) add(target['dev-dependencies']);
  const runtime = new Set<string>();
  for (const field of ['dependencies', 'build-dependencies']) {
    const deps = doc[field];
    if (isTomlTable(deps)) for (const name of Object.keys(deps)) runtime.add(name);
  }
  for (const name of runtime) names.delete(name);
  return names;
}

/**
 * `"name"`, `"name 1.0.0"` or `"name 1.0.0 (registry+...)"`: Cargo writes only as much as it takes
 * to tell one locked package from another of the same name.
 */
function referenceKeys(reference: string, byName: ReadonlyMap<string, string[]>): string[] {
  const [name, version] = reference.split(' ');
  if (!name) return [];
  const keys = byName.get(name) ?? [];
  return version ? keys.filter((key) => key === `${name}@${version}`) : keys;
}

function references(pkg: TomlPackage): string[] {
  const deps = pkg.table.dependencies;
  return Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : [];
}

/**
 * Parses Cargo.lock (format versions 1 to 4). Packages without a `source` are the workspace's own
 * crates: not reported, their dependencies are the direct ones. Cargo.lock does not separate
 * dev-dependencies, so the Cargo.toml beside it (when given) marks the root's dev-dependencies;
 * without it every crate counts as production.
 *
 * @example
 * const result = parseCargoLock(text, 'Cargo.lock', cargoTomlText);
 * result.format; // 'cargo-lock@4'
 */
export function parseCargoLock(text: string, file: string, cargoToml?: string): LockfileResult {
  const { doc, packages, warnings } = readTomlPackages(text, file);
  if (packages.length === 0 && doc.version === undefined && !isTomlTable(doc.metadata)) {
    throw invalidLockfile(file, 'no [[package]] entries: not a Cargo.lock');
  }
  const keyed = packages.map((pkg) => ({ ...pkg, key: `${pkg.name}@${pkg.version}` }));
  const registry = keyed.filter((pkg) => isRegistry(tomlString(pkg.table.source)));
  const byName = keysByName(registry);
  const nodes: PackageNode[] = registry.map((pkg) => ({
    key: pkg.key,
    name: pkg.name,
    version: pkg.version,
    deps: references(pkg).flatMap((ref) => referenceKeys(ref, byName)),
    ...(pkg.line === undefined ? {} : { line: pkg.line }),
  }));
  const devNames = cargoDevDependencies(cargoToml);
  const local = keyed.filter((pkg) => tomlString(pkg.table.source) === undefined);
  const direct: DirectEdge[] = local.flatMap((pkg) =>
    references(pkg).flatMap((ref) => {
      const name = ref.split(' ')[0] as string;
      return referenceKeys(ref, byName).map((key) => ({ key, dev: devNames.has(name) }));
    }),
  );
  const version = typeof doc.version === 'number' ? doc.version : 1;
  return lockfileResult({
    file,
    ecosystem: 'crates.io',
    format: `cargo-lock@${version}`,
    warnings,
    nodes,
    direct: local.length > 0 ? direct : undefined,
  });
}
