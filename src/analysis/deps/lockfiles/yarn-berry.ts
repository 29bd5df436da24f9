import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { isExactVersion, readPackageJson } from './package-json.js';
import { mappingAt, readYamlLockfile } from './yaml-lines.js';

interface Entry {
  key: string;
  line: number | undefined;
  data: Record<string, unknown>;
  /** `name@protocol:reference` from `resolution`, split. */
  name: string;
  protocol: string;
}

/** Yarn 2+ wrote ranges without the `npm:` protocol in older lockfiles (`ms: ^2.1.1`). */
function withProtocol(range: string): string {
  return /^[a-z]+:/.test(range) ? range : `npm:${range}`;
}

/** `lodash@npm:4.17.20` or `resolve@patch:resolve@npm%3A1.22.1#...`: the package name and protocol. */
function resolutionOf(resolution: string): { name: string; protocol: string } | undefined {
  const at = resolution.indexOf('@', resolution.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  const rest = resolution.slice(at + 1);
  const colon = rest.indexOf(':');
  return { name: resolution.slice(0, at), protocol: colon === -1 ? '' : rest.slice(0, colon) };
}

/**
 * Parses a yarn berry (yarn 2 and later) yarn.lock, recognised by its `__metadata` entry. The
 * project's own entries (`name@workspace:.`) list its direct dependencies, but the lockfile does
 * not tell dependencies from devDependencies, so the root package.json beside it supplies that
 * (without it, every direct dependency counts as production).
 *
 * @example
 * const result = parseYarnBerryLock(text, 'yarn.lock', packageJsonText);
 * result.format; // 'yarn-berry@10' (the __metadata version)
 */
export function parseYarnBerryLock(text: string, file: string, packageJson?: string): LockfileResult {
  const yaml = readYamlLockfile(text, file);
  const metadata = mappingAt(yaml.data.__metadata);
  if (!metadata) throw invalidLockfile(file, 'no __metadata entry: not a yarn berry lockfile');
  const warnings: string[] = [];
  const entries = readEntries(yaml.data, yaml.keyLines(), warnings);
  const byDescriptor = new Map<string, Entry>();
  for (const entry of entries) {
    for (const descriptor of entry.key.split(',')) byDescriptor.set(descriptor.trim(), entry);
  }
  const lookup = (name: string, range: string): Entry | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@${withProtocol(range)}`);
  const nodes: PackageNode[] = [];
  for (const entry of entries) {
    if (entry.protocol !== 'npm' && entry.protocol !== 'patch') continue;
    const version = String(entry.data.version ?? '');
    if (!isExactVersion(version)) continue;
    const deps = dependencyRanges(entry.data)
      .map(([name, range]) => lookup(name, range)?.key)
      .filter((key): key is string => key !== undefined);
    nodes.push({ key: entry.key, name: entry.name, version, deps, ...(entry.line ? { line: entry.line } : {}) });
  }
  const devNames = readPackageJson(packageJson)?.devDependencies ?? new Map<string, string>();
  const direct: DirectEdge[] = [];
  for (const workspace of entries.filter((e) => e.protocol === 'workspace')) {
    const isRoot = workspace.key.split(',').some((d) => d.trim().endsWith('@workspace:.'));
    for (const [name, range] of dependencyRanges(workspace.data)) {
      const target = lookup(name, range);
      if (target) direct.push({ key: target.key, dev: isRoot && devNames.has(name) });
    }
  }
  return lockfileResult({
    file,
    ecosystem: 'npm',
    format: `yarn-berry@${String(metadata.version ?? '?')}`,
    warnings,
    nodes,
    direct,
  });
}

function readEntries(data: Record<string, unknown>, lines: Map<string, number>, warnings: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === '__metadata') continue;
    const entry = mappingAt(value);
    const resolution = typeof entry?.resolution === 'string' ? resolutionOf(entry.resolution) : undefined;
    if (!entry || !resolution) {
      warnings.push(`${key}: no resolution; not checked.`);
      continue;
    }
    entries.push({ key, line: lines.get(key), data: entry, ...resolution });
  }
  return entries;
}

function dependencyRanges(data: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const field of ['dependencies', 'optionalDependencies'] as const) {
    const deps = mappingAt(data[field]);
    if (!deps) continue;
    for (const [name, range] of Object.entries(deps)) out.push([name, String(range)]);
  }
  return out;
}
