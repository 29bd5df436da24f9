import { z } from 'zod';
import { FINDING_SEVERITIES, SCAN_SOURCES, SCAN_STATUSES } from '../../../db/schema.js';
import { idParam, pageOf } from '../common-schemas.js';

export const projectParams = z.object({ id: idParam });
export const scanParams = z.object({ id: idParam });

/** The most files one JSON submission may carry (an archive has its own entry limit). */
export const MAX_SUBMITTED_FILES = 20_000;

export const submitFilesBody = z
  .object({
    files: z
      .array(z.object({ path: z.string().min(1).max(1024), content: z.string() }).strict())
      .min(1)
      .max(MAX_SUBMITTED_FILES),
  })
  .strict();

const severity = z.enum(FINDING_SEVERITIES);

export const scan = z.object({
  id: z.string(),
  projectId: z.string(),
  createdBy: z.string().nullable(),
  status: z.enum(SCAN_STATUSES),
  source: z.enum(SCAN_SOURCES),
  sourceName: z.string().nullable(),
  filesScanned: z.number().int(),
  findingsTotal: z.number().int(),
  severityCounts: z.partialRecord(severity, z.number().int()),
  error: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
});

export const submittedScan = z.object({
  scan,
  /** For archive uploads: what the archive held and what was left out. */
  upload: z
    .object({
      format: z.enum(['zip', 'tar', 'tar.gz']),
      entries: z.number().int(),
      files: z.number().int(),
      bytes: z.number().int(),
      skipped: z.object({ binary: z.number().int(), invalidUtf8: z.number().int(), tooLarge: z.number().int() }),
    })
    .optional(),
});

export const scanPage = pageOf(scan);

/** `severity=high,critical` (or `severity=high&severity=critical`): any of these severities. */
const severityList = z
  .union([z.string().max(100), z.array(z.string().max(100)).max(5)])
  .transform((value) => [value].flat().flatMap((item) => item.split(',').map((part) => part.trim())))
  .pipe(z.array(severity).min(1));

export const findingsQuery = z.object({
  severity: severityList.optional(),
  rule: z.string().min(1).max(200).optional(),
  file: z.string().min(1).max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const finding = z.object({
  id: z.string(),
  ruleId: z.string(),
  messageId: z.string(),
  category: z.string(),
  severity,
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  message: z.string(),
  snippet: z.string(),
  fingerprint: z.string(),
  cwe: z.array(z.number().int()),
  /** Data-flow steps, fixes and other facts the engine reported. */
  properties: z.record(z.string(), z.unknown()),
});

export const scanWithFindings = z.object({
  scan,
  findings: z.object({
    items: z.array(finding),
    /** Findings matching the filters, over all pages. */
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

/** SARIF 2.1.0, described loosely: the format is specified by OASIS, not by this API. */
export const sarifLog = z.looseObject({ $schema: z.string(), version: z.literal('2.1.0'), runs: z.array(z.unknown()) });
