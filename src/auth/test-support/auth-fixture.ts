import type { Database } from '../../db/client.js';
import { T0 } from '../../db/test-support/fixtures.js';
import { createAccountService } from '../accounts.js';
import { type AuthOptions, createAuthContext } from '../auth-context.js';
import type { Clock } from '../clock.js';
import { type Argon2Parameters, createPasswordHasher, type PasswordHasher } from '../passwords.js';
import { type AccessTokens, accessTokenKeyFromSecret, createAccessTokens } from '../tokens.js';

/**
 * Cheap argon2id parameters so tests stay fast. Far below OWASP's minimum: only tests may use them,
 * and they must say so (`belowOwaspMinimumForTests`).
 */
export const TEST_ARGON2_PARAMETERS: Readonly<Argon2Parameters> = Object.freeze({
  memoryCost: 64,
  timeCost: 1,
  parallelism: 1,
  outputLen: 32,
});

export function testPasswordHasher(parameters: Argon2Parameters = TEST_ARGON2_PARAMETERS): PasswordHasher {
  return createPasswordHasher(parameters, { belowOwaspMinimumForTests: true });
}

/** A clock that moves only when told to. */
export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
}

export function manualClock(start: Date = T0): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

export const TEST_SECRET = 'test-only secret of more than thirty-two bytes';

export function testAccessTokens(clock: Clock): AccessTokens {
  return createAccessTokens({
    key: accessTokenKeyFromSecret(TEST_SECRET),
    issuer: 'https://ectus.test',
    audience: 'ectus-api',
    clock,
  });
}

/** The auth services over `db` with a manual clock, cheap hashing and in-memory address lockout. */
export function authFixture(db: Database, overrides: Partial<AuthOptions> = {}) {
  const clock = manualClock();
  const context = createAuthContext({
    db,
    passwords: testPasswordHasher(),
    accessTokens: testAccessTokens(clock.now),
    clock: clock.now,
    ...overrides,
  });
  return { clock, context, accounts: createAccountService(context) };
}
