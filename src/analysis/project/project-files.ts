import path from 'node:path';
import { hashContent } from '../hash-content.js';
import { readSourceSync } from '../read-source.js';

/** A project file as the analysis of another file sees it. */
export interface ProjectFile {
  text: string;
  /** Content hash (as `FileResult.hash`), so results that used the file can be invalidated. */
  hash: string;
}

/**
 * The other files of a scan, for analyses that follow imports (cross-file taint). Only files of the
 * scan can be read, by their path relative to the scan root: an import can never make the
 * analysis read outside the scanned folder or files the ignore rules excluded.
 */
export interface ProjectFiles {
  /** Root-relative paths (forward slashes) of every file of the scan. */
  readonly files: ReadonlySet<string>;
  /** The file's text, or null when it is not part of the scan or cannot be read as source. */
  read(file: string): ProjectFile | null;
}

/** Text kept by one reader before it starts over: enough for the imports of a whole project. */
const MAX_CACHED_CHARS = 32 * 1024 * 1024;

/** Files on disk under `root`; reads are cached per instance (one per worker), within a bound. */
export function diskProjectFiles(root: string, files: Iterable<string>, maxFileSize: number): ProjectFiles {
  const set = new Set(files);
  const cache = new Map<string, ProjectFile | null>();
  let cachedChars = 0;
  return {
    files: set,
    read(file) {
      if (!set.has(file)) return null;
      let entry = cache.get(file);
      if (entry === undefined) {
        const outcome = readSourceSync(path.join(root, ...file.split('/')), maxFileSize);
        entry = outcome.ok ? { text: outcome.text, hash: hashContent(outcome.text) } : null;
        if (entry && cachedChars + entry.text.length > MAX_CACHED_CHARS) {
          cache.clear();
          cachedChars = 0;
        }
        cache.set(file, entry);
        cachedChars += entry?.text.length ?? 0;
      }
      return entry;
    },
  };
}

/** Files held in memory (generated code, uploads). */
export function memoryProjectFiles(sources: readonly { path: string; content: string }[]): ProjectFiles {
  const byPath = new Map<string, ProjectFile>();
  for (const source of sources) {
    byPath.set(source.path.replace(/\\/g, '/'), { text: source.content, hash: hashContent(source.content) });
  }
  return { files: new Set(byPath.keys()), read: (file) => byPath.get(file) ?? null };
}

/**
 * Wraps `inner` to remember which files were read and their hashes: a result computed with them
 * is valid only while they are unchanged (the scan cache checks these dependencies).
 */
export function recordingProjectFiles(inner: ProjectFiles): {
  project: ProjectFiles;
  used: () => { file: string; hash: string }[];
} {
  const used = new Map<string, string>();
  return {
    project: {
      files: inner.files,
      read(file) {
        const entry = inner.read(file);
        if (entry) used.set(file, entry.hash);
        return entry;
      },
    },
    used: () => [...used].map(([file, hash]) => ({ file, hash })).sort((a, b) => a.file.localeCompare(b.file)),
  };
}
