import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { appliedMigrations, readMigrations } from '../db/migrate.js';
import { requirePermission, requireUser } from './plugins/auth.js';
import { useTestApp } from './test-support/test-app.js';

describe('the HTTP app', () => {
  const t = useTestApp();

  it('answers /health, and /ready when the database answers and is migrated', async () => {
    const health = await t().app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t().app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' }, pending: [] });
  });

  it('is not ready while a migration is pending', async () => {
    const migrations = await readMigrations();
    const last = migrations.at(-1);
    if (!last) throw new Error('no migrations');
    const [record] = await t().db.select().from(appliedMigrations).where(eq(appliedMigrations.tag, last.tag));
    await t().db.delete(appliedMigrations).where(eq(appliedMigrations.tag, last.tag));
    try {
      const response = await t().app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'not-ready',
        checks: { database: 'ok', migrations: 'pending' },
        pending: [last.tag],
      });
    } finally {
      if (record) await t().db.insert(appliedMigrations).values(record);
    }
  });

  it('is not ready when the database does not answer', async () => {
    vi.spyOn(t().deps.database, 'ping').mockRejectedValueOnce(new Error('connection refused'));
    const response = await t().app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks).toEqual({ database: 'unreachable', migrations: 'unknown' });
    expect(response.body).not.toContain('connection refused');
  });

  it('describes the instance at /api/v1/status without credentials', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', apiVersion: 'v1', registration: 'open', email: true });
  });

  it('answers unknown routes with ECTUS_NOT_FOUND', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=<script>' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'ECTUS_NOT_FOUND', message: 'There is no such route.' } });
  });

  it('keeps a plain incoming x-request-id and replaces anything else', async () => {
    const kept = await t().app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'ci-run.42:a_b-c' },
    });
    expect(kept.headers['x-request-id']).toBe('ci-run.42:a_b-c');
    for (const header of ['has space', 'x'.repeat(129), 'line\u0001break']) {
      const replaced = await t().app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': header } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const generated = await t().app.inject({ method: 'GET', url: '/health' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never shows internals of an unexpected error', async () => {
    t().app.get('/api/v1/boom', { config: { public: true } }, async () => {
      throw new Error('relation "users" does not exist at /srv/ectus/src/db/client.ts:12');
    });
    const response = await t().app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'ECTUS_INTERNAL', message: 'Something went wrong on the server.' },
    });
  });

  it('refuses to add an API route that declares no access', () => {
    expect(() => t().app.get('/api/v1/undeclared', async () => ({}))).toThrow(/declares no access/);
    expect(() => requirePermission('scans:read')).toThrow(/projectParam/);
  });

  it('lists what each API route requires', async () => {
    t().app.get(
      '/api/v1/probe/:projectId',
      { preValidation: requirePermission('scans:read', { projectParam: 'projectId' }) },
      async () => ({}),
    );
    t().app.get('/api/v1/probe-user', { preValidation: requireUser() }, async () => ({}));
    const access = t().app.routeAccess();
    expect(access).toContainEqual({
      method: 'GET',
      url: '/api/v1/probe/:projectId',
      access: { kind: 'permission', permission: 'scans:read', projectParam: 'projectId' },
    });
    expect(access).toContainEqual({ method: 'POST', url: '/api/v1/auth/login', access: { kind: 'public' } });
    expect(access).toContainEqual({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      access: { kind: 'user', sessionOnly: true },
    });
    expect(access).toContainEqual({
      method: 'GET',
      url: '/api/v1/probe-user',
      access: { kind: 'user', sessionOnly: false },
    });
  });

  it('checks project permissions against the membership', async () => {
    const { makeProject } = await import('../db/test-support/fixtures.js');
    t().app.get(
      '/api/v1/probe/:projectId',
      { preValidation: requirePermission('scans:create', { projectParam: 'projectId' }) },
      async (request) => ({ role: request.projectRole }),
    );
    const viewer = await t().signIn('viewer');
    const admin = await t().signIn('admin');
    const project = await makeProject(t().db, null);
    const probe = (headers: Record<string, string>) =>
      t().app.inject({ method: 'GET', url: `/api/v1/probe/${project.id}`, headers });

    expect((await probe({})).statusCode).toBe(401);
    const outsider = await probe(viewer.headers);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toMatchObject({ code: 'ECTUS_FORBIDDEN', details: { permission: 'scans:create' } });
    await t().addMember(project.id, viewer.user.id, 'viewer');
    expect((await probe(viewer.headers)).statusCode).toBe(403);
    await t().addMember(project.id, viewer.user.id, 'developer');
    const member = await probe(viewer.headers);
    expect(member.statusCode).toBe(200);
    expect(member.json()).toEqual({ role: 'developer' });
    expect((await probe(admin.headers)).json()).toEqual({ role: 'admin' });
  });

  it('sets security headers', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/v1/status' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the OpenAPI 3.1 document and its viewer at /docs', async () => {
    const json = await t().app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const document = json.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/sessions', '/api/v1/status']),
    );
    const login = document.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(login.security).toBeUndefined();
    expect(document.paths['/api/v1/auth/sessions'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health']).toBeUndefined();
    const page = await t().app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Its own policy, without the https upgrade that would break it on a plain-http instance.
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('tells a caller how to send credentials when the header is not a bearer', async () => {
    const response = await t().app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: { authorization: 'Token abc' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({
      code: 'ECTUS_TOKEN_INVALID',
      message: 'Send Authorization: Bearer <access token or API key>.',
    });
  });
});
