import { parseCvss } from '../cvss.js';
import type { AdvisoryMatch, CvssScore, Dependency } from '../model.js';
import { type EcosystemOrders, entryAffects, fixedVersions } from './affected.js';
import { normalizePackageName } from './names.js';
import type { StoredAdvisory, StoredAffected } from './stored.js';

/** A record that affects the dependency, with its entries for the dependency's package. */
interface Hit {
  record: StoredAdvisory;
  entries: StoredAffected[];
}

export interface MatchOptions {
  /**
   * Keep every record that names the package even when local range evaluation says the version
   * is not affected: the OSV API has already decided (and may read ranges Ectus skips).
   */
  trustRecords?: boolean;
}

export interface DependencyMatch {
  advisories: AdvisoryMatch[];
  upgradeTo?: string;
}

/** Groups records that share an id or alias (a GHSA and the PYSEC or GO record of one CVE). */
function groupByAlias(hits: Hit[]): Hit[][] {
  const parent = hits.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    parent[i] = root;
    return root;
  };
  const owner = new Map<string, number>();
  hits.forEach((hit, i) => {
    for (const id of [hit.record.id, ...hit.record.aliases]) {
      const other = owner.get(id);
      if (other === undefined) owner.set(id, i);
      else parent[find(i)] = find(other);
    }
  });
  const groups = new Map<number, Hit[]>();
  hits.forEach((hit, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(hit);
    else groups.set(root, [hit]);
  });
  return [...groups.values()];
}

/** The id a merged finding goes by: a GitHub advisory id when one of the records is one, else the first record's. */
function primaryRecord(group: Hit[]): StoredAdvisory {
  const records = group.map((h) => h.record).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return records.find((r) => r.id.startsWith('GHSA-')) ?? records[0]!;
}

const VERSION_RANK: Record<CvssScore['version'], number> = { '4.0': 3, '3.1': 2, '3.0': 1 };

/** Scores by vector: advisories share a few hundred distinct vectors, so each is computed once. */
const cvssCache = new Map<string, CvssScore | null>();

function cachedCvss(vector: string): CvssScore | null {
  let score = cvssCache.get(vector);
  if (score === undefined) {
    // Bounded, so a long-running server cannot grow it without limit.
    if (cvssCache.size >= 10_000) cvssCache.clear();
    score = parseCvss(vector);
    cvssCache.set(vector, score);
  }
  // A copy, so a caller changing its result cannot change the cache.
  return score === null ? null : { ...score };
}

/** The newest CVSS version any record gives, preferring the primary record's vector at equal version. */
function bestCvss(group: Hit[], primary: StoredAdvisory): CvssScore | undefined {
  let best: CvssScore | undefined;
  const ordered = [primary, ...group.map((h) => h.record).filter((r) => r !== primary)];
  for (const record of ordered) {
    const hit = group.find((h) => h.record === record)!;
    for (const entry of [...record.severity, ...hit.entries.flatMap((e) => e.severity ?? [])]) {
      const score = cachedCvss(entry.score);
      if (score && (!best || VERSION_RANK[score.version] > VERSION_RANK[best.version])) best = score;
    }
  }
  return best;
}

const DATABASE_SEVERITY: Record<string, AdvisoryMatch['severity']> = {
  LOW: 'low',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

function databaseSeverity(group: Hit[], primary: StoredAdvisory): AdvisoryMatch['severity'] | undefined {
  for (const record of [primary, ...group.map((h) => h.record)]) {
    const rating = record.databaseSeverity?.toUpperCase();
    if (rating && DATABASE_SEVERITY[rating]) return DATABASE_SEVERITY[rating];
  }
  return undefined;
}

function groupAffects(group: Hit[], version: string, orders: EcosystemOrders): boolean {
  return group.some((hit) => hit.entries.some((entry) => entryAffects(entry, version, orders)));
}

/** `fixed` versions above the installed one, smallest first. */
function candidatesAbove(groups: Hit[][], installed: string, orders: EcosystemOrders): string[] {
  const order = orders.ecosystem;
  const current = order.parse(installed);
  const parsed = new Map<string, unknown>();
  for (const hit of groups.flat()) {
    for (const text of hit.entries.flatMap(fixedVersions)) {
      const version = order.parse(text);
      if (version !== null && (current === null || order.compare(version, current) > 0)) parsed.set(text, version);
    }
  }
  return [...parsed.entries()].sort((a, b) => order.compare(a[1], b[1])).map(([text]) => text);
}

/** The smallest candidate that none of the groups affects. */
function firstUnaffected(candidates: string[], groups: Hit[][], orders: EcosystemOrders): string | undefined {
  // The group that rules out one candidate usually rules out the next (its fix is further up), so
  // it is tried first: packages with hundreds of advisories then cost about one check per candidate.
  const order = [...groups];
  return candidates.find((candidate) => {
    const blocking = order.findIndex((group) => groupAffects(group, candidate, orders));
    if (blocking > 0) order.unshift(...order.splice(blocking, 1));
    return blocking === -1;
  });
}

function toAdvisoryMatch(group: Hit[], dep: Dependency, orders: EcosystemOrders): AdvisoryMatch {
  const primary = primaryRecord(group);
  const ids = new Set<string>();
  for (const hit of group) for (const id of [hit.record.id, ...hit.record.aliases]) ids.add(id);
  ids.delete(primary.id);
  const summary = primary.summary || group.map((h) => h.record.summary).find(Boolean) || '';
  const modified = group
    .map((h) => h.record.modified)
    .sort()
    .at(-1)!;
  const cvss = bestCvss(group, primary);
  const severity = cvss?.severity ?? databaseSeverity(group, primary);
  const fixed = firstUnaffected(candidatesAbove([group], dep.version, orders), [group], orders);
  const cwes = [...new Set(group.flatMap((h) => h.record.cwes ?? []))].sort((a, b) => a - b);
  return {
    id: primary.id,
    aliases: [...ids].sort(),
    summary,
    ...(cvss ? { cvss } : {}),
    ...(severity ? { severity } : {}),
    ...(fixed ? { fixed: orders.ecosystem.scheme.display(fixed) } : {}),
    modified,
    ...(cwes.length > 0 ? { cwes } : {}),
  };
}

function byScoreThenId(a: AdvisoryMatch, b: AdvisoryMatch): number {
  const scoreOrder = (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1);
  return scoreOrder !== 0 ? scoreOrder : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Matches one dependency against the records stored under its package name: keeps the records
 * whose ranges or version lists include the installed version, merges records that share an id
 * or alias into one finding, scores it (CVSS, else the database's rating), and works out the
 * smallest fixed version of each finding and the smallest upgrade that fixes all of them (a
 * `fixed` version above the installed one that no finding affects). Null when nothing matches.
 */
export function matchDependency(
  dep: Dependency,
  records: readonly StoredAdvisory[],
  orders: EcosystemOrders,
  options: MatchOptions = {},
): DependencyMatch | null {
  const name = normalizePackageName(dep.ecosystem, dep.name);
  const hits: Hit[] = [];
  for (const record of records) {
    const entries = record.affected.filter((entry) => entry.name === name);
    if (entries.length === 0) continue;
    if (options.trustRecords || entries.some((entry) => entryAffects(entry, dep.version, orders))) {
      hits.push({ record, entries });
    }
  }
  if (hits.length === 0) return null;
  const groups = groupByAlias(hits);
  const advisories = groups.map((group) => toAdvisoryMatch(group, dep, orders)).sort(byScoreThenId);
  const upgradeTo = firstUnaffected(candidatesAbove(groups, dep.version, orders), groups, orders);
  return { advisories, ...(upgradeTo ? { upgradeTo: orders.ecosystem.scheme.display(upgradeTo) } : {}) };
}
