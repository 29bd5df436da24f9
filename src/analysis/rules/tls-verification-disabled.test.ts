import { testRule } from '../test-support/rule-tester.js';
import rule from './tls-verification-disabled.js';

testRule(rule, {
  valid: [
    {
      name: 'a private CA instead of switching verification off',
      code: `
import https from 'node:https';
import fs from 'node:fs';
const agent = new https.Agent({ ca: fs.readFileSync('/etc/ssl/internal-ca.pem'), rejectUnauthorized: true });
export const client = axios.create({ baseURL: process.env.API_URL, httpsAgent: agent });`,
    },
    {
      name: 'verification chosen by configuration or an explicit --insecure flag',
      code: `
const tls = require('tls');
const socket = tls.connect({ host, port, rejectUnauthorized: config.tls.verify });
const agent = argv.insecure ? new https.Agent({ rejectUnauthorized: false }) : undefined;
if (process.env.NODE_ENV === 'development') {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}
const pool = new Pool({ ssl: allowSelfSigned && { rejectUnauthorized: false } });
const ssl = credentials.ssl === 'prefer' || credentials.ssl === 'require' ? { rejectUnauthorized: false } : credentials.ssl;
switch (config.sslmode) {
  case 'no-verify':
    config.ssl.rejectUnauthorized = false;
    break;
}`,
    },
    {
      name: 'reading or restoring the setting, and a real identity check',
      code: `
const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
if (options.rejectUnauthorized === false) warn('verification is off');
const { rejectUnauthorized = true } = options;
const socket = tls.connect({
  host,
  checkServerIdentity: (hostname, cert) => {
    if (cert.fingerprint256 !== PINNED) return new Error('certificate does not match the pin');
    return tls.checkServerIdentity(hostname, cert);
  },
});`,
    },
    {
      name: 'tests may talk to self-signed servers',
      filename: 'test/integration/api.test.ts',
      code: `const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`,
    },
    {
      name: 'e2e suites too',
      filename: 'e2e/helpers/client.ts',
      code: `export const agent = new https.Agent({ rejectUnauthorized: false });`,
    },
  ],
  invalid: [
    {
      name: 'an https agent for axios in a payment client',
      code: `
import axios from 'axios';
import https from 'https';
export const payments = axios.create({
  baseURL: 'https://payments.internal',
  httpsAgent: new https.Agent({ rejectUnauthorized: false }),
});`,
      errors: [{ messageId: 'option', line: 6 }],
    },
    {
      name: 'the process-wide switch, assigned or indexed',
      code: `
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;
const child = spawn('node', ['worker.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });`,
      errors: [
        { messageId: 'environment', line: 2 },
        { messageId: 'environment', line: 3 },
        { messageId: 'environment', line: 4 },
      ],
    },
    {
      name: 'pg, request, mongodb and a global agent',
      code: `
const { Pool } = require('pg');
const request = require('request');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });
request({ url, strictSSL: false }, callback);
const client = new MongoClient(uri, { tls: true, tlsAllowInvalidCertificates: true });
https.globalAgent.options.rejectUnauthorized = false;`,
      errors: [
        { messageId: 'option', line: 4 },
        { messageId: 'option', line: 5 },
        { messageId: 'option', line: 6 },
        { messageId: 'option', line: 7 },
      ],
    },
    {
      name: 'switched off whenever SSL is on is still off',
      code: `
const agent = options.ssl ? new https.Agent({ rejectUnauthorized: false }) : undefined;`,
      errors: [{ messageId: 'option', line: 2 }],
    },
    {
      name: 'a checkServerIdentity that accepts anything, and superagent',
      code: `
const socket = tls.connect({ host, port, ca, checkServerIdentity: () => undefined });
const ws = new WebSocket(url, { checkServerIdentity() {} });
const res = await superagent.get(url).disableTLSCerts();`,
      errors: [
        { messageId: 'identity', line: 2 },
        { messageId: 'identity', line: 3 },
        { messageId: 'call', line: 4 },
      ],
    },
  ],
});
