import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { hashContent } from './analyze.js';
import { applyFixes } from './fix.js';
import { readSource } from './read-source.js';
import type { Finding, Fix } from './types.js';
import { writeFileAtomic } from './write-atomic.js';

export interface FixableFile {
  /** Path relative to the root, forward slashes (as in scan results). */
  file: string;
  /** Hash of the text that was scanned: the fixes' offsets are only valid for that text. */
  hash: string;
  findings: Finding[];
}

export interface ApplyFixesOutcome {
  /** Files rewritten, relative to the root, sorted. */
  fixedFiles: string[];
  /** Findings whose fixes were applied. */
  appliedFixes: number;
  /** Files left alone because they changed (or vanished) since they were scanned. */
  skippedChanged: string[];
  /** Findings whose fixes overlapped another applied fix; a later scan offers them again. */
  skippedOverlap: number;
  /** Files that could not be written (permissions, full disk); the others are still fixed. */
  failed: { file: string; message: string }[];
}

function isInside(base: string, target: string): boolean {
  const rel = path.relative(base, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Applies the safe fixes of scan results to the files on disk. A file whose content no longer has
 * the scanned hash is skipped, never patched at stale offsets. Each file is replaced atomically
 * with its mode and byte-order mark kept. Every path is checked to stay inside `root` (also through
 * symbolic links) before anything is written.
 *
 * @example
 * const { results } = await scanPaths({ paths: ['src'], rules });
 * const outcome = await applyFixesToFiles(report.root, results);
 */
export async function applyFixesToFiles(root: string, results: readonly FixableFile[]): Promise<ApplyFixesOutcome> {
  const rootAbs = path.resolve(root);
  const rootReal = await fs.realpath(rootAbs).catch(() => rootAbs);
  const outcome: ApplyFixesOutcome = {
    fixedFiles: [],
    appliedFixes: 0,
    skippedChanged: [],
    skippedOverlap: 0,
    failed: [],
  };

  const targets: { result: FixableFile; groups: Fix[][]; real: string | undefined }[] = [];
  for (const result of results) {
    const groups = result.findings.flatMap((f) => (f.fix && f.fix.length > 0 ? [f.fix] : []));
    if (groups.length === 0) continue;
    const abs = path.resolve(rootAbs, result.file);
    if (!isInside(rootAbs, abs)) {
      throw new AppError('ECTUS_PATH_OUTSIDE_ROOT', `Refusing to fix ${result.file}: it is outside ${rootAbs}.`);
    }
    // Write to the real file so a symbolic link stays a link, and never through one leading outside.
    const real = await fs.realpath(abs).catch(() => undefined);
    if (real !== undefined && !isInside(rootReal, real)) {
      throw new AppError('ECTUS_PATH_OUTSIDE_ROOT', `Refusing to fix ${result.file}: it links outside ${rootAbs}.`);
    }
    targets.push({ result, groups, real });
  }

  for (const { result, groups, real } of targets) {
    if (real === undefined) {
      outcome.skippedChanged.push(result.file);
      continue;
    }
    const read = await readSource(real, Number.POSITIVE_INFINITY);
    if (!read.ok || hashContent(read.text) !== result.hash) {
      outcome.skippedChanged.push(result.file);
      continue;
    }
    const fixed = applyFixes(read.text, groups);
    outcome.skippedOverlap += fixed.skipped;
    if (fixed.applied === 0 || fixed.text === read.text) continue;
    try {
      await writeFileAtomic(real, read.bom ? `\uFEFF${fixed.text}` : fixed.text);
    } catch (error) {
      outcome.failed.push({ file: result.file, message: (error as Error).message });
      continue;
    }
    outcome.appliedFixes += fixed.applied;
    outcome.fixedFiles.push(result.file);
  }
  outcome.fixedFiles.sort();
  outcome.skippedChanged.sort();
  return outcome;
}
