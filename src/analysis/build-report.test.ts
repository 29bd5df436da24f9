import { describe, expect, it } from 'vitest';
import { buildReport, describeRule } from './build-report.js';
import { defaultRules } from './index.js';
import type { FileResult, FunctionMetrics, Hotspot } from './types.js';

/** A small deterministic generator (no Math.random in tests either: failures must reproduce). */
function generator(seed: number): (max: number) => number {
  let state = seed;
  return (max) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % max;
  };
}

function resultsWithFunctions(seed: number, files: number): FileResult[] {
  const next = generator(seed);
  return Array.from({ length: files }, (_, f) => {
    const functions: FunctionMetrics[] = Array.from({ length: next(12) }, (_, i) => ({
      name: `fn${f}_${i}`,
      line: i + 1,
      column: 1,
      // Few distinct values, so that many functions tie.
      cyclomatic: next(6),
      cognitive: next(6),
      lines: 3,
    }));
    return {
      file: `src/f${String(f).padStart(3, '0')}.js`,
      hash: String(f),
      lines: 10,
      findings: [],
      diagnostics: [],
      suppressed: 0,
      metrics: {
        functions,
        functionCount: functions.length,
        maxCyclomatic: 0,
        maxCognitive: 0,
        totalCyclomatic: 0,
        maintainability: 100,
      },
    };
  });
}

const input = {
  root: '/repo',
  version: '0.0.0',
  startedAt: new Date(0),
  threatModel: 'remote' as const,
  filesCached: 0,
  durationMs: 0,
};

describe('buildReport', () => {
  it('lists the 20 worst functions in the order a stable sort of all of them gives', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const results = resultsWithFunctions(seed, 60);
      const all: Hotspot[] = results.flatMap((r) =>
        (r.metrics?.functions ?? []).map((fn) => ({ file: r.file, ...fn })),
      );
      const expected = all.sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic).slice(0, 20);
      expect(buildReport({ ...input, rules: [], results }).hotspots).toEqual(expected);
    }
  });

  it('lists every function when there are fewer than 20', () => {
    const results = resultsWithFunctions(7, 2);
    const count = results.reduce((n, r) => n + (r.metrics?.functions.length ?? 0), 0);
    expect(count).toBeLessThan(20);
    expect(buildReport({ ...input, rules: [], results }).hotspots).toHaveLength(count);
  });

  it('takes the rules that ran or their descriptions, sorted by id either way', () => {
    const rules = defaultRules();
    const fromRules = buildReport({ ...input, rules, results: [] }).rules;
    const fromDescriptions = buildReport({
      ...input,
      rules: [...rules].reverse().map(describeRule),
      results: [],
    }).rules;
    expect(fromDescriptions).toEqual(fromRules);
    expect(fromRules.map((r) => r.id)).toEqual(rules.map((r) => r.rule.id).sort((a, b) => a.localeCompare(b)));
  });
});
