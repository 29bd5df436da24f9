import type { LockfileResult } from '../model.js';
import { lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile } from './lockfile-error.js';
import { isExactVersion, manifestEdges, npmAlias, readPackageJson, splitNameVersion } from './package-json.js';

/** One `name@range, name@range2:` block of a yarn v1 lockfile. */
interface Block {
  descriptors: string[];
  line: number;
  version?: string;
  /** Dependency descriptors (`name@range`) from `dependencies` and `optionalDependencies`. */
  requires: string[];
}

/** Yarn v1's own format (not YAML): unindented headers, two-space fields, four-space dependency lists. */
const FIELD = /^ {2}(\S+?):?\s+(.+)$/;
const SUBFIELD = /^ {4}(\S+)\s+(.+)$/;

/**
 * Parses a yarn classic (v1) yarn.lock. The lockfile does not say which packages the project asked
 * for, so the package.json beside it gives the direct dependencies (without it, packages nothing
 * else requires count as direct). Only entries are read, line by line; nothing is evaluated.
 *
 * @example
 * const result = parseYarnClassicLock(text, 'yarn.lock', packageJsonText);
 * result.format; // 'yarn-classic'
 */
export function parseYarnClassicLock(text: string, file: string, packageJson?: string): LockfileResult {
  const blocks = readBlocks(text, file);
  const warnings: string[] = [];
  const byDescriptor = new Map<string, Block>();
  for (const block of blocks) for (const descriptor of block.descriptors) byDescriptor.set(descriptor, block);
  const keyOf = (block: Block): string => block.descriptors[0] as string;

  const nodes: PackageNode[] = [];
  for (const block of blocks) {
    const id = identity(block);
    if (!id) {
      warnings.push(`${keyOf(block)} (line ${block.line}): no version; not checked.`);
      continue;
    }
    if (!isExactVersion(id.version)) continue;
    const deps = block.requires.map((d) => byDescriptor.get(d)).filter((b): b is Block => b !== undefined);
    nodes.push({ key: keyOf(block), name: id.name, version: id.version, line: block.line, deps: deps.map(keyOf) });
  }

  const manifest = readPackageJson(packageJson);
  const direct = manifest
    ? manifestEdges(manifest, (name, range) => {
        const block = byDescriptor.get(`${name}@${range}`);
        return block && keyOf(block);
      })
    : undefined;
  if (!manifest) warnings.push('No readable package.json beside this lockfile: direct dependencies are inferred.');
  return lockfileResult({ file, ecosystem: 'npm', format: 'yarn-classic', warnings, nodes, direct });
}

/** The installed package: an alias descriptor (`x@npm:real@^1.0.0`) installs `real`. */
function identity(block: Block): { name: string; version: string } | undefined {
  if (!block.version) return undefined;
  const descriptor = splitNameVersion(block.descriptors[0] as string);
  if (!descriptor) return undefined;
  const alias = npmAlias(descriptor.version);
  return { name: alias?.name ?? descriptor.name, version: block.version };
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function readBlocks(text: string, file: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let inDependencies = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length === 0 || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      if (!line.endsWith(':')) throw invalidLockfile(file, `unexpected line ${i + 1}: not a yarn v1 lockfile entry`);
      current = { descriptors: line.slice(0, -1).split(',').map(unquote).filter(Boolean), line: i + 1, requires: [] };
      blocks.push(current);
      inDependencies = false;
      continue;
    }
    if (!current) continue;
    const sub = inDependencies ? SUBFIELD.exec(line) : null;
    if (sub) {
      current.requires.push(`${unquote(sub[1] as string)}@${unquote(sub[2] as string)}`);
      continue;
    }
    inDependencies = /^ {2}(dependencies|optionalDependencies):$/.test(line);
    const field = FIELD.exec(line);
    if (field && field[1] === 'version') current.version = unquote(field[2] as string);
  }
  if (blocks.length === 0 && text.trim().length > 0 && !text.includes('yarn lockfile v1')) {
    throw invalidLockfile(file, 'no entries found: not a yarn v1 lockfile');
  }
  return blocks;
}
