import { z } from 'zod';
import { SEVERITIES, THREAT_MODELS } from '../analysis/types.js';

const severity = z.enum(SEVERITIES);

const positiveInt = (what: string) =>
  z.int({ error: `Expected a whole number (${what}).` }).positive({ error: `Expected a number above 0 (${what}).` });

export const ruleSettingObjectSchema = z.strictObject({
  severity: severity.optional(),
  /** false turns the rule off; the default is on. */
  enabled: z.boolean().optional(),
  /** Merged over the rule's default options. */
  options: z.record(z.string(), z.unknown()).optional(),
});

/** `'off'`, a severity, or `{ severity?, enabled?, options? }`. */
export const ruleSettingSchema = z.union([z.enum(['off', ...SEVERITIES] as const), ruleSettingObjectSchema]);

/**
 * The `ectus.config.json` / `ectus.config.yaml` file. Every key is optional: with no file at all
 * Ectus runs every rule at its default severity. Unknown keys are errors, so typos never pass
 * silently.
 *
 * @example
 * {
 *   "rules": { "no-self-compare": "high", "cyclomatic-complexity": { "options": { "threshold": 15 } } },
 *   "ignore": ["fixtures/", "*.generated.ts"],
 *   "complexity": { "cyclomatic": 15, "cognitive": 20 },
 *   "failOn": "high",
 *   "threatModel": "remote"
 * }
 */
export const configSchema = z.strictObject({
  /** A JSON Schema reference for editors; ignored by Ectus. */
  $schema: z.string().optional(),
  rules: z.record(z.string(), ruleSettingSchema).optional(),
  /** gitignore-style patterns relative to the config file's folder, on top of .gitignore and .ectusignore. */
  ignore: z.array(z.string()).optional(),
  complexity: z
    .strictObject({
      /** Threshold of the `cyclomatic-complexity` rule. */
      cyclomatic: positiveInt('cyclomatic complexity threshold').optional(),
      /** Threshold of the `cognitive-complexity` rule. */
      cognitive: positiveInt('cognitive complexity threshold').optional(),
    })
    .optional(),
  /** `ectus scan` exits with 1 when a finding at or above this severity remains. */
  failOn: severity.optional(),
  /** Who can reach the code: `remote` (a network service), `library`, or `local` (CLI, scripts). */
  threatModel: z.enum(THREAT_MODELS).optional(),
  /** Files larger than this many bytes are skipped. */
  maxFileSize: positiveInt('bytes').optional(),
  includeNodeModules: z.boolean().optional(),
  /** Analyse minified and generated files instead of skipping them. */
  includeGenerated: z.boolean().optional(),
});

export type EctusConfig = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/** The configuration file's JSON Schema, for editor completion and validation (`$schema`). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema) as Record<string, unknown>;
}
