import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/analysis/rules/index.js';

/**
 * The quick start, end to end: `ectus scan examples/vulnerable-app` with the built CLI must report
 * exactly the problems planted in the example app, as listed in its README (file, line, rule) —
 * every one of them, and nothing else.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const app = path.join(repo, 'examples/vulnerable-app');
const dataDir = mkdtempSync(path.join(tmpdir(), 'ectus-examples-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Row {
  file: string;
  line: number;
  rule: string;
}

function plantedProblems(section: string): Row[] {
  const readme = readFileSync(path.join(app, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${section}`);
  const end = readme.indexOf('\n## ', start + 1);
  const table = readme.slice(start, end === -1 ? undefined : end);
  return [...table.matchAll(/^\| (src\/[^ |]+) \| (\d+) \| ([a-z0-9-]+) \|/gm)].map((m) => ({
    file: m[1] as string,
    line: Number(m[2]),
    rule: m[3] as string,
  }));
}

const key = (r: Row): string => `${r.file}:${r.line} ${r.rule}`;

describe('ectus scan examples/vulnerable-app', () => {
  const result = spawnSync(process.execPath, ['bin/ectus.js', 'scan', 'examples/vulnerable-app', '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ECTUS_DATA_DIR: dataDir },
  });
  const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
  const registered = new Set(RULES.map((r) => r.id));
  const ruleRows = plantedProblems('Found by the rules');
  const taintRows = plantedProblems('Found by the security analysis');
  const expected = [...ruleRows, ...taintRows].filter((r) => registered.has(r.rule));

  it('exits with 1 because there are findings', () => {
    expect(result.status).toBe(1);
  });

  it('has a rule for every problem planted for the rules', () => {
    expect(ruleRows.length).toBeGreaterThanOrEqual(20);
    expect(ruleRows.filter((r) => !registered.has(r.rule)).map(key)).toEqual([]);
  });

  it('reports every planted problem and nothing else', () => {
    const actual = report.findings.map((f) => key({ file: f.file, line: f.line, rule: f.ruleId }));
    expect([...new Set(actual)].sort()).toEqual([...new Set(expected.map(key))].sort());
  });
});
