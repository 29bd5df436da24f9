import type { Ecosystem } from '../model.js';
import { ecosystemOf, normalizePackageName } from './names.js';
import type { OsvEvent, OsvRecord, OsvSeverity } from './schema.js';

/** A range kept for matching: GIT ranges are dropped, since lockfiles name versions, not commits. */
export interface StoredRange {
  type: 'SEMVER' | 'ECOSYSTEM';
  events: OsvEvent[];
}

/** One `affected[]` entry of one ecosystem, keyed by the normalised package name. */
export interface StoredAffected {
  /** Normalised (see normalizePackageName). */
  name: string;
  ranges: StoredRange[];
  versions: string[];
  /** Per-package CVSS vectors, when the record puts severity there rather than at the top. */
  severity?: OsvSeverity[];
}

/**
 * The compact form of an OSV record that the advisory store keeps for one ecosystem: what
 * matching and reporting need, nothing else (no details text, references or credits).
 */
export interface StoredAdvisory {
  id: string;
  aliases: string[];
  summary: string;
  modified: string;
  published?: string;
  /** CVSS vectors (`CVSS_V3`, `CVSS_V4` entries) of the record. */
  severity: OsvSeverity[];
  /** The database's own rating (`database_specific.severity` of GitHub advisories: LOW ... CRITICAL). */
  databaseSeverity?: string;
  /** CWE numbers from `database_specific.cwe_ids` (`CWE-1321` → 1321). */
  cwes?: number[];
  affected: StoredAffected[];
}

const SCORED_TYPES = new Set(['CVSS_V3', 'CVSS_V4']);

function cvssEntries(severity: OsvSeverity[] | undefined): OsvSeverity[] {
  return (severity ?? []).filter((s) => SCORED_TYPES.has(s.type)).map(({ type, score }) => ({ type, score }));
}

/** A summary line: the record's own, else the first line of its details, shortened. */
function summaryOf(record: OsvRecord): string {
  const text = record.summary?.trim() || record.details?.trim().split('\n', 1)[0]?.trim() || '';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function storedRanges(ranges: NonNullable<OsvRecord['affected']>[number]['ranges']): StoredRange[] {
  const kept: StoredRange[] = [];
  for (const range of ranges ?? []) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    kept.push({ type: range.type, events: range.events.map((e) => ({ ...e })) });
  }
  return kept;
}

function cweNumbers(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const numbers = value.map((id) => (typeof id === 'string' ? /^CWE-(\d+)$/i.exec(id.trim())?.[1] : undefined));
  return [...new Set(numbers.filter((n) => n !== undefined).map(Number))].sort((a, b) => a - b);
}

/**
 * Splits a record into the compact advisory of each ecosystem it affects (most records affect
 * one). Returns an empty map for records of other ecosystems only.
 */
export function toStoredAdvisories(record: OsvRecord): Map<Ecosystem, StoredAdvisory> {
  const result = new Map<Ecosystem, StoredAdvisory>();
  const dbSeverity = record.database_specific?.severity;
  const cwes = cweNumbers(record.database_specific?.cwe_ids);
  for (const affected of record.affected ?? []) {
    const ecosystem = affected.package ? ecosystemOf(affected.package.ecosystem) : null;
    if (!ecosystem || !affected.package) continue;
    const ranges = storedRanges(affected.ranges);
    const versions = affected.versions ?? [];
    // An entry with GIT ranges only names commits: nothing a lockfile version can match.
    if (ranges.length === 0 && versions.length === 0) continue;
    let advisory = result.get(ecosystem);
    if (!advisory) {
      advisory = {
        id: record.id,
        aliases: [...new Set(record.aliases ?? [])].filter((a) => a !== record.id),
        summary: summaryOf(record),
        modified: record.modified,
        ...(record.published ? { published: record.published } : {}),
        severity: cvssEntries(record.severity),
        ...(typeof dbSeverity === 'string' ? { databaseSeverity: dbSeverity } : {}),
        ...(cwes.length > 0 ? { cwes } : {}),
        affected: [],
      };
      result.set(ecosystem, advisory);
    }
    const severity = cvssEntries(affected.severity);
    advisory.affected.push({
      name: normalizePackageName(ecosystem, affected.package.name),
      ranges,
      versions,
      ...(severity.length > 0 ? { severity } : {}),
    });
  }
  return result;
}
