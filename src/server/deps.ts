import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type AccountService, createAccountService } from '../auth/accounts.js';
import { type AuthContext, createAuthContext } from '../auth/auth-context.js';
import { type Authenticator, createAuthenticator } from '../auth/authenticate.js';
import { type Clock, systemClock } from '../auth/clock.js';
import { createPasswordHasher, type PasswordHasher } from '../auth/passwords.js';
import { buildRoleCatalog, type RoleCatalog } from '../auth/rbac.js';
import { createSessionService, type SessionService } from '../auth/sessions.js';
import { type AccessTokenKey, createAccessTokens } from '../auth/tokens.js';
import type { DatabaseHandle } from '../db/client.js';
import { listRoles } from '../db/repositories/roles.js';
import type { ServerConfig } from './config.js';
import { createOutbox, type Mailer, type Outbox } from './mailer.js';
import { createRedisAttemptLimiter } from './redis-attempt-limiter.js';

/** The audience of access tokens: this API. */
export const TOKEN_AUDIENCE = 'ectus-api';

/** The role catalog, loaded from the `roles` table; `reload()` after roles change. */
export interface RoleCatalogStore {
  current(): RoleCatalog;
  reload(): Promise<RoleCatalog>;
}

export async function loadRoleCatalog(database: DatabaseHandle): Promise<RoleCatalogStore> {
  let catalog = buildRoleCatalog(await listRoles(database.db));
  return {
    current: () => catalog,
    async reload() {
      catalog = buildRoleCatalog(await listRoles(database.db));
      return catalog;
    },
  };
}

/**
 * Everything the HTTP layer uses, built once at start (by `ectus serve`, or by the test app) and
 * handed to `buildApp`. Routes reach it as `app.deps` (or `request.server.deps`).
 */
export interface ServerDeps {
  config: ServerConfig;
  database: DatabaseHandle;
  /** The auth services' shared context (db, hasher, access tokens, clock, lockout policy...). */
  auth: AuthContext;
  sessions: SessionService;
  accounts: AccountService;
  authenticator: Authenticator;
  roles: RoleCatalogStore;
  mailer: Mailer;
  /** Background delivery of `mailer` messages (see `Outbox`). */
  outbox: Outbox;
  clock: Clock;
  /** Set when `REDIS_URL` is configured: rate-limit and login-failure counters (later the job queue). */
  redis: Redis | null;
}

export interface CreateServerDepsOptions {
  config: ServerConfig;
  database: DatabaseHandle;
  key: AccessTokenKey;
  mailer: Mailer;
  logger: Pick<Logger, 'error'>;
  clock?: Clock;
  /** Tests pass a cheap hasher; production uses OWASP's parameters. */
  passwords?: PasswordHasher;
  redis?: Redis | null;
}

/**
 * @example
 * const deps = await createServerDeps({ config, database, key, mailer, logger });
 * const app = await buildApp(deps);
 */
export async function createServerDeps(options: CreateServerDepsOptions): Promise<ServerDeps> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const auth = createAuthContext({
    db: database.db,
    passwords: options.passwords ?? createPasswordHasher(),
    accessTokens: createAccessTokens({
      key: options.key,
      issuer: config.publicUrl,
      audience: TOKEN_AUDIENCE,
      ttlSeconds: config.accessTokenTtlSeconds,
      clock,
    }),
    clock,
    lockout: config.lockout,
    // Shared by every instance when Redis is there; in this process's memory otherwise.
    ...(options.redis
      ? {
          attemptLimiter: createRedisAttemptLimiter(options.redis, config.lockout, {
            onError: (error) =>
              options.logger.error({ err: error }, 'login-failure counters: Redis failed, counting locally'),
          }),
        }
      : {}),
    refreshTokenTtlMs: config.refreshTokenTtlSeconds * 1000,
  });
  return {
    config,
    database,
    auth,
    sessions: createSessionService(auth),
    accounts: createAccountService(auth),
    authenticator: createAuthenticator({ db: database.db, accessTokens: auth.accessTokens, clock }),
    roles: await loadRoleCatalog(database),
    mailer: options.mailer,
    outbox: createOutbox(options.mailer, options.logger),
    clock,
    redis: options.redis ?? null,
  };
}
