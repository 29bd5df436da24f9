import type { Severity } from '../types.js';
import { isPlaceholder } from './allow-list.js';
import { hasValidCrc32Suffix } from './checksum.js';
import { looksRandom } from './entropy.js';
import { readPrivateKeyBlock } from './pem.js';
import { base64ByteLength, decodeJwt, decodeURIComponentSafe, isSnowflakeSegment } from './structure.js';

/**
 * How sure a match is: `verified` when a checksum or a decodable structure proves the provider
 * issued it, `format` when prefix, length and alphabet fit and the value looks random, `entropy`
 * when only a secret-like name and a random-looking value say so.
 */
export type Confidence = 'verified' | 'format' | 'entropy';

export interface Assessment {
  confidence: Confidence;
  /** Overrides the severity the confidence implies (a test-mode key is `low`). */
  severity?: Severity;
  /** Overrides the format's kind (`ghs_` is an app installation token). */
  kind?: string;
  /** Overrides the format's provider (a private key inside a Google Cloud service-account file). */
  provider?: string;
}

/** The second half of a credential pair, searched near the first (an AWS secret key near its key id). */
export interface PartnerFormat {
  kind: string;
  /** Candidate values, global; each must stand alone (no alphabet character right before or after). */
  pattern: RegExp;
  /** Characters that would extend a candidate: a candidate touching one is part of something longer. */
  alphabet: RegExp;
  /** Alphabet size for the randomness check. */
  symbols: number;
  /** How far before and after the first half to look. */
  window: number;
}

/**
 * One provider's key format. Formats with `prefixes` are found through one scan for all prefixes
 * at once; the others name a `marker` substring that must be present before their pattern runs.
 *
 * @example
 * {
 *   id: 'groq-api-key', provider: 'Groq', kind: 'API key',
 *   prefixes: ['gsk_'], pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/y,
 * }
 */
export interface SecretFormat {
  id: string;
  provider: string;
  kind: string;
  /** Literal text every token starts with. */
  prefixes?: readonly string[];
  /** For formats without a fixed start: a substring every token contains. */
  marker?: string;
  /** The token: sticky (`y`) for prefixed formats, global (`g`) for marker formats. */
  pattern: RegExp;
  /** Leading characters of a match that name the secret rather than belong to it (`AccountKey=`). */
  labelLength?: number;
  /** The part that must look random; defaults to the text after the prefix or label. */
  randomPart?: (token: string) => string;
  /** Alphabet size of the random part (62 unless given). */
  symbols?: number;
  /** Grades a token the pattern matched; null drops it. Defaults to a randomness check. */
  assess?: (token: string) => Assessment | null;
  /** A credential that is only usable with a second value found nearby. */
  partner?: PartnerFormat;
  /** For tokens whose body follows the matched header (PEM): reads it and grades the whole. */
  extend?: (text: string, match: RegExpExecArray) => { end: number; assessment: Assessment } | null;
  /** Shortest text that can hold a token; shorter texts skip the format (marker formats). */
  minLength?: number;
  /** Text a token may follow directly although it ends in a token character (`/bot` in a Telegram API URL). */
  after?: string;
  /**
   * Not a service credential but a generic one (a connection URL with a password): in JavaScript
   * and TypeScript `hardcoded-credentials` reports these; text scans report them here.
   */
  generic?: boolean;
}

const verified: Assessment = { confidence: 'verified' };
const format: Assessment = { confidence: 'format' };

const GITHUB_KINDS: Record<string, string> = {
  ghp_: 'personal access token',
  gho_: 'OAuth access token',
  ghu_: 'user-to-server token',
  ghs_: 'app installation token',
  ghr_: 'refresh token',
};

function assessGithub(token: string): Assessment | null {
  if (!hasValidCrc32Suffix(token, 4)) return null;
  return { confidence: 'verified', kind: GITHUB_KINDS[token.slice(0, 4)] ?? 'token' };
}

function assessOpenAi(token: string): Assessment | null {
  // `T3BlbkFJ` is base64 of "OpenAI": every key carries it in the middle, legacy `sk-` keys included.
  const marker = token.indexOf('T3BlbkFJ');
  if (marker > 0 && looksRandom(token.slice(marker + 8), 64)) return verified;
  const project = /^sk-(?:proj|svcacct|admin)-(.{40,})$/.exec(token);
  return project?.[1] && looksRandom(project[1], 64) ? format : null;
}

const TEST_MODE: Assessment = { confidence: 'format', severity: 'low', kind: 'test-mode key' };

function assessStripe(token: string): Assessment | null {
  if (!looksRandom(token.slice(8), 62)) return null;
  if (token.includes('_test_')) return TEST_MODE;
  return token.startsWith('rk_') ? { confidence: 'format', kind: 'restricted key' } : format;
}

/**
 * A signed JWT is a credential when it is long-lived (no `exp`) or a service key. Session tokens
 * with an expiry are usually long dead; Supabase `anon` keys and the jwt.io sample are public.
 */
function assessJwt(token: string): Assessment | null {
  const parts = decodeJwt(token);
  if (!parts) return null;
  const { header, payload } = parts;
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return null;
  if (payload.sub === '1234567890' || payload.name === 'John Doe') return null;
  const issuer = typeof payload.iss === 'string' ? payload.iss : '';
  if (payload.role === 'anon' || issuer === 'supabase-demo') return null;
  if (payload.role === 'service_role') return { confidence: 'verified', kind: 'service-role key (JWT)' };
  if (payload.exp !== undefined)
    return { confidence: 'format', severity: 'medium', kind: 'signed token with an expiry' };
  return format;
}

function assessDiscordBot(token: string): Assessment | null {
  const first = token.slice(0, token.indexOf('.'));
  return isSnowflakeSegment(first) && looksRandom(token.slice(token.lastIndexOf('.') + 1), 64) ? verified : null;
}

/** Azure keys are base64 of a fixed number of random bytes: 64 for storage accounts, 32 for SAS policies. */
function assessAzureKey(bytes: number): (token: string) => Assessment | null {
  return (token) => {
    const value = token.slice(token.indexOf('=') + 1);
    return base64ByteLength(value) === bytes && looksRandom(value.slice(0, 40), 64) && !isPlaceholder(value)
      ? verified
      : null;
  };
}

const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[a-z][\w-]*)$/i;
/** Reserved documentation hosts (RFC 2606): a URL to them is an example. */
const EXAMPLE_HOST = /(?:^|\.)example\.(?:com|net|org)$|\.(?:example|test|invalid|localhost)$/i;
const WEAK_PASSWORD =
  /^(?:pass(?:word)?|secret|admin|root|postgres|mysql|mongo|redis|guest|test|changeme|example|user|pwd|dev|local)\d*$/i;

/** A password in a URL; to `localhost`, a single-label Docker host, or a default password it is a dev setup. */
function assessConnectionUrl(token: string): Assessment | null {
  const match = /^[^:]+:\/\/([^:@/]*):([^@/]+)@([^/:?#]+)/.exec(token);
  const password = match?.[2];
  const host = match?.[3];
  if (!password || !host) return null;
  if (isPlaceholder(password) || /^[$%:{<[]/.test(password) || EXAMPLE_HOST.test(host)) return null;
  if (LOCAL_HOST.test(host) || WEAK_PASSWORD.test(password) || password === match[1]) {
    return { confidence: 'format', severity: 'low', kind: 'connection URL with a development password' };
  }
  return format;
}

const KEY_KINDS: Record<string, string> = {
  RSA: 'RSA private key',
  EC: 'EC private key',
  DSA: 'DSA private key',
  OPENSSH: 'OpenSSH private key',
  PGP: 'PGP private key',
};

/** A Google Cloud service-account key file names its type and its account's e-mail around the key. */
const SERVICE_ACCOUNT = /["']?type["']?\s*:\s*["']service_account["']|\.iam\.gserviceaccount\.com/;
const SERVICE_ACCOUNT_REACH = 2_000;

/** Extends a `-----BEGIN ... PRIVATE KEY-----` header over its body; an unencrypted key is critical. */
function extendPrivateKey(text: string, header: RegExpExecArray): { end: number; assessment: Assessment } | null {
  const label = header[1] ?? 'PRIVATE KEY';
  const block = readPrivateKeyBlock(text, label, header.index + header[0].length);
  if (!block) return null;
  const around = text.slice(Math.max(0, header.index - SERVICE_ACCOUNT_REACH), block.end + SERVICE_ACCOUNT_REACH);
  const serviceAccount = SERVICE_ACCOUNT.test(around);
  const kind = serviceAccount ? 'service-account private key' : (KEY_KINDS[label.split(' ')[0] ?? ''] ?? 'private key');
  const confidence = block.verified ? 'verified' : 'format';
  const assessment: Assessment = block.encrypted
    ? { confidence, severity: 'high', kind: `passphrase-protected ${kind}` }
    : { confidence, kind };
  if (serviceAccount) assessment.provider = 'Google Cloud';
  return { end: block.end, assessment };
}

function lastSegment(token: string): string {
  return token.slice(token.lastIndexOf('/') + 1);
}

/** A 40-character base64 run standing alone: the shape of an AWS secret access key. */
const AWS_SECRET: PartnerFormat = {
  kind: 'secret access key',
  pattern: /[A-Za-z0-9/+]{40}/g,
  alphabet: /[A-Za-z0-9/+=]/,
  symbols: 64,
  window: 400,
};

const TWILIO_SECRET: PartnerFormat = {
  kind: 'auth token or API key secret',
  pattern: /[A-Za-z0-9]{32}/g,
  alphabet: /[A-Za-z0-9]/,
  symbols: 16,
  window: 300,
};

/**
 * Every recognised key format. Lengths and alphabets follow each provider's published or observed
 * structure; checksums are verified where the format has one (GitHub, npm).
 */
export const SECRET_FORMATS: readonly SecretFormat[] = [
  // Cloud
  {
    id: 'aws-access-key',
    provider: 'AWS',
    kind: 'access key id',
    prefixes: ['AKIA', 'ASIA'],
    pattern: /(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/y,
    symbols: 32,
    partner: AWS_SECRET,
  },
  {
    id: 'google-api-key',
    provider: 'Google',
    kind: 'API key',
    prefixes: ['AIza'],
    pattern: /AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/y,
    symbols: 64,
  },
  {
    id: 'google-oauth-client-secret',
    provider: 'Google',
    kind: 'OAuth client secret',
    prefixes: ['GOCSPX-'],
    pattern: /GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/y,
    symbols: 64,
  },
  {
    id: 'azure-storage-account-key',
    provider: 'Azure',
    kind: 'storage account key',
    prefixes: ['AccountKey='],
    pattern: /AccountKey=[A-Za-z0-9+/]{86}==/y,
    labelLength: 'AccountKey='.length,
    assess: assessAzureKey(64),
  },
  {
    id: 'azure-shared-access-key',
    provider: 'Azure',
    kind: 'shared access key',
    prefixes: ['SharedAccessKey='],
    pattern: /SharedAccessKey=[A-Za-z0-9+/]{43}=/y,
    labelLength: 'SharedAccessKey='.length,
    assess: assessAzureKey(32),
  },
  {
    id: 'azure-sas-token',
    provider: 'Azure',
    kind: 'shared access signature',
    marker: 'sig=',
    // A SAS query: the service version, then the signature (URL-encoded base64 of an HMAC-SHA256).
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'`<>]*?sig=[A-Za-z0-9%+/]{40,}(?:%3D|=){0,2}/g,
    randomPart: (token) => decodeURIComponentSafe(token.slice(token.lastIndexOf('sig=') + 4)),
    symbols: 64,
  },
  {
    id: 'azure-ad-client-secret',
    provider: 'Azure',
    kind: 'Entra ID client secret',
    marker: 'Q~',
    pattern: /[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    randomPart: (token) => token.slice(6),
    symbols: 66,
  },
  // Code hosting
  {
    id: 'github-token',
    provider: 'GitHub',
    kind: 'token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y,
    assess: assessGithub,
  },
  {
    id: 'github-fine-grained-token',
    provider: 'GitHub',
    kind: 'fine-grained personal access token',
    prefixes: ['github_pat_'],
    pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y,
  },
  {
    id: 'gitlab-token',
    provider: 'GitLab',
    kind: 'access token',
    prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'gloas-'],
    // Classic tokens: 20 characters; routable tokens (GitLab 17.x+): a longer payload, a version and a CRC.
    pattern:
      /gl(?:pat|dt|rt|ptt|oas)-(?:[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.[0-9a-z]{7,9}|[0-9a-z]{9})|[A-Za-z0-9_-]{20})(?![A-Za-z0-9_.-])/y,
    randomPart: (token) => token.slice(token.indexOf('-') + 1).split('.')[0] ?? '',
    symbols: 64,
  },
  {
    id: 'bitbucket-app-password',
    provider: 'Bitbucket',
    kind: 'app password',
    prefixes: ['ATBB'],
    pattern: /ATBB[A-Za-z0-9]{32}(?![A-Za-z0-9])/y,
  },
  // Payments
  {
    id: 'stripe-secret-key',
    provider: 'Stripe',
    kind: 'live secret key',
    prefixes: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
    // Legacy keys have 24 characters after the prefix, current ones about 99.
    pattern: /[sr]k_(?:live|test)_(?:[A-Za-z0-9]{90,247}|[A-Za-z0-9]{24})(?![A-Za-z0-9])/y,
    assess: assessStripe,
  },
  {
    id: 'stripe-webhook-secret',
    provider: 'Stripe',
    kind: 'webhook signing secret',
    prefixes: ['whsec_'],
    pattern: /whsec_[A-Za-z0-9+/]{32,64}={0,2}(?![A-Za-z0-9+/=])/y,
    symbols: 64,
  },
  {
    id: 'square-token',
    provider: 'Square',
    kind: 'access token',
    prefixes: ['sq0atp-', 'sq0csp-', 'EAAA'],
    pattern: /(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/y,
    symbols: 64,
  },
  {
    id: 'braintree-access-token',
    provider: 'Braintree',
    kind: 'access token',
    prefixes: ['access_token$production$', 'access_token$sandbox$'],
    pattern: /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9])/y,
    randomPart: (token) => token.slice(token.lastIndexOf('$') + 1),
    symbols: 16,
    assess: (token) =>
      looksRandom(token.slice(-32), 16)
        ? token.includes('$sandbox$')
          ? { confidence: 'format', severity: 'low', kind: 'sandbox access token' }
          : format
        : null,
  },
  // Chat
  {
    id: 'slack-token',
    provider: 'Slack',
    kind: 'token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxe-', 'xoxr-', 'xoxs-'],
    pattern: /xox[bpaers]-(?:[0-9]{1,14}-){1,3}[A-Za-z0-9]{24,64}(?![A-Za-z0-9-])/y,
    randomPart: (token) => token.slice(token.lastIndexOf('-') + 1),
  },
  {
    id: 'slack-app-token',
    provider: 'Slack',
    kind: 'app-level token',
    prefixes: ['xapp-'],
    pattern: /xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64}(?![A-Za-z0-9])/y,
    randomPart: lastDashPart,
    symbols: 16,
  },
  {
    id: 'slack-webhook',
    provider: 'Slack',
    kind: 'webhook URL',
    prefixes: ['https://hooks.slack.com/'],
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}|workflows\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/\d{17,20}\/[A-Za-z0-9]{32}|triggers\/T[A-Z0-9]{8,12}\/\d{10,20}\/[a-f0-9]{32})(?![A-Za-z0-9])/y,
    randomPart: lastSegment,
  },
  {
    id: 'discord-webhook',
    provider: 'Discord',
    kind: 'webhook URL',
    prefixes: [
      'https://discord.com/',
      'https://discordapp.com/',
      'https://ptb.discord.com/',
      'https://canary.discord.com/',
    ],
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/y,
    randomPart: lastSegment,
    symbols: 64,
  },
  {
    id: 'discord-bot-token',
    provider: 'Discord',
    kind: 'bot token',
    marker: '.',
    minLength: 59,
    // base64(user id) . base64(timestamp) . HMAC
    pattern: /[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_.-])/g,
    assess: assessDiscordBot,
  },
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    kind: 'bot token',
    marker: ':AA',
    after: '/bot',
    pattern: /\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
    randomPart: (token) => token.slice(token.indexOf(':') + 3),
    symbols: 64,
  },
  // Language-model vendors
  {
    id: 'openai-api-key',
    provider: 'OpenAI',
    kind: 'API key',
    prefixes: ['sk-'],
    pattern:
      /sk-(?:[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/y,
    assess: assessOpenAi,
  },
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    kind: 'API key',
    prefixes: ['sk-ant-'],
    pattern: /sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/y,
    randomPart: (token) => token.slice(token.indexOf('-', 7) + 1, -2),
    symbols: 64,
  },
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    kind: 'access token',
    prefixes: ['hf_', 'api_org_'],
    // Letters only, 34 of them.
    pattern: /(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9_])/y,
    randomPart: (token) => token.slice(-34),
    symbols: 52,
  },
  {
    id: 'groq-api-key',
    provider: 'Groq',
    kind: 'API key',
    prefixes: ['gsk_'],
    pattern: /gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/y,
  },
  // Package registries
  {
    id: 'npm-token',
    provider: 'npm',
    kind: 'access token',
    prefixes: ['npm_'],
    pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y,
    assess: (token) => (hasValidCrc32Suffix(token, 4) ? verified : null),
  },
  {
    id: 'pypi-token',
    provider: 'PyPI',
    kind: 'API token',
    // A macaroon whose first caveat names pypi.org: the prefix itself is structure.
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    pattern: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])/y,
    randomPart: (token) => token.slice(-40),
    symbols: 64,
    assess: (token) => (looksRandom(token.slice(-40), 64) ? verified : null),
  },
  // Mail, messaging and other services
  {
    id: 'sendgrid-api-key',
    provider: 'SendGrid',
    kind: 'API key',
    prefixes: ['SG.'],
    pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/y,
    randomPart: (token) => token.slice(26),
    symbols: 64,
  },
  {
    id: 'twilio-credentials',
    provider: 'Twilio',
    kind: 'account or API key SID',
    prefixes: ['AC', 'SK'],
    pattern: /(?:AC|SK)[0-9a-f]{32}(?![A-Za-z0-9])/y,
    symbols: 16,
    partner: TWILIO_SECRET,
  },
  {
    id: 'mailgun-api-key',
    provider: 'Mailgun',
    kind: 'API key',
    prefixes: ['key-'],
    pattern: /key-[0-9a-f]{32}(?![A-Za-z0-9])/y,
    symbols: 16,
  },
  {
    id: 'shopify-token',
    provider: 'Shopify',
    kind: 'access token',
    prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/y,
    symbols: 16,
  },
  {
    id: 'digitalocean-token',
    provider: 'DigitalOcean',
    kind: 'access token',
    prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: /do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])/y,
    symbols: 16,
  },
  // Keys and tokens of any provider
  {
    id: 'private-key',
    provider: '',
    kind: 'private key',
    prefixes: ['-----BEGIN '],
    pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/y,
    extend: extendPrivateKey,
  },
  {
    id: 'jwt',
    provider: '',
    kind: 'signed token (JWT)',
    prefixes: ['eyJ'],
    pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_.-])/y,
    assess: assessJwt,
  },
  {
    id: 'connection-url',
    provider: '',
    kind: 'connection URL with a password',
    marker: '://',
    pattern:
      /\b(?:postgres(?:ql)?|mysql2?|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|ftps?|smtps?|ldaps?):\/\/[^\s:@/'"`]*:[^\s@/'"`]+@[^\s/:'"`?#]+/g,
    assess: assessConnectionUrl,
    generic: true,
  },
];

function lastDashPart(token: string): string {
  return token.slice(token.lastIndexOf('-') + 1);
}
