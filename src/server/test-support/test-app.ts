import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import type { PasswordHasher } from '../../auth/passwords.js';
import type { PublicUser } from '../../auth/public-user.js';
import { BUILTIN_ROLE_NAMES, type BuiltinRoleName } from '../../auth/rbac.js';
import type { TokenPair } from '../../auth/sessions.js';
import {
  type ManualClock,
  manualClock,
  TEST_SECRET,
  testPasswordHasher,
} from '../../auth/test-support/auth-fixture.js';
import { accessTokenKeyFromSecret } from '../../auth/tokens.js';
import type { Database, DatabaseHandle } from '../../db/client.js';
import { upsertMember } from '../../db/repositories/projects.js';
import { TEST_DATABASES, type TestDatabaseTarget, useTestDatabase } from '../../db/test-support/databases.js';
import { type App, buildApp } from '../app.js';
import { loadServerConfig, type ServerConfigInput } from '../config.js';
import { createServerDeps, type ServerDeps } from '../deps.js';
import { createLogger } from '../logger.js';
import { createSmtpMailer, type Mailer, type MailMessage } from '../mailer.js';

/**
 * The HTTP app over a test database, rebuilt for every test (tables emptied, fresh rate-limit and
 * lockout counters), with cheap password hashing and a manual clock. Use inside a `describe`:
 *
 * @example
 * describe.each(TEST_DATABASES)('projects %s', (_name, target) => {
 *   const t = useTestApp({ target });
 *   it('lists projects', async () => {
 *     const dev = await t().signIn('developer');
 *     const response = await t().app.inject({ method: 'GET', url: '/api/v1/projects', headers: dev.headers });
 *     expect(response.statusCode).toBe(200);
 *   });
 * });
 */

export const TEST_PUBLIC_URL = 'https://ectus.test';

/** Keeps messages in memory (for tests that do not check SMTP delivery itself). */
export function createMemoryMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    enabled: true,
    sent,
    async send(message) {
      sent.push(message);
    },
    async close() {},
  };
}

export interface TestAppOptions {
  /** The database (default PGlite). */
  target?: TestDatabaseTarget;
  /** Config over the test defaults (keys as in `ServerConfigInput`). */
  config?: Partial<ServerConfigInput>;
  /** `smtp://` URL of a test SMTP server; default: an in-memory mailer (`mail`). */
  smtpUrl?: string;
  redis?: Redis;
  /** The password hasher (default: cheap test parameters). */
  passwords?: PasswordHasher;
  /** Keep the log lines (JSON objects) in `logs` instead of discarding them. */
  captureLogs?: boolean;
}

export interface TestUser {
  user: PublicUser;
  email: string;
  password: string;
}

export interface SignedInUser extends TestUser {
  tokens: TokenPair;
  accessToken: string;
  /** `{ authorization: 'Bearer <access token>' }` for `inject`. */
  headers: { authorization: string };
}

export interface TestApp {
  app: App;
  deps: ServerDeps;
  db: Database;
  clock: ManualClock;
  /** Messages sent through the in-memory mailer (empty when `smtpUrl` is used). */
  mail: MailMessage[];
  /** Parsed log lines, with `captureLogs`. */
  logs: Record<string, unknown>[];
  /** A verified user (through the account service, as `ectus user create` does). */
  createUser(options?: { role?: string; email?: string; password?: string; name?: string }): Promise<TestUser>;
  /** A new verified user of `role`, signed in (through the session service): tokens and headers. */
  signIn(role?: BuiltinRoleName | string, options?: { email?: string }): Promise<SignedInUser>;
  /** One signed-in user per built-in role. */
  signInEveryRole(): Promise<Record<BuiltinRoleName, SignedInUser>>;
  /** Adds (or changes) a project membership. */
  addMember(projectId: string, userId: string, role: string): Promise<void>;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** A password that passes the policy and differs between calls. */
export function strongPassword(): string {
  return `Tangerine-Quartz-${randomBytes(6).toString('hex')}`;
}

/** Builds one test app now (the caller closes `app` and owns the database). */
export async function createTestApp(database: DatabaseHandle, options: TestAppOptions = {}): Promise<TestApp> {
  const { db } = database;
  const clock = manualClock();
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: options.captureLogs ? 'info' : 'silent',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        callback();
      },
    }),
  });
  const config = loadServerConfig(
    {},
    { authSecret: TEST_SECRET, dataDir: os.tmpdir(), publicUrl: TEST_PUBLIC_URL, ...options.config },
  );
  const memory = createMemoryMailer();
  const mailer = options.smtpUrl ? createSmtpMailer({ url: options.smtpUrl, from: config.mailFrom }) : memory;
  const deps = await createServerDeps({
    config,
    database,
    key: accessTokenKeyFromSecret(config.authSecret ?? TEST_SECRET),
    mailer,
    logger,
    clock: clock.now,
    passwords: options.passwords ?? testPasswordHasher(),
    redis: options.redis ?? null,
  });
  const app = await buildApp(deps, { logger });
  app.addHook('onClose', () => mailer.close());

  const createUser: TestApp['createUser'] = async (input = {}) => {
    const email = input.email ?? `${input.role ?? 'user'}-${randomBytes(4).toString('hex')}@example.com`;
    const password = input.password ?? strongPassword();
    const result = await deps.accounts.createUser(
      { email, password, name: input.name ?? 'Test User', role: input.role ?? 'developer', verified: true },
      null,
    );
    if (result.kind !== 'created') throw new Error(`createUser: ${result.kind}`);
    return { user: result.user, email, password };
  };

  const signIn: TestApp['signIn'] = async (role = 'developer', options = {}) => {
    const created = await createUser({ role, ...options });
    const result = await deps.sessions.login({ email: created.email, password: created.password });
    if (result.kind !== 'ok') throw new Error(`signIn: ${result.kind}`);
    return {
      ...created,
      tokens: result.tokens,
      accessToken: result.tokens.accessToken,
      headers: bearer(result.tokens.accessToken),
    };
  };

  return {
    app,
    deps,
    db,
    clock,
    mail: memory.sent,
    logs,
    createUser,
    signIn,
    async signInEveryRole() {
      const entries = await Promise.all(BUILTIN_ROLE_NAMES.map(async (role) => [role, await signIn(role)] as const));
      return Object.fromEntries(entries) as Record<BuiltinRoleName, SignedInUser>;
    },
    async addMember(projectId, userId, role) {
      await upsertMember(db, { projectId, userId, role, addedBy: null, now: clock.now() });
    },
  };
}

/**
 * A fresh `TestApp` for every test of the surrounding `describe`, over `options.target` (default
 * PGlite; pass each of `TEST_DATABASES` to run on PostgreSQL too). `late` gives options known only
 * once the tests run (the URL of an SMTP server started in `beforeAll`).
 */
export function useTestApp(options: TestAppOptions = {}, late?: () => Omit<TestAppOptions, 'target'>): () => TestApp {
  const database = useTestDatabase(options.target ?? pgliteTarget());
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await createTestApp(database().handle, { ...options, ...late?.() });
  });
  afterEach(async () => {
    await current?.app.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('The test app is built in beforeEach: call t() inside a test.');
    return current;
  };
}

/** The embedded database target of `TEST_DATABASES`. */
export function pgliteTarget(): TestDatabaseTarget {
  const found = TEST_DATABASES.find(([, target]) => target.driver === 'pglite');
  if (!found) throw new Error('No PGlite test target');
  return found[1];
}
