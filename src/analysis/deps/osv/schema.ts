import { z } from 'zod';

/**
 * The parts of the OSV schema (ossf.github.io/osv-schema, 1.x) that dependency matching reads.
 * Unknown fields are dropped rather than rejected, so records written against newer schema
 * versions still load; fields Ectus does not use (references, credits, ...) are not checked.
 */

const severitySchema = z.object({
  /** `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ... */
  type: z.string(),
  /** For the CVSS types, the vector string. */
  score: z.string(),
});

const eventSchema = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

const rangeSchema = z.object({
  /** `SEMVER`, `ECOSYSTEM` or `GIT`. */
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(eventSchema),
});

const affectedSchema = z.object({
  package: z
    .object({
      ecosystem: z.string(),
      name: z.string(),
      purl: z.string().optional(),
    })
    .optional(),
  severity: z.array(severitySchema).optional(),
  ranges: z.array(rangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const osvRecordSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  related: z.array(z.string()).optional(),
  upstream: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severitySchema).optional(),
  affected: z.array(affectedSchema).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = z.infer<typeof affectedSchema>;
export type OsvEvent = z.infer<typeof eventSchema>;
export type OsvSeverity = z.infer<typeof severitySchema>;
