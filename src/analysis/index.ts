/**
 * The analysis library: what the CLI, the server, the generation gate and job workers call.
 *
 * @example
 * import { RULES, defaultRules, scanPaths, scanSources } from 'ectus/analysis';
 * const { report } = await scanPaths({ paths: ['src'], rules: defaultRules() });
 * const gate = scanSources([{ path: 'src/app.ts', content }], { rules: defaultRules() });
 */
import type { ConfiguredRule } from './analyze.js';
import { RULES } from './rules/index.js';

export type { ConfiguredRule } from './analyze.js';
export { analyzeSource } from './analyze.js';
export { buildReport } from './build-report.js';
export type { ScanOptions, ScanOutcome, ScanProgress, ScanSourcesOptions, SourceFile } from './engine.js';
export { commonRoot, scanPaths, scanSources } from './engine.js';
export type { Rule, RuleContext, Visitors } from './rule.js';
export { defineRule } from './rule.js';
export { RULES } from './rules/index.js';
export * from './types.js';

/** Every rule at its default severity and options. */
export function defaultRules(): ConfiguredRule[] {
  return RULES.map((rule) => ({ rule, severity: rule.meta.severity, options: { ...rule.meta.defaultOptions } }));
}
