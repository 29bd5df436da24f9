import { testRule } from '../test-support/rule-tester.js';
import rule from './weak-key-size.js';

testRule(rule, {
  valid: [
    {
      name: 'RSA 2048 and 4096, P-256, Ed25519',
      code: `
import { generateKeyPairSync, generateKeyPair } from 'node:crypto';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
generateKeyPair('rsa-pss', { modulusLength: 4096 }, done);
generateKeyPairSync('ec', { namedCurve: 'P-256' });
generateKeyPairSync('ed25519');`,
    },
    {
      name: 'PBKDF2 at the OWASP count, scrypt with its defaults, bcrypt cost 12',
      code: `
const crypto = require('crypto');
const bcrypt = require('bcrypt');
const ITERATIONS = 600000;
exports.derive = (pw, salt) => crypto.pbkdf2Sync(pw, salt, ITERATIONS, 32, 'sha256');
exports.scrypted = (pw, salt) => crypto.scryptSync(pw, salt, 64, { N: 2 ** 17, r: 8, p: 1 });
exports.plain = (pw, salt) => crypto.scryptSync(pw, salt, 64);
exports.hashed = (pw) => bcrypt.hash(pw, 12);
exports.salted = () => bcrypt.genSaltSync(10);`,
    },
    {
      name: 'sizes from configuration are not judged',
      code: `
import crypto from 'crypto';
export const pair = (bits: number) => crypto.generateKeyPairSync('rsa', { modulusLength: bits });
export const derived = (pw: string, salt: Buffer) => crypto.pbkdf2Sync(pw, salt, config.iterations, 32, 'sha512');`,
    },
    {
      name: 'a small key in a test',
      filename: 'src/auth/__tests__/keys.ts',
      code: `import { generateKeyPairSync } from 'crypto';\nconst pair = generateKeyPairSync('rsa', { modulusLength: 512 });`,
    },
    {
      name: 'hash and genSalt of unrelated modules',
      code: `
import { hash } from './utils/hash';
const id = hash(5);
const salt = rng.genSalt(4);`,
    },
  ],
  invalid: [
    {
      name: 'RSA 1024 and DSA 1024',
      code: `
const crypto = require('crypto');
const keys = crypto.generateKeyPairSync('rsa', {
  modulusLength: 1024,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
crypto.generateKeyPair('dsa', { modulusLength: 1024, divisorLength: 160 }, (err, pub, priv) => {});`,
      errors: [
        { messageId: 'smallModulus', line: 4 },
        { messageId: 'smallModulus', line: 7 },
      ],
    },
    {
      name: 'Diffie-Hellman with a small prime or group, and a weak curve',
      code: `
import * as crypto from 'node:crypto';
export const dh = crypto.createDiffieHellman(1024);
export const group = crypto.getDiffieHellman('modp2');
export const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'secp160r1' });`,
      errors: [
        { messageId: 'smallModulus', line: 3 },
        { messageId: 'smallModulus', line: 4 },
        { messageId: 'weakCurve', line: 5 },
      ],
    },
    {
      name: 'PBKDF2 with too few iterations, direct and through a constant',
      code: `
import { pbkdf2Sync, pbkdf2 } from 'crypto';
const ROUNDS = 10000;
export function hashPassword(password: string, salt: Buffer) {
  return pbkdf2Sync(password, salt, 1000, 64, 'sha512').toString('hex');
}
export const verify = (password: string, salt: Buffer, cb: () => void) => pbkdf2(password, salt, ROUNDS, 32, 'sha256', cb);`,
      errors: [
        { messageId: 'fewIterations', line: 5 },
        { messageId: 'fewIterations', line: 7 },
      ],
    },
    {
      name: 'a stricter floor from the configuration',
      options: { minPbkdf2Iterations: 600000 },
      code: `const crypto = require('crypto');\nconst key = crypto.pbkdf2Sync(pw, salt, 310000, 32, 'sha256');`,
      errors: [{ messageId: 'fewIterations', line: 2 }],
    },
    {
      name: 'scrypt and bcrypt with a low cost',
      code: `
const { scryptSync } = require('crypto');
const bcrypt = require('bcryptjs');
const key = scryptSync(password, salt, 64, { N: 1024 });
const hash = await bcrypt.hash(password, 8);
const salt2 = bcrypt.genSaltSync(6);`,
      errors: [
        { messageId: 'lowCost', line: 4 },
        { messageId: 'lowCost', line: 5 },
        { messageId: 'lowCost', line: 6 },
      ],
    },
    {
      name: 'node-rsa, node-forge and WebCrypto PBKDF2',
      code: `
import NodeRSA from 'node-rsa';
import forge from 'node-forge';
const key = new NodeRSA({ b: 512 });
const pair = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
export const derive = (base: CryptoKey, salt: Uint8Array) =>
  crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations: 5000, hash: 'SHA-256' }, base, 256);`,
      errors: [
        { messageId: 'smallModulus', line: 4 },
        { messageId: 'smallModulus', line: 5 },
        { messageId: 'fewIterations', line: 7 },
      ],
    },
  ],
});
