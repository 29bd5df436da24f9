import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeferredRules, type ScanOptions, scanPaths } from '../src/analysis/engine.js';
import { defaultRules } from '../src/analysis/index.js';

/**
 * Cross-file taint through a real scan: a route passes request data to a function another module
 * of the project exports, the finding is reported at the call with steps in both files, and the
 * result cache re-analyses the route when the module it followed changes.
 */
let dir: string;
let dataDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ectus-cross-file-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'ectus-cross-file-data-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

let writes = 0;

/**
 * Writes a file dated in the past: the cache trusts a file's stat only when the file was not
 * modified just before the scan, and a result that followed imports is reused by stat only.
 */
async function write(file: string, content: string): Promise<void> {
  const target = path.join(dir, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
  const past = Date.now() / 1000 - 600 + writes++;
  await utimes(target, past, past);
}

const ROUTE = `const express = require('express');
const reports = require('../services/reports');
const router = express.Router();
router.get('/reports/daily', async (req, res) => {
  res.json(await reports.daily(req.query.region));
});
module.exports = router;
`;

const UNSAFE_SERVICE = `const db = require('../db');
async function daily(region) {
  const sql = "SELECT day, SUM(total) FROM orders WHERE region = '" + region + "' GROUP BY day";
  return (await db.query(sql)).rows;
}
module.exports = { daily };
`;

const SAFE_SERVICE = `const db = require('../db');
async function daily(region) {
  const sql = 'SELECT day, SUM(total) FROM orders WHERE region = $1 GROUP BY day';
  return (await db.query(sql, [region])).rows;
}
module.exports = { daily };
`;

const DB = `const { Pool } = require('pg');
module.exports = new Pool();
`;

function sqlFindings(findings: { ruleId: string; file: string; line: number }[]): string[] {
  return findings.filter((f) => f.ruleId === 'sql-injection').map((f) => `${f.file}:${f.line}`);
}

describe('cross-file taint in a scan', () => {
  it('reports the flow at the call, with steps in the module that runs the SQL', async () => {
    await write('src/routes/reports.js', ROUTE);
    await write('src/services/reports.js', UNSAFE_SERVICE);
    await write('src/db.js', DB);
    const { report } = await scanPaths({ paths: [dir], rules: defaultRules() });
    const finding = report.findings.find((f) => f.ruleId === 'sql-injection');
    expect(sqlFindings(report.findings)).toEqual(['src/routes/reports.js:5']);
    expect(finding?.message).toContain('in src/services/reports.js');
    expect(finding?.flow?.map((s) => `${s.file}:${s.line}`)).toEqual([
      'src/routes/reports.js:5',
      'src/routes/reports.js:5',
      'src/services/reports.js:2',
      'src/services/reports.js:3',
      'src/services/reports.js:4',
    ]);
  });

  // The CLI defers loading the rules until a file has to be analysed; the invalidation is the same.
  const deferred: DeferredRules = { key: 'defaults', load: async () => defaultRules() };
  it.each<[string, () => ScanOptions['rules']]>([
    ['rules at hand', () => defaultRules()],
    ['deferred rules', () => deferred],
  ])('re-analyses a cached caller when the module it followed changes, and only then (%s)', async (_, rules) => {
    await write('src/routes/reports.js', ROUTE);
    await write('src/services/reports.js', UNSAFE_SERVICE);
    await write('src/db.js', DB);
    const first = await scanPaths({ paths: [dir], rules: rules(), dataDir });
    expect(sqlFindings(first.report.findings)).toEqual(['src/routes/reports.js:5']);

    const again = await scanPaths({ paths: [dir], rules: rules(), dataDir });
    expect(again.report.summary.filesCached).toBe(3);
    expect(sqlFindings(again.report.findings)).toEqual(['src/routes/reports.js:5']);

    await write('src/services/reports.js', SAFE_SERVICE);
    const fixed = await scanPaths({ paths: [dir], rules: rules(), dataDir });
    // The route itself did not change, yet its result is computed again: the service changed.
    expect(fixed.report.summary.filesCached).toBe(1);
    expect(sqlFindings(fixed.report.findings)).toEqual([]);
  });
});
