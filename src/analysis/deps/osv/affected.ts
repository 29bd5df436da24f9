import type { Ecosystem } from '../model.js';
import { goScheme } from '../versions/go.js';
import { semverScheme, type VersionScheme, versionScheme } from '../versions/index.js';
import type { OsvEvent } from './schema.js';
import type { StoredAffected } from './stored.js';

/**
 * A version scheme with caches for one matching run: each version string is parsed once and each
 * range's events are sorted once.
 */
export interface VersionOrder {
  readonly scheme: VersionScheme;
  parse(text: string): unknown | null;
  compare(a: unknown, b: unknown): number;
  /** Sorted events of a range, keyed by the events array itself. */
  readonly sorted: WeakMap<readonly OsvEvent[], SortedEvent[]>;
}

export function createVersionOrder(scheme: VersionScheme): VersionOrder {
  const cache = new Map<string, unknown>();
  return {
    scheme,
    sorted: new WeakMap(),
    parse(text) {
      const hit = cache.get(text);
      if (hit !== undefined || cache.has(text)) return hit ?? null;
      const parsed = scheme.parse(text);
      cache.set(text, parsed);
      return parsed;
    },
    compare: (a, b) => scheme.compareParsed(a, b),
  };
}

/** The orders one ecosystem's ranges use: its own for `ECOSYSTEM`, semver for `SEMVER`. */
export interface EcosystemOrders {
  ecosystem: VersionOrder;
  semver: VersionOrder;
}

export function ordersFor(ecosystem: Ecosystem): EcosystemOrders {
  const own = createVersionOrder(versionScheme(ecosystem));
  // Go's scheme is semver that also reads `v1.2.3` and `go1.21`; OSV writes Go ranges as SEMVER.
  const semver = ecosystem === 'Go' ? createVersionOrder(goScheme) : createVersionOrder(semverScheme);
  return { ecosystem: own, semver: ecosystem === 'npm' ? own : semver };
}

type Kind = 'introduced' | 'fixed' | 'last_affected';
export interface SortedEvent {
  kind: Kind;
  /** null for `introduced: "0"`, which precedes every version. */
  version: unknown | null;
}

const KIND_ORDER: Record<Kind, number> = { introduced: 0, last_affected: 1, fixed: 2 };

function sortedEvents(order: VersionOrder, events: readonly OsvEvent[]): SortedEvent[] {
  const cached = order.sorted.get(events);
  if (cached) return cached;
  const sorted = sortEvents(order, events);
  order.sorted.set(events, sorted);
  return sorted;
}

function sortEvents(order: VersionOrder, events: readonly OsvEvent[]): SortedEvent[] {
  const sorted: SortedEvent[] = [];
  for (const event of events) {
    const [kind, text] =
      event.introduced !== undefined
        ? (['introduced', event.introduced] as const)
        : event.fixed !== undefined
          ? (['fixed', event.fixed] as const)
          : event.last_affected !== undefined
            ? (['last_affected', event.last_affected] as const)
            : ([null, ''] as const);
    if (kind === null) continue;
    if (kind === 'introduced' && text === '0') {
      sorted.push({ kind, version: null });
      continue;
    }
    const version = order.parse(text);
    // An event whose version this ecosystem cannot read says nothing usable; skip it.
    if (version !== null) sorted.push({ kind, version });
  }
  return sorted.sort((a, b) => {
    if (a.version === null || b.version === null) return a.version === b.version ? 0 : a.version === null ? -1 : 1;
    return order.compare(a.version, b.version) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  });
}

/** OSV `limit` events: the range covers only versions below some limit (`*` means none). */
function belowLimits(order: VersionOrder, version: unknown, events: readonly OsvEvent[]): boolean {
  const limits = events.filter((e) => e.limit !== undefined).map((e) => e.limit!);
  if (limits.length === 0) return true;
  return limits.some((limit) => {
    if (limit === '*') return true;
    const parsed = order.parse(limit);
    return parsed !== null && order.compare(version, parsed) < 0;
  });
}

/**
 * Whether a range's events include a version, as the OSV schema's evaluation algorithm defines
 * it: walk the events in version order; `introduced` at or below the version opens, `fixed` at or
 * below it closes, `last_affected` below it closes. Gaps and several `introduced` events follow.
 */
export function rangeIncludes(order: VersionOrder, version: unknown, events: readonly OsvEvent[]): boolean {
  if (!belowLimits(order, version, events)) return false;
  let affected = false;
  for (const event of sortedEvents(order, events)) {
    const cmp = event.version === null ? 1 : order.compare(version, event.version);
    if (event.kind === 'introduced') {
      if (cmp >= 0) affected = true;
    } else if (event.kind === 'fixed') {
      if (cmp >= 0) affected = false;
    } else if (cmp > 0) {
      affected = false;
    }
  }
  return affected;
}

function listedVersionsInclude(entry: StoredAffected, version: string, order: VersionOrder): boolean {
  if (entry.versions.includes(version)) return true;
  const parsed = order.parse(version);
  if (parsed === null) return false;
  // `1.0` and `1.0.0` are the same PyPI (and Maven) version though the strings differ.
  return entry.versions.some((listed) => {
    const other = order.parse(listed);
    return other !== null && order.compare(parsed, other) === 0;
  });
}

/** Whether an `affected[]` entry covers a version, through its `versions` list or its ranges. */
export function entryAffects(entry: StoredAffected, version: string, orders: EcosystemOrders): boolean {
  if (listedVersionsInclude(entry, version, orders.ecosystem)) return true;
  for (const range of entry.ranges) {
    const order = range.type === 'SEMVER' ? orders.semver : orders.ecosystem;
    const parsed = order.parse(version);
    if (parsed !== null && rangeIncludes(order, parsed, range.events)) return true;
  }
  return false;
}

/** Every `fixed` version an entry names. */
export function fixedVersions(entry: StoredAffected): string[] {
  const fixed: string[] = [];
  for (const range of entry.ranges) {
    for (const event of range.events) if (event.fixed !== undefined) fixed.push(event.fixed);
  }
  return fixed;
}
