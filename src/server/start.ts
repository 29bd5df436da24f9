import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { accessTokenKeyFromSecret, generateDevelopmentKey } from '../auth/tokens.js';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { type App, buildApp } from './app.js';
import type { ServerConfig } from './config.js';
import { createServerDeps } from './deps.js';
import { listenError } from './listen-error.js';
import { createLogger } from './logger.js';
import { createDisabledMailer, createLogMailer, createSmtpMailer, type Mailer } from './mailer.js';
import { connectRedis } from './redis.js';

/**
 * Starting and stopping the platform server: open (and migrate) the database, connect Redis and
 * SMTP, build the app, listen. `close()` stops accepting connections, lets requests in flight
 * finish, then closes the outbox, Redis and the database, in that order.
 */

export interface RunningServer {
  app: App;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

function signingKey(config: ServerConfig, logger: Logger) {
  if (config.authSecret?.trim()) return accessTokenKeyFromSecret(config.authSecret);
  logger.warn('--dev without ECTUS_AUTH_SECRET: signing with a random key; sessions end when the process does');
  return generateDevelopmentKey();
}

function chooseMailer(config: ServerConfig, logger: Logger): Mailer {
  if (config.smtpUrl) return createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom });
  if (config.dev) return createLogMailer(logger);
  logger.warn('ECTUS_SMTP_URL is not set: sign-up and password reset are unavailable');
  return createDisabledMailer();
}

/**
 * @example
 * const server = await startServer(loadServerConfig(process.env, { port: 8080 }));
 * process.once('SIGTERM', () => server.close());
 */
export async function startServer(config: ServerConfig, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const key = signingKey(config, logger);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) => logger.warn({ err: error }, 'an idle database connection failed'),
  });
  let redis: Redis | null = null;
  let app: App | undefined;
  const mailer = chooseMailer(config, logger);
  try {
    const { applied } = await migrate(database.db);
    logger.info({ applied, driver: database.driver }, applied.length ? 'database migrated' : 'database up to date');
    if (config.redisUrl) redis = await connectRedis(config.redisUrl, logger);
    const deps = await createServerDeps({ config, database, key, mailer, logger, redis });
    app = await buildApp(deps, { logger });
    const url = await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
      // A taken or forbidden port is a configuration mistake: a one-line message, not a stack trace.
      throw listenError(error, { port: config.port, host: config.host });
    });
    const running = app;
    return { app: running, url, logger, close: () => shutdown(running, mailer, redis, database) };
  } catch (error) {
    // The start's own failure is what the caller needs; a failure to close after it is only logged.
    await app?.close().catch((closeError: unknown) => logger.warn({ err: closeError }, 'closing after a failed start'));
    await releaseAll(mailer, redis, database);
    throw error;
  }
}

async function shutdown(app: App, mailer: Mailer, redis: Redis | null, database: DatabaseHandle): Promise<void> {
  try {
    await app.close();
  } finally {
    await releaseAll(mailer, redis, database);
  }
}

async function releaseAll(mailer: Mailer, redis: Redis | null, database: DatabaseHandle): Promise<void> {
  await mailer.close();
  if (redis) await redis.quit().catch(() => redis.disconnect());
  await database.close();
}
