import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { type JsonObject, type JsonValue, objectAt, stringAt } from './json-with-lines.js';
import { invalidLockfile, readJsonLockfile } from './lockfile-error.js';
import { isExactVersion, manifestDependenciesOf, manifestEdges, splitNameVersion } from './package-json.js';

/** Splits a bun.lock package key (`optimist/minimist`, `a/@scope/b`) into the package names it nests. */
function segmentsOf(key: string): string[] {
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    out.push(part.startsWith('@') && i + 1 < parts.length ? `${part}/${parts[++i]}` : part);
  }
  return out;
}

/** Like Node's lookup: the copy nested under `from` first, then each enclosing level, then the top. */
function resolveNested(from: readonly string[], name: string, has: (key: string) => boolean): string | undefined {
  for (let depth = from.length; depth >= 0; depth--) {
    const candidate = [...from.slice(0, depth), name].join('/');
    if (has(candidate)) return candidate;
  }
  return undefined;
}

function requiredNames(info: JsonObject | undefined): string[] {
  if (!info) return [];
  const names: string[] = [];
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = objectAt(info[field]);
    if (deps) names.push(...Object.keys(deps));
  }
  return names;
}

/**
 * Parses bun's text lockfile, bun.lock (JSONC: comments and trailing commas). Each package is
 * `key: ["name@version", registry, { dependencies... }, integrity]`, where the key says where it
 * is installed (`optimist/minimist` is minimist nested under optimist); `workspaces` holds every
 * workspace's manifest dependencies, so no package.json is needed. The binary bun.lockb is not
 * read: bun 1.2 and later write the text format.
 *
 * @example
 * const result = parseBunLock(text, 'bun.lock');
 * result.format; // 'bun-lock@1'
 */
export function parseBunLock(text: string, file: string): LockfileResult {
  const { root, lineOf } = readJsonLockfile(text, file, { jsonc: true });
  const packages = objectAt(root.packages);
  if (!packages) throw invalidLockfile(file, 'no "packages" object: not a bun.lock');
  const has = (key: string): boolean => Array.isArray(packages[key]);
  const warnings: string[] = [];
  const nodes: PackageNode[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const node = nodeOf(key, value, has);
    if (node === 'skip') continue;
    if (!node) {
      warnings.push(`${key}: cannot tell the package name and version; not checked.`);
      continue;
    }
    const line = lineOf(packages, key);
    nodes.push(line === undefined ? node : { ...node, line });
  }
  return lockfileResult({
    file,
    ecosystem: 'npm',
    format: `bun-lock@${typeof root.lockfileVersion === 'number' ? root.lockfileVersion : 0}`,
    warnings,
    nodes,
    direct: workspaceEdges(root, has),
  });
}

/** The node of one package entry; 'skip' for workspaces, links and non-registry sources. */
function nodeOf(key: string, value: JsonValue, has: (key: string) => boolean): PackageNode | 'skip' | undefined {
  if (!Array.isArray(value)) return undefined;
  const spec = stringAt(value[0]);
  const id = spec === undefined ? undefined : splitNameVersion(spec);
  if (!id) return undefined;
  if (!isExactVersion(id.version)) return 'skip';
  const from = segmentsOf(key);
  const deps = requiredNames(objectAt(value[2]))
    .map((name) => resolveNested(from, name, has))
    .filter((dep): dep is string => dep !== undefined);
  return { key, name: id.name, version: id.version, deps };
}

/** Every workspace's declared dependencies; a non-root workspace's own copies nest under its name. */
function workspaceEdges(root: JsonObject, has: (key: string) => boolean): DirectEdge[] {
  const workspaces = objectAt(root.workspaces);
  if (!workspaces) return [];
  const edges: DirectEdge[] = [];
  for (const [folder, value] of Object.entries(workspaces)) {
    const workspace = objectAt(value);
    if (!workspace) continue;
    const name = stringAt(workspace.name);
    const from = folder === '' || !name ? [] : [name];
    edges.push(...manifestEdges(manifestDependenciesOf(workspace), (dep) => resolveNested(from, dep, has)));
  }
  return edges;
}
