import { describe, expect, it } from 'vitest';
import { buildRoleCatalog, can } from '../../auth/rbac.js';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, T0 } from '../test-support/fixtures.js';
import { deleteCustomRole, findRole, listRoles, upsertCustomRole } from './roles.js';

describe.each(TEST_DATABASES)('roles repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('holds the four built-in roles', async () => {
    expect((await listRoles(database().db)).map((role) => role.name)).toEqual([
      'admin',
      'developer',
      'maintainer',
      'viewer',
    ]);
  });

  it('creates and changes a custom role that becomes part of the catalog', async () => {
    const { db } = database();
    await upsertCustomRole(db, { name: 'auditor', description: 'Reads the log', permissions: ['audit:read'], now: T0 });
    const changed = await upsertCustomRole(db, {
      name: 'auditor',
      description: 'Reads the log and users',
      permissions: ['audit:read', 'users:read'],
      now: T0,
    });
    expect(changed).toMatchObject({ builtin: false, permissions: ['audit:read', 'users:read'] });
    const catalog = buildRoleCatalog(await listRoles(db));
    expect(can(catalog, { userId: 'u', role: 'auditor' }, 'users:read')).toBe(true);
    expect(can(catalog, { userId: 'u', role: 'auditor' }, 'users:admin')).toBe(false);
  });

  it('never changes or deletes a built-in role', async () => {
    const { db } = database();
    expect(
      await upsertCustomRole(db, { name: 'viewer', description: 'x', permissions: ['users:admin'], now: T0 }),
    ).toBeNull();
    expect((await findRole(db, 'viewer'))?.permissions).not.toContain('users:admin');
    expect(await deleteCustomRole(db, 'viewer')).toBe(false);
  });

  it('deletes a custom role only while nobody holds it', async () => {
    const { db } = database();
    await upsertCustomRole(db, { name: 'temp', description: '', permissions: [], now: T0 });
    const holder = await makeUser(db, { role: 'temp' });
    expect(await deleteCustomRole(db, 'temp')).toBe(false);
    expect(holder.role).toBe('temp');
    await upsertCustomRole(db, { name: 'unused', description: '', permissions: [], now: T0 });
    expect(await deleteCustomRole(db, 'unused')).toBe(true);
    expect(await findRole(db, 'unused')).toBeNull();
  });
});
