import { testRule } from '../test-support/rule-tester.js';
import rule from './weak-cipher.js';

testRule(rule, {
  valid: [
    {
      name: 'AES-256-GCM with a random IV',
      code: `
import { createCipheriv, randomBytes } from 'node:crypto';
export function encrypt(key: Buffer, plaintext: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv, data, tag: cipher.getAuthTag() };
}`,
    },
    {
      name: 'algorithm from configuration, CBC and CTR modes',
      code: `
const crypto = require('crypto');
const ALGORITHM = 'aes-256-cbc';
module.exports.encrypt = (key, iv, text) => crypto.createCipheriv(ALGORITHM, key, iv).update(text);
module.exports.stream = (key, iv) => crypto.createDecipheriv(config.cipher, key, iv);
module.exports.ctr = (key, iv) => crypto.createCipheriv('aes-128-ctr', key, iv);`,
    },
    {
      name: 'crypto-js AES in its default CBC mode, and encrypt methods of other objects',
      code: `
import CryptoJS from 'crypto-js';
export const seal = (text: string, key: string) => CryptoJS.AES.encrypt(text, key).toString();
export const other = (vault: Vault, text: string) => vault.encrypt(text, { mode: 'ECB' });`,
    },
    {
      name: 'a class method named createCipher',
      code: `
class Envelope {
  createCipher(alg: string) { return new Cipher(alg); }
}
export const c = new Envelope().createCipher('des');`,
    },
    {
      name: 'a test of a legacy decryption routine',
      filename: 'src/legacy/decrypt.test.ts',
      code: `import crypto from 'crypto';\nconst d = crypto.createDecipheriv('des-ede3-cbc', key, iv);`,
    },
  ],
  invalid: [
    {
      name: 'AES in ECB mode through an alias',
      code: `
const { createCipheriv: cipheriv } = require('crypto');
function encryptCard(number, key) {
  const cipher = cipheriv('aes-128-ecb', key, null);
  return cipher.update(number, 'utf8', 'hex') + cipher.final('hex');
}`,
      errors: [{ messageId: 'ecbMode', line: 4 }],
    },
    {
      name: '3DES, DES, RC4 and Blowfish with a module constant',
      code: `
import * as crypto from 'node:crypto';
const LEGACY = 'des-ede3-cbc';
export const a = (k: Buffer, iv: Buffer) => crypto.createCipheriv(LEGACY, k, iv);
export const b = (k: Buffer, iv: Buffer) => crypto.createDecipheriv('des-cbc', k, iv);
export const c = (k: Buffer) => crypto.createCipheriv('rc4', k, '');
export const d = (k: Buffer, iv: Buffer) => crypto.createCipheriv('bf-cbc', k, iv);`,
      errors: [
        { messageId: 'weakAlgorithm', line: 4 },
        { messageId: 'weakAlgorithm', line: 5 },
        { messageId: 'weakAlgorithm', line: 6 },
        { messageId: 'weakAlgorithm', line: 7 },
      ],
    },
    {
      name: 'the deprecated createCipher and createDecipher',
      code: `
import crypto from 'crypto';
export class TokenVault {
  seal(text) {
    const cipher = crypto.createCipher('aes-256-cbc', process.env.VAULT_PASSWORD);
    return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
  }
  open(data) {
    return crypto.createDecipher('aes-256-cbc', process.env.VAULT_PASSWORD).update(data, 'hex', 'utf8');
  }
}`,
      errors: [
        { messageId: 'deprecatedApi', line: 5 },
        { messageId: 'deprecatedApi', line: 9 },
      ],
    },
    {
      name: 'crypto-js ECB mode, DES and TripleDES',
      code: `
const CryptoJS = require('crypto-js');
const TripleDES = require('crypto-js/tripledes');
const enc = CryptoJS.AES.encrypt(data, key, { mode: CryptoJS.mode.ECB, padding: CryptoJS.pad.Pkcs7 });
const des = CryptoJS.DES.encrypt(data, key);
const tdes = TripleDES.decrypt(data, key);`,
      errors: [
        { messageId: 'ecbMode', line: 4 },
        { messageId: 'weakAlgorithm', line: 5 },
        { messageId: 'weakAlgorithm', line: 6 },
      ],
    },
    {
      name: 'node-forge DES in ECB mode',
      code: `
import forge from 'node-forge';
export const cipher = forge.cipher.createCipher('DES-ECB', forge.util.createBuffer(key));`,
      errors: [{ messageId: 'weakAlgorithm', line: 3 }],
    },
  ],
});
