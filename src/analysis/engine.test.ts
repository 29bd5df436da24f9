import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commonRoot, type DeferredRules, scanPaths, scanSources } from './engine.js';
import { discoverFiles } from './files.js';
import { defaultRules } from './index.js';
import type { ScanReport } from './types.js';

let dir: string;
let dataDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ectus-engine-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'ectus-data-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/** Dates files `secondsAgo` in the past: the cache trusts the stat of files not modified just before a scan. */
async function age(names: string[], secondsAgo: number): Promise<void> {
  const when = Date.now() / 1000 - secondsAgo;
  for (const name of names) await utimes(path.join(dir, name), when, when);
}

async function cacheBytes(): Promise<Buffer[]> {
  const folder = path.join(dataDir, 'cache', 'scan');
  const names = (await readdir(folder)).filter((n) => n.endsWith('.bin')).sort();
  return Promise.all(names.map((n) => readFile(path.join(folder, n))));
}

/** Default rules behind a loader that counts its calls. */
function countingRules(key = 'defaults'): DeferredRules & { loads: number } {
  const rules = {
    key,
    loads: 0,
    load: async () => {
      rules.loads++;
      return defaultRules();
    },
  };
  return rules;
}

describe('scanPaths', () => {
  it('finds problems with paths relative to the scanned folder, sorted, with a summary', async () => {
    await files({
      'src/b.js': 'if (b === b) {}\n',
      'src/a.ts': 'const x: number = 1;\nif (x !== x) {}\n',
      'node_modules/dep/index.js': 'if (c === c) {}\n',
    });
    const { report } = await scanPaths({ paths: [dir], rules: defaultRules() });
    const selfCompare = report.findings.filter((f) => f.ruleId === 'no-self-compare');
    expect(selfCompare.map((f) => `${f.file}:${f.line}`)).toEqual(['src/a.ts:2', 'src/b.js:1']);
    expect(report.root).toBe(dir);
    expect(report.summary.files).toBe(2);
    expect(report.summary.lines).toBe(3);
    expect(report.summary.bySeverity.medium).toBeGreaterThanOrEqual(2);
    expect(report.rules.length).toBe(defaultRules().length);
  });

  it('serves unchanged files from the cache with identical findings', async () => {
    await files({ 'a.js': 'if (a === a) {}\n', 'b.js': 'export const b = 1;\n' });
    const first = await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    const second = await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    expect(first.report.summary.filesCached).toBe(0);
    expect(second.report.summary.filesCached).toBe(2);
    expect(second.report.findings).toEqual(first.report.findings);
  });

  it('re-analyses a file whose content changed', async () => {
    await files({ 'a.js': 'if (a === a) {}\n' });
    await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    await writeFile(path.join(dir, 'a.js'), 'if (a === b) {}\n');
    const { report } = await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    expect(report.findings.filter((f) => f.ruleId === 'no-self-compare')).toEqual([]);
  });

  it('re-analyses a file rewritten to the same size, by its new modification time', async () => {
    await files({ 'a.js': 'if (a === a) {}\n' });
    await age(['a.js'], 600);
    const first = await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    expect(first.report.findings.some((f) => f.ruleId === 'no-self-compare')).toBe(true);
    await writeFile(path.join(dir, 'a.js'), 'if (a === b) {}\n');
    await age(['a.js'], 300);
    const { report } = await scanPaths({ paths: [dir], rules: defaultRules(), dataDir });
    expect(report.summary.filesCached).toBe(0);
    expect(report.findings.filter((f) => f.ruleId === 'no-self-compare')).toEqual([]);
  });

  it('loads deferred rules only when some file has to be analysed', async () => {
    await files({ 'a.js': 'if (a === a) {}\n', 'b.js': 'export const b = 1;\n' });
    await age(['a.js', 'b.js'], 600);
    const rules = countingRules();
    const cold = await scanPaths({ paths: [dir], rules, dataDir });
    expect(rules.loads).toBe(1);
    const warm = await scanPaths({ paths: [dir], rules, dataDir });
    expect(rules.loads).toBe(1);
    expect(warm.report.summary.filesCached).toBe(2);
    expect(warm.report.findings).toEqual(cold.report.findings);
    expect(warm.report.rules).toEqual(cold.report.rules);
    expect(warm.report.rules).toEqual((await scanPaths({ paths: [dir], rules: defaultRules() })).report.rules);

    await writeFile(path.join(dir, 'b.js'), 'if (b === b) {}\n');
    await age(['b.js'], 300);
    const changed = await scanPaths({ paths: [dir], rules, dataDir });
    expect(rules.loads).toBe(2);
    expect(changed.report.summary.filesCached).toBe(1);
    expect(changed.report.findings.filter((f) => f.ruleId === 'no-self-compare').map((f) => f.file)).toEqual([
      'a.js',
      'b.js',
    ]);

    // Another key is another configuration: nothing is reused.
    const other = countingRules('other');
    expect((await scanPaths({ paths: [dir], rules: other, dataDir })).report.summary.filesCached).toBe(0);
    expect(other.loads).toBe(1);
  });

  it('leaves the cache file untouched when nothing changed', async () => {
    await files({ 'a.js': 'if (a === a) {}\n', 'b.js': 'export const b = 1;\n' });
    await age(['a.js', 'b.js'], 600);
    await scanPaths({ paths: [dir], rules: countingRules(), dataDir });
    const written = await cacheBytes();
    const again = await scanPaths({ paths: [dir], rules: countingRules(), dataDir });
    expect(again.report.summary.filesCached).toBe(2);
    expect(await cacheBytes()).toEqual(written);

    // A deleted file drops out of the cache, which is then written again.
    await rm(path.join(dir, 'b.js'));
    await scanPaths({ paths: [dir], rules: countingRules(), dataDir });
    expect(await cacheBytes()).not.toEqual(written);
  });

  it('reports an unchanged tree from the summary the cache keeps, as from the results', async () => {
    await files({
      'src/a.js': 'if (a === a) {}\nexport function f(x) {\n  if (x) { if (x > 1) { return 1; } }\n  return 0;\n}\n',
      'src/broken.ts': 'const = ;\n',
      'src/bundle.min.js': `var a=1;${'x'.repeat(3000)}\n`,
      'test/a.test.js': 'if (b === b) {}\n',
      'big.js': `// ${'y'.repeat(400)}\n`,
    });
    await age(['src/a.js', 'src/broken.ts', 'src/bundle.min.js', 'test/a.test.js', 'big.js'], 600);
    const options = { paths: [dir, path.join(dir, 'missing')], root: dir, dataDir, perFileResults: false };
    const stable = ({ startedAt: _s, summary: { durationMs: _d, ...summary }, ...rest }: ScanReport) => ({
      ...rest,
      summary,
    });

    // A file that is not cached (too large here) keeps the cache from summarising.
    const tooLarge = countingRules();
    await scanPaths({ ...options, rules: tooLarge, maxFileSize: 100 });
    const notSummarised = await scanPaths({ ...options, rules: tooLarge, maxFileSize: 100 });
    expect(notSummarised.results).toHaveLength(5);

    const rules = countingRules();
    const cold = await scanPaths({ ...options, rules });
    const warm = await scanPaths({ ...options, rules });
    expect(rules.loads).toBe(1);
    expect(warm.results).toEqual([]);
    expect(warm.report.summary.filesCached).toBe(5);
    expect(warm.report.diagnostics.map((d) => d.file)).toEqual(['missing', 'src/broken.ts']);
    expect(warm.report.skippedFiles.length).toBeGreaterThan(0);
    expect(stable(warm.report)).toEqual({
      ...stable(cold.report),
      summary: { ...stable(cold.report).summary, filesCached: 5 },
    });
    const fromResults = await scanPaths({ ...options, rules, perFileResults: true });
    expect(fromResults.results).toHaveLength(5);
    expect(stable(warm.report)).toEqual(stable(fromResults.report));

    // One changed file: the results are loaded and the changed one analysed again.
    await writeFile(path.join(dir, 'src/a.js'), 'export const a = 1;\n');
    await age(['src/a.js'], 300);
    const changed = await scanPaths({ ...options, rules });
    expect(changed.results).toHaveLength(5);
    expect(changed.report.summary.filesCached).toBe(4);
    expect(changed.report.findings.filter((f) => f.file === 'src/a.js')).toEqual([]);
    const after = await scanPaths({ ...options, rules });
    expect(after.results).toEqual([]);
    expect(stable(after.report)).toEqual({
      ...stable(changed.report),
      summary: { ...stable(changed.report).summary, filesCached: 5 },
    });
  });

  it('scans the files it is given instead of listing them', async () => {
    await files({ 'a.js': 'if (a === a) {}\n', 'b.js': 'if (b === b) {}\n' });
    const discovery = await discoverFiles([dir], { root: dir });
    discovery.files = discovery.files.filter((f) => f.relPath === 'a.js');
    const { report } = await scanPaths({ paths: [dir], rules: defaultRules(), discovery });
    expect(report.summary.files).toBe(1);
    expect(report.findings.every((f) => f.file === 'a.js')).toBe(true);
  });

  it('reports a missing path without failing the scan', async () => {
    await files({ 'a.js': 'if (a === a) {}\n' });
    const { report } = await scanPaths({ paths: [dir, path.join(dir, 'missing')], rules: defaultRules() });
    expect(report.diagnostics.some((d) => d.file === 'missing')).toBe(true);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('reports progress up to the total', async () => {
    await files({ 'a.js': 'a();\n', 'b.js': 'b();\n', 'c.js': 'c();\n' });
    const seen: number[] = [];
    await scanPaths({ paths: [dir], rules: defaultRules(), onProgress: ({ done, total }) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
  });
});

describe('scanSources', () => {
  it('scans files held in memory like files on disk', async () => {
    const content = 'export function check(v) {\n  return v === v;\n}\n';
    await files({ 'lib/check.js': content });
    const onDisk = await scanPaths({ paths: [dir], rules: defaultRules() });
    const inMemory = scanSources([{ path: 'lib/check.js', content }], { rules: defaultRules() });
    expect(inMemory.findings).toEqual(onDisk.report.findings);
  });
});

describe('commonRoot', () => {
  it('is the folder itself, a file’s folder, or the common ancestor', async () => {
    await files({ 'x/a.js': '', 'y/b.js': '' });
    expect(commonRoot([dir])).toBe(dir);
    expect(commonRoot([path.join(dir, 'x/a.js')])).toBe(path.join(dir, 'x'));
    expect(commonRoot([path.join(dir, 'x'), path.join(dir, 'y/b.js')])).toBe(dir);
  });
});
