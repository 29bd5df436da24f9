import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';
import type { AdvisoryDatabaseInfo, Dependency, DependencyVulnerability, Ecosystem } from './model.js';
import { type EcosystemOrders, ordersFor } from './osv/affected.js';
import { matchDependency } from './osv/match.js';
import { normalizePackageName } from './osv/names.js';
import {
  type AdvisoryManifest,
  advisoriesDir,
  type EcosystemIndex,
  fileIdentity,
  readIndex,
  readManifest,
  readRecords,
  StoreFormatError,
} from './osv/store.js';
import type { StoredAdvisory } from './osv/stored.js';

/** The local advisory database, as `ectus advisories import` left it. */
export interface AdvisoryDatabase {
  /** Import date, age and record counts, for every report. */
  info(): AdvisoryDatabaseInfo;
  /** The dependencies with at least one advisory, in input order, each with its advisories. */
  match(dependencies: Dependency[]): DependencyVulnerability[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from an ISO date to now (0 for a date in the future). */
export function ageInDays(iso: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));
}

/**
 * Database info from the manifest. The import date is the oldest of the ecosystems' dates, so
 * the age a report shows never understates how stale any part of the data is.
 */
export function manifestInfo(manifest: AdvisoryManifest, now: Date = new Date()): AdvisoryDatabaseInfo {
  const entries = Object.entries(manifest.ecosystems) as [
    Ecosystem,
    NonNullable<AdvisoryManifest['ecosystems'][Ecosystem]>,
  ][];
  const counts: AdvisoryDatabaseInfo['counts'] = {};
  for (const [ecosystem, entry] of entries) counts[ecosystem] = entry.records;
  const oldest = entries.map(([, e]) => e.importedAt).sort()[0] ?? null;
  return { importedAt: oldest, ageDays: oldest === null ? null : ageInDays(oldest, now), counts, online: false };
}

/** Reads one ecosystem's data file for a matching run, reloading its index after a re-import. */
class EcosystemReader {
  private index: EcosystemIndex | undefined;

  constructor(
    private readonly file: string,
    private readonly ecosystem: Ecosystem,
  ) {}

  /** Runs `use` with a lookup over the current file; the descriptor is closed afterwards. */
  withLookup<T>(use: (lookup: (name: string) => StoredAdvisory[]) => T): T {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (error) {
      // The manifest names the file, so its absence means the folder was changed by hand.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return use(() => []);
      throw new AppError('ECTUS_IO', `Cannot read the advisory database file ${this.file}.`, { cause: error });
    }
    try {
      if (this.index?.identity !== fileIdentity(fd)) this.index = readIndex(fd, this.ecosystem);
      const index = this.index;
      return use((name) => readRecords(fd, index, name));
    } catch (error) {
      if (error instanceof StoreFormatError) {
        throw new AppError(
          'ECTUS_IO',
          `The advisory database file ${path.basename(this.file)} is damaged (${error.message}); run \`ectus advisories import\` again.`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      closeSync(fd);
    }
  }
}

function matchEcosystem(
  deps: Dependency[],
  lookup: (name: string) => StoredAdvisory[],
  orders: EcosystemOrders,
  found: Map<Dependency, DependencyVulnerability>,
): void {
  const records = new Map<string, StoredAdvisory[]>();
  for (const dep of deps) {
    const name = normalizePackageName(dep.ecosystem, dep.name);
    let candidates = records.get(name);
    if (!candidates) {
      candidates = lookup(name);
      records.set(name, candidates);
    }
    if (candidates.length === 0) continue;
    const result = matchDependency(dep, candidates, orders);
    if (result) found.set(dep, { dependency: dep, ...result });
  }
}

/**
 * Opens the advisory database in `<dataDir>/advisories/`. Nothing is read beyond the small
 * manifest until `match` needs an ecosystem; an empty database (never imported) matches nothing
 * and reports `importedAt: null`.
 *
 * @example
 * const db = await openAdvisoryDatabase(dataDir());
 * const vulnerable = db.match(lockfile.dependencies);
 * db.info().ageDays; // 3
 */
export async function openAdvisoryDatabase(dataDir: string): Promise<AdvisoryDatabase> {
  const dir = advisoriesDir(dataDir);
  const manifest = await readManifest(dir);
  const readers = new Map<Ecosystem, EcosystemReader>();
  for (const [ecosystem, entry] of Object.entries(manifest.ecosystems) as [Ecosystem, { file: string }][]) {
    readers.set(ecosystem, new EcosystemReader(path.join(dir, entry.file), ecosystem));
  }
  return {
    info: () => manifestInfo(manifest),
    match(dependencies) {
      const byEcosystem = new Map<Ecosystem, Dependency[]>();
      for (const dep of dependencies) {
        const list = byEcosystem.get(dep.ecosystem);
        if (list) list.push(dep);
        else byEcosystem.set(dep.ecosystem, [dep]);
      }
      const found = new Map<Dependency, DependencyVulnerability>();
      for (const [ecosystem, deps] of byEcosystem) {
        const reader = readers.get(ecosystem);
        reader?.withLookup((lookup) => matchEcosystem(deps, lookup, ordersFor(ecosystem), found));
      }
      return dependencies.filter((dep) => found.has(dep)).map((dep) => found.get(dep)!);
    },
  };
}
