import path from 'node:path';

/** Extensions tried after a specifier without one, in the order Node and TypeScript try them. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** TypeScript sources import their siblings by the compiled name (`./db.js` for `db.ts`). */
const COMPILED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * The project file a relative import or require names, or null when it is not a file of the
 * project (a package, a built-in, a file outside the scanned folder, a file that does not exist).
 * Paths are relative to the scan root with forward slashes, as findings carry them; nothing here
 * touches the disk, so a specifier can never reach outside the set of files being scanned.
 *
 * @example
 * resolveModule('src/routes/users.js', '../db', new Set(['src/db/index.js'])); // 'src/db/index.js'
 */
export function resolveModule(importer: string, specifier: string, files: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') {
    return null;
  }
  const clean = specifier.split(/[?#]/, 1)[0] ?? '';
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(importer), clean));
  if (base === '..' || base.startsWith('../') || path.posix.isAbsolute(base)) return null;
  for (const candidate of candidates(base === '.' ? '' : base)) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

function candidates(base: string): string[] {
  const list: string[] = [];
  if (base !== '') list.push(base);
  const extension = path.posix.extname(base);
  const sources = COMPILED_TO_SOURCE[extension];
  if (sources) for (const source of sources) list.push(base.slice(0, -extension.length) + source);
  if (base !== '') for (const ext of EXTENSIONS) list.push(base + ext);
  const dir = base === '' ? '' : `${base}/`;
  for (const ext of EXTENSIONS) list.push(`${dir}index${ext}`);
  return list;
}
