import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../db/test-support/databases.js';
import { makeUser, T0 } from '../db/test-support/fixtures.js';
import { createApiKey } from './api-keys.js';
import { createAuthenticator } from './authenticate.js';
import { builtinRoleCatalog } from './rbac.js';
import { manualClock, testAccessTokens } from './test-support/auth-fixture.js';

describe.each(TEST_DATABASES)('bearer authentication %s', (_name, target) => {
  const database = useTestDatabase(target);

  function setup() {
    const clock = manualClock();
    const accessTokens = testAccessTokens(clock.now);
    return {
      clock,
      accessTokens,
      authenticator: createAuthenticator({ db: database().db, accessTokens, clock: clock.now }),
    };
  }

  it('is anonymous without credentials and refuses other schemes or shapes', async () => {
    const { authenticator } = setup();
    expect(await authenticator.authenticate(undefined)).toEqual({ kind: 'missing' });
    expect(await authenticator.authenticate('  ')).toEqual({ kind: 'missing' });
    expect(await authenticator.authenticate('Basic dXNlcjpwYXNz')).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(await authenticator.authenticate('Bearer')).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(await authenticator.authenticate('Bearer a b')).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(await authenticator.authenticate("Bearer ' OR 1=1 --")).toEqual({ kind: 'invalid', reason: 'malformed' });
  });

  it('accepts an access token until it expires', async () => {
    const { authenticator, accessTokens, clock } = setup();
    const subject = {
      userId: '5f0b2f8e-1d1c-4c59-9b1e-2f8a4f8d9c11',
      role: 'viewer',
      sessionId: '9a3e5c1b-7d2f-4e6a-8b0c-1d2e3f4a5b6c',
    };
    const { token, claims } = await accessTokens.issue(subject);
    expect(await authenticator.authenticate(`bearer ${token}`)).toEqual({
      kind: 'ok',
      via: 'access-token',
      principal: { userId: subject.userId, role: 'viewer' },
      sessionId: subject.sessionId,
      tokenId: claims.tokenId,
    });
    clock.advance(15 * 60_000);
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual({ kind: 'invalid', reason: 'expired' });
  });

  it('accepts an API key as its user with its scopes', async () => {
    const { authenticator } = setup();
    const user = await makeUser(database().db, { role: 'developer' });
    const created = await createApiKey(database().db, builtinRoleCatalog(), {
      userId: user.id,
      name: 'CI',
      scopes: ['scans:create'],
      expiresAt: null,
      now: T0,
    });
    if (created.kind !== 'created') throw new Error(created.kind);
    expect(await authenticator.authenticate(`Bearer ${created.key}`)).toEqual({
      kind: 'ok',
      via: 'api-key',
      principal: { userId: user.id, role: 'developer', scopes: ['scans:create'] },
      apiKeyId: created.apiKey.id,
    });
    const altered = `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticator.authenticate(`Bearer ${altered}`)).toEqual({ kind: 'invalid', reason: 'unknown' });
  });
});
