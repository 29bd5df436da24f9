import type { Dependency, Ecosystem, LockfileResult } from '../model.js';

/**
 * Turns a lockfile's package graph into `Dependency` entries: which packages the project lists
 * itself (direct), which only development needs (dev), and a few shortest chains from a direct
 * dependency down to each package. Every lockfile parser builds the graph in its own format and
 * hands it here, so all formats agree on what direct, dev and paths mean.
 */

/** One package instance of a lockfile. */
export interface PackageNode {
  /** Unique within the lockfile: a node_modules path, `name@version`, a Cargo package id... */
  key: string;
  name: string;
  version: string;
  /** 1-based line of the entry in the lockfile. */
  line?: number;
  /** Keys of the packages it depends on, already resolved by the parser. */
  deps: string[];
  /** The lockfile's own dev marker, used only when no manifest says which packages are direct. */
  devHint?: boolean;
}

/** A dependency the project's manifest declares, pointing at the node it resolved to. */
export interface DirectEdge {
  key: string;
  dev: boolean;
}

export interface GraphInput {
  ecosystem: Ecosystem;
  file: string;
  nodes: readonly PackageNode[];
  /**
   * What the manifest lists. Undefined when the lockfile does not say: then packages nothing else
   * depends on count as direct, and their dev flag comes from `devHint`.
   */
  direct: readonly DirectEdge[] | undefined;
}

/**
 * What every parser returns: its packages turned into dependencies (see `buildDependencies`), with
 * the format it read and the warnings it met.
 */
export function lockfileResult(input: GraphInput & { format: string; warnings: string[] }): LockfileResult {
  const { file, ecosystem, format, warnings } = input;
  return { file, ecosystem, format, dependencies: buildDependencies(input), warnings };
}

/** Chains kept per package: enough to show how it is reached without listing thousands. */
export const MAX_PATHS = 3;

interface Walk {
  /** Shortest chains of names reaching each node. */
  paths: Map<string, string[][]>;
  /** Nodes reachable from a production dependency. */
  production: Set<string>;
}

export function buildDependencies(input: GraphInput): Dependency[] {
  const byKey = new Map<string, PackageNode>();
  for (const node of input.nodes) if (!byKey.has(node.key)) byKey.set(node.key, node);
  const direct = (input.direct ?? inferDirect(input.nodes, byKey)).filter((edge) => byKey.has(edge.key));
  const walk: Walk = {
    paths: shortestPaths(direct, byKey),
    production: reachable(
      direct.filter((edge) => !edge.dev).map((edge) => edge.key),
      byKey,
    ),
  };
  const directKeys = new Set(direct.map((edge) => edge.key));
  return mergeInstances(input, byKey, directKeys, walk);
}

/** Without a manifest: packages no other package needs are the ones the project asked for. */
function inferDirect(nodes: readonly PackageNode[], byKey: Map<string, PackageNode>): DirectEdge[] {
  const needed = new Set<string>();
  for (const node of nodes) for (const dep of node.deps) if (dep !== node.key && byKey.has(dep)) needed.add(dep);
  return [...byKey.values()]
    .filter((node) => !needed.has(node.key))
    .map((node) => ({ key: node.key, dev: node.devHint === true }));
}

/**
 * Breadth-first from every direct dependency at once: a node's chains come from its parents one
 * level closer, so only shortest chains are kept, at most MAX_PATHS of them. Linear in the graph.
 */
function shortestPaths(direct: readonly DirectEdge[], byKey: Map<string, PackageNode>): Map<string, string[][]> {
  const depth = new Map<string, number>();
  const paths = new Map<string, string[][]>();
  const queue: string[] = [];
  for (const { key } of direct) {
    if (depth.has(key)) continue;
    depth.set(key, 0);
    paths.set(key, [[(byKey.get(key) as PackageNode).name]]);
    queue.push(key);
  }
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head] as string;
    const node = byKey.get(key) as PackageNode;
    const level = depth.get(key) as number;
    const own = paths.get(key) ?? [];
    for (const dep of node.deps) {
      const child = byKey.get(dep);
      if (!child) continue;
      const childDepth = depth.get(dep);
      if (childDepth === undefined) {
        depth.set(dep, level + 1);
        paths.set(dep, []);
        queue.push(dep);
      } else if (childDepth !== level + 1) {
        continue;
      }
      addPaths(paths.get(dep) as string[][], own, child.name);
    }
  }
  return paths;
}

function addPaths(target: string[][], from: readonly string[][], name: string): void {
  for (const chain of from) {
    if (target.length >= MAX_PATHS) return;
    const next = [...chain, name];
    if (!target.some((existing) => sameChain(existing, next))) target.push(next);
  }
}

function sameChain(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function reachable(starts: readonly string[], byKey: Map<string, PackageNode>): Set<string> {
  const seen = new Set<string>(starts);
  const stack = [...starts];
  while (stack.length > 0) {
    const node = byKey.get(stack.pop() as string);
    if (!node) continue;
    for (const dep of node.deps) {
      if (!seen.has(dep) && byKey.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return seen;
}

/** Instances of the same name and version (npm copies a package into several folders) become one entry. */
function mergeInstances(
  input: GraphInput,
  byKey: Map<string, PackageNode>,
  directKeys: ReadonlySet<string>,
  walk: Walk,
): Dependency[] {
  const merged = new Map<string, Dependency>();
  for (const node of byKey.values()) {
    const id = `${node.name}@${node.version}`;
    const isDirect = directKeys.has(node.key);
    const reached = walk.paths.has(node.key);
    const dev = reached ? !walk.production.has(node.key) : node.devHint === true;
    const paths = walk.paths.get(node.key) ?? [];
    const needs = dependsOn(node, byKey);
    const existing = merged.get(id);
    if (!existing) {
      merged.set(id, {
        ecosystem: input.ecosystem,
        name: node.name,
        version: node.version,
        direct: isDirect,
        dev,
        paths: paths.map((chain) => [...chain]),
        ...(needs.length > 0 ? { dependsOn: needs } : {}),
        file: input.file,
        ...(node.line === undefined ? {} : { line: node.line }),
      });
      continue;
    }
    if (needs.length > 0) existing.dependsOn = [...new Set([...(existing.dependsOn ?? []), ...needs])].sort();
    existing.direct ||= isDirect;
    existing.dev &&= dev;
    existing.paths = mergePaths(existing.paths, paths);
    if (node.line !== undefined && (existing.line === undefined || node.line < existing.line))
      existing.line = node.line;
  }
  return [...merged.values()].sort(compareDependencies);
}

/** `name@version` of each package the node needs, sorted, without repeats. */
function dependsOn(node: PackageNode, byKey: Map<string, PackageNode>): string[] {
  const ids = new Set<string>();
  for (const dep of node.deps) {
    const target = byKey.get(dep);
    if (target && target.key !== node.key) ids.add(`${target.name}@${target.version}`);
  }
  return [...ids].sort();
}

function mergePaths(a: readonly string[][], b: readonly string[][]): string[][] {
  const all = [...a, ...b.map((chain) => [...chain])].sort((x, y) => x.length - y.length);
  const out: string[][] = [];
  for (const chain of all) {
    if (out.length >= MAX_PATHS) break;
    if (!out.some((existing) => sameChain(existing, chain))) out.push(chain);
  }
  return out;
}

export function compareDependencies(a: Dependency, b: Dependency): number {
  return (
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0)
  );
}
