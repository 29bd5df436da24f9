import { describe, expect, it } from 'vitest';
import { isPasswordHashName, isPasswordName, isSecretKeyName, passwordAmong } from './crypto-names.js';
import type { AstNode } from './rule.js';
import { nodesOf, parseFixture } from './test-support/ast-fixture.js';

describe('isPasswordName', () => {
  it.each(['password', 'newPassword', 'PASSWD', 'pwd', 'passphrase', 'userPass', 'pass', 'confirm_password'])(
    '%s is a password',
    (name) => expect(isPasswordName(name)).toBe(true),
  );
  it.each([
    'passwordHash',
    'hashedPassword',
    'resetPasswordToken',
    'passwordResetExpires',
    'passwordPolicy',
    'passwordLength',
    'passCount',
    'bypass',
    'saltedPassword',
  ])('%s is not', (name) => expect(isPasswordName(name)).toBe(false));
});

describe('isPasswordHashName', () => {
  it('accepts stored password names and their hash fields', () => {
    expect(['password', 'passwordHash', 'hashed_password', 'pwdDigest'].map(isPasswordHashName)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['passwordResetToken', 'passwordSalt', 'hash'].map(isPasswordHashName)).toEqual([false, false, false]);
  });
});

describe('isSecretKeyName', () => {
  it('knows secrets and signing keys from other keys', () => {
    expect(['secret', 'APP_SECRET', 'apiSecret', 'signKey', 'merchantKey', 'hmac_key'].map(isSecretKeyName)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['cacheKey', 'publicKey', 'key', 'secretary', 'apiPublicSecret'].map(isSecretKeyName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('passwordAmong', () => {
  it('finds a password inside what is hashed', () => {
    const code = `h(salt + req.body.password); h(\`\${user}:\${pwd}\`); h(Buffer.from(pass, 'utf8')); h(email);`;
    const program = parseFixture(code);
    const calls = nodesOf(
      program,
      'CallExpression',
      (call) => call.callee.type === 'Identifier' && call.callee.name === 'h',
    );
    expect(calls.map((call) => passwordAmong(call.arguments as AstNode[]))).toEqual(['password', 'pwd', 'pass', null]);
  });
});
