import { parseCvss } from '../cvss.js';
import type { AdvisoryDatabaseInfo, AdvisoryMatch, Dependency, DependencyVulnerability } from '../model.js';
import type { AdvisorySource } from '../scan-dependencies.js';

/**
 * Real advisories (GitHub advisory database, as OSV publishes them: ids, aliases, summaries, CVSS
 * vectors, CWEs and fixed versions) for packages the npm fixture project pins, already resolved to
 * the versions they affect. Tests of the reporting side use this source so they do not depend on
 * the advisory matcher and its data.
 */
interface KnownAdvisory {
  id: string;
  aliases: string[];
  summary: string;
  vector: string;
  cwes: number[];
  modified: string;
  /** Package name to affected version to the fixed version for that line. */
  affects: Record<string, Record<string, string>>;
}

export const KNOWN_ADVISORIES: readonly KnownAdvisory[] = [
  {
    id: 'GHSA-35jh-r3h4-6jhm',
    aliases: ['CVE-2021-23337'],
    summary: 'Command Injection in lodash',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H',
    cwes: [77, 94],
    modified: '2024-03-11T18:30:07Z',
    affects: { lodash: { '4.17.20': '4.17.21' } },
  },
  {
    id: 'GHSA-29mw-wpgm-hmr9',
    aliases: ['CVE-2020-28500'],
    summary: 'Regular Expression Denial of Service (ReDoS) in lodash',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L',
    cwes: [400, 1333],
    modified: '2024-02-12T19:34:54Z',
    affects: { lodash: { '4.17.20': '4.17.21' } },
  },
  {
    id: 'GHSA-xvch-5gv4-984h',
    aliases: ['CVE-2021-44906'],
    summary: 'Prototype Pollution in minimist',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cwes: [1321],
    modified: '2024-06-21T21:33:49Z',
    affects: { minimist: { '1.2.5': '1.2.6', '0.0.10': '0.2.4' } },
  },
  {
    id: 'GHSA-vh95-rmgr-6w4m',
    aliases: ['CVE-2020-7598'],
    summary: 'Prototype Pollution in minimist',
    vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L',
    cwes: [1321],
    modified: '2023-09-13T17:14:03Z',
    affects: { minimist: { '0.0.10': '0.2.1' } },
  },
  {
    id: 'GHSA-hrpp-h998-j3pp',
    aliases: ['CVE-2022-24999'],
    summary: 'qs vulnerable to Prototype Pollution',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
    cwes: [1321],
    modified: '2024-04-15T20:25:08Z',
    affects: { qs: { '6.7.0': '6.7.3' } },
  },
];

function matchOf(advisory: KnownAdvisory, fixed: string): AdvisoryMatch {
  const cvss = parseCvss(advisory.vector);
  return {
    id: advisory.id,
    aliases: advisory.aliases,
    summary: advisory.summary,
    ...(cvss ? { cvss } : {}),
    fixed,
    modified: advisory.modified,
    cwes: advisory.cwes,
  };
}

/** The largest of the fixed versions (all plain x.y.z here), which fixes every advisory listed. */
function highest(versions: readonly string[]): string | undefined {
  const key = (v: string) =>
    v
      .split('.')
      .map((n) => n.padStart(6, '0'))
      .join('.');
  return [...versions].sort((a, b) => (key(a) < key(b) ? 1 : -1))[0];
}

/** An advisory source over KNOWN_ADVISORIES (npm only), reporting the given database info. */
export function knownAdvisorySource(info: AdvisoryDatabaseInfo): AdvisorySource {
  return {
    info: () => info,
    match(dependencies: Dependency[]): DependencyVulnerability[] {
      const out: DependencyVulnerability[] = [];
      for (const dependency of dependencies) {
        if (dependency.ecosystem !== 'npm') continue;
        const advisories = KNOWN_ADVISORIES.flatMap((advisory) => {
          const fixed = advisory.affects[dependency.name]?.[dependency.version];
          return fixed ? [matchOf(advisory, fixed)] : [];
        });
        if (advisories.length === 0) continue;
        const upgradeTo = highest(advisories.map((a) => a.fixed as string));
        out.push({ dependency, advisories, ...(upgradeTo ? { upgradeTo } : {}) });
      }
      return out;
    },
  };
}
