import { z } from 'zod';
import { PERMISSIONS } from '../../../auth/rbac.js';
import { idParam } from '../common-schemas.js';

export const apiKeyParams = z.object({ id: idParam });

export const createApiKeyBody = z
  .object({
    /** What the key is for, e.g. "CI on main". */
    name: z.string().trim().min(1).max(100),
    /** Permissions the key may use (only while its owner holds them too). */
    scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
    /** When the key stops working (ISO 8601, in the future); omit or null for a key that does not expire. */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to recognise it. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const createdApiKey = z.object({
  /** The key itself: shown this once, stored only as a hash. */
  key: z.string(),
  apiKey,
});

export const apiKeyList = z.object({ items: z.array(apiKey) });
