import { describe, expect, it } from 'vitest';
import { jwtCall, secretOptions } from './jwt-calls.js';
import type { AstNode } from './rule.js';
import { nodesOf, parseFixture } from './test-support/ast-fixture.js';

function operations(code: string) {
  const program = parseFixture(code);
  const text = (node: AstNode | null) => (node ? code.slice(node.start, node.end) : null);
  const calls = [...nodesOf(program, 'CallExpression'), ...nodesOf(program, 'NewExpression')].sort(
    (a, b) => a.start - b.start,
  );
  return calls.flatMap((call) => {
    const jwt = jwtCall(call);
    if (!jwt) return [];
    const secrets = secretOptions(jwt.options).map((p) => text(p.value as AstNode));
    return [`${jwt.library} ${jwt.operation} key=${text(jwt.key)} secrets=${secrets.join(',')}`];
  });
}

describe('jwtCall', () => {
  it('reads jsonwebtoken, jwt-simple and hono/jwt calls', () => {
    expect(
      operations(`
import jwt from 'jsonwebtoken';
import { sign as honoSign } from 'hono/jwt';
const simple = require('jwt-simple');
jwt.sign(payload, KEY, { expiresIn: '1h' });
jwt.verify(token, KEY);
jwt.decode(token);
simple.decode(token, KEY, true);
simple.decode(token, KEY);
honoSign(payload, KEY);`),
    ).toEqual([
      'jsonwebtoken sign key=KEY secrets=',
      'jsonwebtoken verify key=KEY secrets=',
      'jsonwebtoken decode key=null secrets=',
      'jwt-simple decode key=KEY secrets=',
      'jwt-simple verify key=KEY secrets=',
      'hono/jwt sign key=KEY secrets=',
    ]);
  });

  it('reads jose builders and functions', () => {
    expect(
      operations(`
import { SignJWT, jwtVerify, decodeJwt } from 'jose';
new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).sign(key);
jwtVerify(token, key);
decodeJwt(token);`),
    ).toEqual(['jose sign key=key secrets=', 'jose verify key=key secrets=', 'jose decode key=null secrets=']);
  });

  it('reads middleware and service options', () => {
    expect(
      operations(`
import { expressjwt } from 'express-jwt';
import { JwtModule } from '@nestjs/jwt';
app.use(expressjwt({ secret: S, algorithms: ['HS256'] }));
JwtModule.register({ secret: S });
this.jwtService.sign(payload, { secret: S });
fastify.register(require('@fastify/jwt'), { secret: S });`),
    ).toEqual([
      'express-jwt middleware key=null secrets=S',
      '@nestjs/jwt middleware key=null secrets=S',
      'service sign key=null secrets=S',
      '@fastify/jwt middleware key=null secrets=S',
    ]);
  });

  it('leaves other sign and verify calls alone', () => {
    expect(
      operations(`signer.sign(data); crypto.verify('sha256', data, key, sig); app.register(cors, { origin: '*' });`),
    ).toEqual([]);
  });
});
