import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

/**
 * The Redis connection (`REDIS_URL`), shared by the rate limiter (and later the job queue).
 * Commands fail at once while the connection is down instead of queueing, so a Redis outage
 * degrades rate limiting (requests pass, errors are logged) rather than stalling every request;
 * the client keeps reconnecting in the background.
 */
export async function connectRedis(url: string, logger: Pick<Logger, 'warn'>, keyPrefix?: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    ...(keyPrefix === undefined ? {} : { keyPrefix }),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    // Reconnection attempts repeat the same error; once per outage is enough in the log.
    if (!reported) logger.warn({ err: error }, 'Redis connection problem; retrying');
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const where = new URL(url);
    throw new AppError('ECTUS_CONFIG_INVALID', `Cannot reach Redis at ${where.hostname}:${where.port || 6379}.`, {
      cause: error,
    });
  }
  return redis;
}
