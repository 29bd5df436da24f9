import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../build-report.js';
import { renderReport } from '../report/index.js';
import { loadSarifValidator } from '../report/test-support/sarif-schema.js';
import type { Finding, ScanReport } from '../types.js';
import { FIXTURES } from './lockfiles/test-support/fixtures.js';
import type { AdvisoryDatabaseInfo } from './model.js';
import {
  advisorySeverity,
  DEPENDENCY_RULE,
  type DependencyScan,
  mergeDependencyScan,
  scanDependencies,
} from './scan-dependencies.js';
import { knownAdvisorySource } from './test-support/known-advisories.js';

const IMPORTED: AdvisoryDatabaseInfo = {
  importedAt: '2025-01-10T08:00:00.000Z',
  ageDays: 5,
  counts: { npm: 48213, PyPI: 15020 },
  online: false,
};

let work: string;
let scan: DependencyScan;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ectus-deps-'));
  cpSync(path.join(FIXTURES, 'npm-v3'), path.join(work, 'web'), { recursive: true });
  cpSync(path.join(FIXTURES, 'requirements'), path.join(work, 'api'), { recursive: true });
  writeFileSync(path.join(work, 'Cargo.lock'), 'version = 3\n[[package]\n');
  scan = await scanDependencies({ paths: [work], root: work, advisories: knownAdvisorySource(IMPORTED) });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function finding(name: string, version: string): Finding {
  const found = scan.findings.find((f) => f.properties?.package === name && f.properties?.version === version);
  if (!found) throw new Error(`no finding for ${name}@${version}`);
  return found;
}

function emptyReport(): ScanReport {
  return buildReport({
    root: work,
    version: '0.1.0',
    startedAt: new Date('2025-01-15T10:00:00Z'),
    threatModel: 'remote',
    rules: [],
    results: [],
    filesCached: 0,
    durationMs: 12,
  });
}

describe('scanDependencies', () => {
  it('reports one finding per vulnerable package, at its lockfile line', () => {
    expect(scan.findings.map((f) => `${f.file}:${f.line} ${f.properties?.package}@${f.properties?.version}`)).toEqual([
      'web/package-lock.json:268 lodash@4.17.20',
      'web/package-lock.json:324 minimist@1.2.5',
      'web/package-lock.json:363 minimist@0.0.10',
      'web/package-lock.json:398 qs@6.7.0',
    ]);
    const qs = finding('qs', '6.7.0');
    expect(qs).toMatchObject({
      ruleId: 'dependency-vulnerability',
      category: 'dependencies',
      severity: 'high',
      cwe: [1321],
      column: 1,
      snippet: '    "node_modules/qs": {',
    });
    expect(qs.endColumn).toBe(qs.snippet.length + 1);
  });

  it('takes the severity from the worst CVSS score and merges the CWEs', () => {
    expect(finding('minimist', '1.2.5').severity).toBe('critical');
    expect(finding('lodash', '4.17.20')).toMatchObject({ severity: 'high', cwe: [77, 94, 400, 1333] });
  });

  it('falls back to the database rating, then to medium, for advisories without a CVSS vector', () => {
    const base = { id: 'PYSEC-2021-59', aliases: ['CVE-2021-28957'], summary: '', modified: '2021-03-29T16:15:00Z' };
    expect(advisorySeverity({ ...base, severity: 'critical' })).toBe('critical');
    expect(advisorySeverity(base)).toBe('medium');
    expect(
      advisorySeverity({
        ...base,
        severity: 'low',
        cvss: { version: '3.1', vector: 'x', score: 9.1, severity: 'critical' },
      }),
    ).toBe('critical');
  });

  it('says which advisories, how the package is reached and what to upgrade to', () => {
    expect(finding('minimist', '0.0.10').message).toBe(
      'minimist@0.0.10 has 2 known vulnerabilities: GHSA-xvch-5gv4-984h (CVE-2021-44906), CVSS 9.8: Prototype Pollution in minimist; ' +
        'GHSA-vh95-rmgr-6w4m (CVE-2020-7598), CVSS 5.6: Prototype Pollution in minimist. ' +
        'Transitive development dependency via optimist > minimist. Upgrade to 0.2.4 or later.',
    );
    expect(finding('qs', '6.7.0').message).toContain('Transitive dependency via express > qs.');
    expect(finding('lodash', '4.17.20').message).toContain('Direct dependency.');
  });

  it('carries advisory ids, aliases, CVSS and the fix in properties', () => {
    expect(finding('minimist', '0.0.10').properties).toEqual({
      ecosystem: 'npm',
      package: 'minimist',
      version: '0.0.10',
      advisories: ['GHSA-xvch-5gv4-984h', 'GHSA-vh95-rmgr-6w4m'],
      aliases: ['CVE-2020-7598', 'CVE-2021-44906'],
      cvss: { score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3.1' },
      fixedVersion: '0.2.4',
      upgradeTo: '0.2.4',
      direct: false,
      dev: true,
      path: ['optimist', 'minimist'],
      paths: [['optimist', 'minimist']],
    });
  });

  it('gives stable fingerprints that do not depend on the line', () => {
    const fingerprints = scan.findings.map((f) => f.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(fingerprints.every((f) => /^[0-9a-f]{20}$/.test(f))).toBe(true);
  });

  it('turns unreadable lockfiles and unchecked entries into diagnostics', () => {
    expect(scan.diagnostics).toEqual([
      expect.objectContaining({ file: 'Cargo.lock', code: 'ECTUS_LOCKFILE_INVALID' }),
      expect.objectContaining({ file: 'api/requirements-dev.txt', code: 'ECTUS_DEPENDENCY_UNCHECKED' }),
      expect.objectContaining({ file: 'api/requirements-dev.txt', code: 'ECTUS_DEPENDENCY_UNCHECKED' }),
      expect.objectContaining({ file: 'api/requirements-dev.txt', code: 'ECTUS_DEPENDENCY_UNCHECKED' }),
    ]);
  });

  it('summarises the lockfiles read and the advisory database used', () => {
    expect(scan.report).toEqual({
      lockfiles: [
        { file: 'api/requirements-dev.txt', format: 'requirements', ecosystem: 'PyPI', packages: 2 },
        { file: 'api/requirements.txt', format: 'requirements', ecosystem: 'PyPI', packages: 6 },
        { file: 'web/package-lock.json', format: 'package-lock@3', ecosystem: 'npm', packages: 56 },
      ],
      packages: 64,
      vulnerable: 4,
      database: IMPORTED,
    });
  });

  it('reads lockfiles but reports nothing when the rule is turned off', async () => {
    const off = await scanDependencies({
      paths: [work],
      root: work,
      advisories: knownAdvisorySource(IMPORTED),
      report: false,
    });
    expect(off.findings).toEqual([]);
    expect(off.report.vulnerable).toBe(4);
  });
});

describe('mergeDependencyScan and the report formats', () => {
  it('adds findings, diagnostics, the rule and the summary to a report', () => {
    const report = emptyReport();
    expect(mergeDependencyScan(report, scan)).toBe(0);
    expect(report.summary.findings).toBe(4);
    expect(report.summary.bySeverity).toMatchObject({ critical: 2, high: 2 });
    expect(report.rules).toEqual([DEPENDENCY_RULE]);
    expect(report.dependencies?.database.ageDays).toBe(5);
  });

  it('lets a baseline hide known dependency findings', () => {
    const report = emptyReport();
    const known = scan.findings.filter((f) => f.properties?.package === 'lodash');
    const baseline = {
      version: 1 as const,
      createdAt: '2025-01-14T09:00:00.000Z',
      findings: known.map(({ ruleId, file, fingerprint, line, message }) => ({
        ruleId,
        file,
        fingerprint,
        line,
        message,
      })),
    };
    expect(mergeDependencyScan(report, scan, baseline)).toBe(1);
    expect(report.summary.baselined).toBe(1);
    expect(report.findings).toHaveLength(3);
  });

  it('states the database age in every format, and the findings properties in JSON and SARIF', () => {
    const report = emptyReport();
    mergeDependencyScan(report, scan);
    const text = renderReport(report, 'text');
    expect(text).toContain(
      'Dependencies: 64 packages in 3 lockfiles, 4 vulnerable; advisory database imported 2025-01-10 (5 days old, 63,233 advisories).',
    );
    expect(renderReport(report, 'text', { summaryOnly: true })).toContain('advisory database imported 2025-01-10');

    const json = JSON.parse(renderReport(report, 'json'));
    expect(json.dependencies.database).toEqual(IMPORTED);
    expect(json.findings[0].properties.advisories).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-29mw-wpgm-hmr9']);

    const sarif = JSON.parse(renderReport(report, 'sarif'));
    const validate = loadSarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0];
    expect(run.properties.advisoryDatabase).toEqual(IMPORTED);
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['dependency-vulnerability']);
    expect(run.tool.driver.rules[0].properties.tags).toEqual(['security', 'dependencies', 'CWE-1395']);
    expect(run.results[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'web/package-lock.json' },
      region: { startLine: 268 },
    });
    expect(run.results[0].properties).toMatchObject({
      severity: 'high',
      upgradeTo: '4.17.21',
      cwe: [77, 94, 400, 1333],
    });

    const html = renderReport(report, 'html');
    expect(html).toContain('<dt>Advisory database</dt><dd>imported 2025-01-10 (5 days old, 63,233 advisories)</dd>');
  });

  it('says when no advisory database was imported', async () => {
    const none = await scanDependencies({
      paths: [path.join(work, 'web')],
      root: work,
      advisories: knownAdvisorySource({ importedAt: null, ageDays: null, counts: {}, online: false }),
    });
    const report = emptyReport();
    mergeDependencyScan(report, none);
    expect(renderReport(report, 'text')).toContain(
      'advisory database none imported (run `ectus advisories import`), so no package was checked',
    );
  });
});
