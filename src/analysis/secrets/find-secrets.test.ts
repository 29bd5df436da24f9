import { describe, expect, it } from 'vitest';
import { type Confidence, findSecrets, holdsProviderSecret, isReportable, type SecretMatch } from './find-secrets.js';
import { ALNUM, BASE64, BASE64URL, HEX, LETTERS, SampleSecrets, UPPER_BASE32 } from './test-support/sample-secrets.js';

const s = new SampleSecrets(2024);

/** The only match in `text`, with the matched value. */
function only(text: string): SecretMatch & { value: string } {
  const matches = findSecrets(text, { generic: false });
  expect(matches.map((m) => m.formatId)).toHaveLength(1);
  const match = matches[0] as SecretMatch;
  return { ...match, value: text.slice(match.start, match.end) };
}

function none(text: string): void {
  expect(findSecrets(text, { generic: false }).map((m) => `${m.formatId}: ${text.slice(m.start, m.end)}`)).toEqual([]);
}

/** A JavaScript-like line around a token, so offsets and boundaries are exercised as in code. */
const inCode = (token: string) => `const value = '${token}';`;

interface Positive {
  name: string;
  token: string;
  formatId: string;
  confidence: Confidence;
  label?: string;
}

const positives: Positive[] = [
  {
    name: 'GitHub classic PAT',
    token: s.checksummed('ghp_'),
    formatId: 'github-token',
    confidence: 'verified',
    label: 'GitHub personal access token',
  },
  {
    name: 'GitHub OAuth token',
    token: s.checksummed('gho_'),
    formatId: 'github-token',
    confidence: 'verified',
    label: 'GitHub OAuth access token',
  },
  {
    name: 'GitHub user-to-server token',
    token: s.checksummed('ghu_'),
    formatId: 'github-token',
    confidence: 'verified',
  },
  {
    name: 'GitHub app installation token',
    token: s.checksummed('ghs_'),
    formatId: 'github-token',
    confidence: 'verified',
    label: 'GitHub app installation token',
  },
  { name: 'GitHub refresh token', token: s.checksummed('ghr_'), formatId: 'github-token', confidence: 'verified' },
  {
    name: 'GitHub fine-grained PAT',
    token: `github_pat_${s.chars(ALNUM, 22)}_${s.chars(ALNUM, 59)}`,
    formatId: 'github-fine-grained-token',
    confidence: 'format',
  },
  {
    name: 'GitLab classic PAT',
    token: `glpat-${s.chars(BASE64URL, 20)}`,
    formatId: 'gitlab-token',
    confidence: 'format',
  },
  {
    name: 'GitLab routable PAT',
    token: `glpat-${s.chars(BASE64URL, 38)}.01.${s.chars('0123456789abcdefghijklmnopqrstuvwxyz', 9)}`,
    formatId: 'gitlab-token',
    confidence: 'format',
  },
  {
    name: 'GitLab deploy token',
    token: `gldt-${s.chars(BASE64URL, 20)}`,
    formatId: 'gitlab-token',
    confidence: 'format',
  },
  {
    name: 'Bitbucket app password',
    token: `ATBB${s.chars(ALNUM, 32)}`,
    formatId: 'bitbucket-app-password',
    confidence: 'format',
  },
  {
    name: 'Google API key (also Gemini / Google AI)',
    token: `AIza${s.chars(BASE64URL, 35)}`,
    formatId: 'google-api-key',
    confidence: 'format',
  },
  {
    name: 'Google OAuth client secret',
    token: `GOCSPX-${s.chars(BASE64URL, 28)}`,
    formatId: 'google-oauth-client-secret',
    confidence: 'format',
  },
  {
    name: 'Entra ID client secret',
    token: `${s.chars(ALNUM, 3)}8Q~${s.chars(`${ALNUM}_~.-`, 34)}`,
    formatId: 'azure-ad-client-secret',
    confidence: 'format',
  },
  {
    name: 'Stripe legacy live key',
    token: `sk_live_${s.chars(ALNUM, 24)}`,
    formatId: 'stripe-secret-key',
    confidence: 'format',
  },
  {
    name: 'Stripe live key',
    token: `sk_live_51${s.chars(ALNUM, 97)}`,
    formatId: 'stripe-secret-key',
    confidence: 'format',
  },
  {
    name: 'Stripe restricted key',
    token: `rk_live_${s.chars(ALNUM, 99)}`,
    formatId: 'stripe-secret-key',
    confidence: 'format',
    label: 'Stripe restricted key',
  },
  {
    name: 'Stripe webhook secret',
    token: `whsec_${s.chars(ALNUM, 32)}`,
    formatId: 'stripe-webhook-secret',
    confidence: 'format',
  },
  {
    name: 'Square access token',
    token: `sq0atp-${s.chars(BASE64URL, 22)}`,
    formatId: 'square-token',
    confidence: 'format',
  },
  {
    name: 'Square OAuth secret',
    token: `sq0csp-${s.chars(BASE64URL, 43)}`,
    formatId: 'square-token',
    confidence: 'format',
  },
  {
    name: 'Square production token',
    token: `EAAA${s.chars(BASE64URL, 60)}`,
    formatId: 'square-token',
    confidence: 'format',
  },
  {
    name: 'Braintree access token',
    token: `access_token$production$${s.chars('0123456789abcdefghijklmnopqrstuvwxyz', 16)}$${s.chars(HEX, 32)}`,
    formatId: 'braintree-access-token',
    confidence: 'format',
  },
  {
    name: 'Slack bot token',
    token: `xoxb-${s.digits(12)}-${s.digits(13)}-${s.chars(ALNUM, 24)}`,
    formatId: 'slack-token',
    confidence: 'format',
  },
  {
    name: 'Slack user token',
    token: `xoxp-${s.digits(12)}-${s.digits(12)}-${s.digits(13)}-${s.chars(HEX, 32)}`,
    formatId: 'slack-token',
    confidence: 'format',
  },
  {
    name: 'Slack app-level token',
    token: `xapp-1-A${s.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}-${s.digits(13)}-${s.chars(HEX, 64)}`,
    formatId: 'slack-app-token',
    confidence: 'format',
  },
  {
    name: 'Slack webhook',
    token: `https://hooks.slack.com/services/T${s.chars(UPPER_BASE32, 10)}/B${s.chars(UPPER_BASE32, 10)}/${s.chars(ALNUM, 24)}`,
    formatId: 'slack-webhook',
    confidence: 'format',
  },
  {
    name: 'Discord webhook',
    token: `https://discord.com/api/webhooks/${s.digits(19)}/${s.chars(BASE64URL, 68)}`,
    formatId: 'discord-webhook',
    confidence: 'format',
  },
  { name: 'Discord bot token', token: s.discordBotToken(), formatId: 'discord-bot-token', confidence: 'verified' },
  {
    name: 'Telegram bot token',
    token: `${s.digits(10)}:AA${s.chars(BASE64URL, 33)}`,
    formatId: 'telegram-bot-token',
    confidence: 'format',
  },
  {
    name: 'OpenAI legacy key',
    token: `sk-${s.chars(ALNUM, 20)}T3BlbkFJ${s.chars(ALNUM, 20)}`,
    formatId: 'openai-api-key',
    confidence: 'verified',
  },
  {
    name: 'OpenAI project key',
    token: `sk-proj-${s.chars(BASE64URL, 74)}T3BlbkFJ${s.chars(BASE64URL, 74)}`,
    formatId: 'openai-api-key',
    confidence: 'verified',
  },
  {
    name: 'OpenAI project key without the marker',
    token: `sk-proj-${s.chars(ALNUM, 48)}`,
    formatId: 'openai-api-key',
    confidence: 'format',
  },
  {
    name: 'Anthropic API key',
    token: `sk-ant-api03-${s.chars(BASE64URL, 93)}AA`,
    formatId: 'anthropic-api-key',
    confidence: 'format',
  },
  {
    name: 'Hugging Face token',
    token: `hf_${s.chars(LETTERS, 34)}`,
    formatId: 'huggingface-token',
    confidence: 'format',
  },
  { name: 'Groq API key', token: `gsk_${s.chars(ALNUM, 52)}`, formatId: 'groq-api-key', confidence: 'format' },
  { name: 'npm access token', token: s.checksummed('npm_'), formatId: 'npm-token', confidence: 'verified' },
  {
    name: 'PyPI token',
    token: `pypi-AgEIcHlwaS5vcmc${s.chars(BASE64URL, 140)}`,
    formatId: 'pypi-token',
    confidence: 'verified',
  },
  {
    name: 'SendGrid API key',
    token: `SG.${s.chars(BASE64URL, 22)}.${s.chars(BASE64URL, 43)}`,
    formatId: 'sendgrid-api-key',
    confidence: 'format',
  },
  { name: 'Mailgun API key', token: `key-${s.chars(HEX, 32)}`, formatId: 'mailgun-api-key', confidence: 'format' },
  { name: 'Shopify access token', token: `shpat_${s.chars(HEX, 32)}`, formatId: 'shopify-token', confidence: 'format' },
  {
    name: 'DigitalOcean token',
    token: `dop_v1_${s.chars(HEX, 64)}`,
    formatId: 'digitalocean-token',
    confidence: 'format',
  },
  {
    name: 'Supabase service-role key',
    token: s.jwt({
      iss: 'supabase',
      ref: s.chars(LETTERS, 20).toLowerCase(),
      role: 'service_role',
      iat: 1700000000,
      exp: 2015000000,
    }),
    formatId: 'jwt',
    confidence: 'verified',
  },
  {
    name: 'long-lived signed token',
    token: s.jwt({ sub: 'billing-worker', scope: 'invoices:write', iat: 1700000000 }),
    formatId: 'jwt',
    confidence: 'format',
  },
];

describe('findSecrets: provider formats', () => {
  it.each(positives)('finds a $name', ({ token, formatId, confidence, label }) => {
    const match = only(inCode(token));
    expect(match).toMatchObject({ formatId, confidence, generic: false, start: 15, end: 15 + token.length });
    expect(match.value).toBe(token);
    expect(match.severity).toBe(confidence === 'verified' ? 'critical' : 'high');
    expect(isReportable(match)).toBe(true);
    if (label) expect(match.label).toBe(label);
  });

  it('finds keys in any text: .env lines, JSON, YAML, comments, URLs', () => {
    const github = s.checksummed('ghp_');
    const npm = s.checksummed('npm_');
    const telegram = `${s.digits(9)}:AA${s.chars(BASE64URL, 33)}`;
    const text = [
      `GITHUB_TOKEN=${github}`,
      `{ "npmToken": "${npm}" }`,
      `  webhook: https://api.telegram.org/bot${telegram}/sendMessage`,
      `# glpat-${'x'.repeat(20)} is the placeholder in our docs`,
    ].join('\n');
    const found = findSecrets(text, { generic: false }).map((m) => text.slice(m.start, m.end));
    expect(found).toEqual([github, npm, telegram]);
  });

  it('finds a key after an escape sequence in raw source text', () => {
    const token = s.checksummed('ghp_');
    expect(only(`"line one\\n${token}"`).value).toBe(token);
  });

  it('grades Stripe test keys, Braintree sandbox tokens and expiring tokens below reporting', () => {
    const low = [
      `sk_test_${s.chars(ALNUM, 99)}`,
      `rk_test_${s.chars(ALNUM, 24)}`,
      `access_token$sandbox$${s.chars('0123456789abcdefghijklmnopqrstuvwxyz', 16)}$${s.chars(HEX, 32)}`,
    ];
    for (const token of low) expect(only(inCode(token))).toMatchObject({ severity: 'low' });
    const session = s.jwt({ sub: 'u_42', iat: 1700000000, exp: 1700003600 });
    expect(only(inCode(session))).toMatchObject({ severity: 'medium' });
    for (const token of [...low, session]) expect(isReportable(only(inCode(token)))).toBe(false);
  });

  describe('near misses', () => {
    const github = s.checksummed('ghp_');
    const flipped = `${github.slice(0, -1)}${github.endsWith('A') ? 'B' : 'A'}`;
    it.each([
      ['GitHub token with a wrong checksum', flipped],
      ['GitHub token one character short', github.slice(0, -1)],
      ['GitHub token glued to a word', `x${github}`],
      ['the example token from GitHub docs', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
      ['a GitHub placeholder', `ghp_${'x'.repeat(36)}`],
      ['npm token with a wrong checksum', `npm_${s.chars(ALNUM, 36)}`],
      ['fine-grained PAT with a short tail', `github_pat_${s.chars(ALNUM, 22)}_${s.chars(ALNUM, 40)}`],
      ['GitLab placeholder', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
      ['GitLab counting sequence', 'glpat-1234567890abcdefghij'],
      ['Stripe key of no real length', `sk_live_${s.chars(ALNUM, 30)}`],
      ['Stripe placeholder', 'sk_live_your_secret_key_here_1234'],
      ['Stripe publishable key', `pk_live_${s.chars(ALNUM, 99)}`],
      ['Slack placeholder token', 'xoxb-your-bot-token-here'],
      ['Slack webhook from the docs', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
      [
        'Discord lookalike whose id is not a snowflake',
        `${Buffer.from('not-a-user-id-at-all').toString('base64url').slice(0, 24)}.${s.chars(BASE64URL, 6)}.${s.chars(BASE64URL, 38)}`,
      ],
      ['Telegram docs example', '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'],
      ['OpenAI-like key without the marker', `sk-${s.chars(ALNUM, 48)}`],
      ['Anthropic key with a wrong ending', `sk-ant-api03-${s.chars(BASE64URL, 93)}QQ`],
      ['Hugging Face token with digits', `hf_${s.chars(ALNUM, 30)}1234`],
      ['Groq key one character short', `gsk_${s.chars(ALNUM, 51)}`],
      ['SendGrid key with short segments', 'SG.abcdefghijklmnop.qrstuvwxyz0123456789'],
      ['Mailgun-like key glued to a name', `cache-key-${s.chars(HEX, 32)}`],
      ['the AWS documentation key pair', 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
      ['an AWS user id, not a key', `AIDA${s.chars(UPPER_BASE32, 16)}`],
      ['the jwt.io sample token', s.jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })],
      ['a Supabase anon key (public by design)', s.jwt({ iss: 'supabase', role: 'anon', iat: 1700000000 })],
      ['an unsigned JWT', s.jwt({ sub: 'svc', iat: 1 }, { alg: 'none' })],
      [
        'a JWT whose parts are not JSON',
        `eyJ${s.chars(BASE64URL, 30)}.eyJ${s.chars(BASE64URL, 30)}.${s.chars(BASE64URL, 43)}`,
      ],
      [
        'the Azurite storage key',
        'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
      ],
      ['an npm integrity hash', `sha512-${s.base64Bytes(64)}`],
      ['a data URI', `data:image/png;base64,iVBORw0KGgo${s.chars(BASE64, 200)}`],
    ])('%s', (_name, text) => none(inCode(text)));
  });
});

describe('findSecrets: key pairs', () => {
  const id = `AKIA${s.chars(UPPER_BASE32, 16)}`;
  const secret = s.chars(BASE64, 40);

  it('reports an AWS secret key next to its access key id as one critical pair', () => {
    const text = `const s3 = new S3Client({ credentials: { accessKeyId: '${id}', secretAccessKey: '${secret}' } });`;
    const match = only(text);
    expect(match.value).toBe(secret);
    expect(match).toMatchObject({ formatId: 'aws-access-key', kind: 'secret access key', severity: 'critical' });
    expect(text.slice(match.pairedWith?.start, match.pairedWith?.end)).toBe(id);
  });

  it('grades a lone access key id medium: an identifier, not reportable', () => {
    const match = only(`aws_access_key_id = ${id}\naws_secret_access_key = \${AWS_SECRET}`);
    expect(match).toMatchObject({ severity: 'medium', kind: 'access key id' });
    expect(isReportable(match)).toBe(false);
  });

  it('ignores a git SHA near an access key id: not a secret key', () => {
    expect(only(`${id} ${s.chars(HEX, 40)}`).severity).toBe('medium');
  });

  it('pairs a Twilio account SID with its auth token', () => {
    const sid = `AC${s.chars(HEX, 32)}`;
    const token = s.chars(HEX, 32);
    const match = only(`const client = twilio('${sid}', '${token}');`);
    expect(match).toMatchObject({ provider: 'Twilio', severity: 'critical' });
    expect(match.value).toBe(token);
  });
});

describe('findSecrets: private keys', () => {
  it('finds an RSA key in PEM form', () => {
    const pem = s.pemPrivateKey();
    const match = only(`key: |\n  ${pem}\n`);
    expect(match).toMatchObject({
      formatId: 'private-key',
      kind: 'RSA private key',
      confidence: 'verified',
      severity: 'critical',
    });
    expect(match.value).toBe(pem);
  });

  it('finds a key written with escaped line breaks in a string', () => {
    const match = only(inCode(s.pemPrivateKey('PRIVATE KEY', '\\n')));
    expect(match).toMatchObject({ kind: 'private key', severity: 'critical' });
  });

  it('names a Google Cloud service-account key', () => {
    const json = JSON.stringify({
      type: 'service_account',
      project_id: 'acme-prod',
      private_key: s.pemPrivateKey('PRIVATE KEY'),
      client_email: 'deployer@acme-prod.iam.gserviceaccount.com',
    });
    expect(only(json)).toMatchObject({ provider: 'Google Cloud', label: 'Google Cloud service-account private key' });
  });

  it('grades a passphrase-protected key high', () => {
    expect(only(s.pemPrivateKey('ENCRYPTED PRIVATE KEY'))).toMatchObject({ severity: 'high' });
  });

  it('ignores headers without a body, sample bodies and public keys', () => {
    none("const HEADER = '-----BEGIN RSA PRIVATE KEY-----';\nconst FOOTER = '-----END RSA PRIVATE KEY-----';");
    none('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg...your key here...\n-----END PRIVATE KEY-----');
    none(s.pemPrivateKey().replace(/PRIVATE/g, 'PUBLIC'));
    none(`-----BEGIN OPENSSH PRIVATE KEY-----\n${'A'.repeat(300)}\n-----END OPENSSH PRIVATE KEY-----`);
  });
});

describe('findSecrets: connection URLs', () => {
  it('finds a production URL with a password as a generic credential', () => {
    const password = s.chars(ALNUM, 18);
    const match = only(`DATABASE_URL=postgres://orders:${password}@db.internal.acme.io:5432/orders`);
    expect(match).toMatchObject({ formatId: 'connection-url', generic: true, severity: 'high' });
  });

  it('grades development URLs low and skips examples and references', () => {
    expect(only('redis://default:s3cr3tpass@localhost:6379').severity).toBe('low');
    expect(only('mongodb://root:root@mongo:27017/app').severity).toBe('low');
    none('postgres://user:password@db.example.com/app');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference as written in a config file, not a template
    none('postgres://app:${DB_PASSWORD}@db.internal/app');
    none('mysql://user:<password>@db.internal/app');
  });
});

describe('findSecrets: generic detection and overlaps', () => {
  it('reports a named high-entropy value at entropy confidence when asked', () => {
    const value = s.chars(ALNUM, 40);
    const [match] = findSecrets(`SESSION_SECRET=${value}\n`);
    expect(match).toMatchObject({ formatId: 'generic-secret', confidence: 'entropy', severity: 'medium' });
    expect(findSecrets(`SESSION_SECRET=${value}\n`, { generic: false })).toEqual([]);
  });

  it('keeps the provider match when a generic assignment holds a provider key', () => {
    const token = s.checksummed('ghp_');
    expect(findSecrets(`GITHUB_TOKEN=${token}\n`).map((m) => m.formatId)).toEqual(['github-token']);
  });

  it('returns nothing for short texts', () => {
    expect(findSecrets('ghp_')).toEqual([]);
  });
});

describe('holdsProviderSecret', () => {
  const id = `AKIA${s.chars(UPPER_BASE32, 16)}`;
  const secret = s.chars(BASE64, 40);
  const testKey = `sk_test_${s.chars(ALNUM, 24)}`;
  const plain = s.chars(ALNUM, 40);
  const text = `x = { a: '${id}', b: '${secret}', c: '${testKey}', d: '${plain}' }`;
  /** The span of a quoted literal, as the parser gives it. */
  const literal = (value: string) => ({ start: text.indexOf(value) - 1, end: text.indexOf(value) + value.length + 1 });

  it('claims literals with a provider key of any grade, and the secret half of a pair', () => {
    expect(holdsProviderSecret(text, literal(testKey))).toBe(true);
    expect(holdsProviderSecret(text, literal(id))).toBe(true);
    expect(holdsProviderSecret(text, literal(secret))).toBe(true);
  });

  it('leaves other literals to the name-based rule', () => {
    expect(holdsProviderSecret(text, literal(plain))).toBe(false);
    expect(holdsProviderSecret(`y = '${secret}'`, { start: 4, end: 46 })).toBe(false);
  });
});
