import { describe, expect, it } from 'vitest';
import { destinationName, hashComputation } from './hash-computations.js';
import type { AstNode } from './rule.js';
import { nodesOf, parseFixture } from './test-support/ast-fixture.js';

function hashes(code: string) {
  const program = parseFixture(code);
  return nodesOf(program, 'CallExpression')
    .map((call) => hashComputation(call))
    .filter((hash) => hash !== null)
    .map((hash) => ({
      algorithm: hash.algorithm,
      keyed: hash.key !== null,
      inputs: hash.inputs.map((input) => code.slice((input as AstNode).start, (input as AstNode).end)),
      destination: hash.result ? destinationName(hash.result) : null,
    }));
}

describe('hashComputation', () => {
  it('follows chained and variable-held hashers to their digest', () => {
    expect(
      hashes(`
const crypto = require('crypto');
const etag = crypto.createHash('SHA-256').update(a).update(b).digest('hex').toUpperCase();
function f() {
  const h = crypto.createHmac('sha1', key);
  h.update(body);
  user.passwordHash = h.digest('base64');
}`),
    ).toEqual([
      { algorithm: 'sha256', keyed: false, inputs: ['a', 'b'], destination: 'etag' },
      { algorithm: 'sha1', keyed: true, inputs: ['body'], destination: 'passwordHash' },
    ]);
  });

  it('knows package hash functions, CryptoJS and WebCrypto', () => {
    expect(
      hashes(`
import md5 from 'md5';
import sha256 from 'crypto-js/sha256';
const a = md5(email);
const b = CryptoJS.HmacSHA512(message, secret);
const c = sha256(text).toString();
const d = await crypto.subtle.digest({ name: 'SHA-1' }, data);
user.set('password', CryptoJS.MD5(input));`),
    ).toEqual([
      { algorithm: 'md5', keyed: false, inputs: ['email'], destination: 'a' },
      { algorithm: 'sha512', keyed: true, inputs: ['message'], destination: 'b' },
      { algorithm: 'sha256', keyed: false, inputs: ['text'], destination: 'c' },
      { algorithm: 'sha1', keyed: false, inputs: ['data'], destination: 'd' },
      { algorithm: 'md5', keyed: false, inputs: ['input'], destination: 'password' },
    ]);
  });

  it('names a digest compared with a stored value', () => {
    expect(hashes(`if (md5(pw) === user.password) login();`)[0]?.destination).toBe('password');
  });

  it('ignores calls that compute no hash', () => {
    expect(hashes(`crypto.createHash(algorithm).update(x); crypto.randomBytes(8); hasher.update(x);`)).toEqual([]);
  });
});
