import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOCKOUT_POLICY } from '../auth/lockout.js';
import { useTestDatabase } from '../db/test-support/databases.js';
import { T0 } from '../db/test-support/fixtures.js';
import { connectRedis } from './redis.js';
import { createRedisAttemptLimiter } from './redis-attempt-limiter.js';
import { createTestApp, pgliteTarget } from './test-support/test-app.js';
import { TEST_REDIS_URL, useTestRedis } from './test-support/test-redis.js';

const at = (ms: number) => new Date(T0.getTime() + ms);

describe('login-failure counters in Redis (needs Redis at REDIS_URL or 127.0.0.1:6379)', () => {
  const { redis: client } = useTestRedis();
  let redis: Redis;
  beforeEach(() => {
    redis = client();
  });

  it('locks a key at the limit for the lock duration, timed by the given clock', async () => {
    const limiter = createRedisAttemptLimiter(redis, DEFAULT_LOCKOUT_POLICY, {
      namespace: `unit-${randomBytes(3).toString('hex')}:`,
    });
    for (let i = 1; i <= 4; i += 1) {
      expect(await limiter.recordFailure('ip:198.51.100.1', at(i * 1000))).toEqual({ failures: i, lockedUntil: null });
    }
    const fifth = await limiter.recordFailure('ip:198.51.100.1', at(5000));
    expect(fifth).toEqual({ failures: 5, lockedUntil: at(5000 + 15 * 60_000) });
    expect(await limiter.retryAfterMs('ip:198.51.100.1', at(5000))).toBe(15 * 60_000);
    expect(await limiter.retryAfterMs('ip:198.51.100.1', at(5000 + 15 * 60_000))).toBe(0);
    expect(await limiter.retryAfterMs('ip:198.51.100.2', at(5000))).toBe(0);
    await limiter.reset('ip:198.51.100.1');
    expect(await limiter.retryAfterMs('ip:198.51.100.1', at(5000))).toBe(0);
  });

  it('starts counting again once the window has passed', async () => {
    const limiter = createRedisAttemptLimiter(redis, DEFAULT_LOCKOUT_POLICY, {
      namespace: `unit-${randomBytes(3).toString('hex')}:`,
    });
    for (let i = 0; i < 4; i += 1) await limiter.recordFailure('email:x@example.com', at(0));
    expect(await limiter.recordFailure('email:x@example.com', at(15 * 60_000))).toEqual({
      failures: 1,
      lockedUntil: null,
    });
  });

  it('counts in memory while Redis fails, and says so', async () => {
    const broken = await connectRedis(TEST_REDIS_URL, { warn: () => {} });
    broken.disconnect();
    const errors: unknown[] = [];
    const limiter = createRedisAttemptLimiter(broken, DEFAULT_LOCKOUT_POLICY, {
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 4; i += 1) await limiter.recordFailure('ip:198.51.100.9', at(0));
    expect((await limiter.recordFailure('ip:198.51.100.9', at(0))).lockedUntil).toEqual(at(15 * 60_000));
    expect(await limiter.retryAfterMs('ip:198.51.100.9', at(0))).toBe(15 * 60_000);
    expect(errors.length).toBeGreaterThan(0);
  });

  describe('shared by two instances', () => {
    const database = useTestDatabase(pgliteTarget());

    it('locks a client address after failures spread over both', async () => {
      const first = await createTestApp(database().handle, { redis });
      const second = await createTestApp(database().handle, { redis });
      try {
        const user = await first.createUser();
        const login = (app: typeof first, password: string) =>
          app.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: user.email, password },
            remoteAddress: '198.51.100.77',
          });
        // Different accounts, so the account lock is not what stops the last attempt.
        for (let i = 0; i < 3; i += 1)
          await first.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: `a${i}@example.com`, password: 'wrong password' },
            remoteAddress: '198.51.100.77',
          });
        for (let i = 0; i < 2; i += 1)
          await second.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: `b${i}@example.com`, password: 'wrong password' },
            remoteAddress: '198.51.100.77',
          });
        const locked = await login(first, user.password);
        expect(locked.statusCode).toBe(429);
        expect(locked.json().error.code).toBe('ECTUS_ACCOUNT_LOCKED');
        expect((await login(second, user.password)).statusCode).toBe(429);
      } finally {
        await first.app.close();
        await second.app.close();
      }
    });
  });
});
