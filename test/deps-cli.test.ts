import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAdvisories } from '../src/analysis/deps/osv/import.js';
import { KNOWN_ADVISORIES } from '../src/analysis/deps/test-support/known-advisories.js';

/**
 * End-to-end: dependency scanning with the built CLI (`npm run build` runs before the tests) as a
 * user runs it: `ectus advisories import` of real OSV records, `ectus scan --deps-only`, lockfiles
 * in a normal scan, every report format, and `ectus sbom`.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repo, 'bin/ectus.js');
const fixtures = path.join(repo, 'src/analysis/deps/lockfiles/fixtures');
let work: string;
let dataDir: string;

function ectus(args: string[], data = dataDir) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ECTUS_DATA_DIR: data, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like `ectus`, without blocking this process: a server in it (the OSV API stand-in) must answer. */
function ectusAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, ECTUS_DATA_DIR: dataDir, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * A stand-in for the OSV API on localhost that answers from the same records: `querybatch` by
 * package name (the records' ranges decide, as osv.dev does), and `vulns/{id}`. With `failing`,
 * every request gets HTTP 503.
 */
function osvServer(folder: string, failing: boolean): Promise<Server> {
  const records = KNOWN_ADVISORIES.map((a) => JSON.parse(readFileSync(path.join(folder, `${a.id}.json`), 'utf8')));
  const server = createServer((req, res) => {
    if (failing) {
      res.writeHead(503).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/querybatch') {
        const { queries } = JSON.parse(body) as { queries: { package: { name: string } }[] };
        const results = queries.map((q) => ({
          vulns: records
            .filter((r) => r.affected[0].package.name === q.package.name)
            .map((r) => ({ id: r.id, modified: r.modified })),
        }));
        res.end(JSON.stringify({ results }));
        return;
      }
      const record = records.find((r) => req.url === `/v1/vulns/${r.id}`);
      if (record) res.end(JSON.stringify(record));
      else res.writeHead(404).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The advisories as OSV records, the way osv.dev exports them (one JSON file per advisory). */
function writeOsvRecords(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const ranges: Record<string, [string, string][]> = {
    'GHSA-35jh-r3h4-6jhm': [['0', '4.17.21']],
    'GHSA-29mw-wpgm-hmr9': [['4.0.0', '4.17.21']],
    'GHSA-xvch-5gv4-984h': [
      ['0', '0.2.4'],
      ['1.0.0', '1.2.6'],
    ],
    'GHSA-vh95-rmgr-6w4m': [
      ['0', '0.2.1'],
      ['1.0.0', '1.2.3'],
    ],
    'GHSA-hrpp-h998-j3pp': [['6.7.0', '6.7.3']],
  };
  for (const advisory of KNOWN_ADVISORIES) {
    const name = Object.keys(advisory.affects)[0] as string;
    const record = {
      schema_version: '1.6.0',
      id: advisory.id,
      modified: advisory.modified,
      published: advisory.modified,
      aliases: advisory.aliases,
      summary: advisory.summary,
      severity: [{ type: 'CVSS_V3', score: advisory.vector }],
      affected: [
        {
          package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` },
          ranges: [
            {
              type: 'SEMVER',
              events: (ranges[advisory.id] ?? []).flatMap(([introduced, fixed]) => [{ introduced }, { fixed }]),
            },
          ],
        },
      ],
      references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${advisory.id}` }],
      database_specific: { cwe_ids: advisory.cwes.map((n) => `CWE-${n}`), github_reviewed: true },
    };
    writeFileSync(path.join(folder, `${advisory.id}.json`), JSON.stringify(record, null, 2));
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ectus-deps-cli-'));
  dataDir = path.join(work, 'data');
  cpSync(path.join(fixtures, 'npm-v3'), path.join(work, 'shop'), { recursive: true });
  mkdirSync(path.join(work, 'shop/src'), { recursive: true });
  writeFileSync(path.join(work, 'shop/src/index.js'), 'export const add = (a, b) => a + b;\n');
  cpSync(path.join(fixtures, 'cargo'), path.join(work, 'polyglot/native'), { recursive: true });
  cpSync(path.join(fixtures, 'poetry'), path.join(work, 'polyglot/api'), { recursive: true });
  cpSync(path.join(fixtures, 'go'), path.join(work, 'polyglot/cli'), { recursive: true });
  writeOsvRecords(path.join(work, 'osv'));
  // Imported ten days before the scans run, so the reports have an age to show.
  await importAdvisories(path.join(work, 'osv'), dataDir, { now: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000) });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ectus sbom', () => {
  it('writes a CycloneDX 1.6 SBOM of every lockfile under a folder', () => {
    const result = ectus(['sbom', 'polyglot']);
    expect(result.status).toBe(0);
    const bom = JSON.parse(result.stdout);
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: { component: { name: 'polyglot' } },
    });
    const purls = bom.components.map((c: { purl: string }) => c.purl);
    expect(purls).toContain('pkg:cargo/smallvec@1.6.0');
    expect(purls).toContain('pkg:pypi/requests@2.25.1');
    expect(purls).toContain('pkg:golang/github.com/gin-gonic/gin@v1.9.0');
  });

  it('writes to --output and names the project after its package.json', () => {
    const out = path.join(work, 'shop.cdx.json');
    const result = ectus(['sbom', 'shop', '--output', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Wrote 56 components from 1 lockfile');
    const bom = JSON.parse(readFileSync(out, 'utf8'));
    expect(bom.metadata.component).toMatchObject({ name: 'orders-api', version: '1.0.0' });
    expect(bom.components.find((c: { name: string }) => c.name === 'optimist').scope).toBe('optional');
  });

  it('fails with exit code 2 for a missing folder', () => {
    const result = ectus(['sbom', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ECTUS_PATH_NOT_FOUND');
  });
});

describe('ectus rules', () => {
  it('lists dependency-vulnerability with the AST rules', () => {
    const rules = JSON.parse(ectus(['rules', '--json']).stdout) as { id: string; category: string; cwe: number[] }[];
    expect(rules.find((r) => r.id === 'dependency-vulnerability')).toMatchObject({
      category: 'dependencies',
      cwe: [1395],
    });
  });
});

describe('ectus scan with lockfiles', () => {
  it('--deps-only reports each vulnerable package at its lockfile line, with the database age', () => {
    const result = ectus(['scan', 'shop', '--deps-only']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('package-lock.json');
    expect(result.stdout).toMatch(/268:1\s+high\s+lodash@4\.17\.20 has 2 known vulnerabilities/);
    expect(result.stdout).toMatch(/324:1\s+critical\s+minimist@1\.2\.5 has a known vulnerability: GHSA-xvch-5gv4-984h/);
    expect(result.stdout).toContain(
      'Transitive development dependency via optimist > minimist. Upgrade to 0.2.4 or later.',
    );
    expect(result.stdout).toContain('4 findings (2 critical, 2 high)');
    expect(result.stdout).toMatch(
      /Dependencies: 56 packages in 1 lockfile, 4 vulnerable; advisory database imported \d{4}-\d{2}-\d{2} \(10 days old, 5 advisories\)/,
    );
    expect(ectus(['scan', 'shop', '--deps-only', '--fail-on', 'critical']).status).toBe(1);
  });

  it('a normal scan checks lockfiles too; --no-deps leaves them out', () => {
    const json = JSON.parse(ectus(['scan', 'shop', '--format', 'json']).stdout);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(Array(4).fill('dependency-vulnerability'));
    expect(json.summary.files).toBe(1);
    expect(json.dependencies.database.ageDays).toBe(10);
    expect(json.findings[0].properties).toMatchObject({
      advisories: ['GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9'],
      aliases: ['CVE-2020-28500', 'CVE-2021-23337'],
      cvss: { score: 7.2, version: '3.1' },
      fixedVersion: '4.17.21',
      upgradeTo: '4.17.21',
      direct: true,
      dev: false,
      path: ['lodash'],
    });
    const plain = ectus(['scan', 'shop', '--no-deps', '--format', 'json']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).dependencies).toBeUndefined();
  });

  it('writes SARIF with the lockfile location, the rule and the database age', () => {
    const out = path.join(work, 'deps.sarif');
    expect(ectus(['scan', 'shop', '--deps-only', '--format', 'sarif', '--output', out]).status).toBe(1);
    const run = JSON.parse(readFileSync(out, 'utf8')).runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['dependency-vulnerability']);
    expect(run.properties.advisoryDatabase.ageDays).toBe(10);
    expect(run.results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'package-lock.json' },
      region: { startLine: 268 },
    });
    expect(run.results[0].properties.advisories).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9']);
    const html = path.join(work, 'deps.html');
    ectus(['scan', 'shop', '--deps-only', '--format', 'html', '--output', html]);
    expect(readFileSync(html, 'utf8')).toMatch(
      /<dt>Advisory database<\/dt><dd>imported [\d-]+ \(10 days old, 5 advisories\)/,
    );
  });

  it('honours baselines and a configuration that turns the rule off', () => {
    const baseline = path.join(work, 'deps-baseline.json');
    expect(ectus(['scan', 'shop', '--deps-only', '--write-baseline', baseline]).status).toBe(1);
    const again = ectus(['scan', 'shop', '--deps-only', '--baseline', baseline, '--format', 'json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).summary.baselined).toBe(4);
    const config = path.join(work, 'off.json');
    writeFileSync(config, JSON.stringify({ rules: { 'dependency-vulnerability': 'off' } }));
    expect(ectus(['scan', 'shop', '--deps-only', '--config', config]).status).toBe(0);
  });

  it('says so when no advisory database was imported', () => {
    const result = ectus(['scan', 'shop', '--deps-only'], path.join(work, 'empty-data'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('advisory database none imported (run `ectus advisories import`)');
  });

  it('reports a broken lockfile as a diagnostic and goes on', () => {
    mkdirSync(path.join(work, 'broken'), { recursive: true });
    writeFileSync(path.join(work, 'broken/pnpm-lock.yaml'), 'lockfileVersion: [\n');
    writeFileSync(path.join(work, 'broken/requirements.txt'), 'flask>=2\nrequests==2.25.1\n');
    const json = JSON.parse(ectus(['scan', 'broken', '--deps-only', '--format', 'json']).stdout);
    expect(json.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`)).toEqual([
      'pnpm-lock.yaml ECTUS_LOCKFILE_INVALID',
      'requirements.txt ECTUS_DEPENDENCY_UNCHECKED',
    ]);
    expect(json.dependencies.packages).toBe(1);
  });
});

describe('ectus advisories and --online', () => {
  it('imports OSV records with the CLI and shows their status', () => {
    const fresh = path.join(work, 'fresh-data');
    const imported = ectus(['advisories', 'import', path.join(work, 'osv')], fresh);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('npm');
    const status = ectus(['advisories', 'status', '--json'], fresh);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ ageDays: 0, counts: { npm: 5 }, online: false });
    expect(ectus(['scan', 'shop', '--deps-only'], fresh).stdout).toContain('4 vulnerable');
  });

  it('--online asks the OSV API and says so in the report', async () => {
    const server = await osvServer(path.join(work, 'osv'), false);
    try {
      const result = await ectusAsync([
        'scan',
        'shop',
        '--deps-only',
        '--online',
        '--osv-url',
        urlOf(server),
        '--format',
        'json',
      ]);
      expect(result.status).toBe(1);
      const json = JSON.parse(result.stdout);
      expect(json.dependencies.database).toMatchObject({ online: true, ageDays: 0 });
      expect(json.findings.map((f: { properties: { package: string } }) => f.properties.package)).toEqual([
        'lodash',
        'minimist',
        'minimist',
        'qs',
      ]);
    } finally {
      server.close();
    }
  });

  it('--online falls back to the local database with a clear message when the API cannot be used', async () => {
    const server = await osvServer(path.join(work, 'osv'), true);
    try {
      const result = await ectusAsync(['scan', 'shop', '--deps-only', '--online', '--osv-url', urlOf(server)]);
      expect(result.stderr).toContain('could not be used');
      expect(result.stderr).toContain('Using the local advisory database instead.');
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/advisory database imported [\d-]+ \(10 days old, 5 advisories\)/);
    } finally {
      server.close();
    }
  });
});
