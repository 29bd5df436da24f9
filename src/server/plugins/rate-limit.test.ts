import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../db/test-support/databases.js';
import { createTestApp, pgliteTarget, type TestApp, useTestApp } from '../test-support/test-app.js';
import { useTestRedis } from '../test-support/test-redis.js';

function login(t: TestApp, remoteAddress = '203.0.113.5') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'nobody@example.com', password: 'whatever it is' },
    remoteAddress,
  });
}

describe('rate limiting in memory', () => {
  const t = useTestApp({
    config: {
      rateLimitAuth: { max: 3, windowMs: 60_000 },
      rateLimitApi: { max: 5, windowMs: 60_000 },
      lockoutMaxFailures: 100,
    },
  });

  it('allows the configured number of auth requests per address and window, then answers 429', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await login(t());
      expect(response.statusCode).toBe(401);
      expect(response.headers['x-ratelimit-limit']).toBe('3');
    }
    const limited = await login(t());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('ECTUS_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget.
    expect((await login(t(), '203.0.113.6')).statusCode).toBe(401);
  });

  it('keeps the API budget apart from the auth budget, and never limits health checks', async () => {
    for (let i = 0; i < 3; i += 1) await login(t());
    expect((await login(t())).statusCode).toBe(429);
    const status = () => t().app.inject({ method: 'GET', url: '/api/v1/status', remoteAddress: '203.0.113.5' });
    for (let i = 0; i < 5; i += 1) expect((await status()).statusCode).toBe(200);
    expect((await status()).statusCode).toBe(429);
    for (let i = 0; i < 20; i += 1) {
      const health = await t().app.inject({ method: 'GET', url: '/health', remoteAddress: '203.0.113.5' });
      expect(health.statusCode).toBe(200);
    }
  });
});

describe('rate limiting in Redis (needs Redis at REDIS_URL or 127.0.0.1:6379)', () => {
  const database = useTestDatabase(pgliteTarget());
  const { redis, prefix } = useTestRedis();

  it('shares one budget between two instances', async () => {
    const config = { rateLimitAuth: { max: 4, windowMs: 60_000 }, lockoutMaxFailures: 100 };
    const first = await createTestApp(database().handle, { config, redis: redis() });
    const second = await createTestApp(database().handle, { config, redis: redis() });
    try {
      expect((await login(first)).statusCode).toBe(401);
      expect((await login(second)).statusCode).toBe(401);
      expect((await login(first)).statusCode).toBe(401);
      const last = await login(second);
      expect(last.statusCode).toBe(401);
      expect(last.headers['x-ratelimit-remaining']).toBe('0');
      expect((await login(first)).statusCode).toBe(429);
      expect((await login(second)).statusCode).toBe(429);
      expect(await redis().keys(`${prefix}ectus:rate-limit:*`)).not.toHaveLength(0);
    } finally {
      await first.app.close();
      await second.app.close();
    }
  });
});
