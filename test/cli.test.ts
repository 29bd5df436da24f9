import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * End-to-end: the built CLI (`npm run build` runs before the tests) as a user runs it, in its own
 * data folder. Covers exit codes, formats, cache, config errors, baselines and --fix.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repo, 'bin/ectus.js');
let work: string;

function ectus(args: string[], cwd = repo) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ECTUS_DATA_DIR: path.join(work, 'data'), NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'ectus-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('ectus CLI', () => {
  it('prints its version and help', () => {
    expect(ectus(['--version']).status).toBe(0);
    const help = ectus(['scan', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--fail-on');
  });

  it('exits 0 on a clean project and 1 when findings reach --fail-on', async () => {
    const clean = await project('clean', { 'src/sum.js': 'export function sum(a, b) {\n  return a + b;\n}\n' });
    const ok = ectus(['scan', clean]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/No findings/);

    const dirty = await project('dirty', { 'src/check.js': 'export function isNaNValue(x) {\n  return x === x;\n}\n' });
    expect(ectus(['scan', dirty]).status).toBe(1);
    expect(ectus(['scan', dirty, '--fail-on', 'critical']).status).toBe(0);
  });

  it('exits 2 with every problem listed for an invalid config or flag', async () => {
    const dir = await project('bad-config', {
      'a.js': 'f();\n',
      'ectus.config.json': JSON.stringify({ rules: { 'no-such-rule': 'high', 'no-self-compare': 'loud' }, extra: 1 }),
    });
    const result = ectus(['scan', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ECTUS_CONFIG_INVALID');
    expect(result.stderr).toContain('no-such-rule');
    expect(result.stderr).toContain('no-self-compare');
    expect(result.stderr).toContain('extra');
    expect(ectus(['scan', dir, '--format', 'pdf']).status).toBe(2);
    expect(ectus(['scan', dir, '--workers', '-3']).status).toBe(2);
  });

  it('re-scans an unchanged tree from the cache', async () => {
    const dir = await project('cached', {
      'a.js': 'export const a = (x) => x + 1;\n',
      'b.ts': 'export function b(y: number): number {\n  return y * 2;\n}\n',
    });
    const first = JSON.parse(ectus(['scan', dir, '--format', 'json']).stdout);
    expect(first.summary.filesCached).toBe(0);
    const second = JSON.parse(ectus(['scan', dir, '--format', 'json']).stdout);
    expect(second.summary.filesCached).toBe(2);
    expect(second.findings).toEqual(first.findings);
    const noCache = JSON.parse(ectus(['scan', dir, '--format', 'json', '--no-cache']).stdout);
    expect(noCache.summary.filesCached).toBe(0);
  });

  it('reuses cached results only under the same rule settings, and still checks the configuration', async () => {
    const dir = await project('settings', { 'a.js': 'if (a === a) {}\n', 'b.js': 'export const b = 1;\n' });
    // Dated in the past: the cache trusts the stat of files not modified just before a scan.
    const past = Date.now() / 1000 - 600;
    for (const file of ['a.js', 'b.js']) utimesSync(path.join(dir, file), past, past);
    const scan = () => JSON.parse(ectus(['scan', dir, '--format', 'json', '--fail-on', 'critical']).stdout);
    const severity = (report: { findings: { ruleId: string; severity: string }[] }) =>
      report.findings.find((f) => f.ruleId === 'no-self-compare')?.severity;
    const first = scan();
    expect(scan().summary.filesCached).toBe(2);

    writeFileSync(path.join(dir, 'ectus.config.json'), JSON.stringify({ rules: { 'no-self-compare': 'critical' } }));
    const raised = scan();
    expect(raised.summary.filesCached).toBe(0);
    expect(severity(raised)).toBe('critical');
    const again = scan();
    expect(again.summary.filesCached).toBe(2);
    expect(again.findings).toEqual(raised.findings);
    expect(again.rules).toEqual(raised.rules);
    expect(again.rules.find((r: { id: string }) => r.id === 'no-self-compare').severity).toBe('critical');

    rmSync(path.join(dir, 'ectus.config.json'));
    const back = scan();
    expect(back.summary.filesCached).toBe(2);
    expect(back.findings).toEqual(first.findings);
    expect(back.rules).toEqual(first.rules);

    writeFileSync(path.join(dir, 'ectus.config.json'), JSON.stringify({ rules: { 'no-self-compar': 'high' } }));
    const invalid = ectus(['scan', dir]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain("Did you mean 'no-self-compare'?");
  });

  it('hides baselined findings and reports only new ones', async () => {
    const dir = await project('baseline', { 'a.js': 'if (a === a) {}\n' });
    const baseline = path.join(work, 'baseline.json');
    expect(ectus(['scan', dir, '--write-baseline', baseline]).status).toBe(1);
    const again = ectus(['scan', dir, '--baseline', baseline, '--format', 'json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).summary.baselined).toBe(1);
    writeFileSync(path.join(dir, 'a.js'), '// moved down\nif (a === a) {}\nif (b === b) {}\n');
    const changed = JSON.parse(ectus(['scan', dir, '--baseline', baseline, '--format', 'json']).stdout);
    expect(changed.findings.map((f: { line: number }) => f.line)).toEqual([3]);
    writeFileSync(baseline, '{ not json');
    expect(ectus(['scan', dir, '--baseline', baseline]).stderr).toContain('ECTUS_BASELINE_INVALID');
  });

  it('reports unreadable, binary and broken files and goes on', async () => {
    const dir = await project('bad-files', {
      'good.js': 'if (x === x) {}\n',
      'broken.ts': 'const = ;\n',
      'binary.js': '\u0000\u0001\u0002garbage',
    });
    writeFileSync(path.join(dir, 'latin1.js'), Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0xe9, 0x3b]));
    const report = JSON.parse(ectus(['scan', dir, '--format', 'json']).stdout);
    const codes = Object.fromEntries(report.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code]));
    expect(codes['broken.ts']).toBe('ECTUS_PARSE_ERROR');
    expect(codes['latin1.js']).toBe('ECTUS_INVALID_UTF8');
    expect(report.findings.map((f: { file: string }) => f.file)).toContain('good.js');
  });

  it('writes SARIF and HTML reports to a file', async () => {
    const dir = await project('formats', { 'a.js': 'if (a === a) {}\n' });
    const sarifPath = path.join(work, 'out.sarif');
    const result = ectus(['scan', dir, '--format', 'sarif', '--output', sarifPath]);
    expect(result.status).toBe(1);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a.js');
    const htmlPath = path.join(work, 'out.html');
    ectus(['scan', dir, '--format', 'html', '--output', htmlPath]);
    expect(readFileSync(htmlPath, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('applies only the safe autofixes with --fix', async () => {
    const dir = await project('fix', {
      'a.js': 'export function check(x) {\n  if (x === NaN) return 0;\n  return x;\n}\n',
    });
    const result = ectus(['scan', dir, '--fix']);
    expect(result.stderr).toContain('Applied 1 fix in 1 file.');
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toContain('if (Number.isNaN(x)) return 0;');
    expect(result.status).toBe(0);
  });

  it('applies fixes and writes baselines from a warm cache', async () => {
    const dir = await project('warm-fix', {
      'a.js': 'export function check(x) {\n  if (x === NaN) return 0;\n  return x;\n}\n',
    });
    const past = Date.now() / 1000 - 600;
    utimesSync(path.join(dir, 'a.js'), past, past);
    expect(ectus(['scan', dir]).status).toBe(1);
    expect(JSON.parse(ectus(['scan', dir, '--format', 'json']).stdout).summary.filesCached).toBe(1);

    const baseline = path.join(work, 'warm-baseline.json');
    ectus(['scan', dir, '--write-baseline', baseline]);
    expect(JSON.parse(readFileSync(baseline, 'utf8')).findings.length).toBeGreaterThan(0);
    const fixed = ectus(['scan', dir, '--fix']);
    expect(fixed.stderr).toContain('Applied 1 fix in 1 file.');
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toContain('if (Number.isNaN(x)) return 0;');
  });

  it('lists every rule', () => {
    const rules = JSON.parse(ectus(['rules', '--json']).stdout) as { id: string; category: string }[];
    expect(rules.length).toBeGreaterThanOrEqual(55);
    expect(rules.map((r) => r.id)).toContain('no-self-compare');
  });
});
