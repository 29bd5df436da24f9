import { z } from 'zod';

/** Schemas shared by the resource routes: ids in paths, offset paging. */

/**
 * An id in a path. Not checked as a UUID here: the repositories answer "not found" for anything
 * that cannot be an id, so a malformed id and an unknown one get the same 404.
 */
export const idParam = z.string().min(1).max(200);

export const MAX_API_PAGE = 200;

/** `?limit=&offset=` (limit 1-200, default 50). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_API_PAGE).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** An offset page of `item`: `nextOffset` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    nextOffset: z.number().int().nullable(),
  });
}

/**
 * A page from rows fetched with `limit + 1`: the extra row (dropped) says whether a next page
 * exists, so no separate count query is needed.
 */
export function offsetPage<T>(rows: readonly T[], page: { limit: number; offset: number }) {
  const more = rows.length > page.limit;
  return {
    items: more ? rows.slice(0, page.limit) : [...rows],
    limit: page.limit,
    offset: page.offset,
    nextOffset: more ? page.offset + page.limit : null,
  };
}

/** A role's name as sent in bodies (checked against the role catalog by the route). */
export const roleName = z.string().trim().min(1).max(64);
