import { z } from 'zod';
import { dataDir as defaultDataDir } from '../config/data-dir.js';
import { AppError } from '../errors.js';

/**
 * The server's configuration: one zod schema over the environment (and the `ectus serve` flags,
 * which win over it), parsed once at start and frozen. Every problem is reported together, as one
 * `ECTUS_CONFIG_INVALID` error whose `details` list `{ path, message }` (the CLI prints them and
 * exits 2). Secrets (`ECTUS_AUTH_SECRET`, credentials inside `DATABASE_URL`/`REDIS_URL`/`ECTUS_SMTP_URL`)
 * come from the environment only and have no defaults.
 */

const MINUTE_MS = 60_000;
const DAY_SECONDS = 24 * 60 * 60;

/** Environment variable and the config key it sets (also the table in docs/server.md). */
export const SERVER_ENV: readonly (readonly [variable: string, key: string])[] = [
  ['ECTUS_HOST', 'host'],
  ['ECTUS_PORT', 'port'],
  ['ECTUS_DATA_DIR', 'dataDir'],
  ['DATABASE_URL', 'databaseUrl'],
  ['REDIS_URL', 'redisUrl'],
  ['ECTUS_AUTH_SECRET', 'authSecret'],
  ['ECTUS_PUBLIC_URL', 'publicUrl'],
  ['ECTUS_CORS_ORIGINS', 'corsOrigins'],
  ['ECTUS_TRUST_PROXY', 'trustProxy'],
  ['ECTUS_SMTP_URL', 'smtpUrl'],
  ['ECTUS_MAIL_FROM', 'mailFrom'],
  ['ECTUS_REGISTRATION', 'registration'],
  ['ECTUS_ACCESS_TOKEN_TTL', 'accessTokenTtlSeconds'],
  ['ECTUS_REFRESH_TOKEN_TTL', 'refreshTokenTtlSeconds'],
  ['ECTUS_LOCKOUT_MAX_FAILURES', 'lockoutMaxFailures'],
  ['ECTUS_LOCKOUT_MINUTES', 'lockoutMinutes'],
  ['ECTUS_RATE_LIMIT_AUTH', 'rateLimitAuth'],
  ['ECTUS_RATE_LIMIT_API', 'rateLimitApi'],
  ['ECTUS_BODY_LIMIT', 'bodyLimitBytes'],
  ['ECTUS_UPLOAD_LIMIT', 'uploadLimitBytes'],
  ['ECTUS_LOG_LEVEL', 'logLevel'],
];

/** A whole number in range, coerced from text; one message for every way it can be wrong. */
const integer = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const urlWith = (protocols: readonly string[], what: string) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a ${what} URL (${protocols.map((p) => `${p}//`).join(' or ')})`,
    });

/** `a, b ,c` → ['a', 'b', 'c']; arrays (from code) pass through. */
const list = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
      : value,
  z.array(z.string()),
);

const origin = z.string().refine((value) => URL.canParse(value) && new URL(value).origin === value, {
  message: 'each CORS origin must be scheme://host[:port] with no path, e.g. https://ectus.example.com',
});

/** `true`/`false`, a hop count, or a list of trusted proxy addresses/CIDRs. */
const trustProxy = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false' || text === '') return false;
    if (/^\d+$/.test(text)) return Number(text);
    return text.split(',').map((item) => item.trim());
  },
  z.union([z.boolean(), z.number().int().min(0).max(32), z.array(z.string().min(1))]),
);

/** `<max>` or `<max>/<seconds>`: requests per window per client address; 0 turns the limit off. */
const rateLimit = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const [max, seconds] = value.split('/');
    return { max: max?.trim(), windowMs: seconds === undefined ? undefined : Number(seconds.trim()) * 1000 };
  },
  z.object({ max: integer(0, 1_000_000), windowMs: integer(1000, 24 * 60 * MINUTE_MS).default(MINUTE_MS) }),
);

export const serverConfigSchema = z
  .object({
    dev: z.boolean().default(false),
    host: z.string().trim().min(1).default('127.0.0.1'),
    port: integer(0, 65_535).default(3000),
    dataDir: z.string().trim().min(1),
    databaseUrl: urlWith(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
    redisUrl: urlWith(['redis:', 'rediss:'], 'Redis').optional(),
    authSecret: z.string().optional(),
    publicUrl: urlWith(['http:', 'https:'], 'http(s)').optional(),
    corsOrigins: list.pipe(z.array(origin)).default([]),
    trustProxy: trustProxy.default(false),
    smtpUrl: urlWith(['smtp:', 'smtps:'], 'SMTP').optional(),
    mailFrom: z.string().trim().min(3).default('Ectus <no-reply@localhost>'),
    registration: z.enum(['open', 'closed']).default('open'),
    accessTokenTtlSeconds: integer(30, DAY_SECONDS).default(15 * 60),
    refreshTokenTtlSeconds: integer(5 * 60, 365 * DAY_SECONDS).default(30 * DAY_SECONDS),
    lockoutMaxFailures: integer(1, 1000).default(5),
    lockoutMinutes: integer(1, 24 * 60).default(15),
    rateLimitAuth: rateLimit.default({ max: 100, windowMs: MINUTE_MS }),
    rateLimitApi: rateLimit.default({ max: 6000, windowMs: MINUTE_MS }),
    bodyLimitBytes: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
    uploadLimitBytes: integer(1024, 1024 * 1024 * 1024).default(50 * 1024 * 1024),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

/** There is no default signing secret: `--dev` makes a random one that dies with the process. */
const MISSING_SECRET = {
  path: 'ECTUS_AUTH_SECRET (authSecret)',
  message:
    'ECTUS_AUTH_SECRET is required outside --dev: 32+ random bytes (`openssl rand -base64 48`) or an Ed25519 private key in PEM',
};

export type ServerConfigInput = z.input<typeof serverConfigSchema>;
type ParsedServerConfig = z.output<typeof serverConfigSchema>;

/** The validated configuration with the derived values every consumer needs. */
export interface ServerConfig extends Readonly<Omit<ParsedServerConfig, 'publicUrl'>> {
  /** Where users reach this instance (links in emails, the token issuer); no trailing slash. */
  readonly publicUrl: string;
  /** Cookies get `Secure` unless the public URL is plain http (development on localhost). */
  readonly secureCookies: boolean;
  readonly lockout: Readonly<{ maxFailures: number; lockDurationMs: number; windowMs: number }>;
}

/**
 * Parses flags over the environment. `flags` use the config keys (`{ port: 8080, dev: true }`).
 *
 * @example
 * const config = loadServerConfig(process.env, { port: 8080, host: '0.0.0.0' });
 */
export function loadServerConfig(env: NodeJS.ProcessEnv, flags: Partial<ServerConfigInput> = {}): ServerConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of SERVER_ENV) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') fromEnv[key] = value;
  }
  const input: Record<string, unknown> = { dataDir: defaultDataDir(env), ...fromEnv, ...withoutUndefined(flags) };
  const parsed = serverConfigSchema.safeParse(input);
  const details = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: sourceOf(issue.path, flags), message: issue.message }));
  const secret = typeof input.authSecret === 'string' ? input.authSecret.trim() : '';
  if (input.dev !== true && secret === '') details.push(MISSING_SECRET);
  if (!parsed.success || details.length > 0) {
    throw new AppError('ECTUS_CONFIG_INVALID', 'The server configuration is invalid.', { details });
  }
  return finish(parsed.data);
}

function finish(parsed: ParsedServerConfig): ServerConfig {
  const publicUrl = (parsed.publicUrl ?? `http://${hostForUrl(parsed.host)}:${parsed.port}`).replace(/\/+$/, '');
  return Object.freeze({
    ...parsed,
    publicUrl,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    lockout: Object.freeze({
      maxFailures: parsed.lockoutMaxFailures,
      lockDurationMs: parsed.lockoutMinutes * MINUTE_MS,
      windowMs: parsed.lockoutMinutes * MINUTE_MS,
    }),
  });
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The `ectus serve` flag of each config key that has one. */
const FLAG_NAMES: Readonly<Record<string, string>> = { port: '--port', host: '--host', dataDir: '--data-dir' };

/** Names a problem by what the operator set: the flag when one was given, else the environment variable. */
function sourceOf(path: readonly PropertyKey[], flags: Partial<ServerConfigInput>): string {
  const key = String(path[0] ?? '');
  const flag = FLAG_NAMES[key];
  if (flag && (flags as Record<string, unknown>)[key] !== undefined) {
    return [`${flag} (${key})`, ...path.slice(1).map(String)].join('.');
  }
  return envNameOf(path);
}

/** Names a problem by its environment variable (what the operator sets), with the key in brackets. */
function envNameOf(path: readonly PropertyKey[]): string {
  const key = String(path[0] ?? '');
  const name = SERVER_ENV.find(([, configKey]) => configKey === key)?.[0];
  const rest = path.slice(1).map(String);
  return [name ? `${name} (${key})` : key, ...rest].join('.');
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/** Where the database is (for `ectus migrate` and `ectus user`, which need nothing else). */
export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir: string;
}

export function loadDatabaseConfig(env: NodeJS.ProcessEnv, flags: { dataDir?: string } = {}): DatabaseConfig {
  const schema = serverConfigSchema.pick({ databaseUrl: true, dataDir: true });
  const parsed = schema.safeParse({
    dataDir: flags.dataDir ?? defaultDataDir(env),
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL } : {}),
  });
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: envNameOf(issue.path), message: issue.message }));
    throw new AppError('ECTUS_CONFIG_INVALID', 'The database configuration is invalid.', { details });
  }
  return parsed.data;
}
