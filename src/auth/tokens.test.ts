import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { manualClock, TEST_SECRET } from './test-support/auth-fixture.js';
import {
  type AccessTokenKey,
  accessTokenKeyFromSecret,
  createAccessTokens,
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  generateDevelopmentKey,
} from './tokens.js';

const SUBJECT = {
  userId: '0b6f4a8e-3c0e-4a8f-9d44-1f2a3b4c5d6e',
  role: 'developer',
  sessionId: '6a1d2c3b-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
};

function ed25519(): { key: AccessTokenKey; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    key: accessTokenKeyFromSecret(pem),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function tokensWith(key: AccessTokenKey, overrides: { issuer?: string; audience?: string } = {}) {
  const clock = manualClock();
  const tokens = createAccessTokens({
    key,
    issuer: overrides.issuer ?? 'https://ectus.test',
    audience: overrides.audience ?? 'ectus-api',
    clock: clock.now,
  });
  return { tokens, clock };
}

const hs256 = accessTokenKeyFromSecret(TEST_SECRET);
const TEST_SECRET_BYTES = new TextEncoder().encode(TEST_SECRET);

/** Splits a JWT into its decoded header and payload and the signature text. */
function parts(token: string) {
  const [header, payload, signature] = token.split('.');
  const decode = (text: string | undefined) => JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload), signature: signature ?? '' };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  it.each([
    ['HS256', hs256],
    ['EdDSA', ed25519().key],
  ] as const)('issues and verifies %s tokens with every claim', async (algorithm, key) => {
    const { tokens } = tokensWith(key);
    const { token, claims } = await tokens.issue(SUBJECT);
    expect(parts(token).header).toEqual({ alg: algorithm, typ: 'at+jwt' });
    expect(parts(token).payload).toMatchObject({
      iss: 'https://ectus.test',
      aud: 'ectus-api',
      sub: SUBJECT.userId,
      sid: SUBJECT.sessionId,
      role: 'developer',
      jti: claims.tokenId,
    });
    expect(claims.expiresAt.getTime() - claims.issuedAt.getTime()).toBe(DEFAULT_ACCESS_TOKEN_TTL_SECONDS * 1000);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims });
  });

  it('lasts 15 minutes by default, then answers expired', async () => {
    const { tokens, clock } = tokensWith(hs256);
    const { token } = await tokens.issue(SUBJECT);
    clock.advance(15 * 60_000 - 1000);
    expect((await tokens.verify(token)).ok).toBe(true);
    clock.advance(1000);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('takes a configured lifetime', async () => {
    const clock = manualClock();
    const tokens = createAccessTokens({ key: hs256, issuer: 'i', audience: 'a', ttlSeconds: 60, clock: clock.now });
    const { claims } = await tokens.issue(SUBJECT);
    expect(claims.expiresAt.getTime() - claims.issuedAt.getTime()).toBe(60_000);
    expect(() => createAccessTokens({ key: hs256, issuer: 'i', audience: 'a', ttlSeconds: 0 })).toThrow();
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const { tokens } = tokensWith(hs256);
    const { token } = await tokens.issue(SUBJECT);
    const { payload } = parts(token);
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(payload)}.`;
    expect(await tokens.verify(unsigned)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects an HS256 token signed with the EdDSA public key (algorithm confusion)', async () => {
    const { key, publicPem } = ed25519();
    const { tokens } = tokensWith(key);
    const forged = await new SignJWT({ role: 'admin', sid: SUBJECT.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer('https://ectus.test')
      .setAudience('ectus-api')
      .setSubject(SUBJECT.userId)
      .setJti('forged')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicPem));
    expect(await tokens.verify(forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects an EdDSA token where HS256 is configured', async () => {
    const eddsa = tokensWith(ed25519().key).tokens;
    const { token } = await eddsa.issue(SUBJECT);
    expect(await tokensWith(hs256).tokens.verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects a token signed with another secret', async () => {
    const other = tokensWith(accessTokenKeyFromSecret('another secret that is also long enough!')).tokens;
    const { token } = await other.issue(SUBJECT);
    expect((await tokensWith(hs256).tokens.verify(token)).ok).toBe(false);
  });

  it('rejects a wrong audience or issuer', async () => {
    const { token } = await tokensWith(hs256).tokens.issue(SUBJECT);
    expect(await tokensWith(hs256, { audience: 'another-api' }).tokens.verify(token)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await tokensWith(hs256, { issuer: 'https://evil.test' }).tokens.verify(token)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('rejects a tampered payload (role raised to admin)', async () => {
    const { tokens } = tokensWith(hs256);
    const { token } = await tokens.issue(SUBJECT);
    const { header, payload, signature } = parts(token);
    const tampered = `${encode(header)}.${encode({ ...payload, role: 'admin' })}.${signature}`;
    expect(await tokens.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects tokens of another type or without a jti, even with a valid signature', async () => {
    const { tokens, clock } = tokensWith(hs256);
    const sign = (header: { alg: string; typ?: string }, withJti: boolean) => {
      const jwt = new SignJWT({ role: 'developer', sid: SUBJECT.sessionId })
        .setProtectedHeader(header)
        .setIssuer('https://ectus.test')
        .setAudience('ectus-api')
        .setSubject(SUBJECT.userId)
        .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
        .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 60);
      return (withJti ? jwt.setJti('j') : jwt).sign(TEST_SECRET_BYTES);
    };
    expect((await tokens.verify(await sign({ alg: 'HS256', typ: 'at+jwt' }, true))).ok).toBe(true);
    expect((await tokens.verify(await sign({ alg: 'HS256', typ: 'JWT' }, true))).ok).toBe(false);
    expect((await tokens.verify(await sign({ alg: 'HS256' }, true))).ok).toBe(false);
    expect((await tokens.verify(await sign({ alg: 'HS256', typ: 'at+jwt' }, false))).ok).toBe(false);
  });

  it('rejects garbage', async () => {
    const { tokens } = tokensWith(hs256);
    for (const garbage of ['', 'abc', 'a.b.c', "' OR 1=1 --", `${'x'.repeat(10_000)}.y.z`]) {
      expect(await tokens.verify(garbage)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

describe('signing keys', () => {
  it('needs an HS256 secret of at least 32 bytes', () => {
    expect(() => accessTokenKeyFromSecret('too short a secret')).toThrow(
      expect.objectContaining({ code: 'ECTUS_CONFIG_INVALID' }),
    );
    expect(accessTokenKeyFromSecret('x'.repeat(32)).algorithm).toBe('HS256');
    expect(generateDevelopmentKey()).toMatchObject({ algorithm: 'HS256' });
  });

  it('reads an Ed25519 PEM key as EdDSA and refuses other key types', () => {
    expect(ed25519().key.algorithm).toBe('EdDSA');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => accessTokenKeyFromSecret(rsa.toString())).toThrow(/Ed25519/);
    expect(() =>
      accessTokenKeyFromSecret('-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----'),
    ).toThrow(/PEM/);
  });
});
