import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfiguredRule } from '../analysis/analyze.js';
import type { Rule } from '../analysis/rule.js';
import { AppError } from '../errors.js';
import { invalidConfig as invalid } from './config-problem.js';
import type { EctusConfig } from './schema.js';

export type { ConfigProblem } from './config-problem.js';

/** Looked up in this order in the scan folder, then in each folder above it. */
export const CONFIG_FILE_NAMES = ['ectus.config.json', 'ectus.config.yaml', 'ectus.config.yml'] as const;

/** The rule whose `threshold` option `complexity.cyclomatic` sets. */
export const CYCLOMATIC_RULE_ID = 'cyclomatic-complexity';
/** The rule whose `threshold` option `complexity.cognitive` sets. */
export const COGNITIVE_RULE_ID = 'cognitive-complexity';

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type FrozenConfig = DeepReadonly<EctusConfig>;

export interface LoadedConfig {
  /** The validated configuration, deeply frozen; `{}` when no file was found. */
  config: FrozenConfig;
  /** Absolute path of the file read, when there was one. */
  path?: string;
}

/** The rules a configuration file may set, for checking its `rules` section. */
export interface RuleCatalog {
  /** Every rule id Ectus knows; other ids in `rules` are errors. */
  knownRuleIds?: readonly string[];
  /** When given, rule `options` are checked against each rule's `meta.defaultOptions` too. */
  rules?: readonly Pick<Rule, 'id' | 'meta'>[];
}

export interface LoadConfigOptions extends RuleCatalog {
  /** Where the lookup starts (the scan root); also what `explicitPath` is relative to. */
  cwd: string;
  /** A file named with `--config`: must exist, no lookup. */
  explicitPath?: string;
  /**
   * The catalog on demand, instead of `knownRuleIds` and `rules`: called only for a file that has a
   * `rules` section, so that loading the configuration does not load every rule.
   */
  ruleCatalog?: () => Promise<RuleCatalog>;
}

/**
 * Finds, parses and validates the configuration. Every problem in the file is collected and thrown
 * as one `ECTUS_CONFIG_INVALID` error whose `details` is a `ConfigProblem[]`, so a user fixes them
 * all in one go. Without a file nothing else is loaded (the parsing and checking live in
 * validate.ts).
 *
 * @example
 * const { config, path } = await loadConfig({ cwd: root, knownRuleIds: RULES.map((r) => r.id) });
 * const rules = resolveRules(config, RULES);
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd);
  const file = options.explicitPath ? await explicitFile(cwd, options.explicitPath) : await findConfigFile(cwd);
  if (!file) return { config: deepFreeze({}) };

  const { readConfigFile } = await import('./validate.js');
  return { config: deepFreeze(await readConfigFile(file, options)), path: file };
}

/**
 * The rules to run: every rule not turned off, with its configured severity and options merged over
 * its defaults. `complexity.cyclomatic` / `complexity.cognitive` set the `threshold` option of the
 * complexity rules unless that rule's own `options.threshold` is given.
 */
export function resolveRules(config: FrozenConfig, allRules: readonly Rule[]): ConfiguredRule[] {
  const configured: ConfiguredRule[] = [];
  for (const rule of allRules) {
    const setting = config.rules?.[rule.id];
    let severity = rule.meta.severity;
    let overrides: Readonly<Record<string, unknown>> = {};
    if (setting === 'off') continue;
    if (typeof setting === 'string') severity = setting;
    else if (setting) {
      if (setting.enabled === false) continue;
      severity = setting.severity ?? severity;
      overrides = setting.options ?? {};
    }
    const options: Record<string, unknown> = { ...rule.meta.defaultOptions, ...overrides };
    const threshold =
      rule.id === CYCLOMATIC_RULE_ID
        ? config.complexity?.cyclomatic
        : rule.id === COGNITIVE_RULE_ID
          ? config.complexity?.cognitive
          : undefined;
    if (threshold !== undefined && !('threshold' in overrides)) options.threshold = threshold;
    configured.push({ rule, severity, options });
  }
  return configured;
}

async function explicitFile(cwd: string, explicitPath: string): Promise<string> {
  const file = path.resolve(cwd, explicitPath);
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new AppError('ECTUS_CONFIG_NOT_FOUND', `Configuration file not found: ${file}`, {
      details: [{ path: '', message: stat ? 'Not a file.' : 'No such file.' }],
    });
  }
  return file;
}

/** Synchronous: a few dozen lookups up the tree, each far quicker than a thread-pool round trip. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

async function findConfigFile(start: string): Promise<string | undefined> {
  for (let dir = start; ; ) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) found.push(candidate);
    }
    if (found.length > 1) {
      throw invalid(found[0] as string, [
        {
          path: '',
          message: `Several configuration files in one folder (${found.map((f) => path.basename(f)).join(', ')}); keep one.`,
        },
      ]);
    }
    if (found[0]) return found[0];
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
