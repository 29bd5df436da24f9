import type { DirectEdge } from './graph.js';
import { isJsonObject, type JsonObject, type JsonValue, parseJsonWithLines } from './json-with-lines.js';

/**
 * What a package.json says the project depends on. Lockfiles that do not record the project's own
 * dependencies (package-lock v1, yarn classic) read it from the package.json beside them.
 */
export interface ManifestDependencies {
  /** dependencies, optionalDependencies and peerDependencies: name to requested range. */
  production: Map<string, string>;
  devDependencies: Map<string, string>;
}

const PRODUCTION_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

function rangesOf(value: JsonValue | undefined, into: Map<string, string>): void {
  if (!isJsonObject(value)) return;
  for (const [name, range] of Object.entries(value)) {
    if (typeof range === 'string' && !into.has(name)) into.set(name, range);
  }
}

/** The dependency fields of a package.json object (or of a lockfile's root entry, which copies them). */
export function manifestDependenciesOf(manifest: JsonObject): ManifestDependencies {
  const production = new Map<string, string>();
  const devDependencies = new Map<string, string>();
  for (const field of PRODUCTION_FIELDS) rangesOf(manifest[field], production);
  rangesOf(manifest.devDependencies, devDependencies);
  // A package in both lists is installed for production: production wins.
  for (const name of production.keys()) devDependencies.delete(name);
  return { production, devDependencies };
}

/** Reads package.json text; undefined when it is missing or not a JSON object. */
export function readPackageJson(text: string | undefined): ManifestDependencies | undefined {
  if (text === undefined) return undefined;
  try {
    const { value } = parseJsonWithLines(text);
    return isJsonObject(value) ? manifestDependenciesOf(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The direct dependencies a manifest declares, each resolved to a lockfile key by `resolve`
 * (undefined when the lockfile has no such package, e.g. an optional one that was not installed).
 */
export function manifestEdges(
  manifest: ManifestDependencies,
  resolve: (name: string, range: string) => string | undefined,
): DirectEdge[] {
  const edges: DirectEdge[] = [];
  for (const [ranges, dev] of [
    [manifest.production, false],
    [manifest.devDependencies, true],
  ] as const) {
    for (const [name, range] of ranges) {
      const key = resolve(name, range);
      if (key !== undefined) edges.push({ key, dev });
    }
  }
  return edges;
}

/**
 * Finds the folder Node would load `name` from, starting in `from` (a lockfile key such as
 * `node_modules/a/node_modules/b`, a workspace folder, or '' for the project): its own
 * node_modules first, then each enclosing one up to the project's.
 */
export function resolveNodeModules(from: string, name: string, has: (key: string) => boolean): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (has(candidate)) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** `@scope/name@1.2.3` or `name@1.2.3` split at the version's `@`; undefined without one. */
export function splitNameVersion(spec: string): { name: string; version: string } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0 || at === spec.length - 1) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** npm's alias specs, `npm:string-width@4.2.3`: the real package behind a local name. */
export function npmAlias(spec: string): { name: string; version: string } | undefined {
  return spec.startsWith('npm:') ? splitNameVersion(spec.slice(4)) : undefined;
}

/** Exact versions only: ranges, tags, paths, URLs and git references cannot be matched to advisories. */
export function isExactVersion(version: string): boolean {
  return /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(version);
}
