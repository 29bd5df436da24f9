import type { DirectEdge } from './graph.js';
import { normalizePythonName, requirementName } from './python-names.js';
import { isTomlTable, type TomlTable, type TomlValue, tryParseToml } from './toml.js';

/** The Python projects a manifest lists itself, by normalised name. */
export interface PythonManifest {
  production: Set<string>;
  dev: Set<string>;
}

function tableAt(table: TomlTable | undefined, ...path: string[]): TomlTable | undefined {
  let current: TomlValue | undefined = table;
  for (const part of path) current = isTomlTable(current) ? current[part] : undefined;
  return isTomlTable(current) ? current : undefined;
}

function addKeys(table: TomlTable | undefined, into: Set<string>): void {
  // `python` in [tool.poetry.dependencies] is the interpreter constraint, not a package.
  for (const name of Object.keys(table ?? {})) if (name !== 'python') into.add(normalizePythonName(name));
}

function addRequirements(value: TomlValue | undefined, into: Set<string>): void {
  if (!Array.isArray(value)) return;
  for (const item of value) {
    const name = typeof item === 'string' ? requirementName(item) : undefined;
    if (name) into.add(name);
  }
}

/**
 * Reads pyproject.toml: PEP 621 `[project]` dependencies and optional dependencies, PEP 735
 * `[dependency-groups]` (development), Poetry's `[tool.poetry.dependencies]`, its groups (any group
 * but `main` is development) and the older `dev-dependencies`. Undefined when the text is not TOML.
 */
export function readPyproject(text: string | undefined): PythonManifest | undefined {
  const doc = tryParseToml(text);
  if (!doc) return undefined;
  const production = new Set<string>();
  const dev = new Set<string>();
  const project = tableAt(doc, 'project');
  addRequirements(project?.dependencies, production);
  for (const extra of Object.values(tableAt(project, 'optional-dependencies') ?? {}))
    addRequirements(extra, production);
  for (const group of Object.values(tableAt(doc, 'dependency-groups') ?? {})) addRequirements(group, dev);
  const poetry = tableAt(doc, 'tool', 'poetry');
  addKeys(tableAt(poetry, 'dependencies'), production);
  addKeys(tableAt(poetry, 'dev-dependencies'), dev);
  for (const [group, value] of Object.entries(tableAt(poetry, 'group') ?? {})) {
    const deps = isTomlTable(value) ? tableAt(value, 'dependencies') : undefined;
    addKeys(deps, group === 'main' ? production : dev);
  }
  for (const name of production) dev.delete(name);
  return { production, dev };
}

/** Direct edges for the names a manifest lists, to every locked node of that name. */
export function pythonDirectEdges(manifest: PythonManifest, keysByName: ReadonlyMap<string, string[]>): DirectEdge[] {
  const edges: DirectEdge[] = [];
  for (const [names, dev] of [
    [manifest.production, false],
    [manifest.dev, true],
  ] as const) {
    for (const name of names) for (const key of keysByName.get(name) ?? []) edges.push({ key, dev });
  }
  return edges;
}
