import { testRule } from '../test-support/rule-tester.js';
import rule from './weak-hash.js';

testRule(rule, {
  valid: [
    {
      name: 'HMAC-SHA256 webhook signatures, and HMAC-SHA1 for TOTP',
      code: `
import { createHmac, timingSafeEqual } from 'node:crypto';
export function verifyWebhook(body: string, signature: string) {
  const expected = createHmac('sha256', process.env.WEBHOOK_SECRET!).update(body).digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
export const totp = (secret: Buffer, counter: Buffer) => createHmac('sha1', secret).update(counter).digest();`,
    },
    {
      name: 'RSA-SHA256 and Ed25519 signatures',
      code: `
const crypto = require('crypto');
const signer = crypto.createSign('RSA-SHA256');
const ok = crypto.verify(null, payload, publicKey, signature);
const sig = crypto.sign('sha256', payload, privateKey);`,
    },
    {
      name: 'md5 and sha1 of data with no secret: checksums, cache keys, content addressing',
      code: `
const crypto = require('crypto');
const etag = crypto.createHash('md5').update(body).digest('hex');
const id = crypto.createHash('sha1').update(\`\${owner}/\${repo}\`).digest('hex');
const key = crypto.createHash('sha1').update(url).update(String(width)).digest('hex');`,
    },
    {
      name: 'a secret hashed alone to derive a fixed-length key',
      code: `
import { createHash } from 'crypto';
export const key = createHash('sha256').update(process.env.APP_SECRET!).digest();`,
    },
    {
      name: 'sha3 resists length extension; passwords belong to weak-password-hash',
      code: `
const crypto = require('crypto');
const tag = crypto.createHash('sha3-256').update(apiSecret + body).digest('hex');
const hash = crypto.createHash('sha256').update(password + pepperSecret).digest('hex');`,
    },
    {
      name: 'a method named sign on an unrelated object',
      code: `const s = documentSigner.sign('sha1');`,
    },
  ],
  invalid: [
    {
      name: 'signatures over SHA-1 and MD5',
      code: `
const crypto = require('crypto');
const signer = crypto.createSign('RSA-SHA1');
const verifier = crypto.createVerify('sha1WithRSAEncryption');
const sig = crypto.sign('md5', payload, privateKey);`,
      errors: [
        { messageId: 'weakSignature', line: 3 },
        { messageId: 'weakSignature', line: 4 },
        { messageId: 'weakSignature', line: 5 },
      ],
    },
    {
      name: 'a payment callback signed as md5(params + key)',
      code: `
const crypto = require('crypto');
router.post('/notify', (req, res) => {
  const params = Object.keys(req.body).sort().map((k) => \`\${k}=\${req.body[k]}\`).join('&');
  const sign = crypto.createHash('md5').update(params + '&key=' + config.merchantKey).digest('hex').toUpperCase();
  if (sign !== req.body.sign) return res.status(400).end();
  res.send('success');
});`,
      errors: [{ messageId: 'secretPrefixMac', line: 5 }],
    },
    {
      name: 'sha256 keyed by a leading secret, with several updates',
      code: `
import { createHash } from 'node:crypto';
export function signRequest(body: string, timestamp: string) {
  const hash = createHash('sha256');
  hash.update(API_SECRET);
  hash.update(timestamp);
  hash.update(body);
  return hash.digest('hex');
}`,
      errors: [{ messageId: 'secretPrefixMac', line: 4 }],
    },
    {
      name: 'md5 package over a template with an app secret',
      code: `
import md5 from 'md5';
export const sign = (appKey: string, ts: number) => md5(\`\${appKey}\${ts}\${process.env.APP_SECRET}\`);`,
      errors: [{ messageId: 'secretPrefixMac', line: 3 }],
    },
  ],
});
