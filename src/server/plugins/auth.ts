import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RequestMeta } from '../../auth/auth-context.js';
import { can, effectiveProjectRole, isProjectPermission, type Permission, type Principal } from '../../auth/rbac.js';
import { findMemberRole } from '../../db/repositories/projects.js';
import { AppError } from '../../errors.js';

/**
 * Authentication and authorization for routes. Every route under `/api/` declares who may call it,
 * with one of:
 *
 * - `preValidation: requirePermission('scans:create', { projectParam: 'projectId' })` (or, when the
 *   URL names something inside a project, `{ resolveProject }`: see `requirePermission`)
 * - `preValidation: requireUser()` (any signed-in user; `{ sessionOnly: true }` refuses API keys)
 * - `config: { public: true }` (no credentials needed)
 *
 * and the app refuses to start when a route declares none. The checks run in `preValidation`:
 * after the body is read (and limited) but before it is validated, so a caller without access gets
 * 401/403, never a validation error that describes the route.
 */

/** Who made the request, once authenticated. */
export type Identity =
  | { via: 'access-token'; principal: Principal; sessionId: string; tokenId: string }
  | { via: 'api-key'; principal: Principal; apiKeyId: string };

/** What a route requires, as declared (also listed by `app.routeAccess()`). */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'user'; sessionOnly: boolean }
  | {
      kind: 'permission';
      permission: Permission;
      /** The route parameter holding the project id. */
      projectParam?: string;
      /** Set when the route finds the project itself, from what its URL names (`resolveProject`). */
      resolvesProject?: true;
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate()` (and so by every access hook); null before, or on public routes. */
    identity: Identity | null;
    /**
     * The caller's effective role in the route's project (`admin` for administrators), set by
     * `requirePermission` with a `projectParam` or a `resolveProject`.
     */
    projectRole: string | null;
  }
  interface FastifyContextConfig {
    /** Marks a route that needs no credentials. */
    public?: boolean;
  }
}

const ACCESS_RULE = Symbol('ectus.accessRule');

type AccessHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  [ACCESS_RULE]: AccessRule;
};

function accessHook(rule: AccessRule, check: (request: FastifyRequest) => Promise<void>): AccessHook {
  return Object.assign(
    async (request: FastifyRequest) => {
      await check(request);
    },
    { [ACCESS_RULE]: rule },
  );
}

const INVALID_MESSAGES: Record<string, string> = {
  expired: 'The access token has expired; refresh it.',
  revoked: 'This API key has been revoked.',
  malformed: 'Send Authorization: Bearer <access token or API key>.',
};

/**
 * The request's identity from `Authorization: Bearer <JWT | ectus_ API key>`, resolved once per
 * request. Throws 401 (`ECTUS_UNAUTHENTICATED` without credentials, `ECTUS_TOKEN_INVALID` with bad
 * ones).
 */
export async function authenticate(request: FastifyRequest): Promise<Identity> {
  if (request.identity) return request.identity;
  const result = await request.server.deps.authenticator.authenticate(request.headers.authorization);
  if (result.kind === 'missing') {
    throw new AppError('ECTUS_UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token or API key>.');
  }
  if (result.kind === 'invalid') {
    throw new AppError('ECTUS_TOKEN_INVALID', INVALID_MESSAGES[result.reason] ?? 'The credentials are not valid.');
  }
  const { kind: _kind, ...identity } = result;
  request.identity = identity;
  return identity;
}

/** Any signed-in user; with `sessionOnly`, API keys are refused (session management, password change). */
export function requireUser(options: { sessionOnly?: boolean } = {}): AccessHook {
  const sessionOnly = options.sessionOnly ?? false;
  return accessHook({ kind: 'user', sessionOnly }, async (request) => {
    const identity = await authenticate(request);
    if (sessionOnly && identity.via !== 'access-token') {
      throw new AppError('ECTUS_FORBIDDEN', 'API keys cannot do this; sign in with a password.');
    }
  });
}

/** Where `requirePermission` finds the project of a project permission. */
export type ProjectSource =
  | { projectParam: string; resolveProject?: never; notFound?: never }
  | {
      projectParam?: never;
      /**
       * The project of what the URL names (a scan, say), or null when that does not exist. Runs
       * after authentication, so anonymous requests cost no query.
       */
      resolveProject: (request: FastifyRequest) => Promise<string | null>;
      /** The message of the 404 a caller who could see it gets when `resolveProject` finds nothing. */
      notFound?: string;
    };

/**
 * Requires `permission`. Project permissions need the project, from one of:
 *
 * - `projectParam`: the route parameter holding the project id;
 * - `resolveProject`: a lookup, for routes whose URL names something inside a project.
 *
 * The caller's membership role there decides (administrators hold every permission). When
 * `resolveProject` finds nothing, callers who hold the permission without a membership (the
 * administrators) get 404 `ECTUS_NOT_FOUND`, and everyone else 403 as for a project they are not a
 * member of: an outsider cannot tell a missing scan from another project's.
 *
 * @example
 * app.post('/projects/:projectId/scans', { preValidation: requirePermission('scans:create', { projectParam: 'projectId' }) }, handler);
 * app.get('/scans/:id', {
 *   preValidation: requirePermission('scans:read', { resolveProject: scanProject, notFound: 'There is no such scan.' }),
 * }, handler);
 */
export function requirePermission(
  permission: Permission,
  options: ProjectSource | Record<string, never> = {},
): AccessHook {
  const { projectParam, resolveProject, notFound } = options as Partial<ProjectSource>;
  if (projectParam !== undefined && resolveProject !== undefined) {
    throw new Error(`requirePermission('${permission}'): name either projectParam or resolveProject, not both.`);
  }
  const projectScoped = projectParam !== undefined || resolveProject !== undefined;
  if (isProjectPermission(permission) !== projectScoped) {
    throw new Error(
      projectScoped
        ? `requirePermission('${permission}') is an instance permission: it takes no project.`
        : `requirePermission('${permission}') is a project permission: name the projectParam or resolveProject.`,
    );
  }
  const rule: AccessRule =
    projectParam !== undefined
      ? { kind: 'permission', permission, projectParam }
      : resolveProject !== undefined
        ? { kind: 'permission', permission, resolvesProject: true }
        : { kind: 'permission', permission };
  return accessHook(rule, async (request) => {
    const { principal } = await authenticate(request);
    const catalog = request.server.deps.roles.current();
    let memberRole: string | null = null;
    let projectId: string | null = null;
    if (projectScoped) {
      projectId =
        resolveProject !== undefined
          ? await resolveProject(request)
          : ((request.params as Record<string, string | undefined>)[projectParam ?? ''] ?? '');
      memberRole =
        principal.role === 'admin' || projectId === null
          ? null
          : await findMemberRole(request.server.deps.database.db, projectId, principal.userId);
      request.projectRole = effectiveProjectRole(principal, memberRole);
    }
    if (!can(catalog, principal, permission, memberRole)) {
      // Say which one is missing: a key's scope (fixed by another key) or the user's permission.
      const message =
        principal.scopes?.includes(permission) === false
          ? `This API key lacks the ${permission} scope.`
          : `This needs the ${permission} permission.`;
      throw new AppError('ECTUS_FORBIDDEN', message, { details: { permission } });
    }
    if (resolveProject !== undefined && projectId === null) {
      throw new AppError('ECTUS_NOT_FOUND', notFound ?? 'There is no such resource.');
    }
  });
}

/** Where a request came from, for sessions and audit events. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    requestId: request.id,
  };
}

const HOOK_SLOTS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const;

function declaredRule(route: RouteOptions): AccessRule | undefined {
  if (route.config?.public === true) return { kind: 'public' };
  for (const slot of HOOK_SLOTS) {
    const hooks = route[slot];
    const list: unknown[] = Array.isArray(hooks) ? hooks : hooks ? [hooks] : [];
    for (const hook of list) {
      const rule = (hook as Partial<AccessHook>)[ACCESS_RULE];
      if (rule) return rule;
    }
  }
  return undefined;
}

export interface RouteAccess {
  method: string;
  url: string;
  access: AccessRule;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `/api/` route with what it requires (registered routes so far). */
    routeAccess(): readonly RouteAccess[];
  }
}

/**
 * Decorates requests and checks, as each route is added, that routes under `/api/` declare their
 * access. Call on the root instance before registering routes.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('identity', null);
  app.decorateRequest('projectRole', null);
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', () => routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = declaredRule(route);
    if (!access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access: add requirePermission(), requireUser() or config.public.`,
      );
    }
    // The OpenAPI document shows which operations need a bearer credential.
    if (access.kind !== 'public') route.schema = { ...route.schema, security: [{ bearer: [] }] };
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });
}
