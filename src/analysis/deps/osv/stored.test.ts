import { describe, expect, it } from 'vitest';
import { osvRecordSchema } from './schema.js';
import { toStoredAdvisories } from './stored.js';
import { loadRecord } from './test-support/fixtures.js';

describe('toStoredAdvisories', () => {
  it('keeps what matching and reports need from a GitHub record', () => {
    const stored = toStoredAdvisories(loadRecord('GHSA-xvch-5gv4-984h'));
    expect([...stored.keys()]).toEqual(['npm']);
    expect(stored.get('npm')).toEqual({
      id: 'GHSA-xvch-5gv4-984h',
      aliases: ['CVE-2021-44906'],
      summary: 'Prototype Pollution in minimist',
      modified: '2024-06-21T21:33:49Z',
      published: '2022-03-18T00:01:09Z',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      databaseSeverity: 'CRITICAL',
      cwes: [1321],
      affected: [
        {
          name: 'minimist',
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.2.4' }] }],
          versions: [],
        },
        {
          name: 'minimist',
          ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.2.6' }] }],
          versions: [],
        },
      ],
    });
  });

  it('drops GIT ranges, keeps version lists, and summarises from the details when there is no summary', () => {
    const pysec = toStoredAdvisories(loadRecord('PYSEC-2023-192')).get('PyPI')!;
    expect(pysec.summary).toMatch(/^urllib3 is a user-friendly HTTP client library for Python\./);
    expect(pysec.affected[0]?.ranges.map((r) => r.type)).toEqual(['ECOSYSTEM']);
    expect(pysec.affected[0]?.versions).toContain('2.0.5');
    const gitOnly = osvRecordSchema.parse({
      id: 'OSV-2023-1',
      modified: '2023-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'x' },
          ranges: [{ type: 'GIT', repo: 'https://e.org/x', events: [{ introduced: '0' }] }],
        },
      ],
    });
    expect(toStoredAdvisories(gitOnly).size).toBe(0);
  });

  it('splits a record over the ecosystems it names, normalising names, and keeps per-package severity', () => {
    const record = osvRecordSchema.parse({
      id: 'GHSA-2222-3333-4444',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['CVE-2024-0001', 'CVE-2024-0001', 'GHSA-2222-3333-4444'],
      future_field: { ignored: true },
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'Example_Pkg' },
          severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }],
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }],
        },
        { package: { ecosystem: 'npm', name: 'example-pkg' }, versions: ['0.1.0'] },
        { package: { ecosystem: 'Debian:12', name: 'example' }, versions: ['1'] },
      ],
    });
    const stored = toStoredAdvisories(record);
    expect([...stored.keys()]).toEqual(['PyPI', 'npm']);
    expect(stored.get('PyPI')?.aliases).toEqual(['CVE-2024-0001']);
    expect(stored.get('PyPI')?.affected[0]).toMatchObject({ name: 'example-pkg', severity: [{ type: 'CVSS_V4' }] });
    expect(stored.get('npm')?.affected).toEqual([{ name: 'example-pkg', ranges: [], versions: ['0.1.0'] }]);
  });
});
