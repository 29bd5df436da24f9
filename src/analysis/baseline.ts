import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Finding } from './types.js';
import { writeFileAtomic } from './write-atomic.js';

export const BASELINE_VERSION = 1;

const baselineEntrySchema = z.object({
  ruleId: z.string().min(1),
  file: z.string().min(1),
  fingerprint: z.string().min(1),
  line: z.int().nonnegative(),
  message: z.string(),
});

const baselineSchema = z.object({
  version: z.literal(BASELINE_VERSION),
  createdAt: z.string(),
  findings: z.array(baselineEntrySchema),
});

/** An accepted finding: `line` and `message` are for people reading the file; matching ignores them. */
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;

/**
 * Findings a team has accepted for now, so adopting Ectus on an existing codebase reports only new
 * problems. Findings match on rule, file and fingerprint; the fingerprint is built from the line's
 * normalised text, so edits elsewhere in the file do not break the match.
 */
export type Baseline = z.infer<typeof baselineSchema>;

function keyOf(entry: { ruleId: string; file: string; fingerprint: string }): string {
  return `${entry.ruleId}\0${entry.file}\0${entry.fingerprint}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compare(a.file, b.file) ||
    a.line - b.line ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.fingerprint, b.fingerprint) ||
    compare(a.message, b.message)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a baseline from findings, sorted so that regenerating it gives small diffs. */
export function createBaseline(findings: readonly Finding[], createdAt = new Date()): Baseline {
  return {
    version: BASELINE_VERSION,
    createdAt: createdAt.toISOString(),
    findings: findings
      .map(({ ruleId, file, fingerprint, line, message }) => ({ ruleId, file, fingerprint, line, message }))
      .sort(compareEntries),
  };
}

/**
 * Writes a baseline file (pretty JSON, atomically: an interrupted write leaves the old file).
 *
 * @example
 * await writeBaseline('.ectus-baseline.json', report.findings);
 */
export async function writeBaseline(file: string, findings: readonly Finding[]): Promise<Baseline> {
  const baseline = createBaseline(findings);
  await writeFileAtomic(path.resolve(file), `${JSON.stringify(baseline, null, 2)}\n`, { mkdir: true });
  return baseline;
}

/** Reads a baseline file; a missing file is ECTUS_PATH_NOT_FOUND, a malformed one ECTUS_BASELINE_INVALID. */
export async function readBaseline(file: string): Promise<Baseline> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new AppError(
        'ECTUS_PATH_NOT_FOUND',
        `Baseline file not found: ${abs}. Create one with \`ectus scan --write-baseline ${file}\`.`,
        { cause: error },
      );
    }
    throw new AppError('ECTUS_BASELINE_INVALID', `Cannot read baseline file ${abs}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new AppError(
      'ECTUS_BASELINE_INVALID',
      `Baseline file ${abs} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const result = baselineSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      path: issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, ''),
      message: issue.message,
    }));
    const shown = problems
      .slice(0, 5)
      .map((p) => `${p.path || '(root)'}: ${p.message}`)
      .join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new AppError(
      'ECTUS_BASELINE_INVALID',
      `Baseline file ${abs} is not an Ectus baseline (version ${BASELINE_VERSION}): ${shown}${more}. Regenerate it with \`ectus scan --write-baseline\`.`,
      { details: problems },
    );
  }
  return result.data;
}

/**
 * Hides findings the baseline lists. Each baseline entry hides at most one finding, so a second
 * identical problem added later is still reported.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
): { findings: Finding[]; baselined: number } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) {
    const key = keyOf(entry);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const kept: Finding[] = [];
  let baselined = 0;
  for (const finding of findings) {
    const key = keyOf(finding);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      remaining.set(key, count - 1);
      baselined++;
    } else kept.push(finding);
  }
  return { findings: kept, baselined };
}
