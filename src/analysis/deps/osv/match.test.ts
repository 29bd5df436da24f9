import { describe, expect, it } from 'vitest';
import type { Ecosystem } from '../model.js';
import { ordersFor } from './affected.js';
import { matchDependency } from './match.js';
import type { StoredAdvisory } from './stored.js';
import { toStoredAdvisories } from './stored.js';
import { dependency, loadRecord } from './test-support/fixtures.js';

function stored(ecosystem: Ecosystem, ...ids: string[]): StoredAdvisory[] {
  return ids.map((id) => toStoredAdvisories(loadRecord(id)).get(ecosystem)!);
}

function match(ecosystem: Ecosystem, name: string, version: string, ...ids: string[]) {
  return matchDependency(dependency(ecosystem, name, version), stored(ecosystem, ...ids), ordersFor(ecosystem));
}

describe('matchDependency', () => {
  it('reports lodash prototype pollution with its CVSS score, CWEs and fix', () => {
    const result = match('npm', 'lodash', '4.17.15', 'GHSA-p6mc-m468-83gw');
    expect(result).toEqual({
      advisories: [
        {
          id: 'GHSA-p6mc-m468-83gw',
          aliases: ['CVE-2020-8203'],
          summary: 'Prototype Pollution in lodash',
          cvss: {
            version: '3.1',
            vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H',
            score: 7.4,
            severity: 'high',
          },
          severity: 'high',
          fixed: '4.17.19',
          modified: '2024-02-16T08:18:39Z',
          cwes: [770, 1321],
        },
      ],
      upgradeTo: '4.17.19',
    });
    expect(match('npm', 'lodash', '4.17.19', 'GHSA-p6mc-m468-83gw')).toBeNull();
    expect(match('npm', 'lodash', '3.6.0', 'GHSA-p6mc-m468-83gw')).toBeNull();
  });

  it('takes the fix of the branch the version is on (minimist 0.x and 1.x)', () => {
    expect(match('npm', 'minimist', '0.0.10', 'GHSA-xvch-5gv4-984h')?.advisories[0]?.fixed).toBe('0.2.4');
    expect(match('npm', 'minimist', '1.2.5', 'GHSA-xvch-5gv4-984h')?.advisories[0]?.fixed).toBe('1.2.6');
    // The gap between the two branches is not affected.
    expect(match('npm', 'minimist', '0.2.4', 'GHSA-xvch-5gv4-984h')).toBeNull();
    expect(match('npm', 'minimist', '0.9.0', 'GHSA-xvch-5gv4-984h')).toBeNull();
  });

  it('finds the smallest upgrade that fixes every advisory, skipping fixes that are still affected', () => {
    const result = match('npm', 'minimist', '1.2.0', 'GHSA-xvch-5gv4-984h', 'GHSA-vh95-rmgr-6w4m');
    expect(result?.advisories.map((a) => [a.id, a.fixed])).toEqual([
      ['GHSA-xvch-5gv4-984h', '1.2.6'],
      ['GHSA-vh95-rmgr-6w4m', '1.2.3'],
    ]);
    // 1.2.3 fixes CVE-2020-7598 but is still affected by CVE-2021-44906.
    expect(result?.upgradeTo).toBe('1.2.6');
    const old = match('npm', 'minimist', '0.0.8', 'GHSA-xvch-5gv4-984h', 'GHSA-vh95-rmgr-6w4m');
    expect(old?.upgradeTo).toBe('0.2.4');
  });

  it('reports last_affected advisories without a fix or an upgrade', () => {
    const result = match('npm', 'request', '2.88.2', 'GHSA-p8p7-x288-28g6');
    expect(result?.advisories[0]).toMatchObject({ id: 'GHSA-p8p7-x288-28g6', cwes: [918] });
    expect(result?.advisories[0]?.fixed).toBeUndefined();
    expect(result?.upgradeTo).toBeUndefined();
    // The same record fixes @cypress/request in 3.0.0.
    expect(match('npm', '@cypress/request', '2.88.12', 'GHSA-p8p7-x288-28g6')?.upgradeTo).toBe('3.0.0');
  });

  it('merges records that share a CVE into one finding under the GitHub id (PyPI)', () => {
    const result = match('PyPI', 'urllib3', '2.0.4', 'PYSEC-2023-192', 'GHSA-v845-jxx5-vc9f');
    expect(result?.advisories).toHaveLength(1);
    expect(result?.advisories[0]).toMatchObject({
      id: 'GHSA-v845-jxx5-vc9f',
      aliases: ['CVE-2023-43804', 'PYSEC-2023-192'],
      summary: "`Cookie` HTTP header isn't stripped on cross-origin redirects",
      fixed: '2.0.6',
      modified: '2024-09-25T20:47:30Z',
      cvss: { score: 5.7, version: '3.1' },
    });
  });

  it('merges a Go advisory with its GitHub twin and upgrades a pseudo-version past every fix', () => {
    const result = match(
      'Go',
      'golang.org/x/text',
      'v0.0.0-20170915032832-14c0d48ead0c',
      'GO-2020-0015',
      'GHSA-5rcv-m4m3-hfh7',
      'GO-2021-0113',
      'GO-2022-1059',
    );
    expect(result?.advisories.map((a) => a.id).sort()).toEqual(['GHSA-5rcv-m4m3-hfh7', 'GO-2021-0113', 'GO-2022-1059']);
    const merged = result?.advisories.find((a) => a.id === 'GHSA-5rcv-m4m3-hfh7');
    expect(merged?.aliases).toEqual(['CVE-2020-14040', 'GO-2020-0015']);
    expect(merged?.fixed).toBe('v0.3.3');
    expect(result?.upgradeTo).toBe('v0.3.8');
    // Records without any severity stay unscored rather than guessed.
    const unscored = result?.advisories.find((a) => a.id === 'GO-2021-0113');
    expect(unscored?.cvss).toBeUndefined();
    expect(unscored?.severity).toBeUndefined();
  });

  it('matches crates with gaps between fixed branches (tokio)', () => {
    expect(match('crates.io', 'tokio', '1.8.3', 'RUSTSEC-2021-0124')?.upgradeTo).toBe('1.8.4');
    expect(match('crates.io', 'tokio', '1.8.5', 'RUSTSEC-2021-0124')).toBeNull();
    expect(match('crates.io', 'tokio', '1.12.0', 'RUSTSEC-2021-0124')?.advisories[0]).toMatchObject({
      id: 'RUSTSEC-2021-0124',
      aliases: ['CVE-2021-45710', 'GHSA-fg7r-2g4j-5cgr'],
      fixed: '1.13.1',
    });
    expect(match('crates.io', 'tokio', '0.1.13', 'RUSTSEC-2021-0124')).toBeNull();
  });

  it('matches Maven coordinates on each of log4j 2 branches', () => {
    const name = 'org.apache.logging.log4j:log4j-core';
    expect(match('Maven', name, '2.14.1', 'GHSA-jfh8-c2jp-5v3q')?.advisories[0]).toMatchObject({
      fixed: '2.15.0',
      severity: 'critical',
      cvss: { score: 10 },
    });
    expect(match('Maven', name, '2.12.1', 'GHSA-jfh8-c2jp-5v3q')?.upgradeTo).toBe('2.12.2');
    expect(match('Maven', name, '2.0-beta9', 'GHSA-jfh8-c2jp-5v3q')?.upgradeTo).toBe('2.3.1');
    expect(match('Maven', name, '2.12.2', 'GHSA-jfh8-c2jp-5v3q')).toBeNull();
    expect(match('Maven', name, '2.0-beta8', 'GHSA-jfh8-c2jp-5v3q')).toBeNull();
  });

  it('falls back to the database rating when a record has no CVSS vector', () => {
    const record = stored('npm', 'GHSA-vh95-rmgr-6w4m')[0]!;
    const unscored: StoredAdvisory = { ...record, severity: [] };
    const result = matchDependency(dependency('npm', 'minimist', '1.2.0'), [unscored], ordersFor('npm'));
    expect(result?.advisories[0]?.cvss).toBeUndefined();
    expect(result?.advisories[0]?.severity).toBe('medium');
  });

  it('keeps records the OSV API reported even when local evaluation disagrees', () => {
    const records = stored('npm', 'GHSA-p6mc-m468-83gw');
    const dep = dependency('npm', 'lodash', '4.17.21');
    expect(matchDependency(dep, records, ordersFor('npm'))).toBeNull();
    expect(matchDependency(dep, records, ordersFor('npm'), { trustRecords: true })?.advisories).toHaveLength(1);
  });
});
