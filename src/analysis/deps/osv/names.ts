import { ECOSYSTEMS, type Ecosystem } from '../model.js';

/**
 * The Ectus ecosystem of an OSV `package.ecosystem` value, or null for ecosystems Ectus does not
 * match (Debian, Alpine, ...). OSV may add a variant after a colon (`Maven:https://...`); the
 * part before it decides.
 */
export function ecosystemOf(osvEcosystem: string): Ecosystem | null {
  const base = osvEcosystem.split(':', 1)[0]!.trim();
  return (ECOSYSTEMS as readonly string[]).includes(base) ? (base as Ecosystem) : null;
}

/**
 * The key a package is looked up by. PyPI names compare after PEP 503 normalisation
 * (`Jinja2`, `jinja_2` and `jinja.2` differ from `jinja2` but `Foo_Bar` equals `foo-bar`);
 * npm, Go module paths, crates and Maven `group:artifact` coordinates compare as written.
 *
 * @example
 * normalizePackageName('PyPI', 'Flask_SQLAlchemy'); // 'flask-sqlalchemy'
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
  if (ecosystem === 'PyPI') return trimmed.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'Maven') return trimmed.replace(/\s+/g, '');
  return trimmed;
}

/** File-name-safe slug of an ecosystem (`crates.io` → `crates-io`). */
export function ecosystemSlug(ecosystem: Ecosystem): string {
  return ecosystem.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
