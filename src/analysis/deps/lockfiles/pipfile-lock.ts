import type { LockfileResult } from '../model.js';
import { lockfileResult, type PackageNode } from './graph.js';
import { objectAt, stringAt } from './json-with-lines.js';
import { invalidLockfile, readJsonLockfile } from './lockfile-error.js';
import { type PythonManifest, pythonDirectEdges } from './pyproject.js';
import { normalizePythonName } from './python-names.js';
import { isTomlTable, type TomlValue, tryParseToml } from './toml.js';
import { keysByName } from './toml-lockfile.js';

/** Reads the [packages] and [dev-packages] of a Pipfile; undefined when it is missing or not TOML. */
export function readPipfile(text: string | undefined): PythonManifest | undefined {
  const doc = tryParseToml(text);
  if (!doc) return undefined;
  const names = (value: TomlValue | undefined): Set<string> =>
    new Set(Object.keys(isTomlTable(value) ? value : {}).map(normalizePythonName));
  const production = names(doc.packages);
  const dev = names(doc['dev-packages']);
  for (const name of production) dev.delete(name);
  return { production, dev };
}

/**
 * Parses Pipfile.lock: `default` holds the production packages and `develop` the development ones,
 * each pinned as `"version": "==1.2.3"`. The lockfile has no dependency graph, so the Pipfile beside
 * it tells which packages are direct (without it, every package counts as direct); the others have
 * no known path. Git and path entries have no version and are skipped.
 *
 * @example
 * const result = parsePipfileLock(lockText, 'Pipfile.lock', pipfileText);
 * result.format; // 'pipfile-lock@6'
 */
export function parsePipfileLock(text: string, file: string, pipfile?: string): LockfileResult {
  const { root, lineOf } = readJsonLockfile(text, file);
  const meta = objectAt(root._meta);
  if (!meta && !objectAt(root.default)) throw invalidLockfile(file, 'no "_meta" or "default": not a Pipfile.lock');
  const warnings: string[] = [];
  const nodes: (PackageNode & { name: string })[] = [];
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    const packages = objectAt(root[section]);
    for (const [rawName, value] of Object.entries(packages ?? {})) {
      const entry = objectAt(value);
      const pinned = stringAt(entry?.version);
      if (!entry || !pinned) continue;
      if (!pinned.startsWith('==')) {
        warnings.push(`${rawName}: version "${pinned}" is not pinned; not checked.`);
        continue;
      }
      const name = normalizePythonName(rawName);
      const version = pinned.replace(/^===?/, '');
      const line = packages ? lineOf(packages, rawName) : undefined;
      nodes.push({ key: `${section}:${name}`, name, version, deps: [], devHint: dev, ...(line ? { line } : {}) });
    }
  }
  const manifest = readPipfile(pipfile);
  const specVersion = meta?.['pipfile-spec'];
  return lockfileResult({
    file,
    ecosystem: 'PyPI',
    format: `pipfile-lock@${typeof specVersion === 'number' ? specVersion : '?'}`,
    warnings,
    nodes,
    direct: manifest ? pythonDirectEdges(manifest, keysByName(nodes)) : undefined,
  });
}
