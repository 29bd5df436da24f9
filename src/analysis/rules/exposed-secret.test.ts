import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { scanSources } from '../engine.js';
import { renderReport } from '../report/index.js';
import type { Rule } from '../rule.js';
import { ALNUM, BASE64, BASE64URL, HEX, SampleSecrets, UPPER_BASE32 } from '../secrets/test-support/sample-secrets.js';
import { testRule } from '../test-support/rule-tester.js';
import defaultSecretFallback from './default-secret-fallback.js';
import rule from './exposed-secret.js';
import hardcodedCredentials from './hardcoded-credentials.js';

// Every key below is generated in its provider's format (checksums included) from a fixed seed;
// none is real, and none is written out in this file.
const s = new SampleSecrets(1337);
const github = s.checksummed('ghp_');
const githubBadChecksum = `${github.slice(0, -2)}${github.endsWith('zz') ? 'yy' : 'zz'}`;
const npm = s.checksummed('npm_');
const awsId = `AKIA${s.chars(UPPER_BASE32, 16)}`;
const awsSecret = s.chars(BASE64, 40);
const stripeLive = `sk_live_51${s.chars(ALNUM, 97)}`;
const stripeTest = `sk_test_51${s.chars(ALNUM, 97)}`;
const slackWebhook = `https://hooks.slack.com/services/T${s.chars(UPPER_BASE32, 10)}/B${s.chars(UPPER_BASE32, 10)}/${s.chars(ALNUM, 24)}`;
const slackBot = `xoxb-${s.digits(12)}-${s.digits(13)}-${s.chars(ALNUM, 24)}`;
const discordBot = s.discordBotToken();
const openai = `sk-proj-${s.chars(BASE64URL, 74)}T3BlbkFJ${s.chars(BASE64URL, 74)}`;
const anthropic = `sk-ant-api03-${s.chars(BASE64URL, 93)}AA`;
const googleKey = `AIza${s.chars(BASE64URL, 35)}`;
const sendgrid = `SG.${s.chars(BASE64URL, 22)}.${s.chars(BASE64URL, 43)}`;
const twilioSid = `AC${s.chars(HEX, 32)}`;
const twilioToken = s.chars(HEX, 32);
const pem = s.pemPrivateKey();
const pemLines = pem.split('\n');
const serviceRole = s.jwt({ iss: 'supabase', role: 'service_role', iat: 1700000000, exp: 2015000000 });
const anonKey = s.jwt({ iss: 'supabase', role: 'anon', iat: 1700000000, exp: 2015000000 });

testRule(rule, {
  valid: [
    {
      name: 'keys read from the environment',
      code: `
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);`,
    },
    {
      name: 'placeholders and vendor examples',
      code: `
const token = 'ghp_${'x'.repeat(36)}';
const openai = new OpenAI({ apiKey: 'sk-proj-your-api-key-here' });
const s3 = new S3Client({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
const hook = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';`,
    },
    {
      name: 'a GitHub-shaped token whose checksum does not match (typed by hand)',
      code: `const token = '${githubBadChecksum}';`,
    },
    {
      name: 'a Stripe test-mode key',
      code: `export const stripe = new Stripe('${stripeTest}');`,
    },
    {
      name: 'test files and fixtures',
      filename: 'src/payments/checkout.test.ts',
      code: `const stripe = new Stripe('${stripeLive}');`,
    },
    {
      name: 'fixtures folder',
      filename: 'test/fixtures/github.js',
      code: `module.exports = { token: '${github}' };`,
    },
    {
      name: 'a format-only match in an example is taken for a sample',
      filename: 'examples/checkout/server.js',
      code: `const stripe = require('stripe')('${stripeLive}');`,
    },
    {
      name: 'a key shown as a placeholder to a person',
      filename: 'src/settings/ApiKeyField.tsx',
      code: `export const ApiKeyField = () => <input name="token" placeholder="${github}" />;\nconst field = { label: 'Key', placeholder: '${slackBot}' };`,
    },
    {
      name: 'a Firebase web config (public by design)',
      code: `
const firebaseConfig = {
  apiKey: '${googleKey}',
  authDomain: 'acme.firebaseapp.com',
  projectId: 'acme',
};`,
    },
    {
      name: 'a lone AWS access key id (an identifier) with the secret from the environment',
      code: `const credentials = { accessKeyId: '${awsId}', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };`,
    },
    {
      name: 'PEM constants in a parser, a public key',
      code: `
const BEGIN = '-----BEGIN RSA PRIVATE KEY-----';
const END = '-----END RSA PRIVATE KEY-----';
const publicKey = \`${pem.replace(/PRIVATE/g, 'PUBLIC')}\`;`,
    },
    {
      name: 'public Supabase anon key and an expiring session token',
      code: `
const supabase = createClient('https://acme.supabase.co', '${anonKey}');
const session = '${s.jwt({ sub: 'u_1', iat: 1700000000, exp: 1700003600 })}';`,
    },
    {
      name: 'a connection URL with a password is left to hardcoded-credentials',
      code: `const pool = new Pool({ connectionString: 'postgres://orders:${s.chars(ALNUM, 16)}@db.internal.acme.io/orders' });`,
    },
    {
      name: 'integrity hashes, UUIDs and data URIs',
      code: `
const integrity = 'sha512-${s.base64Bytes(64)}';
const requestId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const logo = 'data:image/png;base64,iVBORw0KGgo${s.chars(BASE64, 120)}';`,
    },
  ],
  invalid: [
    {
      name: 'a GitHub token in a variable (checksum verified)',
      code: `\nconst octokit = new Octokit({ auth: '${github}' });`,
      errors: [{ messageId: 'exposed', line: 2 }],
    },
    {
      name: 'a bearer token in a header',
      code: `axios.defaults.headers.common.Authorization = 'Bearer ${github}';`,
      errors: [{ messageId: 'exposed', line: 1, column: 55 }],
    },
    {
      name: 'an AWS key pair: one finding, on the secret key',
      code: `
const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: '${awsId}', secretAccessKey: '${awsSecret}' },
});`,
      errors: [{ messageId: 'exposedPair', line: 4 }],
    },
    {
      name: 'an AWS key pair on separate lines',
      code: `
AWS.config.update({
  accessKeyId: '${awsId}',
  secretAccessKey: '${awsSecret}',
});`,
      errors: [{ messageId: 'exposedPair', line: 4 }],
    },
    {
      name: 'a Twilio account SID and auth token',
      code: `const client = twilio('${twilioSid}', '${twilioToken}');`,
      errors: [{ messageId: 'exposedPair', line: 1 }],
    },
    {
      name: 'payment, chat and mail keys',
      code: `
export const stripe = new Stripe('${stripeLive}');
await fetch('${slackWebhook}', { method: 'POST', body });
client.login('${discordBot}');
sgMail.setApiKey('${sendgrid}');`,
      errors: [
        { messageId: 'exposed', line: 2 },
        { messageId: 'exposed', line: 3 },
        { messageId: 'exposed', line: 4 },
        { messageId: 'exposed', line: 5 },
      ],
    },
    {
      name: 'language-model keys in a TSX component',
      filename: 'web/src/App.tsx',
      code: `
const openai = new OpenAI({ apiKey: "${openai}" });
export const App = () => <AnthropicProvider apiKey="${anthropic}" />;`,
      errors: [
        { messageId: 'exposed', line: 2 },
        { messageId: 'exposed', line: 3 },
      ],
    },
    {
      name: 'a token used as the password of a git remote',
      code: `execSync('git push https://ci:${github}@github.com/acme/app.git main');`,
      errors: [{ messageId: 'exposed', line: 1 }],
    },
    {
      name: 'a token inside a template literal with substitutions',
      code: `const url = \`${slackWebhook}?channel=\${channel}\`;`,
      errors: [{ messageId: 'exposed', line: 1 }],
    },
    {
      name: 'a key left in a comment',
      code: `
// old bot token, kept for reference: ${slackBot}
/* publish with ${npm} */
export const version = 2;`,
      errors: [
        { messageId: 'exposed', line: 2 },
        { messageId: 'exposed', line: 3 },
      ],
    },
    {
      name: 'a private key in a template literal',
      code: `\nexport const signingKey = \`${pem}\`;`,
      errors: [{ messageId: 'exposed', line: 2 }],
    },
    {
      name: 'a private key cut into concatenated strings',
      code: `\nconst key =\n  '${pemLines[0]}\\n' +\n${pemLines
        .slice(1, -1)
        .map((l) => `  '${l}\\n' +`)
        .join('\n')}\n  '${pemLines.at(-1)}';`,
      errors: [{ messageId: 'exposed', line: 3 }],
    },
    {
      name: 'a Google Cloud service-account key inlined as an object',
      code: `
const serviceAccount = {
  type: 'service_account',
  project_id: 'acme-prod',
  private_key: '${s.pemPrivateKey('PRIVATE KEY', '\\n')}',
  client_email: 'deployer@acme-prod.iam.gserviceaccount.com',
};`,
      errors: [{ messageId: 'exposed', line: 5 }],
    },
    {
      name: 'a Supabase service-role key (JWT)',
      code: `export const admin = createClient(url, '${serviceRole}');`,
      errors: [{ messageId: 'exposed', line: 1 }],
    },
    {
      name: 'a checksum-verified token in an example is still real',
      filename: 'examples/release/publish.js',
      code: `const npmToken = '${npm}';`,
      errors: [{ messageId: 'exposed', line: 1 }],
    },
  ],
});

const configured = (r: Rule) => ({ rule: r, severity: r.meta.severity, options: {} });

describe('exposed-secret findings', () => {
  it('name the provider and kind, show at most four characters, and redact the snippet', () => {
    const result = analyzeSource('src/github.ts', `const octokit = new Octokit({ auth: '${github}' });\n`, {
      rules: [configured(rule)],
      threatModel: 'remote',
    });
    const [finding] = result.findings;
    expect(finding?.message).toContain(
      'GitHub personal access token (`ghp_…`, 40 characters, checksum or structure verified)',
    );
    expect(finding?.snippet).toBe("const octokit = new Octokit({ auth: 'ghp_•••redacted•••' });");
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('secrets');
  });

  it('give one finding per secret when hardcoded-credentials runs too', () => {
    const code = `
const githubToken = '${github}';
const config = { stripeSecretKey: '${stripeLive}', accessKeyId: '${awsId}', secretAccessKey: '${awsSecret}' };
axios.defaults.headers.common['Authorization'] = 'Bearer ${github}';
const password = 'S3cureP@ss!';
`;
    const result = analyzeSource('src/config.ts', code, {
      rules: [configured(rule), configured(hardcodedCredentials)],
      threatModel: 'remote',
    });
    expect(result.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      '2 exposed-secret',
      '3 exposed-secret',
      '3 exposed-secret',
      '4 exposed-secret',
      '5 hardcoded-credentials',
    ]);
  });
});

describe('reports of a scan with secrets', () => {
  const secrets = [github, npm, awsId, awsSecret, stripeLive, slackBot, openai, anthropic, serviceRole, twilioToken];
  const sources = [
    {
      path: 'src/config.ts',
      content: `
export const config = {
  github: '${github}', npm: '${npm}',
  aws: { accessKeyId: '${awsId}', secretAccessKey: '${awsSecret}' },
  stripe: '${stripeLive}', slack: '${slackBot}',
};
// ${openai} ${anthropic}
export const admin = createClient(url, '${serviceRole}');
export const sms = twilio('${twilioSid}', '${twilioToken}');
export const key = \`${pem}\`;
`,
    },
  ];
  const report = scanSources(sources, {
    rules: [configured(rule), configured(hardcodedCredentials), configured(defaultSecretFallback)],
  });

  it('finds every secret', () => {
    expect(report.findings.filter((f) => f.ruleId === 'exposed-secret')).toHaveLength(10);
  });

  it.each(['json', 'text', 'sarif', 'html'] as const)('never contain a secret value (%s)', (format) => {
    const output = renderReport(report, format, { color: false });
    for (const secret of [...secrets, ...pemLines.slice(1, -1)]) {
      // Anything past the four characters a report may show is a leak.
      expect(output).not.toContain(secret.slice(4, 16));
    }
  });
});
