import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../analysis/rule.js';
import { type AppError, isAppError } from '../errors.js';
import { type ConfigProblem, loadConfig, resolveRules } from './load.js';
import { configJsonSchema } from './schema.js';

function fakeRule(id: string, defaultOptions?: Record<string, unknown>): Rule {
  return defineRule({
    id,
    meta: {
      description: `Test rule ${id}.`,
      category: id.includes('complexity') ? 'complexity' : 'correctness',
      severity: 'medium',
      messages: { found: 'Found.' },
      ...(defaultOptions ? { defaultOptions } : {}),
    },
    create: () => ({}),
  });
}

const RULES = [
  fakeRule('cognitive-complexity', { threshold: 15 }),
  fakeRule('cyclomatic-complexity', { threshold: 10, countLogical: true }),
  fakeRule('no-empty-catch'),
  fakeRule('no-self-compare'),
  fakeRule('sql-injection', { sanitizers: [] as string[], strict: false }),
];
const KNOWN = RULES.map((r) => r.id);

let dir: string;

beforeEach(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-config-')));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(rel: string, content: string): Promise<string> {
  const abs = path.join(dir, rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, content);
  return abs;
}

/** Loads expecting failure; returns the error. */
async function failure(options: Partial<Parameters<typeof loadConfig>[0]> = {}): Promise<AppError> {
  try {
    await loadConfig({ cwd: dir, knownRuleIds: KNOWN, rules: RULES, ...options });
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

const problems = (error: AppError) => error.details as ConfigProblem[];

describe('loadConfig', () => {
  it('returns an empty frozen config when there is no file', async () => {
    const loaded = await loadConfig({ cwd: dir, knownRuleIds: KNOWN });
    expect(loaded.path).toBeUndefined();
    expect(loaded.config).toEqual({});
    expect(Object.isFrozen(loaded.config)).toBe(true);
  });

  it('reads a JSON file in the scan folder and freezes it deeply', async () => {
    const file = await write(
      'ectus.config.json',
      JSON.stringify({
        $schema: './node_modules/ectus/schema.json',
        rules: { 'no-self-compare': 'high', 'no-empty-catch': 'off', 'sql-injection': { options: { strict: true } } },
        ignore: ['fixtures/', '*.generated.ts'],
        complexity: { cyclomatic: 12 },
        failOn: 'medium',
        threatModel: 'library',
        maxFileSize: 2_000_000,
        includeNodeModules: false,
        includeGenerated: true,
      }),
    );
    const { config, path: found } = await loadConfig({ cwd: dir, knownRuleIds: KNOWN, rules: RULES });
    expect(found).toBe(file);
    expect(config.failOn).toBe('medium');
    expect(config.ignore).toEqual(['fixtures/', '*.generated.ts']);
    expect(Object.isFrozen(config.ignore)).toBe(true);
    expect(Object.isFrozen(config.rules?.['sql-injection'])).toBe(true);
    expect(() => {
      (config as { failOn?: string }).failOn = 'low';
    }).toThrow(TypeError);
  });

  it('reads YAML and finds the file in a parent folder', async () => {
    const file = await write(
      'ectus.config.yaml',
      ['# Team settings', 'rules:', '  no-self-compare: high', '  no-empty-catch: off', 'failOn: high', ''].join('\n'),
    );
    const nested = path.join(dir, 'packages', 'api');
    await fs.mkdir(nested, { recursive: true });
    const { config, path: found } = await loadConfig({ cwd: nested, knownRuleIds: KNOWN });
    expect(found).toBe(file);
    expect(config).toEqual({ rules: { 'no-self-compare': 'high', 'no-empty-catch': 'off' }, failOn: 'high' });
  });

  it('accepts .yml and an empty YAML file', async () => {
    const file = await write('ectus.config.yml', '# nothing configured yet\n');
    expect(await loadConfig({ cwd: dir, knownRuleIds: KNOWN })).toEqual({ config: {}, path: file });
  });

  it('prefers the nearest file over one further up', async () => {
    await write('ectus.config.json', '{ "failOn": "low" }');
    const inner = await write('app/ectus.config.yml', 'failOn: critical\n');
    const { config, path: found } = await loadConfig({ cwd: path.join(dir, 'app'), knownRuleIds: KNOWN });
    expect(found).toBe(inner);
    expect(config.failOn).toBe('critical');
  });

  it('refuses two config files in one folder', async () => {
    await write('ectus.config.json', '{}');
    await write('ectus.config.yaml', '{}');
    const error = await failure();
    expect(error.code).toBe('ECTUS_CONFIG_INVALID');
    expect(problems(error)[0]?.message).toContain('ectus.config.json, ectus.config.yaml');
  });

  it('loads an explicit file and reports a missing one as not found', async () => {
    await write('config/ectus.ci.yaml', 'threatModel: local\n');
    const loaded = await loadConfig({ cwd: dir, explicitPath: 'config/ectus.ci.yaml', knownRuleIds: KNOWN });
    expect(loaded.config).toEqual({ threatModel: 'local' });
    const error = await failure({ explicitPath: 'missing.json' });
    expect(error.code).toBe('ECTUS_CONFIG_NOT_FOUND');
    expect(error.message).toContain(path.join(dir, 'missing.json'));
  });

  it('lists every problem at once, with suggestions and line numbers', async () => {
    await write(
      'ectus.config.yaml',
      [
        'rules:',
        '  no-self-compar: high',
        '  no-empty-catch: warn',
        '  cyclomatic-complexity:',
        '    severity: urgent',
        '    enabeld: true',
        '  sql-injection:',
        '    options:',
        '      strict: "yes"',
        '      sanitiser: [escape]',
        'complexity:',
        '  cyclomatic: 0',
        '  cognitve: 10',
        'faiOn: high',
        'maxFileSize: 1.5',
        'ignore: [dist/, 3]',
        'threatModel: internet',
        '',
      ].join('\n'),
    );
    const error = await failure();
    expect(error.code).toBe('ECTUS_CONFIG_INVALID');
    const byPath = new Map(problems(error).map((p) => [p.path, p]));
    expect([...byPath.keys()].sort()).toEqual(
      [
        'complexity.cognitve',
        'complexity.cyclomatic',
        'faiOn',
        'ignore[1]',
        'maxFileSize',
        'rules.cyclomatic-complexity.enabeld',
        'rules.cyclomatic-complexity.severity',
        'rules.no-empty-catch',
        'rules.no-self-compar',
        'rules.sql-injection.options.sanitiser',
        'rules.sql-injection.options.strict',
        'threatModel',
      ].sort(),
    );
    expect(byPath.get('rules.no-self-compar')).toMatchObject({
      message: "Unknown rule 'no-self-compar'. Did you mean 'no-self-compare'?",
      line: 2,
    });
    expect(byPath.get('rules.no-empty-catch')?.message).toContain("Expected 'off', a severity");
    expect(byPath.get('rules.cyclomatic-complexity.enabeld')?.message).toBe(
      "Unknown key 'enabeld'. Did you mean 'enabled'?",
    );
    expect(byPath.get('complexity.cognitve')?.message).toContain("Did you mean 'cognitive'?");
    expect(byPath.get('faiOn')).toMatchObject({ message: "Unknown key 'faiOn'. Did you mean 'failOn'?", line: 14 });
    expect(byPath.get('rules.sql-injection.options.strict')?.message).toBe('Expected a boolean, got a string.');
    expect(byPath.get('rules.sql-injection.options.sanitiser')?.message).toContain("Did you mean 'sanitizers'?");
    expect(byPath.get('ignore[1]')?.line).toBe(16);
    expect(error.message).toContain('12 problems');
    expect(error.message).toContain("line 2:3: rules.no-self-compar: Unknown rule 'no-self-compar'.");
  });

  it('reports options given to a rule that takes none', async () => {
    await write('ectus.config.json', '{ "rules": { "no-self-compare": { "options": { "strict": true } } } }');
    const error = await failure();
    expect(problems(error)).toEqual([
      expect.objectContaining({
        path: 'rules.no-self-compare.options.strict',
        message: "Unknown option 'strict' for rule 'no-self-compare'. The rule takes no options.",
        line: 1,
      }),
    ]);
  });

  it('reports JSON syntax errors with a line and column', async () => {
    await write('ectus.config.json', '{\n  "failOn": "high",\n  "rules": { "no-self-compare": "high", }\n}\n');
    const error = await failure();
    const [problem] = problems(error);
    expect(problem?.message).toMatch(/^JSON syntax error/);
    expect(problem?.line).toBe(3);
    expect(problem?.column).toBeGreaterThan(1);
  });

  it('reports every YAML syntax error with its line', async () => {
    await write('ectus.config.yaml', 'failOn: high\nrules:\n  no-self-compare: [high\nfailOn: low\n');
    const error = await failure();
    expect(problems(error).length).toBeGreaterThanOrEqual(1);
    expect(problems(error)[0]?.message).toMatch(/^YAML syntax error/);
    expect(problems(error)[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('asks for the rule catalog only when the file sets rules', async () => {
    let asked = 0;
    const ruleCatalog = async () => {
      asked++;
      return { knownRuleIds: KNOWN, rules: RULES };
    };
    expect(await loadConfig({ cwd: dir, ruleCatalog })).toEqual({ config: {} });
    await write('ectus.config.yaml', 'failOn: high\n');
    expect((await loadConfig({ cwd: dir, ruleCatalog })).config).toEqual({ failOn: 'high' });
    expect(asked).toBe(0);

    await write(
      'ectus.config.yaml',
      'rules:\n  no-self-compare: high\n  no-self-compar: low\n  sql-injection:\n    options: { strict: 1 }\n',
    );
    const error = await failure({ knownRuleIds: undefined, rules: undefined, ruleCatalog });
    expect(asked).toBe(1);
    expect(problems(error).map((p) => p.path)).toEqual(['rules.no-self-compar', 'rules.sql-injection.options.strict']);
  });

  it('rejects a config that is not an object', async () => {
    await write('ectus.config.json', '["no-self-compare"]');
    const error = await failure();
    expect(problems(error)).toHaveLength(1);
    expect(problems(error)[0]?.path).toBe('');
  });
});

describe('resolveRules', () => {
  it('runs every rule at its defaults without configuration', () => {
    const resolved = resolveRules({}, RULES);
    expect(resolved.map((r) => [r.rule.id, r.severity])).toEqual(KNOWN.map((id) => [id, 'medium']));
    expect(resolved.find((r) => r.rule.id === 'cyclomatic-complexity')?.options).toEqual({
      threshold: 10,
      countLogical: true,
    });
  });

  it('applies off, severity strings, enabled flags and option overrides', () => {
    const resolved = resolveRules(
      {
        rules: {
          'no-empty-catch': 'off',
          'no-self-compare': 'critical',
          'cognitive-complexity': { enabled: false, severity: 'high' },
          'sql-injection': { severity: 'high', options: { sanitizers: ['escapeSql'] } },
        },
      },
      RULES,
    );
    expect(resolved.map((r) => [r.rule.id, r.severity, r.options])).toEqual([
      ['cyclomatic-complexity', 'medium', { threshold: 10, countLogical: true }],
      ['no-self-compare', 'critical', {}],
      ['sql-injection', 'high', { sanitizers: ['escapeSql'], strict: false }],
    ]);
  });

  it('maps complexity thresholds onto the complexity rules, below explicit rule options', () => {
    const withShortcuts = resolveRules({ complexity: { cyclomatic: 20, cognitive: 25 } }, RULES);
    const options = (id: string, list = withShortcuts) => list.find((r) => r.rule.id === id)?.options;
    expect(options('cyclomatic-complexity')).toEqual({ threshold: 20, countLogical: true });
    expect(options('cognitive-complexity')).toEqual({ threshold: 25 });
    const explicit = resolveRules(
      { complexity: { cyclomatic: 20 }, rules: { 'cyclomatic-complexity': { options: { threshold: 8 } } } },
      RULES,
    );
    expect(options('cyclomatic-complexity', explicit)).toEqual({ threshold: 8, countLogical: true });
  });

  it('does not share option objects between runs', () => {
    const [first] = resolveRules({}, RULES);
    (first?.options as Record<string, unknown>).threshold = 99;
    expect(RULES[0]?.meta.defaultOptions).toEqual({ threshold: 15 });
  });
});

describe('configJsonSchema', () => {
  it('describes every top-level key and forbids others', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.properties).sort()).toEqual(
      [
        '$schema',
        'complexity',
        'failOn',
        'ignore',
        'includeGenerated',
        'includeNodeModules',
        'maxFileSize',
        'rules',
        'threatModel',
      ].sort(),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
