import { isIPv6 } from 'node:net';
import type { AccountLockPolicy } from '../db/repositories/users.js';

/**
 * Login lockout. Accounts: failures are counted in the `users` row (`recordLoginFailure`), so a
 * lock holds across restarts and instances. Client addresses, and email addresses that match no
 * account: counted by an `AttemptLimiter`, in memory here (a Redis-backed limiter can replace it for
 * several instances). Unknown emails are counted like accounts so that a lock does not reveal which
 * emails have an account.
 */

export type LockoutPolicy = AccountLockPolicy;

/** 5 failures within 15 minutes lock for 15 minutes. */
export const DEFAULT_LOCKOUT_POLICY: Readonly<LockoutPolicy> = Object.freeze({
  maxFailures: 5,
  lockDurationMs: 15 * 60_000,
  windowMs: 15 * 60_000,
});

/** Counts failures per key and locks a key that reaches the policy's limit. */
export interface AttemptLimiter {
  /** Milliseconds until the key's lock ends; 0 when not locked. */
  retryAfterMs(key: string, now: Date): Promise<number>;
  /** Counts a failure; `lockedUntil` is set when this failure locked the key. */
  recordFailure(key: string, now: Date): Promise<{ failures: number; lockedUntil: Date | null }>;
  reset(key: string): Promise<void>;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/**
 * An in-memory limiter. At most `maxEntries` keys are kept: when full, entries whose window and lock
 * have passed go first, then the oldest unlocked ones, so filling the map cannot lift a lock.
 */
export function createMemoryAttemptLimiter(
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  options: { maxEntries?: number } = {},
): AttemptLimiter & { readonly size: number } {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, Entry>();

  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && isStale(entry, now, policy)) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const makeRoom = (now: number) => {
    if (entries.size < maxEntries) return;
    for (const [key, entry] of entries) if (isStale(entry, now, policy)) entries.delete(key);
    for (const [key, entry] of entries) {
      if (entries.size < maxEntries) return;
      if (entry.lockedUntil <= now) entries.delete(key);
    }
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) return;
      entries.delete(key);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    async retryAfterMs(key, now) {
      const entry = live(key, now.getTime());
      return entry ? Math.max(0, entry.lockedUntil - now.getTime()) : 0;
    },
    async recordFailure(key, now) {
      const at = now.getTime();
      let entry = live(key, at);
      if (!entry || at - entry.windowStart >= policy.windowMs) {
        makeRoom(at);
        entry = { failures: 0, windowStart: at, lockedUntil: entry?.lockedUntil ?? 0 };
        entries.set(key, entry);
      }
      entry.failures += 1;
      if (entry.failures < policy.maxFailures) return { failures: entry.failures, lockedUntil: null };
      entry.lockedUntil = at + policy.lockDurationMs;
      const failures = entry.failures;
      // Counting starts again after the lock, as it does for accounts.
      entry.failures = 0;
      entry.windowStart = at;
      return { failures, lockedUntil: new Date(entry.lockedUntil) };
    },
    async reset(key) {
      entries.delete(key);
    },
  };
}

function isStale(entry: Entry, now: number, policy: LockoutPolicy): boolean {
  return entry.lockedUntil <= now && now - entry.windowStart >= policy.windowMs;
}

/** Milliseconds until an account's lock ends; 0 when it is not locked. */
export function accountRetryAfterMs(user: { lockedUntil: Date | null }, now: Date): number {
  return user.lockedUntil ? Math.max(0, user.lockedUntil.getTime() - now.getTime()) : 0;
}

/** Whole seconds for a `Retry-After` header, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The limiter key of a client address. IPv6 clients usually hold a whole /64, so they are counted
 * by that prefix; IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!isIPv6(ip)) return `ip:${ip}`;
  return `ip6:${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, lower case without leading zeros. */
function expandIPv6(ip: string): string[] {
  const withoutZone = ip.split('%')[0] ?? ip;
  const [head = '', tail] = withoutZone.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/** The limiter key of an email address that has no account. */
export function unknownEmailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}
