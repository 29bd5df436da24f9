import { AppError } from '../../../errors.js';
import type { AdvisoryDatabaseInfo, Dependency, DependencyVulnerability, Ecosystem } from '../model.js';
import { ordersFor } from './affected.js';
import { matchDependency } from './match.js';
import { type OsvRecord, osvRecordSchema } from './schema.js';
import { toStoredAdvisories } from './stored.js';

/**
 * `--online`: asks the OSV API (osv.dev) instead of the local database. Dependencies go to
 * `POST /v1/querybatch` in batches of up to 1,000 (the API's limit), following `next_page_token`
 * for packages with many advisories; the full records then come from `GET /v1/vulns/{id}`. The
 * API decides which records affect each version; Ectus merges aliases, scores and works out the
 * fixed versions and upgrade exactly as for local data. Every request has a timeout; any failure
 * to get an answer is one error, ECTUS_OSV_UNREACHABLE.
 */

export const OSV_API_URL = 'https://api.osv.dev';

export interface OsvOnlineOptions {
  /** The API's base URL (tests and mirrors); default `https://api.osv.dev`. */
  baseUrl?: string;
  /** Per request, in milliseconds; default 20,000. */
  timeoutMs?: number;
  /** Queries per batch, at most 1,000. */
  batchSize?: number;
  /** Record downloads in flight at once; default 8. */
  concurrency?: number;
  /** The fetch implementation (tests); default the global one. */
  fetch?: typeof fetch;
}

interface Settings {
  baseUrl: string;
  timeoutMs: number;
  batchSize: number;
  concurrency: number;
  fetch: typeof fetch;
}

interface BatchQuery {
  package: { name: string; ecosystem: string };
  version: string;
  page_token?: string;
}

interface BatchResult {
  vulns?: { id: string; modified?: string }[];
  next_page_token?: string;
}

/** After this many pages for one package the answer is taken as complete (a runaway token). */
const MAX_PAGES = 50;

function settingsOf(options: OsvOnlineOptions): Settings {
  return {
    baseUrl: (options.baseUrl ?? OSV_API_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 20_000,
    batchSize: Math.min(1000, Math.max(1, options.batchSize ?? 1000)),
    concurrency: Math.max(1, options.concurrency ?? 8),
    fetch: options.fetch ?? fetch,
  };
}

function unreachable(settings: Settings, reason: string, cause?: unknown): AppError {
  return new AppError(
    'ECTUS_OSV_UNREACHABLE',
    `The OSV API at ${settings.baseUrl} could not be used (${reason}). Check the network connection and proxy, or scan without --online to use the local advisory database (ectus advisories import).`,
    cause === undefined ? {} : { cause },
  );
}

function describeFailure(error: unknown, settings: Settings): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${settings.timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

async function request(settings: Settings, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await settings.fetch(`${settings.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    throw unreachable(settings, describeFailure(error, settings), error);
  }
  try {
    if (!response.ok)
      throw unreachable(settings, `${path.split('/').slice(0, 3).join('/')} answered HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreachable(settings, `an answer that is not JSON (${describeFailure(error, settings)})`, error);
  }
}

function queryOf(dep: Dependency): BatchQuery {
  return { package: { name: dep.name, ecosystem: dep.ecosystem }, version: dep.version };
}

/** Ids of the advisories of each query, following pagination until every query is complete. */
async function queryIds(settings: Settings, queries: BatchQuery[]): Promise<Set<string>[]> {
  const ids = queries.map(() => new Set<string>());
  let pending = queries.map((query, index) => ({ index, query }));
  for (let page = 0; pending.length > 0 && page < MAX_PAGES; page++) {
    const next: typeof pending = [];
    for (let start = 0; start < pending.length; start += settings.batchSize) {
      const batch = pending.slice(start, start + settings.batchSize);
      // Batches go one after another: the API limits concurrent requests, and few projects need more than one.
      const answer = (await request(settings, '/v1/querybatch', { queries: batch.map((b) => b.query) })) as {
        results?: BatchResult[];
      };
      const results = answer.results ?? [];
      if (results.length !== batch.length) throw unreachable(settings, 'a batch answer of the wrong length');
      results.forEach((result, i) => {
        const { index, query } = batch[i]!;
        for (const vuln of result.vulns ?? []) if (typeof vuln.id === 'string') ids[index]!.add(vuln.id);
        if (result.next_page_token) next.push({ index, query: { ...query, page_token: result.next_page_token } });
      });
    }
    pending = next;
  }
  return ids;
}

/** Downloads the records, a few at a time; withdrawn and malformed records are left out. */
async function fetchRecords(settings: Settings, ids: string[]): Promise<Map<string, OsvRecord>> {
  const records = new Map<string, OsvRecord>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const parsed = osvRecordSchema.safeParse(await request(settings, `/v1/vulns/${encodeURIComponent(id)}`));
      if (parsed.success && !parsed.data.withdrawn) records.set(id, parsed.data);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, ids.length) }, worker));
  return records;
}

function dependencyKey(dep: Dependency): string {
  return `${dep.ecosystem}\u0000${dep.name}\u0000${dep.version}`;
}

/** An advisory source backed by the OSV API (the shape `ectus scan` uses for the local database too). */
export interface OnlineAdvisorySource {
  info(): AdvisoryDatabaseInfo;
  match(dependencies: Dependency[]): Promise<DependencyVulnerability[]>;
}

/**
 * Creates the `--online` advisory source. `info()` reports `online: true`, the time of the last
 * query as the import date (age 0) and the number of records fetched per ecosystem.
 *
 * @example
 * const source = createOnlineAdvisorySource({ timeoutMs: 10_000 });
 * const vulnerable = await source.match(lockfile.dependencies);
 */
export function createOnlineAdvisorySource(options: OsvOnlineOptions = {}): OnlineAdvisorySource {
  const settings = settingsOf(options);
  let queriedAt: string | null = null;
  const counts: AdvisoryDatabaseInfo['counts'] = {};
  return {
    info: () => ({
      importedAt: queriedAt,
      ageDays: queriedAt === null ? null : 0,
      counts: { ...counts },
      online: true,
    }),
    async match(dependencies) {
      const unique = new Map<string, Dependency>();
      for (const dep of dependencies) if (!unique.has(dependencyKey(dep))) unique.set(dependencyKey(dep), dep);
      const deps = [...unique.values()];
      const idsPerDep = await queryIds(settings, deps.map(queryOf));
      const records = await fetchRecords(settings, [...new Set(idsPerDep.flatMap((ids) => [...ids]))].sort());
      queriedAt = new Date().toISOString();
      const seen = new Map<Ecosystem, Set<string>>();
      const results = new Map<string, Omit<DependencyVulnerability, 'dependency'>>();
      deps.forEach((dep, i) => {
        const stored = [...idsPerDep[i]!]
          .map((id) => records.get(id))
          .flatMap((record) => (record ? [toStoredAdvisories(record).get(dep.ecosystem)] : []))
          .filter((advisory) => advisory !== undefined);
        for (const advisory of stored) {
          const ids = seen.get(dep.ecosystem) ?? new Set<string>();
          ids.add(advisory.id);
          seen.set(dep.ecosystem, ids);
        }
        const result = matchDependency(dep, stored, ordersFor(dep.ecosystem), { trustRecords: true });
        if (result) results.set(dependencyKey(dep), result);
      });
      for (const [ecosystem, ids] of seen) counts[ecosystem] = ids.size;
      return dependencies.flatMap((dep) => {
        const result = results.get(dependencyKey(dep));
        return result ? [{ dependency: dep, ...result }] : [];
      });
    },
  };
}
