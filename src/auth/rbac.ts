/**
 * Role-based access control. A role is a named set of permissions; permissions are explicit
 * `resource:verb` names that routes declare. Roles live in the `roles` table (the built-in ones are
 * inserted by a migration and must equal `BUILTIN_ROLES` below, which a test checks), so a
 * `RoleCatalog` is loaded from the database once and passed to the checks here.
 *
 * Two scopes: instance permissions (administer users, read the audit log, create projects) come
 * from the user's own role; project permissions (read a project, submit scans, manage members) come
 * from the user's role in that project's membership. An administrator holds every permission in
 * every project; anyone else without a membership holds none there.
 */

/** Permissions checked against the user's own (instance) role. */
export const INSTANCE_PERMISSIONS = [
  'users:read',
  'users:admin',
  'audit:read',
  'settings:admin',
  'projects:create',
  'api-keys:manage',
] as const;

/** Permissions checked against the user's role in the project the request is about. */
export const PROJECT_PERMISSIONS = [
  'projects:read',
  'projects:write',
  'projects:delete',
  'members:read',
  'members:write',
  'scans:read',
  'scans:create',
  'scans:delete',
  'generations:read',
  'generations:create',
] as const;

export const PERMISSIONS = [...INSTANCE_PERMISSIONS, ...PROJECT_PERMISSIONS] as const;
export type InstancePermission = (typeof INSTANCE_PERMISSIONS)[number];
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];
export type Permission = (typeof PERMISSIONS)[number];

export const BUILTIN_ROLE_NAMES = ['admin', 'maintainer', 'developer', 'viewer'] as const;
export type BuiltinRoleName = (typeof BUILTIN_ROLE_NAMES)[number];

export interface RoleDefinition {
  name: string;
  description: string;
  permissions: readonly Permission[];
}

const VIEWER: readonly Permission[] = [
  'api-keys:manage',
  'projects:read',
  'members:read',
  'scans:read',
  'generations:read',
];
const DEVELOPER: readonly Permission[] = [...VIEWER, 'projects:create', 'scans:create', 'generations:create'];
const MAINTAINER: readonly Permission[] = [
  ...DEVELOPER,
  'projects:write',
  'projects:delete',
  'members:write',
  'scans:delete',
];

/** The four roles every instance has. Each grants everything the one below it grants, and more. */
export const BUILTIN_ROLES: Readonly<Record<BuiltinRoleName, RoleDefinition>> = {
  admin: { name: 'admin', description: 'Administers the instance: every permission.', permissions: PERMISSIONS },
  maintainer: {
    name: 'maintainer',
    description: 'Runs projects: settings, members and deletion, besides everything a developer does.',
    permissions: MAINTAINER,
  },
  developer: {
    name: 'developer',
    description: 'Creates projects, submits scans and generations.',
    permissions: DEVELOPER,
  },
  viewer: { name: 'viewer', description: 'Reads projects, scans and generations.', permissions: VIEWER },
};

/** Role name → the permissions it grants. */
export type RoleCatalog = ReadonlyMap<string, ReadonlySet<Permission>>;

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);
const PROJECT_PERMISSION_SET: ReadonlySet<string> = new Set(PROJECT_PERMISSIONS);

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && PERMISSION_SET.has(value);
}

export function isProjectPermission(permission: Permission): permission is ProjectPermission {
  return PROJECT_PERMISSION_SET.has(permission);
}

/**
 * A catalog from role rows. Names that are not permissions of this version (a row edited by hand,
 * or written by a newer version) are left out rather than trusted.
 */
export function buildRoleCatalog(rows: Iterable<{ name: string; permissions: readonly string[] }>): RoleCatalog {
  const catalog = new Map<string, ReadonlySet<Permission>>();
  for (const row of rows) catalog.set(row.name, new Set(row.permissions.filter(isPermission)));
  return catalog;
}

/** The catalog of the built-in roles alone (what a fresh database holds). */
export function builtinRoleCatalog(): RoleCatalog {
  return buildRoleCatalog(Object.values(BUILTIN_ROLES));
}

export function roleHasPermission(catalog: RoleCatalog, role: string | null, permission: Permission): boolean {
  return role !== null && (catalog.get(role)?.has(permission) ?? false);
}

/** Who is asking: a user (by session) or a user's API key, which is limited to its scopes. */
export interface Principal {
  userId: string;
  /** The user's instance role. */
  role: string;
  /** Set for API keys: the key can use only these permissions, and only while the user has them. */
  scopes?: readonly Permission[];
}

/**
 * The role that governs `principal` inside a project: `admin` for administrators, else the
 * membership's role, else `null` (no access).
 */
export function effectiveProjectRole(principal: Principal, memberRole: string | null): string | null {
  if (principal.role === 'admin') return 'admin';
  return memberRole;
}

/**
 * Whether `principal` may do `permission`. Project permissions need `memberRole`, the principal's
 * membership role in the project concerned (`null` when not a member).
 *
 * @example
 * can(catalog, { userId, role: 'viewer' }, 'scans:create', 'developer'); // true: developer in this project
 * can(catalog, { userId, role: 'viewer' }, 'users:admin'); // false
 */
export function can(
  catalog: RoleCatalog,
  principal: Principal,
  permission: Permission,
  memberRole: string | null = null,
): boolean {
  if (principal.scopes && !principal.scopes.includes(permission)) return false;
  const role = isProjectPermission(permission) ? effectiveProjectRole(principal, memberRole) : principal.role;
  return roleHasPermission(catalog, role, permission);
}

/** The instance permissions of a role: the most an API key created by its holder may be scoped to. */
export function grantablePermissions(catalog: RoleCatalog, role: string): Permission[] {
  const own = catalog.get(role);
  // Project permissions are granted per project, so a key may carry any of them; they still apply
  // only where the user's membership grants them.
  return PERMISSIONS.filter((permission) => isProjectPermission(permission) || (own?.has(permission) ?? false));
}
