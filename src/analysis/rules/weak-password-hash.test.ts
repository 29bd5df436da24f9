import { testRule } from '../test-support/rule-tester.js';
import rule from './weak-password-hash.js';

testRule(rule, {
  valid: [
    {
      name: 'argon2id for passwords',
      code: `
import { hash, verify } from '@node-rs/argon2';
export async function register(email: string, password: string) {
  const passwordHash = await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  return db.insert(users).values({ email, passwordHash });
}`,
    },
    {
      name: 'sha256 of a file, a checksum and an etag',
      code: `
const crypto = require('crypto');
const fs = require('fs');
function checksum(path) {
  return crypto.createHash('sha256').update(fs.readFileSync(path)).digest('hex');
}
app.get('/asset', (req, res) => {
  const body = render();
  res.set('ETag', crypto.createHash('md5').update(body).digest('hex'));
  res.send(body);
});`,
    },
    {
      name: 'gravatar md5 of an email and a cache key',
      code: `
import md5 from 'md5';
import { createHash } from 'node:crypto';
export const avatarUrl = (email: string) => \`https://www.gravatar.com/avatar/\${md5(email.trim().toLowerCase())}\`;
export const cacheKey = (query: string) => createHash('sha1').update(query).digest('base64url');`,
    },
    {
      name: 'a reset token is hashed with sha256 before it is stored (it is random, not a password)',
      code: `
const crypto = require('crypto');
userSchema.methods.createPasswordResetToken = function () {
  const resetToken = crypto.randomBytes(32).toString('hex');
  this.passwordResetToken = crypto.createHash('sha256').update(resetToken).digest('hex');
  this.passwordResetExpires = Date.now() + 10 * 60 * 1000;
  return resetToken;
};`,
    },
    {
      name: 'a cache of verified credentials keyed by a hash of them',
      code: `
import { createHash } from 'crypto';
const seen = new Map<string, boolean>();
export function cached(user: string, password: string) {
  const cacheKey = createHash('sha256').update(user + ':' + password).digest('hex');
  return seen.get(cacheKey);
}`,
    },
    {
      name: 'names about a password, not the password',
      code: `
const crypto = require('crypto');
const policyVersion = crypto.createHash('sha1').update(passwordPolicy.text).digest('hex');
const hintId = crypto.createHash('md5').update(form.passwordHint).digest('hex');`,
    },
    {
      name: 'test files may hash fixtures any way they like',
      filename: 'test/auth.test.js',
      code: `const crypto = require('crypto');\nconst hashed = crypto.createHash('md5').update(password).digest('hex');`,
    },
    {
      name: 'challenge-response logins whose protocol fixes the hash',
      filename: 'lib/auth/scram.js',
      code: `
const crypto = require('crypto');
function passwordDigest(username, password) {
  return crypto.createHash('md5').update(\`\${username}:mongo:\${password}\`).digest('hex');
}`,
    },
    {
      name: 'a MySQL scramble token',
      code: `
const crypto = require('crypto');
exports.calculateToken = (password, scramble) => {
  const stage1 = crypto.createHash('sha1').update(password).digest();
  return xor(stage1, scramble);
};`,
    },
    {
      name: 'a local function that happens to be called createHash',
      code: `
function createHash(value) { return value.split('').reverse().join(''); }
export const key = createHash(password);`,
    },
  ],
  invalid: [
    {
      name: 'Express sign-up storing md5 of the password',
      code: `
const express = require('express');
const crypto = require('crypto');
const router = express.Router();
router.post('/signup', async (req, res) => {
  const { email, password } = req.body;
  const hash = crypto.createHash('md5').update(password).digest('hex');
  await User.create({ email, password: hash });
  res.status(201).end();
});`,
      errors: [{ messageId: 'fastHash', line: 7 }],
    },
    {
      name: 'ESM import with alias, salted sha256',
      code: `
import { createHash as digest } from 'node:crypto';
export function hashPassword(password: string, salt: string): string {
  return digest('sha256').update(salt + password).digest('hex');
}`,
      errors: [{ messageId: 'fastHash', line: 4 }],
    },
    {
      name: 'namespace import and a hasher held in a variable',
      code: `
import * as crypto from 'crypto';
export function login(user, pwd) {
  const hasher = crypto.createHash('sha512');
  hasher.update(user.salt);
  hasher.update(pwd);
  return hasher.digest('hex') === user.passwordHash;
}`,
      errors: [{ messageId: 'fastHash', line: 4 }],
    },
    {
      name: 'md5 and sha1 packages',
      code: `
const md5 = require('md5');
const sha1 = require('sha1');
exports.check = (req) => md5(req.body.password) === stored;
exports.legacy = (req) => sha1(\`\${req.body.passwd}\`);`,
      errors: [
        { messageId: 'fastHash', line: 4 },
        { messageId: 'fastHash', line: 5 },
      ],
    },
    {
      name: 'CryptoJS and an HMAC with a pepper',
      code: `
import CryptoJS from 'crypto-js';
import crypto from 'crypto';
export const a = (password: string) => CryptoJS.SHA256(password).toString();
export const b = (password: string) => crypto.createHmac('sha256', process.env.PEPPER!).update(password).digest('hex');`,
      errors: [
        { messageId: 'fastHash', line: 4 },
        { messageId: 'fastHash', line: 5 },
      ],
    },
    {
      name: 'CommonJS destructuring alias and TypeScript import-equals',
      filename: 'src/services/users.cjs',
      code: `
const { createHash: digest } = require('node:crypto');
module.exports.hashPassword = (plainPassword) => digest('sha1').update(plainPassword).digest('hex');`,
      errors: [{ messageId: 'fastHash', line: 3 }],
    },
    {
      name: 'TypeScript import-equals',
      code: `
import crypto = require('crypto');
export const hashed = (newPassword: string) => crypto.createHash('md5').update(newPassword).digest('hex');`,
      errors: [{ messageId: 'fastHash', line: 3 }],
    },
    {
      name: 'WebCrypto digest of an encoded password',
      code: `
export async function hashPassword(password: string) {
  const data = new TextEncoder().encode(password);
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(password));
}`,
      errors: [{ messageId: 'fastHash', line: 4 }],
    },
    {
      name: 'a single hash stored as the password hash whatever the input is called',
      code: `
const { createHash } = require('crypto');
class UserService {
  async setCredentials(user, secretInput) {
    user.passwordHash = createHash('sha1').update(secretInput).digest('hex');
    await this.repo.save(user);
  }
}`,
      errors: [{ messageId: 'storedAsPasswordHash', line: 5 }],
    },
  ],
});
