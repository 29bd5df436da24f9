import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { applyBaseline, createBaseline, readBaseline, writeBaseline } from './baseline.js';
import noSelfCompare from './rules/no-self-compare.js';
import type { Finding } from './types.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-baseline-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function findingsOf(file: string, code: string): Finding[] {
  return analyzeSource(file, code, {
    rules: [{ rule: noSelfCompare, severity: 'medium', options: {} }],
    threatModel: 'remote',
  }).findings;
}

const HANDLER = [
  'export function validate(req, res) {',
  '  if (req.body.total !== req.body.total) return res.status(400).end();',
  '  return res.json({ ok: true });',
  '}',
  '',
].join('\n');

describe('baselines', () => {
  it('writes sorted pretty JSON and reads it back', async () => {
    const findings = [...findingsOf('src/b.ts', HANDLER), ...findingsOf('src/a.ts', `\n\n${HANDLER}`)];
    const file = path.join(dir, 'nested', 'ectus-baseline.json');
    const written = await writeBaseline(file, findings);
    const text = await fs.readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "findings": [\n');
    const read = await readBaseline(file);
    expect(read).toEqual(written);
    expect(read.version).toBe(1);
    expect(read.findings.map((f) => [f.file, f.line])).toEqual([
      ['src/a.ts', 4],
      ['src/b.ts', 2],
    ]);
    expect(Object.keys(read.findings[0] ?? {}).sort()).toEqual(['file', 'fingerprint', 'line', 'message', 'ruleId']);
  });

  it('hides known findings even after lines shift, and reports new ones', () => {
    const before = findingsOf('src/app.ts', HANDLER);
    const baseline = createBaseline(before);
    const shifted = `import express from 'express';\n\n${HANDLER}export const check = (x) => x === x;\n`;
    const after = findingsOf('src/app.ts', shifted);
    expect(after).toHaveLength(2);
    const { findings, baselined } = applyBaseline(after, baseline);
    expect(baselined).toBe(1);
    expect(findings.map((f) => f.line)).toEqual([7]);
  });

  it('matches each entry once, so a copy of a known problem is new', () => {
    const line = 'if (a === a) {}\n';
    const baseline = createBaseline(findingsOf('src/x.js', line));
    const { findings, baselined } = applyBaseline(findingsOf('src/x.js', line + line), baseline);
    expect(baselined).toBe(1);
    expect(findings).toHaveLength(1);
  });

  it('does not match the same problem in another file or from another rule', () => {
    const [finding] = findingsOf('src/x.js', 'if (a === a) {}\n');
    if (!finding) throw new Error('expected a finding');
    const baseline = createBaseline([finding]);
    expect(applyBaseline([{ ...finding, file: 'src/y.js' }], baseline).baselined).toBe(0);
    expect(applyBaseline([{ ...finding, ruleId: 'other-rule' }], baseline).baselined).toBe(0);
    expect(applyBaseline([finding], baseline).baselined).toBe(1);
  });

  it('reports a missing file as not found', async () => {
    await expect(readBaseline(path.join(dir, 'none.json'))).rejects.toMatchObject({ code: 'ECTUS_PATH_NOT_FOUND' });
  });

  it('rejects bad JSON and wrong shapes with a clear message', async () => {
    const file = path.join(dir, 'baseline.json');
    await fs.writeFile(file, '{ "version": 1, ');
    await expect(readBaseline(file)).rejects.toMatchObject({
      code: 'ECTUS_BASELINE_INVALID',
      message: expect.stringContaining('is not valid JSON'),
    });

    await fs.writeFile(file, JSON.stringify({ version: 2, createdAt: 'x', findings: [] }));
    await expect(readBaseline(file)).rejects.toMatchObject({
      code: 'ECTUS_BASELINE_INVALID',
      message: expect.stringContaining('version'),
    });

    await fs.writeFile(
      file,
      JSON.stringify({ version: 1, createdAt: 'x', findings: [{ ruleId: 'no-self-compare', file: 'a.js', line: 3 }] }),
    );
    await expect(readBaseline(file)).rejects.toMatchObject({
      code: 'ECTUS_BASELINE_INVALID',
      message: expect.stringContaining('findings[0].fingerprint'),
    });

    await fs.writeFile(file, '[]');
    await expect(readBaseline(file)).rejects.toMatchObject({ code: 'ECTUS_BASELINE_INVALID' });
  });
});
