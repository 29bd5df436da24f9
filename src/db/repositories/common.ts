/** Shared by the repositories: id checks and page bounds. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` can be a row id. Lookups by id return "not found" for anything else instead of
 * letting PostgreSQL reject the cast (which would surface as a server error for a bad URL).
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface PageRequest {
  /** Rows to return, 1 to `MAX_PAGE_SIZE` (default 50). */
  limit?: number;
  /** Rows to skip (default 0). */
  offset?: number;
}

export const MAX_PAGE_SIZE = 500;

/** `limit`/`offset` clamped to sane whole numbers. */
export function pageBounds(page: PageRequest = {}): { limit: number; offset: number } {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(page.limit ?? 50)));
  const offset = Math.max(0, Math.trunc(page.offset ?? 0));
  return { limit: Number.isFinite(limit) ? limit : 50, offset: Number.isFinite(offset) ? offset : 0 };
}
