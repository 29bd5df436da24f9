import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashContent } from './analyze.js';
import { applyFixesToFiles, type FixableFile } from './apply-fixes.js';
import type { Finding, Fix } from './types.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-fix-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function finding(file: string, fix?: Fix[]): Finding {
  return {
    ruleId: 'prefer-strict-equality',
    messageId: 'loose',
    category: 'correctness',
    severity: 'low',
    cwe: [],
    message: 'Use === instead of ==.',
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    snippet: '',
    fingerprint: 'f'.repeat(20),
    ...(fix ? { fix } : {}),
  };
}

/** Writes a file and returns the result a scan of it would carry, with a fix replacing each `==`. */
async function scanned(file: string, text: string, bom = false): Promise<FixableFile> {
  const abs = path.join(dir, file);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, bom ? `\uFEFF${text}` : text);
  const findings: Finding[] = [];
  for (let i = text.indexOf(' == '); i !== -1; i = text.indexOf(' == ', i + 1)) {
    findings.push(finding(file, [{ range: [i + 1, i + 3], text: '===' }]));
  }
  return { file, hash: hashContent(text), findings };
}

const read = (file: string) => fs.readFile(path.join(dir, file), 'utf8');

describe('applyFixesToFiles', () => {
  it('applies every fix of each file and reports what it did', async () => {
    const a = await scanned('src/a.js', 'if (user.role == "admin" && count == 0) grant();\n');
    const b = await scanned('src/b.js', 'export const same = (x, y) => x == y;\n');
    const clean = await scanned('src/clean.js', 'export const ok = true;\n');
    clean.findings.push(finding('src/clean.js'));
    const outcome = await applyFixesToFiles(dir, [b, a, clean]);
    expect(outcome).toEqual({
      fixedFiles: ['src/a.js', 'src/b.js'],
      appliedFixes: 3,
      skippedChanged: [],
      skippedOverlap: 0,
      failed: [],
    });
    expect(await read('src/a.js')).toBe('if (user.role === "admin" && count === 0) grant();\n');
    expect(await read('src/b.js')).toBe('export const same = (x, y) => x === y;\n');
    expect(await read('src/clean.js')).toBe('export const ok = true;\n');
  });

  it('skips a file that changed since the scan', async () => {
    const result = await scanned('app.js', 'if (a == b) run();\n');
    await fs.writeFile(path.join(dir, 'app.js'), '// edited meanwhile\nif (a == b) run();\n');
    const outcome = await applyFixesToFiles(dir, [result]);
    expect(outcome.skippedChanged).toEqual(['app.js']);
    expect(outcome.fixedFiles).toEqual([]);
    expect(await read('app.js')).toBe('// edited meanwhile\nif (a == b) run();\n');
  });

  it('treats a deleted file as changed', async () => {
    const result = await scanned('gone.js', 'if (a == b) run();\n');
    await fs.rm(path.join(dir, 'gone.js'));
    expect((await applyFixesToFiles(dir, [result])).skippedChanged).toEqual(['gone.js']);
  });

  it('keeps the byte-order mark, whose absence the scanned hash reflects', async () => {
    const result = await scanned('bom.ts', 'if (a == b) {}\n', true);
    const outcome = await applyFixesToFiles(dir, [result]);
    expect(outcome.fixedFiles).toEqual(['bom.ts']);
    expect(await read('bom.ts')).toBe('\uFEFFif (a === b) {}\n');
  });

  it('counts overlapping fixes as skipped and applies the first', async () => {
    const result = await scanned('x.js', 'a == b;\n');
    result.findings.push(finding('x.js', [{ range: [0, 6], text: 'Object.is(a, b)' }]));
    const outcome = await applyFixesToFiles(dir, [result]);
    expect(outcome.appliedFixes).toBe(1);
    expect(outcome.skippedOverlap).toBe(1);
    expect(await read('x.js')).toBe('Object.is(a, b);\n');
  });

  it.skipIf(process.platform === 'win32')('keeps the file mode and symbolic links', async () => {
    const result = await scanned('bin/run.js', '#!/usr/bin/env node\nif (process.argv.length == 2) usage();\n');
    await fs.chmod(path.join(dir, 'bin/run.js'), 0o755);
    await fs.symlink(path.join(dir, 'bin/run.js'), path.join(dir, 'run-link.js'));
    const outcome = await applyFixesToFiles(dir, [{ ...result, file: 'run-link.js' }]);
    expect(outcome.fixedFiles).toEqual(['run-link.js']);
    expect((await fs.stat(path.join(dir, 'bin/run.js'))).mode & 0o777).toBe(0o755);
    expect((await fs.lstat(path.join(dir, 'run-link.js'))).isSymbolicLink()).toBe(true);
    expect(await read('bin/run.js')).toContain('process.argv.length === 2');
    expect((await fs.readdir(path.join(dir, 'bin'))).sort()).toEqual(['run.js']);
  });

  it('refuses paths outside the root before writing anything', async () => {
    const inside = await scanned('root/a.js', 'if (a == b) {}\n');
    const outside = await scanned('elsewhere.js', 'if (a == b) {}\n');
    const root = path.join(dir, 'root');
    await expect(
      applyFixesToFiles(root, [
        { ...inside, file: 'a.js' },
        { ...outside, file: '../elsewhere.js' },
      ]),
    ).rejects.toMatchObject({ code: 'ECTUS_PATH_OUTSIDE_ROOT' });
    expect(await read('root/a.js')).toBe('if (a == b) {}\n');
  });

  it.skipIf(process.platform === 'win32')('refuses a link inside the root that leads outside it', async () => {
    const outside = await scanned('secret.js', 'if (a == b) {}\n');
    await fs.mkdir(path.join(dir, 'root'));
    await fs.symlink(path.join(dir, 'secret.js'), path.join(dir, 'root', 'link.js'));
    await expect(applyFixesToFiles(path.join(dir, 'root'), [{ ...outside, file: 'link.js' }])).rejects.toMatchObject({
      code: 'ECTUS_PATH_OUTSIDE_ROOT',
    });
    expect(await read('secret.js')).toBe('if (a == b) {}\n');
  });
});
