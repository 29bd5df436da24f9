import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { testRule } from '../test-support/rule-tester.js';
import defaultSecretFallback from './default-secret-fallback.js';
import hardcodedCredentials from './hardcoded-credentials.js';
import rule from './hardcoded-jwt-secret.js';

testRule(rule, {
  valid: [
    {
      name: 'secrets from the environment',
      code: `
import jwt from 'jsonwebtoken';
const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET must be set');
export const issue = (userId: string) => jwt.sign({ sub: userId }, JWT_SECRET, { expiresIn: '15m' });
export const check = (token: string) => jwt.verify(token, config.jwt.secret, { algorithms: ['HS256'] });`,
    },
    {
      name: 'a fallback belongs to default-secret-fallback',
      code: `
const jwt = require('jsonwebtoken');
const secret = process.env.JWT_SECRET || 'dev-secret';
module.exports.sign = (user) => jwt.sign({ id: user.id }, secret);`,
    },
    {
      name: 'a literal key passed to jwt.sign belongs to hardcoded-credentials',
      code: `
const jwt = require('jsonwebtoken');
module.exports.sign = (user) => jwt.sign({ id: user.id }, 'k3y-9f8a7b6c5d4e3f2a1b0c');`,
    },
    {
      name: 'a constant named like a secret belongs to hardcoded-credentials',
      code: `
import jwt from 'jsonwebtoken';
const JWT_SECRET = 'f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4';
export const issue = (id: string) => jwt.sign({ id }, JWT_SECRET);`,
    },
    {
      name: 'a hard-coded public key verifies but cannot sign',
      code: `
import jwt from 'jsonwebtoken';
const PUBLIC_PEM = \`-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
-----END PUBLIC KEY-----\`;
export const check = (token: string) => jwt.verify(token, PUBLIC_PEM, { algorithms: ['RS256'] });`,
    },
    {
      name: 'a secret parameter and decoding without a key',
      code: `
const jwt = require('jsonwebtoken');
exports.sign = (payload, secret) => jwt.sign(payload, secret);
exports.peek = (token) => jwt.decode(token, { complete: true });`,
    },
    {
      name: 'tests sign with fixed secrets',
      filename: 'src/auth/token.test.ts',
      code: `import jwt from 'jsonwebtoken';\nconst KEY = 'test-key';\nconst token = jwt.sign({ sub: '1' }, KEY);`,
    },
    {
      name: 'an unrelated sign method',
      code: `const KEY = 'abc123def456';\nexport const sig = signer.sign(KEY);\nexport const s = crypto.createSign('RSA-SHA256').sign(privateKey);`,
    },
  ],
  invalid: [
    {
      name: 'a constant the credentials rule does not recognise',
      code: `
const jwt = require('jsonwebtoken');
const JWT_KEY = 'a8f5f167f44f4964e6c998dee827110c';
module.exports.issue = (user) => jwt.sign({ sub: user.id, role: user.role }, JWT_KEY, { expiresIn: '1h' });
module.exports.check = (token) => jwt.verify(token, JWT_KEY);`,
      errors: [
        { messageId: 'hardcoded', line: 4 },
        { messageId: 'hardcoded', line: 5 },
      ],
    },
    {
      name: 'named imports of sign and verify with a literal',
      code: `
import { sign, verify } from 'jsonwebtoken';
export const issue = (id: string) => sign({ id }, 'super-secret-signing-value');
export const check = (token: string) => verify(token, 'super-secret-signing-value');`,
      errors: [
        { messageId: 'hardcoded', line: 3 },
        { messageId: 'hardcoded', line: 4 },
      ],
    },
    {
      name: 'a placeholder-looking secret is still the secret in use',
      code: `
import jwt from 'jsonwebtoken';
const SECRET = 'secret';
export const issue = (id: string) => jwt.sign({ id }, SECRET);`,
      errors: [{ messageId: 'hardcoded', line: 4 }],
    },
    {
      name: 'jose SignJWT and jwtVerify with an encoded literal',
      code: `
import { SignJWT, jwtVerify } from 'jose';
const key = new TextEncoder().encode('cc7e0d44fd473002f1c42167459001140ec6389b7353f8088f4d9a95f2f596f2');
export async function issue(sub: string) {
  return new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(key);
}
export const check = (token: string) => jwtVerify(token, new TextEncoder().encode('cc7e0d44fd473002f1c42167459001140ec6389b7353f8088f4d9a95f2f596f2'));`,
      errors: [
        { messageId: 'hardcoded', line: 5 },
        { messageId: 'hardcoded', line: 7 },
      ],
    },
    {
      name: 'express-jwt, passport-jwt and @fastify/jwt options',
      code: `
const { expressjwt } = require('express-jwt');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
app.use(expressjwt({ secret: Buffer.from('shhh-its-a-long-shared-value'), algorithms: ['HS256'] }));
passport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'myJwtSigningKey2024' }, verify));
fastify.register(require('@fastify/jwt'), { secret: Buffer.from('fastify-jwt-value-123') });`,
      errors: [
        { messageId: 'hardcoded', line: 4 },
        { messageId: 'hardcoded', line: 5 },
        { messageId: 'hardcoded', line: 6 },
      ],
    },
    {
      name: 'NestJS JwtModule and JwtService options',
      code: `
import { JwtModule, JwtService } from '@nestjs/jwt';
const JWT_KEY = 'nest-jwt-key-1f2e3d4c';
@Module({ imports: [JwtModule.register({ secret: JWT_KEY, signOptions: { expiresIn: '60s' } })] })
export class AuthModule {}
@Injectable()
export class AuthService {
  constructor(private readonly jwtService: JwtService) {}
  login(user: User) {
    return this.jwtService.sign({ sub: user.id }, { secret: JWT_KEY });
  }
}`,
      errors: [
        { messageId: 'hardcoded', line: 4 },
        { messageId: 'hardcoded', line: 10 },
      ],
    },
  ],
});

describe('hardcoded-jwt-secret with the other secret rules', () => {
  const all = [hardcodedCredentials, defaultSecretFallback, rule].map((r) => ({
    rule: r,
    severity: r.meta.severity,
    options: { ...r.meta.defaultOptions },
  }));
  const scan = (code: string) =>
    analyzeSource('src/auth/tokens.js', code, { rules: all, threatModel: 'remote', includeGenerated: true }).findings;

  it('reports a secret that every rule could see once', () => {
    const findings = scan(`
const jwt = require('jsonwebtoken');
const JWT_SECRET = 'b1946ac92492d2347c6235b4d2611184';
app.use(expressJwt({ secret: 'b1946ac92492d2347c6235b4d2611184', algorithms: ['HS256'] }));
exports.a = (u) => jwt.sign({ id: u.id }, JWT_SECRET);
exports.b = (u) => jwt.sign({ id: u.id }, 'b1946ac92492d2347c6235b4d2611184');
exports.c = (u) => jwt.sign({ id: u.id }, process.env.JWT_SECRET || 'b1946ac92492d2347c6235b4d2611184');`);
    expect(findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      '3 hardcoded-credentials',
      '4 hardcoded-credentials',
      '6 hardcoded-credentials',
      '7 default-secret-fallback',
    ]);
  });

  it('never shows the secret in its snippet', () => {
    const findings = scan(
      `const jwt = require('jsonwebtoken');\nconst KEY = 'n0t-f0r-y0ur-eyes'; exports.a = (u) => jwt.sign(u, KEY, { expiresIn: '1h' });`,
    );
    const finding = findings.find((f) => f.ruleId === 'hardcoded-jwt-secret');
    expect(finding?.line).toBe(2);
    expect(findings.map((f) => f.snippet).join('\n')).not.toContain('n0t-f0r-y0ur-eyes');
  });
});
