import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from './access-token-verifier.js';

const SECRET = new TextEncoder().encode('a-test-secret-that-is-at-least-32-bytes-long');
const NOW = new Date('2026-03-01T12:00:00Z');
const SECONDS = NOW.getTime() / 1000;
const OPTIONS = { issuer: 'https://ectus.test', audience: 'ectus-api', type: 'at+jwt' };
const verify = createAccessTokenVerifier({ key: { algorithm: 'HS256', secret: SECRET }, ...OPTIONS });

const CLAIMS = {
  iss: 'https://ectus.test',
  aud: 'ectus-api',
  sub: 'user-1',
  jti: 'token-1',
  iat: SECONDS - 60,
  exp: SECONDS + 840,
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs any header and payload with the test secret, as a forger holding the key could. */
function hs256(header: unknown, payload: unknown): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

const HEADER = { alg: 'HS256', typ: 'at+jwt' };

describe('access token verifier', () => {
  it('accepts a token jose issued, with its payload', async () => {
    const token = await new SignJWT({ role: 'viewer' })
      .setProtectedHeader(HEADER)
      .setIssuer(CLAIMS.iss)
      .setAudience(CLAIMS.aud)
      .setSubject(CLAIMS.sub)
      .setJti(CLAIMS.jti)
      .setIssuedAt(CLAIMS.iat)
      .setExpirationTime(CLAIMS.exp)
      .sign(SECRET);
    expect(verify(token, NOW)).toEqual({ ok: true, payload: { ...CLAIMS, role: 'viewer' } });
  });

  it('accepts an audience list that names the API', () => {
    expect(verify(hs256(HEADER, { ...CLAIMS, aud: ['other', 'ectus-api'] }), NOW).ok).toBe(true);
    expect(verify(hs256(HEADER, { ...CLAIMS, aud: ['other'] }), NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reports expiry at exp exactly, but only for a genuine token', () => {
    expect(verify(hs256(HEADER, { ...CLAIMS, exp: SECONDS }), NOW)).toEqual({ ok: false, reason: 'expired' });
    const forged = `${hs256(HEADER, { ...CLAIMS, exp: SECONDS }).slice(0, -4)}AAAA`;
    expect(verify(forged, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['a crit header', { ...HEADER, crit: ['exp'] }, CLAIMS],
    ['an unencoded payload (b64: false)', { ...HEADER, b64: false }, CLAIMS],
    ['another type', { alg: 'HS256', typ: 'JWT' }, CLAIMS],
    ['no type', { alg: 'HS256' }, CLAIMS],
    ['a not-yet-valid token', HEADER, { ...CLAIMS, nbf: SECONDS + 60 }],
    ['a non-numeric nbf', HEADER, { ...CLAIMS, nbf: 'now' }],
    ['a string exp', HEADER, { ...CLAIMS, exp: String(CLAIMS.exp) }],
    ['no jti', HEADER, { ...CLAIMS, jti: undefined }],
    ['no iat', HEADER, { ...CLAIMS, iat: undefined }],
    ['a numeric sub', HEADER, { ...CLAIMS, sub: 42 }],
    ['another issuer', HEADER, { ...CLAIMS, iss: 'https://evil.test' }],
    ['a payload that is not an object', HEADER, ['iss']],
  ])('refuses %s even when correctly signed', (_label, header, payload) => {
    expect(verify(hs256(header, payload), NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses malformed compact serialisations', () => {
    const good = hs256(HEADER, CLAIMS);
    const [h, p, s] = good.split('.') as [string, string, string];
    for (const token of [
      '',
      'a.b',
      `${good}.extra`,
      `${h}.${p}.`,
      `${h}.${p}.${s}=`,
      `${h} .${p}.${s}`,
      `${h}.${p}.${s.slice(0, -2)}`,
      `${encode('not json')}.${p}.${s}`,
      `${'x'.repeat(9000)}.${p}.${s}`,
    ]) {
      expect(verify(token, NOW), token.slice(0, 40)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('pins the algorithm: alg none and HS256 signed with the Ed25519 public key fail', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const verifyEd = createAccessTokenVerifier({ key: { algorithm: 'EdDSA', publicKey }, ...OPTIONS });
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(CLAIMS)}.`;
    expect(verifyEd(unsigned, NOW).ok).toBe(false);
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
    const input = `${encode(HEADER)}.${encode(CLAIMS)}`;
    const confused = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    expect(verifyEd(confused, NOW)).toEqual({ ok: false, reason: 'invalid' });

    const edHeader = { alg: 'EdDSA', typ: 'at+jwt' };
    const edInput = `${encode(edHeader)}.${encode(CLAIMS)}`;
    const edToken = `${edInput}.${sign(null, Buffer.from(edInput), privateKey).toString('base64url')}`;
    expect(verifyEd(edToken, NOW)).toEqual({ ok: true, payload: CLAIMS });
    expect(verify(edToken, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});
