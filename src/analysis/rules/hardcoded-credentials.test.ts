import { ALNUM, BASE64, SampleSecrets, UPPER_BASE32 } from '../secrets/test-support/sample-secrets.js';
import { testRule } from '../test-support/rule-tester.js';
import rule from './hardcoded-credentials.js';

// Provider keys generated in their real format (checksums included); none is real.
const s = new SampleSecrets(77);
const github = s.checksummed('ghp_');
const stripeLive = `sk_live_${s.chars(ALNUM, 24)}`;
const awsId = `AKIA${s.chars(UPPER_BASE32, 16)}`;
const awsSecret = s.chars(BASE64, 40);

testRule(rule, {
  valid: [
    {
      name: 'environment lookups',
      code: `
const pool = new Pool({
  host: process.env.PGHOST,
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD,
});
const apiKey = process.env.OPENAI_API_KEY;`,
    },
    {
      name: 'form field configuration and labels',
      filename: 'web/src/pages/login/LoginForm.tsx',
      code: `
const fields = [
  { name: 'password', type: 'password', label: 'Password', autoComplete: 'current-password' },
];
const messages = { password: 'Password', confirmPassword: 'Confirm your password' };
export const LoginForm = () => <input type="password" placeholder="Password" />;`,
    },
    {
      name: 'storage slot names and i18n keys',
      code: `
const TOKEN_KEY = 'auth_token';
const accessToken = 'access_token';
const refreshToken = localStorage.getItem('refresh_token');
const passwordLabel = t('auth.password');
const resetPasswordPath = '/reset-password';`,
    },
    {
      name: 'validation rules keyed by field',
      code: `
const rules = { email: 'required|email', password: 'required|min:8' };
errors.password = 'required';`,
    },
    {
      name: 'fetch credentials mode and empty values',
      code: `
const res = await fetch('/api/me', { credentials: 'include' });
const [password, setPassword] = useState('');
let secret = '';`,
    },
    {
      name: 'names of environment variables',
      code: `const secretName = 'JWT_SECRET';\nconst passwordEnv = { password: 'DB_PASSWORD' };`,
    },
    {
      name: 'placeholders shown to users',
      code: `
const defaults = { apiKey: 'YOUR_API_KEY', token: '<token>', password: '********' };
const hint = { placeholder: 'postgres://user:password@localhost:5432/app' };`,
    },
    {
      name: 'Firebase web config is public',
      code: `
const firebaseConfig = {
  apiKey: 'AIzaSyD3mo8kKx0f1h2q3r4s5t6u7v8w9x0y1z2',
  authDomain: 'acme.firebaseapp.com',
  projectId: 'acme',
};`,
    },
    {
      name: 'publishable and public keys',
      code: `const stripePublishableKey = 'pk_live_51H8abcDEF123ghiJKL';\nconst publicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE';`,
    },
    {
      name: 'URL built from the environment',
      code: `const url = \`postgres://\${process.env.PGUSER}:\${process.env.PGPASSWORD}@db:5432/app\`;`,
    },
    {
      name: 'fallbacks belong to default-secret-fallback',
      code: `const sessionSecret = process.env.SESSION_SECRET || 'dev-secret-123';`,
    },
    {
      name: 'test fixtures',
      filename: 'src/auth/passwords.test.ts',
      code: `const password = 'correct horse battery staple';`,
    },
    {
      name: 'provider keys are left to exposed-secret, which names the provider',
      code: `
const githubToken = '${github}';
const config = { stripeSecretKey: '${stripeLive}' };
axios.defaults.headers.common['Authorization'] = 'Bearer ${github}';
const remote = 'https://ci:${github}@github.com/acme/app.git';
const stripeTestKey = 'sk_test_${s.chars(ALNUM, 24)}';`,
    },
    {
      name: 'the secret half of an AWS key pair is left to exposed-secret',
      code: `const credentials = { accessKeyId: '${awsId}', secretAccessKey: '${awsSecret}' };`,
    },
    {
      name: 'the AWS documentation example keys',
      code: `const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };`,
    },
  ],
  invalid: [
    {
      name: 'database password in a connection config',
      code: `
const connection = mysql.createConnection({
  host: 'localhost',
  user: 'root',
  password: 'S3cureP@ss!',
  database: 'shop',
});`,
      errors: [{ messageId: 'hardcoded', line: 5 }],
    },
    {
      name: 'connection string with a password',
      code: `await mongoose.connect('mongodb://admin:hunter2@cluster0.example.net:27017/app');`,
      errors: [{ messageId: 'urlPassword', line: 1 }],
    },
    {
      name: 'the brief example: user:pass URL in a Pool',
      code: `const pool = new Pool({ connectionString: 'postgres://user:pass@db.internal:5432/orders' });`,
      errors: [{ messageId: 'urlPassword', line: 1 }],
    },
    {
      name: 'API key constant',
      code: `export const OPENAI_API_KEY = 'sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';`,
      errors: [{ messageId: 'hardcoded', line: 1 }],
    },
    {
      name: 'JWT secret in jwt.sign',
      code: `
export function issueToken(user) {
  return jwt.sign({ sub: user.id }, 'supersecretkey', { expiresIn: '1h' });
}`,
      errors: [{ messageId: 'keyArgument', line: 3 }],
    },
    {
      name: 'express-session secret',
      code: `app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));`,
      errors: [{ messageId: 'hardcoded', line: 1 }],
    },
    {
      name: 'nodemailer auth pass',
      code: `
const transporter = nodemailer.createTransport({
  host: 'smtp.mailgun.org',
  auth: { user: 'postmaster@mg.acme.io', pass: 'f3b2c1d0e9a8' },
});`,
      errors: [{ messageId: 'hardcoded', line: 4 }],
    },
    {
      name: 'bearer token in default headers and a class field',
      code: `
axios.defaults.headers.common['Authorization'] = 'Bearer ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
export class GitHubClient {
  private token = 'ghp_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
}`,
      errors: [
        { messageId: 'hardcoded', line: 2 },
        { messageId: 'hardcoded', line: 4 },
      ],
    },
    {
      name: 'a key that only looks like a provider format is still a hard-coded token by its name',
      code: `const stripeSecretKey = 'sk_live_${s.chars(ALNUM, 30)}';\nconst awsSecretAccessKey = '${awsSecret}';`,
      errors: [
        { messageId: 'hardcoded', line: 1 },
        { messageId: 'hardcoded', line: 2 },
      ],
    },
    {
      name: 'SDK key setter',
      code: `sgMail.setApiKey('SG.abcdefghijklmnop.qrstuvwxyz0123456789');`,
      errors: [{ messageId: 'hardcoded', line: 1 }],
    },
  ],
});
