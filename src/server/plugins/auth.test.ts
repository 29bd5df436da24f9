import { describe, expect, it } from 'vitest';
import { makeProject } from '../../db/test-support/fixtures.js';
import { useTestApp } from '../test-support/test-app.js';
import { requirePermission } from './auth.js';

describe('requirePermission with resolveProject', () => {
  const t = useTestApp();

  it('refuses declarations that name no project, two sources, or a project for an instance permission', () => {
    expect(() => requirePermission('scans:read')).toThrow(/projectParam or resolveProject/);
    expect(() =>
      requirePermission('scans:read', {
        projectParam: 'id',
        resolveProject: async () => null,
      } as never),
    ).toThrow(/not both/);
    expect(() => requirePermission('users:read', { resolveProject: async () => null })).toThrow(/instance permission/);
  });

  it('checks the resolved project: 401 first, 403 to outsiders, 404 only to who could see it', async () => {
    const project = await makeProject(t().db, null);
    const owners = new Map([['known', project.id]]);
    let lookups = 0;
    t().app.get(
      '/api/v1/things/:name',
      {
        preValidation: requirePermission('scans:read', {
          resolveProject: async (request) => {
            lookups += 1;
            return owners.get((request.params as { name: string }).name) ?? null;
          },
          notFound: 'There is no such thing.',
        }),
      },
      async (request) => ({ role: request.projectRole }),
    );
    const viewer = await t().signIn('viewer');
    const admin = await t().signIn('admin');
    const get = (name: string, headers: Record<string, string>) =>
      t().app.inject({ method: 'GET', url: `/api/v1/things/${name}`, headers });

    expect((await get('known', {})).statusCode).toBe(401);
    expect(lookups).toBe(0);
    const outsider = await get('known', viewer.headers);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toMatchObject({ code: 'ECTUS_FORBIDDEN', details: { permission: 'scans:read' } });
    // A missing thing looks exactly like another project's to an outsider.
    const outsiderMissing = await get('missing', viewer.headers);
    expect(outsiderMissing.statusCode).toBe(403);
    expect(outsiderMissing.json()).toEqual(outsider.json());

    await t().addMember(project.id, viewer.user.id, 'viewer');
    const member = await get('known', viewer.headers);
    expect(member.statusCode).toBe(200);
    expect(member.json()).toEqual({ role: 'viewer' });
    expect((await get('missing', viewer.headers)).statusCode).toBe(403);

    expect((await get('known', admin.headers)).json()).toEqual({ role: 'admin' });
    const adminMissing = await get('missing', admin.headers);
    expect(adminMissing.statusCode).toBe(404);
    expect(adminMissing.json().error).toEqual({ code: 'ECTUS_NOT_FOUND', message: 'There is no such thing.' });

    expect(t().app.routeAccess()).toContainEqual({
      method: 'GET',
      url: '/api/v1/things/:name',
      access: { kind: 'permission', permission: 'scans:read', resolvesProject: true },
    });
  });
});
