import { promises as fs } from 'node:fs';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigProblem, invalidConfig as invalid } from './config-problem.js';
import type { LoadConfigOptions } from './load.js';
import { configSchema, type EctusConfig } from './schema.js';
import { didYouMean } from './suggest.js';

// Reading and checking a configuration file: loaded by load.ts only when there is a file, since
// the YAML parser and the schema library take a while to load.

/**
 * Reads, parses and validates one configuration file. Every problem in the file is collected and
 * thrown as one `ECTUS_CONFIG_INVALID` error whose `details` is a `ConfigProblem[]`.
 *
 * @example
 * const config = await readConfigFile('/repo/ectus.config.yaml', { cwd: '/repo', knownRuleIds });
 */
export async function readConfigFile(file: string, options: LoadConfigOptions): Promise<EctusConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw invalid(file, [{ path: '', message: `Cannot read the file (${(error as Error).message}).` }], error);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const parsed = file.endsWith('.json') ? parseJson(text) : parseYaml(text);
  if (!parsed.ok) throw invalid(file, parsed.problems);
  const data = parsed.value ?? {};

  const problems: ConfigProblem[] = [];
  const result = configSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(...problemsOf(issue, []));
  }
  problems.push(...(await ruleProblems(data, options)));
  if (problems.length > 0) {
    const locate = locator(text);
    for (const problem of problems) {
      const position = locate(problem.path);
      if (position) Object.assign(problem, position);
    }
    // File order reads best; problems without a position keep their relative order at the end.
    problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw invalid(file, problems);
  }
  return result.data as EctusConfig;
}

type ParseResult = { ok: true; value: unknown } | { ok: false; problems: ConfigProblem[] };

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const problem: ConfigProblem = { path: '', message: `JSON syntax error: ${message}` };
    // Node 20 says "at position N", Node 22 adds "(line L column C)".
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    if (lineColumn) {
      problem.line = Number(lineColumn[1]);
      problem.column = Number(lineColumn[2]);
    } else if (position) Object.assign(problem, lineColumnAt(text, Number(position[1])));
    else if (text.trim() === '') problem.message = 'JSON syntax error: the file is empty.';
    return { ok: false, problems: [problem] };
  }
}

function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', message: `YAML syntax error: ${error.message}`, line, column: col };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `YAML error: ${(error as Error).message}` }] };
  }
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

const TOP_LEVEL_KEYS = Object.keys(configSchema.shape);
const RULE_SETTING_HINT =
  "Expected 'off', a severity (info, low, medium, high, critical) or an object { severity, enabled, options }.";

/** Turns one zod issue into user-facing problems: unions are unpacked, unknown keys get suggestions. */
function problemsOf(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ConfigProblem[] {
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    // The branch that got past the type check (an object with a bad field) explains the problem best.
    const specific = issue.errors.find((branch) =>
      branch.some((inner) => inner.path.length > 0 || inner.code === 'unrecognized_keys'),
    );
    if (specific) return specific.flatMap((inner) => problemsOf(inner, at));
    return [{ path: formatPath(at), message: at[0] === 'rules' ? RULE_SETTING_HINT : issue.message }];
  }
  if (issue.code === 'unrecognized_keys') {
    const known = at.length === 0 ? TOP_LEVEL_KEYS : knownKeysAt(at);
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      return {
        path: formatPath([...at, key]),
        message: `Unknown key '${key}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      };
    });
  }
  return [{ path: formatPath(at), message: issue.message }];
}

function knownKeysAt(at: readonly PropertyKey[]): string[] {
  if (at.length === 1 && at[0] === 'complexity') return ['cyclomatic', 'cognitive'];
  if (at.length === 2 && at[0] === 'rules') return ['severity', 'enabled', 'options'];
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options a rule does not take, and options whose value is not of the kind of its default. */
function optionProblems(
  id: string,
  options: Record<string, unknown>,
  defaults: Readonly<Record<string, unknown>>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = Object.keys(defaults);
  for (const [name, value] of Object.entries(options)) {
    const at = formatPath(['rules', id, 'options', name]);
    if (!(name in defaults)) {
      const suggestion = didYouMean(name, names);
      const takes = names.length === 0 ? ' The rule takes no options.' : ` Options: ${names.join(', ')}.`;
      problems.push({
        path: at,
        message: `Unknown option '${name}' for rule '${id}'.${suggestion ? ` Did you mean '${suggestion}'?` : takes}`,
      });
      continue;
    }
    const expected = kindOf(defaults[name]);
    const actual = kindOf(value);
    if (expected !== 'null' && expected !== actual) {
      problems.push({ path: at, message: `Expected ${expected}, got ${actual}.` });
    }
  }
  return problems;
}

/** Unknown rule ids and, when the rules are known, options the rule does not take. */
async function ruleProblems(data: unknown, options: LoadConfigOptions): Promise<ConfigProblem[]> {
  if (!isPlainObject(data) || !isPlainObject(data.rules)) return [];
  const problems: ConfigProblem[] = [];
  const catalog = options.ruleCatalog ? await options.ruleCatalog() : options;
  const known = new Set(catalog.knownRuleIds ?? []);
  const metas = new Map(catalog.rules?.map((rule) => [rule.id, rule.meta]));
  for (const [id, setting] of Object.entries(data.rules)) {
    if (!known.has(id)) {
      const suggestion = didYouMean(id, known);
      problems.push({
        path: formatPath(['rules', id]),
        message: `Unknown rule '${id}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      });
      continue;
    }
    const meta = metas.get(id);
    if (!meta || !isPlainObject(setting) || !isPlainObject(setting.options)) continue;
    problems.push(...optionProblems(id, setting.options, meta.defaultOptions ?? {}));
  }
  return problems;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/**
 * Maps a problem's key path to a line and column in the file. JSON is valid YAML, so one YAML
 * parse serves both formats; a path that does not resolve leaves the problem without a position.
 */
function locator(text: string): (problemPath: string) => { line: number; column: number } | undefined {
  let doc: Document | undefined;
  const lineCounter = new LineCounter();
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) doc = undefined;
  } catch {
    doc = undefined;
  }
  return (problemPath) => {
    if (!doc || problemPath === '') return undefined;
    const segments = problemPath.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
    const keys = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // The deepest key that exists: an unknown key itself, or the parent of a missing one.
    for (let n = keys.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
      const key = keys[n - 1];
      let range: readonly number[] | null | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        range = isScalar(pair?.key) ? pair.key.range : undefined;
      } else if (isSeq(parent) && typeof key === 'number') {
        const item = parent.items[key];
        range = isNode(item) ? item.range : undefined;
      }
      if (range) {
        const { line, col } = lineCounter.linePos(range[0] as number);
        return { line, column: col };
      }
    }
    return undefined;
  };
}
