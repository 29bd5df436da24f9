import type { Dirent, Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { SOURCE_EXTENSIONS } from './parse.js';
import { DEFAULT_MAX_FILE_SIZE } from './read-source.js';

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
const SOURCE_EXTENSION_SET: ReadonlySet<string> = new Set(SOURCE_EXTENSIONS);
/** Files stat'ed at once per folder: enough to hide latency without exhausting descriptors. */
const STAT_BATCH = 64;
// Git matches case-insensitively where the file system does.
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

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

interface Candidate extends DiscoveredFile {
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

async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in worktrees). */
async function gitTopOf(dir: string): Promise<string | undefined> {
  let current = dir;
  for (;;) {
    if (await pathExists(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** An entry that is not a link: what the folder listing says it is. */
function plainEntry(dir: PendingDir, dirent: Dirent): FolderEntry {
  const abs = path.join(dir.abs, dirent.name);
  const real = path.join(dir.real, dirent.name);
  return { name: dirent.name, abs, real, isLink: false, isDir: dirent.isDirectory(), isFile: dirent.isFile() };
}

/** Follows a symbolic link; undefined for a dangling link or one leading out of the scanned tree. */
async function followLink(dir: PendingDir, dirent: Dirent): Promise<FolderEntry | undefined> {
  const abs = path.join(dir.abs, dirent.name);
  let stat: Stats;
  let real: string;
  try {
    stat = await fs.stat(abs);
    real = await fs.realpath(abs);
  } catch {
    return undefined; // A dangling link: nothing to scan.
  }
  // Links out of the scanned tree would scan someone else's files (and can loop).
  if (!isInsideOrSame(dir.contain, real)) return undefined;
  return { name: dirent.name, abs, real, isLink: true, isDir: stat.isDirectory(), isFile: stat.isFile(), stat };
}

/**
 * A folder's entries with links followed, in listing order; undefined for entries to skip. Links
 * are followed concurrently: their results keep the (sorted) order of the listing.
 */
function resolveEntries(dir: PendingDir, entries: Dirent[]): Promise<(FolderEntry | undefined)[]> {
  return Promise.all(
    entries.map((dirent) => {
      if (ALWAYS_SKIPPED.has(dirent.name)) return undefined;
      return dirent.isSymbolicLink() ? followLink(dir, dirent) : plainEntry(dir, dirent);
    }),
  );
}

/**
 * Lists source files under the given paths, honouring `.gitignore` and `.ectusignore` at every
 * level (and above the root up to the repository's top folder), the configured `ignore` patterns,
 * and skipping `.git` and `node_modules`. Files named explicitly are kept even when ignored. Paths
 * are resolved against the working directory. Missing or unreadable paths become problems: this
 * never throws for file-system reasons.
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
  const layerCache = new Map<string, Promise<IgnoreLayer | undefined>>();
  const configLayer: IgnoreLayer | undefined =
    options.ignore && options.ignore.length > 0
      ? {
          base: path.resolve(options.ignoreBase ?? root),
          matcher: ignore({ ignorecase: IGNORE_CASE }).add(options.ignore),
        }
      : undefined;
  const rootReal = await fs.realpath(root).catch(() => root);
  const rootTop = (await gitTopOf(root)) ?? root;

  const loadLayer = (dir: string): Promise<IgnoreLayer | undefined> => {
    let pending = layerCache.get(dir);
    if (!pending) {
      pending = (async () => {
        const texts: string[] = [];
        for (const name of IGNORE_FILES) {
          try {
            texts.push(await fs.readFile(path.join(dir, name), 'utf8'));
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
        if (texts.length === 0) return undefined;
        return { base: dir, matcher: ignore({ ignorecase: IGNORE_CASE }).add(texts.join('\n')) };
      })();
      layerCache.set(dir, pending);
    }
    return pending;
  };

  /** Ignore layers of the folders above `dir`, from the repository top (or the root) downwards. */
  const ancestorChain = async (dir: string): Promise<IgnoreLayer[]> => {
    const top = isInsideOrSame(root, dir) ? rootTop : ((await gitTopOf(dir)) ?? dir);
    const dirs: string[] = [];
    for (let current = dir; current !== top; ) {
      const parent = path.dirname(current);
      if (parent === current) break;
      dirs.unshift(parent);
      current = parent;
    }
    const layers = await Promise.all(dirs.map(loadLayer));
    return layers.filter((layer): layer is IgnoreLayer => layer !== undefined);
  };

  const addCandidate = (abs: string, stat: Stats, real: string, viaLink: boolean): void => {
    if (seenAbs.has(abs)) return;
    seenAbs.add(abs);
    const relPath = toPosix(path.relative(root, abs)) || path.basename(abs);
    const file: Candidate = { absPath: abs, relPath, size: stat.size, mtimeMs: stat.mtimeMs, real, viaLink };
    if (stat.size > maxFileSize) file.tooLarge = true;
    candidates.push(file);
  };

  // Symlinked folders are walked after everything reachable directly, so a folder reached both ways
  // is listed under its real location.
  const linkedDirs: PendingDir[] = [];

  /** The folder's entries sorted by name; undefined when it cannot be listed (a problem unless it vanished). */
  const readFolder = async (dir: PendingDir): Promise<Dirent[] | undefined> => {
    try {
      const entries = await fs.readdir(dir.abs, { withFileTypes: true });
      return entries.sort((a, b) => byCodePoint(a.name, b.name));
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
  const chainInside = async (dir: PendingDir, entries: Dirent[]): Promise<readonly IgnoreLayer[]> => {
    if (!entries.some((e) => (IGNORE_FILES as readonly string[]).includes(e.name))) return dir.chain;
    const layer = await loadLayer(dir.abs);
    return layer ? [...dir.chain, layer] : dir.chain;
  };

  const entersFolder = (name: string, abs: string, chain: readonly IgnoreLayer[]): boolean => {
    // Asking for dependencies outranks the .gitignore entry nearly every project has for them.
    if (name === 'node_modules') return includeNodeModules;
    return !isIgnored(abs, true, chain, configLayer);
  };

  /** Splits a folder's entries into the folders to walk and the source files to keep. */
  const splitEntries = async (
    dir: PendingDir,
    entries: Dirent[],
    chain: readonly IgnoreLayer[],
  ): Promise<{ subdirs: PendingDir[]; files: FolderEntry[] }> => {
    const subdirs: PendingDir[] = [];
    const files: FolderEntry[] = [];
    for (const entry of await resolveEntries(dir, entries)) {
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
        if (entry.isLink) linkedDirs.push(pending);
        else subdirs.push(pending);
      } else if (entry.isFile && accept(entry.name) && !isIgnored(entry.abs, false, chain, configLayer)) {
        files.push(entry);
      }
    }
    return { subdirs, files };
  };

  /** A file's stat (already known for links); undefined when it cannot be read. */
  const statOf = async (file: FolderEntry): Promise<Stats | undefined> => {
    if (file.stat) return file.stat;
    try {
      return await fs.stat(file.abs);
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

  const addFiles = async (files: FolderEntry[], viaLink: boolean): Promise<void> => {
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const batch = files.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(batch.map(statOf));
      batch.forEach((f, k) => {
        const stat = stats[k];
        if (stat) addCandidate(f.abs, stat, f.real, viaLink || f.isLink);
      });
    }
  };

  const walk = async (start: PendingDir): Promise<void> => {
    const stack: PendingDir[] = [start];
    while (stack.length > 0) {
      const dir = stack.pop() as PendingDir;
      if (walkedReal.has(dir.real)) continue;
      walkedReal.add(dir.real);
      const entries = await readFolder(dir);
      if (!entries) continue;
      const { subdirs, files } = await splitEntries(dir, entries, await chainInside(dir, entries));
      await addFiles(files, dir.viaLink);
      // Reverse so the stack pops folders in sorted order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as PendingDir);
    }
  };

  for (const input of paths) {
    const abs = path.resolve(input);
    let stat: Stats;
    try {
      stat = await fs.stat(abs);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        problems.push({ path: input, code: 'ECTUS_PATH_NOT_FOUND', message: `Path not found: ${input}` });
      } else {
        problems.push({ path: input, code: 'ECTUS_READ_ERROR', message: `Cannot read ${input} (${describe(error)}).` });
      }
      continue;
    }
    const real = await fs.realpath(abs).catch(() => abs);
    if (stat.isDirectory()) {
      const contain = isInsideOrSame(rootReal, real) ? rootReal : real;
      await walk({ abs, real, chain: await ancestorChain(abs), viaLink: false, contain });
    } else if (stat.isFile() && accept(path.basename(abs))) {
      // Named explicitly: kept even when an ignore file lists it.
      addCandidate(abs, stat, real, false);
    }
  }
  // Walking a linked folder can find more links: the list grows while it is read.
  for (let i = 0; i < linkedDirs.length; i++) await walk(linkedDirs[i] as PendingDir);

  return { files: dedupe(candidates), problems };
}

/** One entry per real file: the directly reachable path wins over links, then the first path. */
function dedupe(candidates: Candidate[]): DiscoveredFile[] {
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const current = best.get(c.real);
    if (
      !current ||
      (current.viaLink && !c.viaLink) ||
      (current.viaLink === c.viaLink && byCodePoint(c.relPath, current.relPath) < 0)
    ) {
      best.set(c.real, c);
    }
  }
  return [...best.values()]
    .map(({ real: _real, viaLink: _viaLink, ...file }) => file)
    .sort((a, b) => byCodePoint(a.relPath, b.relPath));
}
