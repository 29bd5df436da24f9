import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { isExactVersion, splitNameVersion } from './package-json.js';
import { mappingAt, readYamlLockfile } from './yaml-lines.js';

/** The three key styles pnpm has used: `/name/1.0.0` (v5), `/name@1.0.0` (v6), `name@1.0.0` (v9). */
type KeyStyle = 'v5' | 'v6' | 'v9';

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies'] as const;
const IMPORTER_FIELDS = [
  ['dependencies', false],
  ['optionalDependencies', false],
  ['devDependencies', true],
] as const;

interface Layout {
  style: KeyStyle;
  /** Package id to its entry: v9's `snapshots` (which hold the dependencies), else `packages`. */
  graph: Record<string, unknown>;
  /** Package id to the line of its entry under `packages`. */
  lines: Map<string, number>;
}

/**
 * Parses pnpm-lock.yaml: lockfileVersion 5.x (pnpm 7), 6.0 (pnpm 8) and 9.0 (pnpm 9 and 10).
 * The project's dependencies come from `importers` (every workspace project) or, before v9 in a
 * single project, from the top-level `dependencies` and `devDependencies`. Peer-dependency
 * variants of one package (`react-dom@18.2.0(react@18.2.0)`) become one entry.
 *
 * @example
 * const result = parsePnpmLock(text, 'pnpm-lock.yaml');
 * result.format; // 'pnpm-lock@9'
 */
export function parsePnpmLock(text: string, file: string): LockfileResult {
  const yaml = readYamlLockfile(text, file);
  const { data } = yaml;
  const version = String(data.lockfileVersion ?? '');
  const major = Number.parseInt(version, 10);
  if (!Number.isFinite(major)) throw invalidLockfile(file, 'no lockfileVersion: not a pnpm-lock.yaml');
  const style: KeyStyle = major >= 9 ? 'v9' : major >= 6 ? 'v6' : 'v5';
  const packageLines = yaml.keyLines('packages');
  const layout: Layout = {
    style,
    graph: mappingAt(style === 'v9' ? data.snapshots : data.packages) ?? mappingAt(data.packages) ?? {},
    lines: new Map([...packageLines].map(([key, line]) => [key.replace(/^\//, ''), line])),
  };
  const warnings: string[] = [];
  const nodes = packageNodes(layout, warnings);
  const known = new Set(nodes.map((node) => node.key));
  const direct = importers(data).flatMap((importer) => directEdges(importer, layout.style, known));
  return lockfileResult({ file, ecosystem: 'npm', format: `pnpm-lock@${major}`, warnings, nodes, direct });
}

/** Workspace projects (`importers`), or the single project described at the top level. */
function importers(data: Record<string, unknown>): Record<string, unknown>[] {
  const all = mappingAt(data.importers);
  if (all)
    return Object.values(all)
      .map(mappingAt)
      .filter((m): m is Record<string, unknown> => m !== undefined);
  return [data];
}

/** `4.17.1`, `1.0.0(react@18.2.0)`, `string-width@4.2.3` (an alias), `link:../lib` (a workspace link). */
function referenceOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const version = mappingAt(value)?.version;
  return typeof version === 'string' ? version : undefined;
}

/** The package id a dependency reference points at, or undefined for links and local folders. */
export function packageId(name: string, reference: string, style: KeyStyle): string | undefined {
  if (/^(link|file|workspace):/.test(reference)) return undefined;
  const bare = reference.replace(/^\//, '');
  const peerFree = bare.replace(/[(_].*$/, '');
  // An alias (`npm:string-width@4.2.3` in package.json) is written as the real package's id.
  const isAlias = style === 'v5' ? peerFree.includes('/') : /^@?[^@]+@/.test(peerFree);
  if (isAlias) return bare;
  return style === 'v5' ? `${name}/${bare}` : `${name}@${bare}`;
}

function directEdges(importer: Record<string, unknown>, style: KeyStyle, known: ReadonlySet<string>): DirectEdge[] {
  const edges: DirectEdge[] = [];
  for (const [field, dev] of IMPORTER_FIELDS) {
    const deps = mappingAt(importer[field]);
    if (!deps) continue;
    for (const [name, value] of Object.entries(deps)) {
      const reference = referenceOf(value);
      const id = reference === undefined ? undefined : packageId(name, reference, style);
      if (id && known.has(id)) edges.push({ key: id, dev });
    }
  }
  return edges;
}

/** `@scope/name@1.0.0(peer@1.0.0)` or, in v5, `@scope/name/1.0.0_peer@1.0.0`: the package's name and version. */
export function nameAndVersion(id: string, style: KeyStyle): { name: string; version: string } | undefined {
  if (style !== 'v5') return splitNameVersion(id.replace(/\(.*$/, ''));
  const withoutPeers = id.replace(/_.*$/, '');
  const slash = withoutPeers.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { name: withoutPeers.slice(0, slash), version: withoutPeers.slice(slash + 1) };
}

function packageNodes(layout: Layout, warnings: string[]): PackageNode[] {
  const nodes: PackageNode[] = [];
  for (const [rawId, value] of Object.entries(layout.graph)) {
    const id = rawId.replace(/^\//, '');
    const entry = mappingAt(value) ?? {};
    const parsed = nameAndVersion(id, layout.style);
    // Tarball and git dependencies carry their name and version in the entry instead of the key.
    const name = typeof entry.name === 'string' ? entry.name : parsed?.name;
    const version = typeof entry.version === 'string' ? entry.version : parsed?.version;
    if (!name || !version) {
      warnings.push(`${rawId}: cannot tell the package name and version; not checked.`);
      continue;
    }
    if (!isExactVersion(version)) continue;
    const line = layout.lines.get(id) ?? layout.lines.get(id.replace(/\(.*$/, ''));
    nodes.push({
      key: id,
      name,
      version,
      deps: dependencyIds(entry, layout.style),
      ...(line === undefined ? {} : { line }),
      ...(entry.dev === true ? { devHint: true } : {}),
    });
  }
  return nodes;
}

function dependencyIds(entry: Record<string, unknown>, style: KeyStyle): string[] {
  const ids: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = mappingAt(entry[field]);
    if (!deps) continue;
    for (const [name, value] of Object.entries(deps)) {
      const reference = referenceOf(value);
      const id = reference === undefined ? undefined : packageId(name, reference, style);
      if (id) ids.push(id);
    }
  }
  return ids;
}
