import type { Redis } from 'ioredis';
import { type AttemptLimiter, createMemoryAttemptLimiter, type LockoutPolicy } from '../auth/lockout.js';

/**
 * The login-failure counter for client addresses and unknown emails, in Redis: with several
 * instances behind a load balancer, an attacker cannot multiply the allowed failures by the number
 * of instances. Times come from the caller's clock (stored in the keys); Redis expiry only removes
 * keys that no longer matter.
 */

/** KEYS: counter hash, lock key. ARGV: now (ms), window (ms), max failures, lock duration (ms). */
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '-1')
if start < 0 or now - start >= window then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'start', now)
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('PEXPIRE', KEYS[1], window)
if failures >= tonumber(ARGV[3]) then
  local lockedUntil = now + tonumber(ARGV[4])
  redis.call('SET', KEYS[2], lockedUntil, 'PX', ARGV[4])
  redis.call('DEL', KEYS[1])
  return {failures, lockedUntil}
end
return {failures, 0}
`;

export interface RedisAttemptLimiterOptions {
  namespace?: string;
  /** Told when Redis fails; the limiter then counts in this process's memory until it is back. */
  onError?: (error: unknown) => void;
}

/**
 * @example
 * const limiter = createRedisAttemptLimiter(redis, DEFAULT_LOCKOUT_POLICY, { onError: (err) => log.warn({ err }) });
 */
export function createRedisAttemptLimiter(
  redis: Redis,
  policy: LockoutPolicy,
  options: RedisAttemptLimiterOptions = {},
): AttemptLimiter {
  const shared = sharedLimiter(redis, policy, options.namespace ?? 'ectus:login-attempts:');
  // A Redis outage must not stop logins (account locks live in the database anyway).
  const local = createMemoryAttemptLimiter(policy);
  const either =
    <A extends unknown[], R>(call: (limiter: AttemptLimiter) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(shared)(...args);
      } catch (error) {
        options.onError?.(error);
        return call(local)(...args);
      }
    };
  return {
    retryAfterMs: either((limiter) => limiter.retryAfterMs),
    recordFailure: either((limiter) => limiter.recordFailure),
    reset: either((limiter) => limiter.reset),
  };
}

function sharedLimiter(redis: Redis, policy: LockoutPolicy, namespace: string): AttemptLimiter {
  const counter = (key: string) => `${namespace}count:${key}`;
  const lock = (key: string) => `${namespace}lock:${key}`;
  return {
    async retryAfterMs(key, now) {
      const lockedUntil = Number((await redis.get(lock(key))) ?? 0);
      return Math.max(0, lockedUntil - now.getTime());
    },
    async recordFailure(key, now) {
      const [failures, lockedUntil] = (await redis.eval(
        RECORD_FAILURE,
        2,
        counter(key),
        lock(key),
        now.getTime(),
        policy.windowMs,
        policy.maxFailures,
        policy.lockDurationMs,
      )) as [number, number];
      return { failures, lockedUntil: lockedUntil > 0 ? new Date(lockedUntil) : null };
    },
    async reset(key) {
      await redis.del(counter(key), lock(key));
    },
  };
}
