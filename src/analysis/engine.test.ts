import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commonRoot, scanPaths, scanSources } from './engine.js';
import { defaultRules } from './index.js';

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
