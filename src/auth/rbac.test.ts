import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES,
  buildRoleCatalog,
  builtinRoleCatalog,
  can,
  effectiveProjectRole,
  grantablePermissions,
  INSTANCE_PERMISSIONS,
  isPermission,
  PERMISSIONS,
  PROJECT_PERMISSIONS,
  type Principal,
} from './rbac.js';

const catalog = builtinRoleCatalog();
const user = (role: string) => ({ userId: '11111111-1111-4111-8111-111111111111', role });

describe('role-based access control', () => {
  it('gives each built-in role everything the role below it has', () => {
    const order = ['viewer', 'developer', 'maintainer', 'admin'] as const;
    for (let i = 1; i < order.length; i += 1) {
      const lower = new Set(BUILTIN_ROLES[order[i - 1]!].permissions);
      const higher = new Set(BUILTIN_ROLES[order[i]!].permissions);
      expect([...lower].every((permission) => higher.has(permission))).toBe(true);
      expect(higher.size).toBeGreaterThan(lower.size);
    }
    expect(new Set(BUILTIN_ROLES.admin.permissions)).toEqual(new Set(PERMISSIONS));
  });

  it('grants instance permissions from the instance role', () => {
    expect(can(catalog, user('admin'), 'users:admin')).toBe(true);
    expect(can(catalog, user('admin'), 'audit:read')).toBe(true);
    expect(can(catalog, user('maintainer'), 'audit:read')).toBe(false);
    expect(can(catalog, user('developer'), 'projects:create')).toBe(true);
    expect(can(catalog, user('viewer'), 'projects:create')).toBe(false);
    expect(can(catalog, user('viewer'), 'api-keys:manage')).toBe(true);
  });

  it('grants project permissions from the membership role, whatever the instance role', () => {
    expect(can(catalog, user('viewer'), 'scans:create', 'developer')).toBe(true);
    expect(can(catalog, user('maintainer'), 'scans:create', 'viewer')).toBe(false);
    expect(can(catalog, user('maintainer'), 'projects:read', null)).toBe(false);
    expect(can(catalog, user('developer'), 'members:write', 'developer')).toBe(false);
    expect(can(catalog, user('developer'), 'members:write', 'maintainer')).toBe(true);
  });

  it('lets administrators into every project, member or not', () => {
    expect(effectiveProjectRole(user('admin'), null)).toBe('admin');
    expect(effectiveProjectRole(user('admin'), 'viewer')).toBe('admin');
    expect(effectiveProjectRole(user('viewer'), null)).toBeNull();
    expect(can(catalog, user('admin'), 'projects:delete', null)).toBe(true);
  });

  it('limits an API key to its scopes and to what its user may still do', () => {
    const key: Principal = { ...user('developer'), scopes: ['scans:create', 'projects:read', 'users:admin'] };
    expect(can(catalog, key, 'scans:create', 'developer')).toBe(true);
    expect(can(catalog, key, 'scans:read', 'developer')).toBe(false);
    // Scoped to users:admin, but the developer role does not have it.
    expect(can(catalog, key, 'users:admin')).toBe(false);
    expect(can(catalog, key, 'scans:create', 'viewer')).toBe(false);
  });

  it('denies unknown roles everything', () => {
    expect(can(catalog, user('ghost'), 'projects:read', 'ghost')).toBe(false);
  });

  it('offers a role its own instance permissions and every project permission as key scopes', () => {
    expect(new Set(grantablePermissions(catalog, 'viewer'))).toEqual(
      new Set([...PROJECT_PERMISSIONS, 'api-keys:manage']),
    );
    expect(new Set(grantablePermissions(catalog, 'admin'))).toEqual(new Set(PERMISSIONS));
  });

  it('builds catalogs from rows, dropping names that are not permissions', () => {
    const built = buildRoleCatalog([{ name: 'auditor', permissions: ['audit:read', 'audit:delete', "'; DROP"] }]);
    expect([...(built.get('auditor') ?? [])]).toEqual(['audit:read']);
    expect(isPermission('audit:delete')).toBe(false);
    expect(new Set([...INSTANCE_PERMISSIONS, ...PROJECT_PERMISSIONS]).size).toBe(PERMISSIONS.length);
  });
});
