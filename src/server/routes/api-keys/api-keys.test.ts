import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { bearer, useTestApp } from '../../test-support/test-app.js';

describe('API key routes', () => {
  const t = useTestApp();

  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const dev = await t().signIn('developer');
    const expiresAt = new Date(t().clock.now().getTime() + 86_400_000).toISOString();
    const created = await t().app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: dev.headers,
      payload: { name: 'CI on main', scopes: ['projects:read', 'scans:create'], expiresAt },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^ectus_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'CI on main', scopes: ['projects:read', 'scans:create'], revokedAt: null });
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const listed = await t().app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: dev.headers });
    expect(listed.json().items).toEqual([expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix })]);
    expect(listed.body).not.toContain(key);
    expect(listed.body).not.toMatch(/keyHash|key_hash/);

    const asKey = await t().app.inject({ method: 'GET', url: '/api/v1/projects', headers: bearer(key) });
    expect(asKey.statusCode).toBe(200);
    const [event] = await listAuditEvents(t().db, { action: 'auth.api-key.create' });
    expect(event).toMatchObject({ actorUserId: dev.user.id, targetId: apiKey.id, ip: '127.0.0.1' });

    const revoked = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
      headers: dev.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await t().app.inject({ method: 'GET', url: '/api/v1/projects', headers: bearer(key) })).statusCode).toBe(
      401,
    );
    const again = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
      headers: dev.headers,
    });
    expect(again.statusCode).toBe(404);
  });

  it('refuses scopes beyond the role, past expiries, keys minting keys and revoking others', async () => {
    const viewer = await t().signIn('viewer');
    const other = await t().signIn('developer');
    const post = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      t().app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload });
    const beyond = await post(viewer.headers, { name: 'x', scopes: ['projects:create', 'users:admin'] });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      'cannot grant projects:create',
      'cannot grant users:admin',
    ]);
    expect((await post(viewer.headers, { name: 'x', scopes: ['not:a-scope'] })).statusCode).toBe(400);
    const past = await post(viewer.headers, {
      name: 'x',
      scopes: ['projects:read'],
      expiresAt: '2001-01-01T00:00:00Z',
    });
    expect(past.json().error.details).toEqual([{ location: 'body', path: '/expiresAt', message: 'in the past' }]);

    const created = (await post(other.headers, { name: 'ci', scopes: ['api-keys:manage', 'projects:read'] })).json();
    const minted = await post(bearer(created.key), { name: 'copy', scopes: ['projects:read'] });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().error.message).toBe('API keys cannot create API keys; sign in with a password.');
    // A key without the api-keys:manage scope is told the same, not to get a key with that scope.
    const narrow = (await post(other.headers, { name: 'ci', scopes: ['projects:read'] })).json();
    const mintedByNarrow = await post(bearer(narrow.key), { name: 'copy', scopes: ['projects:read'] });
    expect(mintedByNarrow.json().error.message).toBe('API keys cannot create API keys; sign in with a password.');
    const listed = await t().app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: bearer(narrow.key) });
    expect(listed.statusCode).toBe(403);
    expect(listed.json().error.message).toBe('This API key lacks the api-keys:manage scope.');
    const stolen = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${created.apiKey.id}`,
      headers: viewer.headers,
    });
    expect(stolen.statusCode).toBe(404);
  });
});
