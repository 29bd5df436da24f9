import { SampleSecrets } from '../secrets/test-support/sample-secrets.js';
import { testRule } from '../test-support/rule-tester.js';
import rule from './default-secret-fallback.js';

const samples = new SampleSecrets(31);

testRule(rule, {
  valid: [
    {
      name: 'a real provider key as the fallback is left to exposed-secret (one finding per secret)',
      code: `const token = process.env.GITHUB_TOKEN || '${samples.checksummed('ghp_')}';`,
    },
    {
      name: 'non-secret settings may have defaults',
      code: `
const port = Number(process.env.PORT ?? 3000);
const cacheKey = process.env.CACHE_KEY_PREFIX || 'ectus:';
const tokenTtl = process.env.TOKEN_TTL || '15m';
const region = process.env.AWS_REGION ?? 'eu-west-1';`,
    },
    {
      name: 'fetch credentials mode is not a credential',
      code: `export function request(url, { withCredentials = 'same-origin', credentials = 'include' } = {}) {}`,
    },
    {
      name: 'bcrypt cost factor',
      code: `const rounds = Number(process.env.BCRYPT_SALT || '12');`,
    },
    {
      name: 'empty fallback is not a secret',
      code: `const apiKey = process.env.OPENAI_API_KEY ?? '';`,
    },
    {
      name: 'secret required at start-up',
      code: `
const jwtSecret = process.env.JWT_SECRET;
if (!jwtSecret) throw new Error('JWT_SECRET is required');`,
    },
    {
      name: 'public client keys',
      code: `
const supabaseAnonKey = import.meta.env.VITE_SUPABASE_ANON_KEY || 'eyJhbGciOiJIUzI1NiJ9.public';
const publishable = process.env.NEXT_PUBLIC_STRIPE_KEY || 'pk_test_123';`,
    },
    {
      name: 'a URL argument is not a config key',
      code: `const res = await http.get('/api/token', 'json');`,
    },
    {
      name: 'non-secret default parameter',
      code: `export function paginate(items, pageSize = 20, cursor = 'start') { return items.slice(0, pageSize); }`,
    },
    {
      name: 'tests may use defaults',
      filename: 'src/auth/tokens.test.ts',
      code: `const secret = process.env.JWT_SECRET || 'test-secret';`,
    },
  ],
  invalid: [
    {
      name: 'JWT secret fallback',
      code: `
import jwt from 'jsonwebtoken';
const JWT_SECRET = process.env.JWT_SECRET || 'your-secret-key';
export const sign = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);`,
      errors: [{ messageId: 'fallback', line: 3 }],
    },
    {
      name: 'nullish fallback inside a config object',
      code: `
export const config = {
  session: { secret: process.env.SESSION_SECRET ?? 'changeme' },
  db: { password: process.env.DB_PASS ?? 'postgres' },
};`,
      errors: [
        { messageId: 'fallback', line: 3 },
        { messageId: 'fallback', line: 4 },
      ],
    },
    {
      name: 'variable name says secret, env name does not',
      code: `const encryptionKey = process.env.APP_KEY_B64 || 'MDEyMzQ1Njc4OWFiY2RlZg==';`,
      errors: [{ messageId: 'fallback', line: 1 }],
    },
    {
      name: 'chain of env lookups',
      code: `const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN || 'ghp_devtoken';`,
      errors: [{ messageId: 'fallback', line: 1 }],
    },
    {
      name: 'destructured from process.env with a default',
      code: `const { STRIPE_SECRET_KEY = 'sk_test_default', PORT = '3000' } = process.env;`,
      errors: [{ messageId: 'fallback', line: 1 }],
    },
    {
      name: 'default parameter',
      code: `
export function hashPassword(password: string, salt = 'static-salt-v1') {
  return createHash('sha256').update(salt + password).digest('hex');
}`,
      errors: [{ messageId: 'fallback', line: 2 }],
    },
    {
      name: 'config getter with a default',
      code: `const secret = configService.get('auth.jwtSecret', 'default_secret');`,
      errors: [{ messageId: 'fallback', line: 1 }],
    },
    {
      name: 'options object fallback',
      code: `
export function createSessionMiddleware(options) {
  return session({ secret: options.secret || 'keyboard cat', resave: false });
}`,
      errors: [{ messageId: 'fallback', line: 3 }],
    },
  ],
});
