import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.js';
import { grantablePermissions } from '../src/auth/rbac.js';
import { makeProject } from '../src/db/test-support/fixtures.js';
import type { App } from '../src/server/app.js';
import { SAFE_MODULE } from '../src/server/services/test-support/samples.js';
import { bearer, type TestApp, useTestApp } from '../src/server/test-support/test-app.js';

/**
 * Every route of the app, called by every kind of caller, with the exact status each gets. The
 * routes are read from the app itself, so a route added without a row here fails the first test.
 *
 * Callers (the columns, in this order):
 * - `anon`: no credentials; `forged`: a bearer token that is not valid
 * - `viewer`, `developer`, `maintainer`, `admin`: instance roles, members of no project
 * - `m-viewer`, `m-developer`, `m-maintainer`: instance role viewer, members of the project with that role
 * - `key`: an API key (every scope it may have) of a viewer who is the project's maintainer
 *
 * Project routes use a project the `m-*` callers and the key's owner belong to; destructive calls
 * get a fresh project, member, user or key for each caller, so every caller meets the same state.
 * Once its owner's account is disabled, the key must get exactly the `forged` column.
 */

const CALLERS = [
  'anon',
  'forged',
  'viewer',
  'developer',
  'maintainer',
  'admin',
  'm-viewer',
  'm-developer',
  'm-maintainer',
  'key',
] as const;
type Caller = (typeof CALLERS)[number];
type Row = readonly [number, number, number, number, number, number, number, number, number, number];

interface Fixture {
  t: TestApp;
  callers: Record<Caller, { headers: Record<string, string>; userId: string | null }>;
  projectId: string;
  scanId: string;
  memberUserIds: string[];
  /** A project with the same members as the fixture's. */
  freshProject(): Promise<string>;
  /** A new viewer account. */
  freshUser(): Promise<string>;
}

/** The request (its headers are merged with the caller's credentials). */
type Build = (fixture: Fixture, caller: Caller) => Promise<InjectOptions> | InjectOptions;

interface Case {
  request: Build;
  expect: Row;
}

const same = (status: number): Row => [status, status, status, status, status, status, status, status, status, status];
let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;
const DASHBOARD_ORIGIN = 'https://dashboard.example';
const MISSING_ID = '5d0c1c6e-7b7a-4c2e-9b0f-2d9c6f1e8a40';

async function freshMember(fixture: Fixture): Promise<string> {
  const userId = await fixture.freshUser();
  await fixture.t.addMember(fixture.projectId, userId, 'viewer');
  return userId;
}

/** The statuses by route: `METHOD url` as the router knows it. */
const MATRIX: Record<string, Case> = {
  // Operations probes and the OpenAPI document: open to everyone.
  'GET /health': { request: () => ({ method: 'GET', url: '/health' }), expect: same(200) },
  'GET /ready': { request: () => ({ method: 'GET', url: '/ready' }), expect: same(200) },
  'GET /docs': { request: () => ({ method: 'GET', url: '/docs' }), expect: same(200) },
  'GET /docs/': { request: () => ({ method: 'GET', url: '/docs/' }), expect: same(200) },
  'GET /docs/json': { request: () => ({ method: 'GET', url: '/docs/json' }), expect: same(200) },
  'GET /docs/yaml': { request: () => ({ method: 'GET', url: '/docs/yaml' }), expect: same(200) },
  'GET /docs/static/index.html': {
    request: () => ({ method: 'GET', url: '/docs/static/index.html' }),
    expect: same(302),
  },
  'GET /docs/static/swagger-initializer.js': {
    request: () => ({ method: 'GET', url: '/docs/static/swagger-initializer.js' }),
    expect: same(200),
  },
  'GET /docs/*': { request: () => ({ method: 'GET', url: '/docs/static/swagger-ui.css' }), expect: same(200) },
  'HEAD /docs/*': { request: () => ({ method: 'HEAD', url: '/docs/static/swagger-ui.css' }), expect: same(200) },
  // CORS preflight from the allowed origin (other origins get 404: see the CORS tests).
  'OPTIONS *': {
    request: () => ({
      method: 'OPTIONS',
      url: '/api/v1/projects',
      headers: { origin: DASHBOARD_ORIGIN, 'access-control-request-method': 'POST' },
    }),
    expect: same(204),
  },
  'GET /api/v1/status': { request: () => ({ method: 'GET', url: '/api/v1/status' }), expect: same(200) },

  // Auth: the public routes validate their body whoever calls; the rest need a session.
  'POST /api/v1/auth/register': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/register', payload: {} }),
    expect: same(400),
  },
  'POST /api/v1/auth/verify-email': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/verify-email', payload: {} }),
    expect: same(400),
  },
  'GET /api/v1/auth/verify-email': {
    request: () => ({ method: 'GET', url: '/api/v1/auth/verify-email' }),
    expect: same(400),
  },
  'POST /api/v1/auth/resend-verification': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/resend-verification', payload: {} }),
    expect: same(400),
  },
  'POST /api/v1/auth/forgot-password': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: {} }),
    expect: same(400),
  },
  'POST /api/v1/auth/reset-password': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/reset-password', payload: {} }),
    expect: same(400),
  },
  'POST /api/v1/auth/login': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/login', payload: {} }),
    expect: same(400),
  },
  'POST /api/v1/auth/refresh': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} }),
    expect: same(401),
  },
  'POST /api/v1/auth/logout': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/logout', payload: {} }),
    expect: [401, 401, 204, 204, 204, 204, 204, 204, 204, 403],
  },
  'POST /api/v1/auth/change-password': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/change-password', payload: {} }),
    expect: [401, 401, 400, 400, 400, 400, 400, 400, 400, 403],
  },
  'GET /api/v1/auth/me': {
    request: () => ({ method: 'GET', url: '/api/v1/auth/me' }),
    expect: [401, 401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  'POST /api/v1/auth/logout-all': {
    request: () => ({ method: 'POST', url: '/api/v1/auth/logout-all' }),
    expect: [401, 401, 200, 200, 200, 200, 200, 200, 200, 403],
  },
  'GET /api/v1/auth/sessions': {
    request: () => ({ method: 'GET', url: '/api/v1/auth/sessions' }),
    expect: [401, 401, 200, 200, 200, 200, 200, 200, 200, 403],
  },
  'DELETE /api/v1/auth/sessions/:sessionId': {
    request: () => ({ method: 'DELETE', url: `/api/v1/auth/sessions/${MISSING_ID}` }),
    expect: [401, 401, 404, 404, 404, 404, 404, 404, 404, 403],
  },

  // Projects: listing needs a sign-in (each caller sees their own); creating needs projects:create.
  'GET /api/v1/projects': {
    request: () => ({ method: 'GET', url: '/api/v1/projects' }),
    expect: [401, 401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  'POST /api/v1/projects': {
    request: () => ({ method: 'POST', url: '/api/v1/projects', payload: { name: `Project ${unique()}` } }),
    expect: [401, 401, 403, 201, 201, 201, 403, 403, 403, 403],
  },
  'GET /api/v1/projects/:id': {
    request: (f) => ({ method: 'GET', url: `/api/v1/projects/${f.projectId}` }),
    expect: [401, 401, 403, 403, 403, 200, 200, 200, 200, 200],
  },
  'PATCH /api/v1/projects/:id': {
    request: (f) => ({ method: 'PATCH', url: `/api/v1/projects/${f.projectId}`, payload: { description: unique() } }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 200, 200],
  },
  'DELETE /api/v1/projects/:id': {
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/projects/${await f.freshProject()}` }),
    expect: [401, 401, 403, 403, 403, 204, 403, 403, 204, 204],
  },
  'GET /api/v1/projects/:id/members': {
    request: (f) => ({ method: 'GET', url: `/api/v1/projects/${f.projectId}/members` }),
    expect: [401, 401, 403, 403, 403, 200, 200, 200, 200, 200],
  },
  'POST /api/v1/projects/:id/members': {
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/projects/${f.projectId}/members`,
      payload: { userId: await f.freshUser(), role: 'viewer' },
    }),
    expect: [401, 401, 403, 403, 403, 201, 403, 403, 201, 201],
  },
  'PATCH /api/v1/projects/:id/members/:userId': {
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/projects/${f.projectId}/members/${await freshMember(f)}`,
      payload: { role: 'developer' },
    }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 200, 200],
  },
  'DELETE /api/v1/projects/:id/members/:userId': {
    request: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/projects/${f.projectId}/members/${await freshMember(f)}`,
    }),
    expect: [401, 401, 403, 403, 403, 204, 403, 403, 204, 204],
  },

  // Scans: submitting needs scans:create in the project, reading scans:read.
  'POST /api/v1/projects/:id/scans': {
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/projects/${f.projectId}/scans`,
      payload: { files: [{ path: 'src/users.ts', content: SAFE_MODULE }] },
    }),
    expect: [401, 401, 403, 403, 403, 201, 403, 201, 201, 201],
  },
  'GET /api/v1/projects/:id/scans': {
    request: (f) => ({ method: 'GET', url: `/api/v1/projects/${f.projectId}/scans` }),
    expect: [401, 401, 403, 403, 403, 200, 200, 200, 200, 200],
  },
  'GET /api/v1/scans/:id': {
    request: (f) => ({ method: 'GET', url: `/api/v1/scans/${f.scanId}` }),
    expect: [401, 401, 403, 403, 403, 200, 200, 200, 200, 200],
  },
  'GET /api/v1/scans/:id/sarif': {
    request: (f) => ({ method: 'GET', url: `/api/v1/scans/${f.scanId}/sarif` }),
    expect: [401, 401, 403, 403, 403, 200, 200, 200, 200, 200],
  },

  // Administration: administrators only.
  'GET /api/v1/users': {
    request: () => ({ method: 'GET', url: '/api/v1/users' }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 403, 403],
  },
  'GET /api/v1/users/:id': {
    request: (f) => ({ method: 'GET', url: `/api/v1/users/${f.memberUserIds[0]}` }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 403, 403],
  },
  'PATCH /api/v1/users/:id': {
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/users/${await f.freshUser()}`,
      payload: { role: 'developer' },
    }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 403, 403],
  },
  'DELETE /api/v1/users/:id': {
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/users/${await f.freshUser()}` }),
    expect: [401, 401, 403, 403, 403, 204, 403, 403, 403, 403],
  },
  'GET /api/v1/audit': {
    request: () => ({ method: 'GET', url: '/api/v1/audit' }),
    expect: [401, 401, 403, 403, 403, 200, 403, 403, 403, 403],
  },

  // API keys: everyone manages their own; a key cannot mint keys.
  'POST /api/v1/api-keys': {
    request: () => ({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'ci', scopes: ['projects:read'] } }),
    expect: [401, 401, 201, 201, 201, 201, 201, 201, 201, 403],
  },
  'GET /api/v1/api-keys': {
    request: () => ({ method: 'GET', url: '/api/v1/api-keys' }),
    expect: [401, 401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  'DELETE /api/v1/api-keys/:id': {
    request: async (f, caller) => {
      const owner = f.callers[caller].userId ?? f.memberUserIds[0]!;
      const created = await createApiKey(f.t.db, f.t.deps.roles.current(), {
        userId: owner,
        name: 'to revoke',
        scopes: ['projects:read'],
        expiresAt: null,
        now: f.t.clock.now(),
      });
      if (created.kind !== 'created') throw new Error(created.kind);
      return { method: 'DELETE', url: `/api/v1/api-keys/${created.apiKey.id}` };
    },
    expect: [401, 401, 204, 204, 204, 204, 204, 204, 204, 204],
  },
};

/** Every `METHOD url` the router holds, read from `printRoutes()` (the only complete listing). */
function registeredRoutes(app: App): string[] {
  const routes: string[] = [];
  const path: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3));
    path.length = depth;
    path.push(match?.[1] ?? '');
    for (const method of match?.[2]?.split(', ') ?? []) routes.push(`${method} ${path.join('')}`);
  }
  return routes.sort();
}

async function buildFixture(t: TestApp): Promise<Fixture> {
  const [viewer, developer, maintainer, admin, mViewer, mDeveloper, mMaintainer] = await Promise.all([
    t.signIn('viewer'),
    t.signIn('developer'),
    t.signIn('maintainer'),
    t.signIn('admin'),
    t.signIn('viewer'),
    t.signIn('viewer'),
    t.signIn('viewer'),
  ]);
  const keyOwner = await t.createUser({ role: 'viewer' });
  const memberships: [string, string][] = [
    [mViewer.user.id, 'viewer'],
    [mDeveloper.user.id, 'developer'],
    [mMaintainer.user.id, 'maintainer'],
    [keyOwner.user.id, 'maintainer'],
  ];
  const freshProject = async () => {
    const project = await makeProject(t.db, null, { slug: `matrix-${unique()}` });
    for (const [userId, role] of memberships) await t.addMember(project.id, userId, role);
    return project.id;
  };
  const projectId = await freshProject();
  const catalog = t.deps.roles.current();
  const key = await createApiKey(t.db, catalog, {
    userId: keyOwner.user.id,
    name: 'matrix',
    scopes: grantablePermissions(catalog, 'viewer'),
    expiresAt: null,
    now: t.clock.now(),
  });
  if (key.kind !== 'created') throw new Error(`API key: ${key.kind}`);
  const scan = await t.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/scans`,
    headers: mMaintainer.headers,
    payload: { files: [{ path: 'src/users.ts', content: SAFE_MODULE }] },
  });
  const user = (signedIn: { headers: { authorization: string }; user: { id: string } }) => ({
    headers: signedIn.headers,
    userId: signedIn.user.id,
  });
  return {
    t,
    projectId,
    scanId: scan.json().scan.id,
    memberUserIds: memberships.map(([userId]) => userId),
    callers: {
      anon: { headers: {}, userId: null },
      forged: { headers: bearer(`eyJhbGciOiJub25lIn0.${randomBytes(24).toString('base64url')}.`), userId: null },
      viewer: user(viewer),
      developer: user(developer),
      maintainer: user(maintainer),
      admin: user(admin),
      'm-viewer': user(mViewer),
      'm-developer': user(mDeveloper),
      'm-maintainer': user(mMaintainer),
      key: { headers: bearer(key.key), userId: keyOwner.user.id },
    },
    freshProject,
    freshUser: async () => (await t.createUser({ role: 'viewer' })).user.id,
  };
}

describe('every route x every caller', () => {
  const t = useTestApp({ config: { corsOrigins: [DASHBOARD_ORIGIN] } });
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = await buildFixture(t());
  });

  it('has a row for every registered route, and no row for a route that does not exist', () => {
    expect(registeredRoutes(t().app)).toEqual(Object.keys(MATRIX).sort());
  });

  it('knows every /api/ route with the access it declares', () => {
    const declared = t()
      .app.routeAccess()
      .map((route) => `${route.method} ${route.url}`)
      .sort();
    expect(declared).toEqual(
      Object.keys(MATRIX)
        .filter((key) => key.split(' ')[1]?.startsWith('/api/'))
        .sort(),
    );
  });

  it('refuses an API key of a disabled account on every route exactly as a forged token', async () => {
    const owner = fixture.callers.key;
    const disabled = await t().app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${owner.userId}`,
      headers: fixture.callers.admin.headers,
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    const forged = CALLERS.indexOf('forged');
    const statuses: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [route, entry] of Object.entries(MATRIX)) {
      const request = await entry.request(fixture, 'key');
      const response = await t().app.inject({ ...request, headers: { ...request.headers, ...owner.headers } });
      statuses[route] = response.statusCode;
      expected[route] = entry.expect[forged]!;
    }
    expect(statuses).toEqual(expected);
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const entry = MATRIX[route]!;
    const statuses: number[] = [];
    for (const caller of CALLERS) {
      const request = await entry.request(fixture, caller);
      const headers = { ...request.headers, ...fixture.callers[caller].headers };
      const response = await t().app.inject({ ...request, headers });
      statuses.push(response.statusCode);
    }
    // The whole row at once: a failure shows every caller's status side by side.
    expect(Object.fromEntries(CALLERS.map((caller, i) => [caller, statuses[i]]))).toEqual(
      Object.fromEntries(CALLERS.map((caller, i) => [caller, entry.expect[i]])),
    );
  });
});
