import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.js';
import {
  type ApiKeySummary,
  findApiKeyWithOwner,
  insertApiKey,
  revokeApiKey,
  touchApiKey,
} from '../db/repositories/api-keys.js';
import { recordAuditEvent } from '../db/repositories/audit-events.js';
import { findUserById } from '../db/repositories/users.js';
import { AUTH_AUDIT_ACTIONS, type RequestMeta } from './auth-context.js';
import { hashToken, sameDigest } from './opaque-tokens.js';
import { grantablePermissions, isPermission, type Permission, type Principal, type RoleCatalog } from './rbac.js';

/**
 * API keys for CI and scripts: `ectus_` followed by 43 base64url characters (32 random bytes). The
 * first 18 characters are the key's public prefix, stored in clear to find the row (and shown in key
 * lists); the whole key is stored as a SHA-256 digest and compared in constant time. The key itself
 * is returned once, at creation.
 */

export const API_KEY_MARKER = 'ectus_';
const PREFIX_LENGTH = API_KEY_MARKER.length + 12;
const KEY_PATTERN = /^ectus_[A-Za-z0-9_-]{43}$/;

/** Whether a bearer token has the shape of an API key (rather than a JWT). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = `${API_KEY_MARKER}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), keyHash: hashToken(key) };
}

export type CreateApiKeyResult =
  | { kind: 'created'; key: string; apiKey: ApiKeySummary }
  | { kind: 'invalid-scopes'; scopes: string[] }
  | { kind: 'invalid-expiry' }
  | { kind: 'unknown-user' };

/**
 * Creates a key for `userId`. Scopes must be permissions the user's role can hold (instance
 * permissions of the role; project permissions always, as they apply only where membership grants
 * them). `expiresAt` must be in the future, or `null` for a key that does not expire.
 */
export async function createApiKey(
  db: Database,
  catalog: RoleCatalog,
  input: { userId: string; name: string; scopes: readonly string[]; expiresAt: Date | null; now: Date },
  meta: RequestMeta = {},
): Promise<CreateApiKeyResult> {
  const user = await findUserById(db, input.userId);
  if (!user) return { kind: 'unknown-user' };
  const grantable = new Set<string>(grantablePermissions(catalog, user.role));
  const invalid = input.scopes.filter((scope) => !grantable.has(scope));
  if (invalid.length > 0 || input.scopes.length === 0) return { kind: 'invalid-scopes', scopes: invalid };
  if (input.expiresAt !== null && input.expiresAt.getTime() <= input.now.getTime()) return { kind: 'invalid-expiry' };
  // A prefix collision (72 random bits) is next to impossible; one retry covers it.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const generated = generateApiKey();
    const apiKey = await insertApiKey(db, {
      userId: user.id,
      name: input.name,
      prefix: generated.prefix,
      keyHash: generated.keyHash,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt,
      now: input.now,
    });
    if (apiKey) {
      await auditKey(db, AUTH_AUDIT_ACTIONS.apiKeyCreate, user, apiKey, input.now, meta);
      return { kind: 'created', key: generated.key, apiKey };
    }
  }
  throw new Error('Could not find a free API key prefix');
}

/** Revokes one of the user's own keys; false when it is not theirs or already revoked. */
export async function revokeOwnApiKey(
  db: Database,
  input: { userId: string; apiKeyId: string; now: Date },
  meta: RequestMeta = {},
): Promise<boolean> {
  const revoked = await revokeApiKey(db, { id: input.apiKeyId, userId: input.userId, now: input.now });
  if (revoked) {
    const owner = await findUserById(db, input.userId);
    const actor = { id: input.userId, email: owner?.email ?? null };
    await auditKey(db, AUTH_AUDIT_ACTIONS.apiKeyRevoke, actor, { id: input.apiKeyId }, input.now, meta);
  }
  return revoked;
}

/** Records a key event; the owner's email is kept with it, so it still names them once they are deleted. */
async function auditKey(
  db: Database,
  action: string,
  owner: { id: string; email: string | null },
  key: { id: string; name?: string; prefix?: string; scopes?: readonly string[]; expiresAt?: Date | null },
  at: Date,
  meta: RequestMeta,
): Promise<void> {
  await recordAuditEvent(db, {
    action,
    at,
    actorUserId: owner.id,
    actor: owner.email,
    targetType: 'api-key',
    targetId: key.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
    details: key.prefix
      ? { name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null }
      : {},
  });
}

export type ApiKeyAuthentication =
  | { kind: 'ok'; principal: Principal; apiKeyId: string }
  | { kind: 'invalid'; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/**
 * Checks a presented key. The principal carries the key's scopes, so `can()` allows only what both
 * the key and the user's current role allow. The key and its owner are read in one query; a key of
 * a disabled account is refused as a revoked one is (and works again once the account is enabled).
 */
export async function authenticateApiKey(db: Database, presented: string, now: Date): Promise<ApiKeyAuthentication> {
  if (!looksLikeApiKey(presented)) return { kind: 'invalid', reason: 'malformed' };
  const found = await findApiKeyWithOwner(db, presented.slice(0, PREFIX_LENGTH));
  if (!found || !sameDigest(hashToken(presented), found.key.keyHash)) return { kind: 'invalid', reason: 'unknown' };
  const record = found.key;
  if (record.revokedAt !== null || found.ownerDisabledAt !== null) return { kind: 'invalid', reason: 'revoked' };
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime()) {
    return { kind: 'invalid', reason: 'expired' };
  }
  await touchApiKey(db, record.id, now);
  const scopes: Permission[] = record.scopes.filter(isPermission);
  return { kind: 'ok', principal: { userId: record.userId, role: found.ownerRole, scopes }, apiKeyId: record.id };
}
