import { testRule } from '../test-support/rule-tester.js';
import rule from './static-iv.js';

testRule(rule, {
  valid: [
    {
      name: 'a random IV for every message',
      code: `
import { createCipheriv, randomBytes } from 'node:crypto';
export function encrypt(key: Buffer, text: string) {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final()]);
}`,
    },
    {
      name: 'a zeroed buffer filled with random bytes before use',
      code: `
const crypto = require('crypto');
function seal(key, data) {
  const nonce = Buffer.alloc(12);
  crypto.randomFillSync(nonce);
  return crypto.createCipheriv('aes-256-gcm', key, nonce).update(data);
}`,
    },
    {
      name: 'decryption reads the IV stored with the ciphertext; ECB takes none',
      code: `
const crypto = require('crypto');
exports.open = (key, payload) => {
  const iv = payload.subarray(0, 16);
  return crypto.createDecipheriv('aes-256-cbc', key, iv).update(payload.subarray(16));
};
exports.legacy = (key, data) => crypto.createCipheriv('aes-128-ecb', key, null).update(data);`,
    },
    {
      name: 'random salts for password hashing and a cost factor for bcrypt',
      code: `
import { pbkdf2Sync, randomBytes } from 'crypto';
import bcrypt from 'bcryptjs';
export function hashPassword(password: string) {
  const salt = randomBytes(16);
  return { salt, hash: pbkdf2Sync(password, salt, 600000, 32, 'sha256') };
}
export const hashed = (password: string) => bcrypt.hash(password, 12);`,
    },
    {
      name: 'one key derived from a configured secret with a fixed salt',
      code: `
const crypto = require('crypto');
const key = crypto.scryptSync(process.env.ENCRYPTION_KEY, 'salt', 32);
const other = crypto.pbkdf2Sync(config.masterSecret, 'app-salt', 100000, 32, 'sha256');`,
    },
    {
      name: 'WebCrypto AES-GCM with getRandomValues',
      code: `
export async function seal(key: CryptoKey, data: Uint8Array) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data);
}`,
    },
    {
      name: 'crypto-js with a random IV',
      code: `
import CryptoJS from 'crypto-js';
export const seal = (text: string, key: CryptoJS.lib.WordArray) =>
  CryptoJS.AES.encrypt(text, key, { iv: CryptoJS.lib.WordArray.random(16) });`,
    },
  ],
  invalid: [
    {
      name: 'an IV written as a literal in a service',
      code: `
const crypto = require('crypto');
const IV = '1234567890123456';
class EncryptionService {
  encrypt(text) {
    const cipher = crypto.createCipheriv('aes-256-cbc', this.key, IV);
    return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
  }
}`,
      errors: [{ messageId: 'staticIv', line: 6 }],
    },
    {
      name: 'a zero IV and a Buffer.from constant',
      code: `
import { createCipheriv } from 'node:crypto';
export const a = (key: Buffer, data: string) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12)).update(data);
const FIXED = Buffer.from('a1b2c3d4e5f60718a1b2c3d4e5f60718', 'hex');
export const b = (key: Buffer, data: string) => createCipheriv('aes-128-cbc', key, FIXED).update(data);`,
      errors: [
        { messageId: 'staticIv', line: 3 },
        { messageId: 'staticIv', line: 5 },
      ],
    },
    {
      name: 'a class field IV in a TypeScript service',
      code: `
import * as crypto from 'crypto';
export class CardVault {
  private readonly iv = Buffer.from('fedcba9876543210');
  constructor(private readonly key: Buffer) {}
  seal(pan: string): string {
    return crypto.createCipheriv('aes-256-cbc', this.key, this.iv).update(pan, 'utf8', 'hex');
  }
}`,
      errors: [{ messageId: 'staticIv', line: 7 }],
    },
    {
      name: 'a fixed salt for user passwords',
      code: `
const crypto = require('crypto');
const SALT = 'e1f53135e559c253';
exports.hashPassword = (password) => crypto.pbkdf2Sync(password, SALT, 100000, 64, 'sha512').toString('hex');
exports.scrypted = (req) => crypto.scryptSync(req.body.password, 'static-salt', 64);`,
      errors: [
        { messageId: 'staticSalt', line: 4 },
        { messageId: 'staticSalt', line: 5 },
      ],
    },
    {
      name: 'bcrypt with a salt written in the source',
      code: `
const bcrypt = require('bcrypt');
const hash = bcrypt.hashSync(password, '$2b$10$abcdefghijklmnopqrstuu');`,
      errors: [{ messageId: 'staticSalt', line: 3 }],
    },
    {
      name: 'crypto-js with a parsed constant IV',
      code: `
import CryptoJS from 'crypto-js';
const iv = CryptoJS.enc.Utf8.parse('0000000000000000');
export const seal = (text: string, key: string) =>
  CryptoJS.AES.encrypt(text, CryptoJS.enc.Utf8.parse(key), { iv, mode: CryptoJS.mode.CBC }).toString();`,
      errors: [{ messageId: 'staticIv', line: 5 }],
    },
    {
      name: 'WebCrypto with a zero nonce and a fixed PBKDF2 salt',
      code: `
export async function seal(key: CryptoKey, data: Uint8Array, password: CryptoKey) {
  const derived = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: new TextEncoder().encode('my-app'), iterations: 600000, hash: 'SHA-256' },
    password, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, derived, data);
}`,
      errors: [
        { messageId: 'staticSalt', line: 4 },
        { messageId: 'staticIv', line: 6 },
      ],
    },
  ],
});
