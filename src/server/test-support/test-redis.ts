import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connectRedis } from '../redis.js';

/** `REDIS_URL`, or the local default that CI provides. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis connection for the surrounding `describe`, whose keys all carry a random prefix (removed
 * afterwards), so runs never see each other's counters. When Redis is down the tests fail (in
 * every test, with the reason): name such a `describe` "(needs Redis ...)".
 */
export function useTestRedis(): { redis: () => Redis; prefix: string } {
  const prefix = `ectus-test-${randomBytes(6).toString('hex')}:`;
  let client: Redis | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      client = await connectRedis(TEST_REDIS_URL, { warn: () => {} }, prefix);
    } catch (error) {
      failure = error;
    }
  });
  // Every test fails with the reason (vitest would report a failing beforeAll as skipped tests).
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    if (!client) return;
    const keys = await client.keys(`${prefix}*`);
    // `keys` answers full names, and the client adds the prefix to every command again.
    if (keys.length > 0) await client.del(...keys.map((key) => key.slice(prefix.length)));
    client.disconnect();
  });
  return {
    prefix,
    redis: () => {
      if (!client) throw new Error('Redis is connected in beforeAll: call redis() inside a test.');
      return client;
    },
  };
}
