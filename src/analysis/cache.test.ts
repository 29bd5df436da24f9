import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { summarizeResults } from './build-report.js';
import { MAX_CACHE_FILES, ScanCache, scanCacheKey } from './cache.js';
import noSelfCompare from './rules/no-self-compare.js';
import type { FileResult } from './types.js';

let dataDir: string;
const KEY = 'a1b2c3d4e5f6';
/** Old enough that the entry is trusted by stat. */
const OLD_MTIME = Date.now() - 60_000;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-cache-'));
});

afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const CODE = [
  "import express from 'express';",
  'const app = express();',
  'app.get("/health", (req, res) => {',
  '  if (req.query.n !== req.query.n) res.status(400);',
  '  if (req.query.n !== req.query.n) res.status(400);',
  '  res.json({ ok: true });',
  '});',
  '',
].join('\n');

function analyse(file: string, text = CODE): FileResult {
  return analyzeSource(file, text, {
    rules: [{ rule: noSelfCompare, severity: 'medium', options: {} }],
    threatModel: 'remote',
  });
}

const cacheFile = (key = KEY) => path.join(dataDir, 'cache', 'scan', `${key}.bin`);

describe('ScanCache', () => {
  it('serves an unchanged file by stat after a save and reopen', async () => {
    const result = analyse('src/app.ts');
    expect(result.findings).toHaveLength(2);
    const first = await ScanCache.open(dataDir, KEY);
    expect(first.lookupByStat('/repo/src/app.ts', 100, OLD_MTIME)).toBeUndefined();
    first.store('/repo/src/app.ts', 100, OLD_MTIME, result);
    await first.save();
    expect(first.saveError).toBeUndefined();

    const second = await ScanCache.open(dataDir, KEY);
    expect(second.size).toBe(1);
    expect(second.lookupByStat('/repo/src/app.ts', 100, OLD_MTIME, 'src/app.ts')).toEqual(result);
    expect(second.hits).toBe(1);
  });

  it('misses when size, time or relative path differ', async () => {
    const cache = await ScanCache.open(dataDir, KEY);
    cache.store('/repo/src/app.ts', 100, OLD_MTIME, analyse('src/app.ts'));
    expect(cache.lookupByStat('/repo/src/app.ts', 101, OLD_MTIME)).toBeUndefined();
    expect(cache.lookupByStat('/repo/src/app.ts', 100, OLD_MTIME + 1)).toBeUndefined();
    expect(cache.lookupByStat('/repo/src/app.ts', 100, OLD_MTIME, 'app.ts')).toBeUndefined();
    expect(cache.lookupByStat('/repo/src/other.ts', 100, OLD_MTIME)).toBeUndefined();
    expect(cache.hits).toBe(0);
  });

  it('trusts a just-modified file only by content hash', async () => {
    const result = analyse('src/app.ts');
    const cache = await ScanCache.open(dataDir, KEY);
    const now = Date.now();
    cache.store('/repo/src/app.ts', 100, now, result);
    await cache.save();
    const reopened = await ScanCache.open(dataDir, KEY);
    expect(reopened.lookupByStat('/repo/src/app.ts', 100, now)).toBeUndefined();
    expect(reopened.lookupByHash(result.hash, 'src/app.ts')).toBe(reopened.lookupByHash(result.hash, 'src/app.ts'));
    expect(reopened.lookupByHash(result.hash, 'src/app.ts')).toEqual(result);
  });

  it('re-labels a hash hit under a new path with the fingerprints a fresh analysis gives', async () => {
    const cache = await ScanCache.open(dataDir, KEY);
    cache.store('/repo/src/app.ts', 100, OLD_MTIME, analyse('src/app.ts'));
    const original = analyse('src/app.ts');
    const moved = cache.lookupByHash(original.hash, 'src/routes/health.ts');
    const fresh = analyse('src/routes/health.ts');
    expect(moved).toEqual(fresh);
    expect(moved?.findings.map((f) => f.fingerprint)).not.toEqual(original.findings.map((f) => f.fingerprint));
    // The stored result is untouched.
    expect(cache.lookupByHash(original.hash, 'src/app.ts')).toEqual(original);
  });

  it('does not reuse a result across paths that are analysed differently', async () => {
    const cache = await ScanCache.open(dataDir, KEY);
    const result = analyse('src/app.ts');
    cache.store('/repo/src/app.ts', 100, OLD_MTIME, result);
    expect(cache.lookupByHash(result.hash, 'test/app.ts')).toBeUndefined();
    expect(cache.lookupByHash(result.hash, 'src/app.tsx')).toBeUndefined();
    expect(cache.lookupByHash(result.hash, 'src/app.d.ts')).toBeUndefined();
    expect(cache.lookupByHash('0'.repeat(40), 'src/app.ts')).toBeUndefined();
    expect(cache.hits).toBe(0);
  });

  it('keeps only entries used or stored in this scan', async () => {
    const first = await ScanCache.open(dataDir, KEY);
    first.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts', 'export const a = 1;\n'));
    first.store('/repo/b.ts', 20, OLD_MTIME, analyse('b.ts', 'export const b = 2;\n'));
    await first.save();

    const second = await ScanCache.open(dataDir, KEY);
    expect(second.lookupByStat('/repo/a.ts', 10, OLD_MTIME)).toBeDefined();
    await second.save();

    const third = await ScanCache.open(dataDir, KEY);
    expect(third.size).toBe(1);
    expect(third.lookupByStat('/repo/b.ts', 20, OLD_MTIME)).toBeUndefined();
    expect(third.lookupByStat('/repo/a.ts', 10, OLD_MTIME)).toBeDefined();
  });

  it('leaves an unchanged cache file as it is, renewing only its time', async () => {
    const first = await ScanCache.open(dataDir, KEY);
    first.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts', 'export const a = 1;\n'));
    first.store('/repo/b.ts', 20, OLD_MTIME, analyse('b.ts', 'export const b = 2;\n'));
    await first.save();
    const written = await fs.readFile(cacheFile());
    const past = new Date(Date.now() - 3_600_000);
    await fs.utimes(cacheFile(), past, past);

    const second = await ScanCache.open(dataDir, KEY);
    expect(second.lookupByStat('/repo/a.ts', 10, OLD_MTIME)).toBeDefined();
    expect(second.lookupByStat('/repo/b.ts', 20, OLD_MTIME)).toBeDefined();
    await second.save();
    expect(second.saveError).toBeUndefined();
    expect(await fs.readFile(cacheFile())).toEqual(written);
    // Eviction goes by modification time: a cache in use must look recent.
    expect((await fs.stat(cacheFile())).mtimeMs).toBeGreaterThan(past.getTime() + 60_000);

    // Storing anything (even a result served by hash) writes the file again.
    const third = await ScanCache.open(dataDir, KEY);
    const result = third.lookupByHash(analyse('a.ts', 'export const a = 1;\n').hash, 'a.ts');
    expect(result).toBeDefined();
    third.lookupByStat('/repo/b.ts', 20, OLD_MTIME);
    third.store('/repo/a.ts', 11, OLD_MTIME, result as FileResult);
    await third.save();
    const reopened = await ScanCache.open(dataDir, KEY);
    expect(reopened.lookupByStat('/repo/a.ts', 11, OLD_MTIME)).toBeDefined();
  });

  it('keeps the descriptions of the rules with the results', async () => {
    const rules = [
      { id: 'no-self-compare', description: 'd', category: 'logic', severity: 'medium', cwe: [], fixable: false },
    ] as const;
    const first = await ScanCache.open(dataDir, KEY);
    expect(first.rules).toBeUndefined();
    first.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts'));
    first.setRules(rules.map((r) => ({ ...r, cwe: [...r.cwe] })));
    await first.save();

    const second = await ScanCache.open(dataDir, KEY);
    expect(second.rules).toEqual(rules);
    second.lookupByStat('/repo/a.ts', 10, OLD_MTIME);
    second.setRules(rules.map((r) => ({ ...r, cwe: [...r.cwe] })));
    const before = await fs.stat(cacheFile());
    await fs.utimes(cacheFile(), new Date(before.mtimeMs - 60_000), new Date(before.mtimeMs - 60_000));
    const bytes = await fs.readFile(cacheFile());
    await second.save();
    expect(await fs.readFile(cacheFile())).toEqual(bytes);

    const third = await ScanCache.open(dataDir, KEY);
    third.lookupByStat('/repo/a.ts', 10, OLD_MTIME);
    third.setRules([{ ...rules[0], severity: 'high', cwe: [] }]);
    await third.save();
    expect((await ScanCache.open(dataDir, KEY)).rules?.[0]?.severity).toBe('high');
  });

  it('gives the stored summary only for exactly the stored files, unchanged', async () => {
    const a = analyse('a.ts', 'if (a === a) {}\n');
    const b = analyse('b.ts', 'export const b = 2;\n');
    const first = await ScanCache.open(dataDir, KEY);
    first.store('/repo/b.ts', 20, OLD_MTIME, b);
    first.store('/repo/a.ts', 10, OLD_MTIME, a);
    first.setSummary(summarizeResults([a, b]));
    first.store('/repo/c.ts', 30, Date.now(), analyse('c.ts'));
    await first.save();

    const listed = [
      { absPath: '/repo/a.ts', relPath: 'a.ts', size: 10, mtimeMs: OLD_MTIME },
      { absPath: '/repo/b.ts', relPath: 'b.ts', size: 20, mtimeMs: OLD_MTIME },
    ];
    // Three entries against a summary of two: not written with it.
    expect((await ScanCache.open(dataDir, KEY)).summaryFor(listed)).toBeUndefined();

    const second = await ScanCache.open(dataDir, KEY);
    second.lookupByStat('/repo/a.ts', 10, OLD_MTIME, 'a.ts');
    second.lookupByStat('/repo/b.ts', 20, OLD_MTIME, 'b.ts');
    second.setSummary(summarizeResults([a, b]));
    await second.save();

    const matching = await ScanCache.open(dataDir, KEY);
    expect(matching.summaryFor(listed)).toEqual(summarizeResults([a, b]));
    expect(matching.hits).toBe(2);
    const bytes = await fs.readFile(cacheFile());
    await matching.save();
    expect(await fs.readFile(cacheFile())).toEqual(bytes);

    for (const other of [
      [listed[0]],
      [listed[1], listed[0]],
      [listed[0], { ...listed[1], size: 21 }],
      [listed[0], { ...listed[1], mtimeMs: OLD_MTIME + 1 }],
      [listed[0], { ...listed[1], relPath: 'src/b.ts' }],
      [listed[0], { ...listed[1], absPath: '/other/b.ts' }],
    ]) {
      expect((await ScanCache.open(dataDir, KEY)).summaryFor(other as typeof listed)).toBeUndefined();
    }
    // After a lookup the entries are in use one by one: the summary is not used.
    const looked = await ScanCache.open(dataDir, KEY);
    looked.lookupByStat('/repo/a.ts', 10, OLD_MTIME, 'a.ts');
    expect(looked.summaryFor(listed)).toBeUndefined();
  });

  it('writes back every entry a matched summary stood for when something else changed', async () => {
    const a = analyse('a.ts', 'if (a === a) {}\n');
    const first = await ScanCache.open(dataDir, KEY);
    first.store('/repo/a.ts', 10, OLD_MTIME, a);
    first.setSummary(summarizeResults([a]));
    await first.save();
    const second = await ScanCache.open(dataDir, KEY);
    expect(second.summaryFor([{ absPath: '/repo/a.ts', relPath: 'a.ts', size: 10, mtimeMs: OLD_MTIME }])).toBeDefined();
    second.setRules([{ id: 'x', description: 'd', category: 'logic', severity: 'low', cwe: [], fixable: false }]);
    await second.save();
    const third = await ScanCache.open(dataDir, KEY);
    expect(third.rules?.map((r) => r.id)).toEqual(['x']);
    expect(third.lookupByStat('/repo/a.ts', 10, OLD_MTIME, 'a.ts')).toEqual(a);
  });

  it('misses every entry when the stored results cannot be decoded', async () => {
    const seed = await ScanCache.open(dataDir, KEY);
    seed.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts'));
    await seed.save();
    const stored = v8.deserialize(await fs.readFile(cacheFile()));
    for (const results of [Buffer.from('garbage'), v8.serialize([{ file: 'a.ts' }]), v8.serialize([])]) {
      await fs.writeFile(cacheFile(), v8.serialize({ ...stored, results }));
      const cache = await ScanCache.open(dataDir, KEY);
      expect(cache.size).toBe(1);
      expect(cache.lookupByStat('/repo/a.ts', 10, OLD_MTIME)).toBeUndefined();
      expect(cache.lookupByHash(analyse('a.ts').hash, 'a.ts')).toBeUndefined();
    }
  });

  it('reads a corrupt, truncated or foreign cache file as empty', async () => {
    const seed = await ScanCache.open(dataDir, KEY);
    seed.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts'));
    await seed.save();
    const good = await fs.readFile(cacheFile());

    for (const content of [
      good.subarray(0, Math.floor(good.length / 2)),
      Buffer.from('not a cache at all'),
      Buffer.alloc(0),
      v8.serialize({ format: 'ectus-scan-cache', version: 999, entries: [] }),
      v8.serialize({ format: 'ectus-scan-cache', version: 1, entries: [['/repo/a.ts', 'x', 1, true, {}], 42] }),
      v8.serialize({ format: 'ectus-scan-cache', version: 2, paths: ['/repo/a.ts'], files: [], results: [] }),
      v8.serialize({ format: 'ectus-scan-cache', version: 2, entries: [['/repo/a.ts', 10, OLD_MTIME, true, {}]] }),
      v8.serialize(null),
    ]) {
      await fs.writeFile(cacheFile(), content);
      const cache = await ScanCache.open(dataDir, KEY);
      expect(cache.size).toBe(0);
      expect(cache.lookupByStat('/repo/a.ts', 10, OLD_MTIME)).toBeUndefined();
    }
  });

  it('keeps at most a handful of cache files, evicting the oldest', async () => {
    const dir = path.dirname(cacheFile());
    await fs.mkdir(dir, { recursive: true });
    const base = Date.now() / 1000 - 7200;
    for (let i = 0; i < 10; i++) {
      const file = path.join(dir, `old${i}.bin`);
      await fs.writeFile(file, 'x');
      await fs.utimes(file, base + i, base + i);
    }
    await fs.writeFile(path.join(dir, 'crashed.bin.123.tmp'), 'x');
    await fs.utimes(path.join(dir, 'crashed.bin.123.tmp'), base, base);
    const cache = await ScanCache.open(dataDir, KEY);
    await cache.save();
    const names = (await fs.readdir(dir)).sort();
    expect(names).toHaveLength(MAX_CACHE_FILES);
    expect(names).toContain(`${KEY}.bin`);
    expect(names).toContain('old9.bin');
    expect(names).not.toContain('old2.bin');
    expect(names).not.toContain('crashed.bin.123.tmp');
  });

  it('never throws when the cache cannot be written', async () => {
    await fs.writeFile(path.join(dataDir, 'cache'), 'a file where the folder should be');
    const cache = await ScanCache.open(dataDir, KEY);
    cache.store('/repo/a.ts', 10, OLD_MTIME, analyse('a.ts'));
    await expect(cache.save()).resolves.toBeUndefined();
    expect(cache.saveError).toBeDefined();
  });

  it('rejects keys that are not plain file names', async () => {
    await expect(ScanCache.open(dataDir, '../escape')).rejects.toMatchObject({ code: 'ECTUS_INTERNAL' });
    await expect(ScanCache.open(dataDir, '')).rejects.toMatchObject({ code: 'ECTUS_INTERNAL' });
  });
});

describe('scanCacheKey', () => {
  it('is stable under key order and changes with any setting', () => {
    const a = scanCacheKey({ version: '1.0.0', threatModel: 'remote', rules: [{ id: 'x', options: { a: 1, b: 2 } }] });
    const b = scanCacheKey({ rules: [{ options: { b: 2, a: 1 }, id: 'x' }], threatModel: 'remote', version: '1.0.0' });
    const c = scanCacheKey({ version: '1.0.0', threatModel: 'local', rules: [{ id: 'x', options: { a: 1, b: 2 } }] });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });
});
