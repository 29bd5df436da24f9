import { describe, expect, it } from 'vitest';
import { T0 } from '../db/test-support/fixtures.js';
import {
  accountRetryAfterMs,
  addressKey,
  createMemoryAttemptLimiter,
  DEFAULT_LOCKOUT_POLICY,
  retryAfterSeconds,
  unknownEmailKey,
} from './lockout.js';

const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('memory attempt limiter', () => {
  it('locks a key for 15 minutes at the fifth failure by default, then lets it try again', async () => {
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockDurationMs: 900_000, windowMs: 900_000 });
    const limiter = createMemoryAttemptLimiter();
    for (let i = 0; i < 4; i += 1)
      expect((await limiter.recordFailure('ip:203.0.113.9', at(i))).lockedUntil).toBeNull();
    expect(await limiter.recordFailure('ip:203.0.113.9', at(4))).toEqual({ failures: 5, lockedUntil: at(19) });
    expect(await limiter.retryAfterMs('ip:203.0.113.9', at(4))).toBe(900_000);
    expect(await limiter.retryAfterMs('ip:203.0.113.9', at(18))).toBe(60_000);
    expect(await limiter.retryAfterMs('ip:203.0.113.10', at(5))).toBe(0);
    expect(await limiter.retryAfterMs('ip:203.0.113.9', at(19))).toBe(0);
    // The count started again with the lock: one more failure does not lock.
    expect((await limiter.recordFailure('ip:203.0.113.9', at(20))).lockedUntil).toBeNull();
  });

  it('forgets failures spread wider than the window', async () => {
    const limiter = createMemoryAttemptLimiter({ maxFailures: 3, lockDurationMs: 60_000, windowMs: 10 * 60_000 });
    await limiter.recordFailure('k', at(0));
    await limiter.recordFailure('k', at(5));
    expect(await limiter.recordFailure('k', at(11))).toEqual({ failures: 1, lockedUntil: null });
  });

  it('resets a key', async () => {
    const limiter = createMemoryAttemptLimiter({ maxFailures: 1, lockDurationMs: 60_000, windowMs: 60_000 });
    await limiter.recordFailure('k', T0);
    await limiter.reset('k');
    expect(await limiter.retryAfterMs('k', T0)).toBe(0);
  });

  it('stays within its size and never evicts a lock to make room', async () => {
    const limiter = createMemoryAttemptLimiter(
      { maxFailures: 2, lockDurationMs: 60 * 60_000, windowMs: 60_000 },
      { maxEntries: 3 },
    );
    await limiter.recordFailure('locked', T0);
    await limiter.recordFailure('locked', T0);
    for (let i = 0; i < 10; i += 1) await limiter.recordFailure(`flood-${i}`, T0);
    expect(limiter.size).toBeLessThanOrEqual(3);
    expect(await limiter.retryAfterMs('locked', at(1))).toBe(59 * 60_000);
  });
});

describe('lockout helpers', () => {
  it('computes the remaining account lock and a Retry-After of whole seconds', () => {
    expect(accountRetryAfterMs({ lockedUntil: null }, T0)).toBe(0);
    expect(accountRetryAfterMs({ lockedUntil: at(1) }, T0)).toBe(60_000);
    expect(accountRetryAfterMs({ lockedUntil: at(-1) }, T0)).toBe(0);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(900_000)).toBe(900);
  });

  it('keys IPv4 by address, IPv6 by /64 and IPv4-mapped IPv6 as IPv4', () => {
    expect(addressKey('203.0.113.9')).toBe('ip:203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('ip:203.0.113.9');
    expect(addressKey('2001:db8:abcd:12::1')).toBe('ip6:2001:db8:abcd:12::/64');
    expect(addressKey('2001:0db8:abcd:0012:ffff:1:2:3')).toBe('ip6:2001:db8:abcd:12::/64');
    expect(addressKey('2001:db8::1')).toBe('ip6:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('ip6:0:0:0:0::/64');
  });

  it('keys unknown emails case-insensitively', () => {
    expect(unknownEmailKey(' Nobody@Example.com ')).toBe(unknownEmailKey('nobody@example.com'));
  });
});
