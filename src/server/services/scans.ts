import type { ConfiguredRule } from '../../analysis/analyze.js';
import type { SourceFile } from '../../analysis/engine.js';
import { defaultRules, scanSources } from '../../analysis/index.js';
import type { ThreatModel } from '../../analysis/types.js';
import type { Clock } from '../../auth/clock.js';
import type { Database } from '../../db/client.js';
import {
  completeScan,
  failScan,
  findingRow,
  findScan,
  insertScan,
  markScanRunning,
  type ScanRecord,
} from '../../db/repositories/scans.js';
import type { ScanSource } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type ArchiveLimits, type ExtractedArchive, extractArchive } from '../uploads/extract-archive.js';

/**
 * Scans submitted to a project: files sent as JSON or an uploaded archive become a `scans` row,
 * the analysis engine runs over them, and the findings and their counts are stored with the scan.
 *
 * The run goes through `ScanRunner`, a one-method job interface: the inline runner analyses in the
 * request (what a single instance needs), and a queue-backed runner can take its place without the
 * routes or this service changing, since a submitted scan is already a stored, `queued` row.
 */

/** The work of one scan: which stored scan, over which files. */
export interface ScanJob {
  scanId: string;
  files: readonly SourceFile[];
}

/** Runs scan jobs. `submit` resolves once the job is accepted (inline: once it has finished). */
export interface ScanRunner {
  submit(job: ScanJob): Promise<void>;
}

export interface ScanRunnerOptions {
  db: Database;
  clock: Clock;
  /** Default: every rule at its default severity. */
  rules?: readonly ConfiguredRule[];
  threatModel?: ThreatModel;
}

/** Why a scan failed, as stored on it: a short line, never a stack. */
function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The analysis failed: ${message.split('\n')[0]?.slice(0, 500) ?? 'unknown error'}`;
}

/**
 * Analyses each job at once, in the calling request: queued → running → completed (or failed, with
 * the reason stored on the scan).
 */
export function createInlineScanRunner(options: ScanRunnerOptions): ScanRunner {
  const rules = options.rules ?? defaultRules();
  const threatModel = options.threatModel ?? 'remote';
  const { db, clock } = options;
  return {
    async submit(job) {
      if (!(await markScanRunning(db, job.scanId, clock()))) return;
      try {
        const report = scanSources(job.files, { rules, threatModel });
        await completeScan(db, {
          scanId: job.scanId,
          findings: report.findings.map(findingRow),
          filesScanned: report.summary.filesAnalysed,
          now: clock(),
        });
      } catch (error) {
        await failScan(db, { scanId: job.scanId, error: failureMessage(error), now: clock() });
      }
    },
  };
}

/** What an archive upload held, reported back with the scan. */
export interface UploadSummary {
  format: ExtractedArchive['format'];
  entries: number;
  files: number;
  /** Bytes read from the archive's files (binary ones included). */
  bytes: number;
  skipped: ExtractedArchive['skipped'];
}

export interface SubmittedScan {
  scan: ScanRecord;
  upload?: UploadSummary;
}

export interface ScanServiceOptions {
  db: Database;
  clock: Clock;
  runner: ScanRunner;
  /** Limits for uploaded archives (see `DEFAULT_ARCHIVE_LIMITS`). */
  archiveLimits?: Partial<ArchiveLimits>;
}

export type ScanService = ReturnType<typeof createScanService>;

/**
 * @example
 * const scans = createScanService({ db, clock, runner: createInlineScanRunner({ db, clock }) });
 * const { scan } = await scans.submitFiles({ projectId, userId, files: [{ path: 'app.ts', content }] });
 */
export function createScanService(options: ScanServiceOptions) {
  const { db, clock, runner } = options;

  async function submit(
    input: { projectId: string; userId: string | null; source: ScanSource; sourceName?: string | null },
    files: readonly SourceFile[],
  ): Promise<ScanRecord> {
    const queued = await insertScan(db, {
      projectId: input.projectId,
      createdBy: input.userId,
      source: input.source,
      sourceName: input.sourceName ?? null,
      now: clock(),
    });
    await runner.submit({ scanId: queued.id, files });
    // The runner may have finished it (inline) or not (a queue): the caller sees the current state.
    return (await findScan(db, queued.id)) ?? queued;
  }

  return {
    /** Scans files sent as they are (paths already checked by the caller). */
    async submitFiles(input: { projectId: string; userId: string | null; files: readonly SourceFile[] }) {
      const scan = await submit({ ...input, source: 'files' }, input.files);
      return { scan } satisfies SubmittedScan;
    },

    /**
     * Scans the text files of an uploaded archive. Throws the archive's AppErrors (invalid, unsafe,
     * too large) before any scan is stored, and `ECTUS_ARCHIVE_INVALID` when it holds no text file.
     */
    async submitArchive(input: {
      projectId: string;
      userId: string | null;
      archive: Buffer;
      fileName?: string | null;
    }) {
      const extracted = extractArchive(input.archive, options.archiveLimits);
      const { binary, invalidUtf8, tooLarge } = extracted.skipped;
      if (extracted.files.length === 0) {
        throw new AppError(
          'ECTUS_ARCHIVE_INVALID',
          `The archive holds no text file to scan (skipped: ${binary} binary, ${invalidUtf8} not UTF-8, ${tooLarge} too large).`,
          { details: { skipped: extracted.skipped } },
        );
      }
      const scan = await submit(
        { ...input, source: 'archive', sourceName: input.fileName?.slice(0, 255) ?? null },
        extracted.files,
      );
      const upload: UploadSummary = {
        format: extracted.format,
        entries: extracted.entries,
        files: extracted.files.length,
        bytes: extracted.totalBytes,
        skipped: extracted.skipped,
      };
      return { scan, upload } satisfies SubmittedScan;
    },
  };
}
