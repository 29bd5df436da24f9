import { parseLockfileText } from './lockfile-error.js';
import { parseToml, type TomlTable, tomlString, tomlTables } from './toml.js';

/** One `[[package]]` table of a TOML lockfile with its name, version and line. */
export interface TomlPackage {
  table: TomlTable;
  name: string;
  version: string;
  line: number | undefined;
}

/**
 * Parses a TOML lockfile and lists its `[[package]]` tables (Cargo.lock, poetry.lock, uv.lock all
 * use that shape). Tables without a name or version become warnings.
 */
export function readTomlPackages(
  text: string,
  file: string,
  normalizeName: (name: string) => string = (name) => name,
): { doc: TomlTable; packages: TomlPackage[]; warnings: string[] } {
  const parsed = parseLockfileText(file, 'TOML', () => parseToml(text));
  const warnings: string[] = [];
  const packages: TomlPackage[] = [];
  for (const table of tomlTables(parsed.value.package)) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    const line = parsed.lineOf(table);
    if (!name || !version) {
      warnings.push(`[[package]] at line ${line ?? '?'}: no name or version; not checked.`);
      continue;
    }
    packages.push({ table, name: normalizeName(name), version, line });
  }
  return { doc: parsed.value, packages, warnings };
}

/** Node keys by package name: a lockfile may hold one name at several versions. */
export function keysByName(packages: readonly { name: string; key: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { name, key } of packages) {
    const keys = out.get(name);
    if (keys) keys.push(key);
    else out.set(name, [key]);
  }
  return out;
}
