import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { DEFAULT_MAX_FILE_SIZE } from './read-source.js';
import { SOURCE_EXTENSIONS } from './source-extensions.js';

export interface DiscoverOptions {
  /** Folder that `relPath` is relative to: the common ancestor of the scanned paths. */
  root: string;
  /** Walk into `node_modules` folders (skipped by default). */
  includeNodeModules?: boolean;
  /** gitignore-style patterns from the configuration, relative to `ignoreBase`. */
  ignore?: string[];
  /** The folder `ignore` patterns are relative to (the config file's folder); defaults to `root`. */
  ignoreBase?: string;
  /** Bytes; larger files are still listed, flagged `tooLarge`. Default 10 MiB. */
  maxFileSize?: number;
  /** Which file names to list (the name only, no folders). Default: JavaScript and TypeScript sources. */
  accept?: (name: string) => boolean;
}

export interface DiscoveredFile {
  absPath: string;
  /** Relative to the root, forward slashes. */
  relPath: string;
  size: number;
  mtimeMs: number;
  /** Set when the file exceeds `maxFileSize`: it can be reported as skipped without reading it. */
  tooLarge?: boolean;
}

export interface DiscoveryProblem {
  path: string;
  code: 'ECTUS_PATH_NOT_FOUND' | 'ECTUS_READ_ERROR';
  message: string;
}

export interface Discovery {
  /** Sorted by `relPath`. */
  files: DiscoveredFile[];
  problems: DiscoveryProblem[];
}

/** Ignore files honoured in every folder; a later one can re-include what an earlier one excluded. */
const IGNORE_FILES = ['.gitignore', '.ectusignore'] as const;
/** Version-control metadata is never source and can be huge. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);
/** The extensions the parser reads (from their own module: listing files must not load the parser). */
export const SOURCE_FILE_EXTENSIONS = SOURCE_EXTENSIONS;
const SOURCE_EXTENSION_SET: ReadonlySet<string> = new Set(SOURCE_FILE_EXTENSIONS);
// Git matches case-insensitively where the file system does.
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

const requireModule = createRequire(import.meta.url);
let ignoreFactory: typeof import('ignore') | undefined;

/**
 * A matcher for gitignore patterns. The `ignore` package is loaded on first use: a tree without
 * ignore files (and a scan without configured patterns) does not load it.
 */
function ignoreMatcher(patterns: string | readonly string[]): Ignore {
  ignoreFactory ??= requireModule('ignore') as typeof import('ignore');
  return ignoreFactory({ ignorecase: IGNORE_CASE }).add(patterns);
}

/** The patterns of one ignore file (or of the configuration), relative to `base`. */
interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

interface PendingDir {
  abs: string;
  real: string;
  /** Layers from the outermost folder to this folder's parent. */
  chain: readonly IgnoreLayer[];
  /** Reached through a symbolic link: loses to the same file reached directly. */
  viaLink: boolean;
  /** Real path that links must stay inside: the root, or a scanned folder outside it. */
  contain: string;
}

interface Candidate {
  file: DiscoveredFile;
  real: string;
  viaLink: boolean;
}

/** A folder entry with symbolic links followed: what it is and where it really lives. */
interface FolderEntry {
  name: string;
  abs: string;
  real: string;
  isLink: boolean;
  isDir: boolean;
  isFile: boolean;
  /** Known already for links, which had to be stat'ed to learn what they point at. */
  stat?: Stats;
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSION_SET.has(path.extname(name));
}

const toPosix = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

/** `name` inside the absolute, normalised folder `dir`: what path.join gives, without its normalising pass. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/** `child` relative to `base` with forward slashes, or undefined when it is not strictly inside. */
function relativeInside(base: string, child: string): string | undefined {
  // Both are absolute and normalised: a prefix test is exact and much cheaper than path.relative.
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  if (child.length <= prefix.length || !child.startsWith(prefix)) return undefined;
  return toPosix(child.slice(prefix.length));
}

function isInsideOrSame(base: string, child: string): boolean {
  return base === child || relativeInside(base, child) !== undefined;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The real path, or the path itself when it cannot be resolved. */
function realpathOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

function describe(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? error);
}

/**
 * What one layer says about a path: true (ignored), false (re-included by a negation) or undefined
 * (no pattern of this layer applies). The walk only enters folders that were not ignored, so when
 * this layer ignores the parent folder, a deeper layer or an explicit path already overrode it and
 * the layer's verdict (which the `ignore` package inherits from the parent) does not count.
 */
function layerVerdict(layer: IgnoreLayer, rel: string, isDir: boolean): boolean | undefined {
  const slash = rel.lastIndexOf('/');
  if (slash !== -1 && layer.matcher.test(rel.slice(0, slash + 1)).ignored) return undefined;
  const result = layer.matcher.test(isDir ? `${rel}/` : rel);
  if (result.ignored) return true;
  if (result.unignored) return false;
  return undefined;
}

/** Deeper ignore files take precedence over shallower ones, like git; configuration over all. */
function isIgnored(
  absPath: string,
  isDir: boolean,
  chain: readonly IgnoreLayer[],
  configLayer: IgnoreLayer | undefined,
): boolean {
  if (configLayer) {
    const rel = relativeInside(configLayer.base, absPath);
    const verdict = rel === undefined ? undefined : layerVerdict(configLayer, rel, isDir);
    if (verdict !== undefined) return verdict;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const layer = chain[i] as IgnoreLayer;
    const rel = relativeInside(layer.base, absPath);
    if (rel === undefined) continue;
    const verdict = layerVerdict(layer, rel, isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

function pathExists(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in worktrees). */
function gitTopOf(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (pathExists(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** An entry that is not a link: what the folder listing says it is. */
function plainEntry(dir: PendingDir, dirent: Dirent): FolderEntry {
  const abs = childPath(dir.abs, dirent.name);
  const real = dir.real === dir.abs ? abs : childPath(dir.real, dirent.name);
  return { name: dirent.name, abs, real, isLink: false, isDir: dirent.isDirectory(), isFile: dirent.isFile() };
}

/** Follows a symbolic link; undefined for a dangling link or one leading out of the scanned tree. */
function followLink(dir: PendingDir, dirent: Dirent): FolderEntry | undefined {
  const abs = childPath(dir.abs, dirent.name);
  let stat: Stats;
  let real: string;
  try {
    stat = statSync(abs);
    real = realpathSync.native(abs);
  } catch {
    return undefined; // A dangling link: nothing to scan.
  }
  // Links out of the scanned tree would scan someone else's files (and can loop).
  if (!isInsideOrSame(dir.contain, real)) return undefined;
  return { name: dirent.name, abs, real, isLink: true, isDir: stat.isDirectory(), isFile: stat.isFile(), stat };
}

/** A folder entry with its link followed; undefined for entries to skip. */
function resolveEntry(dir: PendingDir, dirent: Dirent): FolderEntry | undefined {
  if (ALWAYS_SKIPPED.has(dirent.name)) return undefined;
  return dirent.isSymbolicLink() ? followLink(dir, dirent) : plainEntry(dir, dirent);
}

/**
 * Lists source files under the given paths, honouring `.gitignore` and `.ectusignore` at every
 * level (and above the root up to the repository's top folder), the configured `ignore` patterns,
 * and skipping `.git` and `node_modules`. Files named explicitly are kept even when ignored. Paths
 * are resolved against the working directory. Missing or unreadable paths become problems: this
 * never throws for file-system reasons.
 *
 * The file system is read with synchronous calls: on a warm disk cache a stat or a folder listing
 * takes microseconds, while the promise API spends several times that per call on scheduling, and
 * a re-scan served from the result cache is little more than this walk. The walk therefore holds
 * the thread for its duration (tens of milliseconds for thousands of files).
 *
 * @example
 * const { files, problems } = await discoverFiles(['src', 'scripts/build.ts'], { root: process.cwd() });
 */
export async function discoverFiles(paths: string[], options: DiscoverOptions): Promise<Discovery> {
  const root = path.resolve(options.root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const includeNodeModules = options.includeNodeModules ?? false;
  const accept = options.accept ?? isSourceFile;
  const problems: DiscoveryProblem[] = [];
  const candidates: Candidate[] = [];
  const seenAbs = new Set<string>();
  const walkedReal = new Set<string>();
  const layerCache = new Map<string, IgnoreLayer | undefined>();
  const configLayer: IgnoreLayer | undefined =
    options.ignore && options.ignore.length > 0
      ? {
          base: path.resolve(options.ignoreBase ?? root),
          matcher: ignoreMatcher(options.ignore),
        }
      : undefined;
  const rootReal = realpathOr(root);
  const rootTop = gitTopOf(root) ?? root;

  const loadLayer = (dir: string): IgnoreLayer | undefined => {
    if (layerCache.has(dir)) return layerCache.get(dir);
    const texts: string[] = [];
    for (const name of IGNORE_FILES) {
      try {
        texts.push(readFileSync(path.join(dir, name), 'utf8'));
      } catch (error) {
        const code = errnoOf(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
          problems.push({
            path: path.join(dir, name),
            code: 'ECTUS_READ_ERROR',
            message: `Cannot read ignore file (${describe(error)}); its patterns are not applied.`,
          });
        }
      }
    }
    const layer = texts.length === 0 ? undefined : { base: dir, matcher: ignoreMatcher(texts.join('\n')) };
    layerCache.set(dir, layer);
    return layer;
  };

  /** Ignore layers of the folders above `dir`, from the repository top (or the root) downwards. */
  const ancestorChain = (dir: string): IgnoreLayer[] => {
    const top = isInsideOrSame(root, dir) ? rootTop : (gitTopOf(dir) ?? dir);
    const dirs: string[] = [];
    for (let current = dir; current !== top; ) {
      const parent = path.dirname(current);
      if (parent === current) break;
      dirs.unshift(parent);
      current = parent;
    }
    const layers = dirs.map(loadLayer);
    return layers.filter((layer): layer is IgnoreLayer => layer !== undefined);
  };

  const addCandidate = (abs: string, stat: Stats, real: string, viaLink: boolean): void => {
    if (seenAbs.has(abs)) return;
    seenAbs.add(abs);
    const relPath = relativeInside(root, abs) ?? (toPosix(path.relative(root, abs)) || path.basename(abs));
    const file: DiscoveredFile = { absPath: abs, relPath, size: stat.size, mtimeMs: stat.mtimeMs };
    if (stat.size > maxFileSize) file.tooLarge = true;
    candidates.push({ file, real, viaLink });
  };

  // Symlinked folders are walked after everything reachable directly, so a folder reached both ways
  // is listed under its real location.
  const linkedDirs: PendingDir[] = [];

  /**
   * The folder's entries, in the order the file system gives (the files are sorted once at the
   * end, the folders to walk per folder); undefined when it cannot be listed (a problem unless it
   * vanished).
   */
  const readFolder = (dir: PendingDir): Dirent[] | undefined => {
    try {
      return readdirSync(dir.abs, { withFileTypes: true });
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') {
        problems.push({
          path: dir.abs,
          code: 'ECTUS_READ_ERROR',
          message: `Cannot list folder (${describe(error)}).`,
        });
      }
      return undefined;
    }
  };

  /** The layers that apply inside `dir`: its parent's, plus its own ignore files when it has any. */
  const chainInside = (dir: PendingDir, entries: Dirent[]): readonly IgnoreLayer[] => {
    if (!entries.some((e) => (IGNORE_FILES as readonly string[]).includes(e.name))) return dir.chain;
    const layer = loadLayer(dir.abs);
    return layer ? [...dir.chain, layer] : dir.chain;
  };

  const entersFolder = (name: string, abs: string, chain: readonly IgnoreLayer[]): boolean => {
    // Asking for dependencies outranks the .gitignore entry nearly every project has for them.
    if (name === 'node_modules') return includeNodeModules;
    return !isIgnored(abs, true, chain, configLayer);
  };

  /** Splits a folder's entries into the folders to walk and the source files to keep. */
  const splitEntries = (
    dir: PendingDir,
    entries: Dirent[],
    chain: readonly IgnoreLayer[],
  ): { subdirs: PendingDir[]; files: FolderEntry[] } => {
    const subdirs: PendingDir[] = [];
    const linked: PendingDir[] = [];
    const files: FolderEntry[] = [];
    for (const dirent of entries) {
      const plainFile = dirent.isFile();
      // Files of other kinds are not even looked at (nor, for links, followed).
      if (plainFile ? !accept(dirent.name) : !dirent.isDirectory() && !dirent.isSymbolicLink()) continue;
      const entry = resolveEntry(dir, dirent);
      if (!entry) continue;
      if (entry.isDir) {
        if (!entersFolder(entry.name, entry.abs, chain)) continue;
        const pending = {
          abs: entry.abs,
          real: entry.real,
          chain,
          viaLink: dir.viaLink || entry.isLink,
          contain: dir.contain,
        };
        (entry.isLink ? linked : subdirs).push(pending);
      } else if (
        entry.isFile &&
        (plainFile || accept(entry.name)) &&
        !isIgnored(entry.abs, false, chain, configLayer)
      ) {
        files.push(entry);
      }
    }
    // Walked in name order, so that which of two ways into a folder is taken does not depend on the
    // order the file system lists them in.
    const byPath = (a: PendingDir, b: PendingDir) => byCodePoint(a.abs, b.abs);
    linkedDirs.push(...linked.sort(byPath));
    return { subdirs: subdirs.sort(byPath), files };
  };

  /** A file's stat (already known for links); undefined when it cannot be read. */
  const statOf = (file: FolderEntry): Stats | undefined => {
    if (file.stat) return file.stat;
    try {
      return statSync(file.abs);
    } catch (error) {
      // A file deleted during the walk is simply gone; anything else is worth telling.
      if (errnoOf(error) !== 'ENOENT') {
        problems.push({
          path: file.abs,
          code: 'ECTUS_READ_ERROR',
          message: `Cannot stat file (${describe(error)}).`,
        });
      }
      return undefined;
    }
  };

  const addFiles = (files: FolderEntry[], viaLink: boolean): void => {
    for (const file of files) {
      const stat = statOf(file);
      if (stat) addCandidate(file.abs, stat, file.real, viaLink || file.isLink);
    }
  };

  const walk = (start: PendingDir): void => {
    const stack: PendingDir[] = [start];
    while (stack.length > 0) {
      const dir = stack.pop() as PendingDir;
      if (walkedReal.has(dir.real)) continue;
      walkedReal.add(dir.real);
      const entries = readFolder(dir);
      if (!entries) continue;
      const { subdirs, files } = splitEntries(dir, entries, chainInside(dir, entries));
      addFiles(files, dir.viaLink);
      // Reverse so the stack pops folders in sorted order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as PendingDir);
    }
  };

  for (const input of paths) {
    const abs = path.resolve(input);
    let stat: Stats;
    try {
      stat = statSync(abs);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        problems.push({ path: input, code: 'ECTUS_PATH_NOT_FOUND', message: `Path not found: ${input}` });
      } else {
        problems.push({ path: input, code: 'ECTUS_READ_ERROR', message: `Cannot read ${input} (${describe(error)}).` });
      }
      continue;
    }
    const real = realpathOr(abs);
    if (stat.isDirectory()) {
      const contain = isInsideOrSame(rootReal, real) ? rootReal : real;
      walk({ abs, real, chain: ancestorChain(abs), viaLink: false, contain });
    } else if (stat.isFile() && accept(path.basename(abs))) {
      // Named explicitly: kept even when an ignore file lists it.
      addCandidate(abs, stat, real, false);
    }
  }
  // Walking a linked folder can find more links: the list grows while it is read.
  for (let i = 0; i < linkedDirs.length; i++) walk(linkedDirs[i] as PendingDir);

  return { files: dedupe(candidates), problems };
}

/** One entry per real file, sorted: the directly reachable path wins over links, then the first path. */
function dedupe(candidates: Candidate[]): DiscoveredFile[] {
  let kept = candidates;
  // The paths are distinct already; unless links were followed or a scanned path is itself reached
  // through one, they are the real paths as well and there is nothing to merge.
  if (!candidates.every((c) => !c.viaLink && c.real === c.file.absPath)) {
    const best = new Map<string, Candidate>();
    for (const c of candidates) {
      const current = best.get(c.real);
      if (
        !current ||
        (current.viaLink && !c.viaLink) ||
        (current.viaLink === c.viaLink && byCodePoint(c.file.relPath, current.file.relPath) < 0)
      ) {
        best.set(c.real, c);
      }
    }
    kept = [...best.values()];
  }
  return sortedByRelPath(kept.map((c) => c.file));
}

/**
 * Sorted by `relPath` in code-point order. The paths are distinct, so they are sorted as plain
 * strings, which the engine does natively: a comparison function called for each of the many
 * comparisons of thousands of paths costs more than the rest of listing them.
 */
function sortedByRelPath(files: DiscoveredFile[]): DiscoveredFile[] {
  const byPath = new Map(files.map((file) => [file.relPath, file]));
  if (byPath.size !== files.length) return files.sort((a, b) => byCodePoint(a.relPath, b.relPath));
  // The default sort compares strings by UTF-16 code units, as byCodePoint does.
  return [...byPath.keys()].sort().map((relPath) => byPath.get(relPath) as DiscoveredFile);
}
