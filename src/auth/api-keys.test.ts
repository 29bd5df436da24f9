import { describe, expect, it } from 'vitest';
import { findApiKeyByPrefix } from '../db/repositories/api-keys.js';
import { listAuditEvents } from '../db/repositories/audit-events.js';
import { deleteUser, setUserDisabled, updateUser } from '../db/repositories/users.js';
import { TEST_DATABASES, useTestDatabase } from '../db/test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../db/test-support/fixtures.js';
import { authenticateApiKey, createApiKey, generateApiKey, looksLikeApiKey, revokeOwnApiKey } from './api-keys.js';
import { hashToken } from './opaque-tokens.js';
import { builtinRoleCatalog, can } from './rbac.js';

const catalog = builtinRoleCatalog();

describe('API key format', () => {
  it('is ectus_ with 43 base64url characters, found by an 18-character prefix and stored as SHA-256', () => {
    const { key, prefix, keyHash } = generateApiKey();
    expect(key).toMatch(/^ectus_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 18));
    expect(keyHash).toBe(hashToken(key));
    expect(looksLikeApiKey(key)).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false);
    expect(looksLikeApiKey(`${key}x`)).toBe(false);
  });
});

describe.each(TEST_DATABASES)('API keys %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function created(
    role = 'developer',
    scopes = ['scans:create', 'projects:read'],
    expiresAt: Date | null = minutesAfter(T0, 60),
  ) {
    const user = await makeUser(database().db, { role });
    const result = await createApiKey(database().db, catalog, {
      userId: user.id,
      name: 'GitHub Actions',
      scopes,
      expiresAt,
      now: T0,
    });
    if (result.kind !== 'created') throw new Error(result.kind);
    return { user, ...result };
  }

  it('shows the key once, stores only its hash and audits the creation', async () => {
    const { key, apiKey, user } = await created();
    expect(await listAuditEvents(database().db, { action: 'auth.api-key.create' })).toMatchObject([
      {
        actorUserId: user.id,
        actor: user.email,
        targetType: 'api-key',
        targetId: apiKey.id,
        details: { prefix: apiKey.prefix, scopes: ['scans:create', 'projects:read'] },
      },
    ]);
    expect(apiKey.prefix).toBe(key.slice(0, 18));
    const stored = await findApiKeyByPrefix(database().db, apiKey.prefix);
    expect(stored?.keyHash).toBe(hashToken(key));
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('authenticates the key as its user, limited to its scopes', async () => {
    const { key, user, apiKey } = await created();
    const result = await authenticateApiKey(database().db, key, minutesAfter(T0, 1));
    expect(result).toEqual({
      kind: 'ok',
      apiKeyId: apiKey.id,
      principal: { userId: user.id, role: 'developer', scopes: ['scans:create', 'projects:read'] },
    });
    if (result.kind !== 'ok') throw new Error(result.kind);
    expect(can(catalog, result.principal, 'scans:create', 'developer')).toBe(true);
    expect(can(catalog, result.principal, 'scans:read', 'developer')).toBe(false);
    expect((await findApiKeyByPrefix(database().db, apiKey.prefix))?.lastUsedAt).toEqual(minutesAfter(T0, 1));
  });

  it("follows the user's current role", async () => {
    const { key, user } = await created('developer', ['projects:create']);
    await updateUser(database().db, user.id, { role: 'viewer' }, T0);
    const result = await authenticateApiKey(database().db, key, T0);
    if (result.kind !== 'ok') throw new Error(result.kind);
    expect(can(catalog, result.principal, 'projects:create')).toBe(false);
  });

  it('refuses the keys of a disabled account like revoked ones, and accepts them again once it is enabled', async () => {
    const db = database().db;
    const { key, user } = await created();
    await setUserDisabled(db, user.id, true, T0);
    expect(await authenticateApiKey(db, key, minutesAfter(T0, 1))).toEqual({ kind: 'invalid', reason: 'revoked' });
    // An altered key of a disabled account is still only "unknown": nothing is learnt without the key.
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticateApiKey(db, altered, T0)).toEqual({ kind: 'invalid', reason: 'unknown' });
    await setUserDisabled(db, user.id, false, minutesAfter(T0, 2));
    expect((await authenticateApiKey(db, key, minutesAfter(T0, 3))).kind).toBe('ok');
  });

  it('refuses scopes the role cannot hold, unknown scopes, no scopes and a past expiry', async () => {
    const user = await makeUser(database().db, { role: 'developer' });
    const create = (scopes: string[], expiresAt: Date | null = null) =>
      createApiKey(database().db, catalog, { userId: user.id, name: 'k', scopes, expiresAt, now: T0 });
    expect(await create(['users:admin', 'scans:create'])).toEqual({ kind: 'invalid-scopes', scopes: ['users:admin'] });
    expect(await create(['scans:launch'])).toEqual({ kind: 'invalid-scopes', scopes: ['scans:launch'] });
    expect(await create([])).toEqual({ kind: 'invalid-scopes', scopes: [] });
    expect(await create(['scans:create'], T0)).toEqual({ kind: 'invalid-expiry' });
    expect((await create(['scans:create'], null)).kind).toBe('created');
    expect(
      (
        await createApiKey(database().db, catalog, {
          userId: '00000000-0000-4000-8000-000000000000',
          name: 'k',
          scopes: ['scans:read'],
          expiresAt: null,
          now: T0,
        })
      ).kind,
    ).toBe('unknown-user');
    const admin = await makeUser(database().db, { role: 'admin' });
    expect(
      (
        await createApiKey(database().db, catalog, {
          userId: admin.id,
          name: 'k',
          scopes: ['users:admin'],
          expiresAt: null,
          now: T0,
        })
      ).kind,
    ).toBe('created');
  });

  it('refuses expired, revoked, altered and malformed keys, and keys of deleted users', async () => {
    const db = database().db;
    const { key, apiKey, user } = await created();
    expect(await authenticateApiKey(db, key, minutesAfter(T0, 60))).toEqual({ kind: 'invalid', reason: 'expired' });
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticateApiKey(db, altered, T0)).toEqual({ kind: 'invalid', reason: 'unknown' });
    expect(await authenticateApiKey(db, "ectus_' OR 1=1 --", T0)).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(await authenticateApiKey(db, generateApiKey().key, T0)).toEqual({ kind: 'invalid', reason: 'unknown' });
    expect(
      await revokeOwnApiKey(db, { userId: '00000000-0000-4000-8000-000000000000', apiKeyId: apiKey.id, now: T0 }),
    ).toBe(false);
    expect(await revokeOwnApiKey(db, { userId: user.id, apiKeyId: apiKey.id, now: T0 }, { ip: '192.0.2.1' })).toBe(
      true,
    );
    expect(await authenticateApiKey(db, key, T0)).toEqual({ kind: 'invalid', reason: 'revoked' });
    expect(await listAuditEvents(db, { action: 'auth.api-key.revoke' })).toMatchObject([
      { actorUserId: user.id, actor: user.email, targetId: apiKey.id, ip: '192.0.2.1' },
    ]);
    const other = await created();
    await deleteUser(db, other.user.id);
    expect(await authenticateApiKey(db, other.key, T0)).toEqual({ kind: 'invalid', reason: 'unknown' });
    expect(user.id).not.toBe(other.user.id);
  });
});
