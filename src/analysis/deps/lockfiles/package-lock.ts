import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { type JsonObject, objectAt, type ParsedJson, stringAt } from './json-with-lines.js';
import { baseName, invalidLockfile, readJsonLockfile } from './lockfile-error.js';
import {
  isExactVersion,
  type ManifestDependencies,
  manifestDependenciesOf,
  manifestEdges,
  npmAlias,
  readPackageJson,
  resolveNodeModules,
} from './package-json.js';

/** The fields through which an installed package needs others (npm installs peers since v7). */
const REQUIRE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

interface Entry {
  key: string;
  data: JsonObject;
  line: number | undefined;
}

/**
 * Parses package-lock.json or npm-shrinkwrap.json, lockfileVersion 1, 2 or 3. Versions 2 and 3
 * list every installed folder under `packages`, with the project's own dependencies in the `""`
 * entry; version 1 nests `dependencies` the way node_modules nests, and needs the package.json
 * beside it to know which packages are direct (without it, packages nothing requires count as
 * direct and the lockfile's `dev` flags are used).
 *
 * @example
 * const result = parsePackageLock(lockText, 'package-lock.json', packageJsonText);
 * result.dependencies.find((d) => d.name === 'qs'); // { version: '6.7.0', direct: false, paths: [['express', 'qs']], ... }
 */
export function parsePackageLock(text: string, file: string, packageJson?: string): LockfileResult {
  const { root, lineOf } = readJsonLockfile(text, file);
  const kind = baseName(file) === 'npm-shrinkwrap.json' ? 'npm-shrinkwrap' : 'package-lock';
  const lockfileVersion = typeof root.lockfileVersion === 'number' ? root.lockfileVersion : undefined;
  const warnings: string[] = [];
  const packages = objectAt(root.packages);
  let entries: Entry[];
  let direct: DirectEdge[] | undefined;
  if (packages && lockfileVersion !== 1) {
    entries = flatEntries(packages, lineOf);
    direct = directFromPackages(entries);
  } else {
    const nested = objectAt(root.dependencies);
    if (!nested) throw invalidLockfile(file, 'neither "packages" nor "dependencies" found: not a package-lock.json');
    entries = nestedEntries(nested, lineOf);
    const manifest = readPackageJson(packageJson);
    if (!manifest) warnings.push('No readable package.json beside this lockfile: direct dependencies are inferred.');
    direct = manifest ? directFromManifest(manifest, entries) : undefined;
  }
  const nodes = packageNodes(entries, warnings);
  return lockfileResult({ file, ecosystem: 'npm', format: `${kind}@${lockfileVersion ?? 1}`, warnings, nodes, direct });
}

/** Version 2 and 3: one entry per folder, keyed by its path (`node_modules/a/node_modules/b`). */
function flatEntries(packages: JsonObject, lineOf: ParsedJson['lineOf']): Entry[] {
  const out: Entry[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const data = objectAt(value);
    if (data) out.push({ key, data, line: lineOf(packages, key) });
  }
  return out;
}

/** Version 1: the nested `dependencies` tree flattened into the same folder paths. */
function nestedEntries(top: JsonObject, lineOf: ParsedJson['lineOf']): Entry[] {
  const out: Entry[] = [];
  const stack: { deps: JsonObject; prefix: string }[] = [{ deps: top, prefix: '' }];
  while (stack.length > 0) {
    const { deps, prefix } = stack.pop() as { deps: JsonObject; prefix: string };
    for (const [name, value] of Object.entries(deps)) {
      const data = objectAt(value);
      if (!data) continue;
      const key = prefix ? `${prefix}/node_modules/${name}` : `node_modules/${name}`;
      out.push({ key, data, line: lineOf(deps, name) });
      const children = objectAt(data.dependencies);
      if (children) stack.push({ deps: children, prefix: key });
    }
  }
  return out;
}

function isInstalledFolder(key: string): boolean {
  return key.startsWith('node_modules/') || key.includes('/node_modules/');
}

/** The project (`""`) and its workspaces (folders outside node_modules) declare the direct dependencies. */
function directFromPackages(entries: readonly Entry[]): DirectEdge[] {
  const keys = new Set(entries.map((e) => e.key));
  const has = (key: string): boolean => keys.has(key);
  const edges: DirectEdge[] = [];
  for (const entry of entries) {
    if (isInstalledFolder(entry.key)) continue;
    const manifest = manifestDependenciesOf(entry.data);
    edges.push(...edgesFrom(entry.key, manifest, has));
  }
  return edges;
}

function directFromManifest(manifest: ManifestDependencies, entries: readonly Entry[]): DirectEdge[] {
  const keys = new Set(entries.map((e) => e.key));
  return edgesFrom('', manifest, (key) => keys.has(key));
}

function edgesFrom(from: string, manifest: ManifestDependencies, has: (key: string) => boolean): DirectEdge[] {
  return manifestEdges(manifest, (name) => resolveNodeModules(from, name, has));
}

/** The package's real name and version (an alias such as `"foo": "npm:bar@1.0.0"` installs bar). */
function identity(entry: Entry): { name: string; version: string } | undefined {
  const folderName = entry.key.slice(entry.key.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const version = stringAt(entry.data.version);
  if (version === undefined) return undefined;
  const alias = npmAlias(version);
  if (alias) return alias;
  return { name: stringAt(entry.data.name) ?? folderName, version };
}

function isLocalOrGit(resolved: string | undefined): boolean {
  return resolved !== undefined && /^(git\+|git:|github:|file:|link:)/.test(resolved);
}

function requiredNames(data: JsonObject): string[] {
  const names = new Set<string>();
  // Version 1 lists what a package needs under `requires`; later versions use the manifest fields.
  for (const field of ['requires', ...REQUIRE_FIELDS]) {
    const deps = objectAt(data[field]);
    if (deps) for (const name of Object.keys(deps)) names.add(name);
  }
  return [...names];
}

function packageNodes(entries: readonly Entry[], warnings: string[]): PackageNode[] {
  const keys = new Set(entries.map((e) => e.key));
  const has = (key: string): boolean => keys.has(key);
  const nodes: PackageNode[] = [];
  for (const entry of entries) {
    // Workspace links and the project itself are not installed packages.
    if (!isInstalledFolder(entry.key) || entry.data.link === true) continue;
    const id = identity(entry);
    if (!id) {
      warnings.push(`${entry.key}: no version; not checked.`);
      continue;
    }
    // git checkouts and local folders or tarballs have no registry version to match advisories against.
    if (!isExactVersion(id.version) || isLocalOrGit(stringAt(entry.data.resolved))) continue;
    const deps: string[] = [];
    for (const name of requiredNames(entry.data)) {
      const key = resolveNodeModules(entry.key, name, has);
      if (key) deps.push(key);
    }
    nodes.push({
      key: entry.key,
      name: id.name,
      version: id.version,
      deps,
      ...(entry.line === undefined ? {} : { line: entry.line }),
      ...(entry.data.dev === true ? { devHint: true } : {}),
    });
  }
  return nodes;
}
