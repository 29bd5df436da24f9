import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { loadServerConfig } from './config.js';

const SECRET = 'a signing secret that is long enough to pass';

function problems(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ECTUS_CONFIG_INVALID');
    expect((error as AppError).exitCode).toBe(2);
    return (error as AppError).details as { path: string; message: string }[];
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadServerConfig', () => {
  it('has safe defaults and derives the public URL and cookie security', () => {
    const config = loadServerConfig({ ECTUS_AUTH_SECRET: SECRET, ECTUS_DATA_DIR: '/tmp/ectus-data' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: '/tmp/ectus-data',
      publicUrl: 'http://127.0.0.1:3000',
      secureCookies: false,
      corsOrigins: [],
      trustProxy: false,
      accessTokenTtlSeconds: 900,
      rateLimitAuth: { max: 100, windowMs: 60_000 },
      lockout: { maxFailures: 5, lockDurationMs: 900_000, windowMs: 900_000 },
      registration: 'open',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment, and flags win over it', () => {
    const config = loadServerConfig(
      {
        ECTUS_AUTH_SECRET: SECRET,
        ECTUS_PORT: '8080',
        ECTUS_PUBLIC_URL: 'https://ectus.example.com/',
        ECTUS_CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443',
        ECTUS_TRUST_PROXY: '1',
        ECTUS_RATE_LIMIT_AUTH: '20/30',
        ECTUS_RATE_LIMIT_API: '0',
        ECTUS_LOCKOUT_MINUTES: '30',
        DATABASE_URL: 'postgres://ectus@db:5432/ectus',
        REDIS_URL: 'redis://cache:6379',
      },
      { port: 9000, host: '0.0.0.0' },
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://ectus.example.com',
      secureCookies: true,
      corsOrigins: ['https://a.example.com', 'https://b.example.com:8443'],
      trustProxy: 1,
      rateLimitAuth: { max: 20, windowMs: 30_000 },
      rateLimitApi: { max: 0, windowMs: 60_000 },
      lockout: { lockDurationMs: 1_800_000 },
      databaseUrl: 'postgres://ectus@db:5432/ectus',
      redisUrl: 'redis://cache:6379',
    });
  });

  it('refuses to run without a signing secret outside --dev, and allows it in --dev', () => {
    expect(problems(() => loadServerConfig({}))).toEqual([
      expect.objectContaining({
        path: 'ECTUS_AUTH_SECRET (authSecret)',
        message: expect.stringMatching(/required outside --dev/),
      }),
    ]);
    expect(loadServerConfig({}, { dev: true }).dev).toBe(true);
  });

  it('lists every problem at once, named by environment variable', () => {
    const found = problems(() =>
      loadServerConfig({
        ECTUS_PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        ECTUS_CORS_ORIGINS: 'https://ok.example.com,https://bad.example.com/path',
        ECTUS_SMTP_URL: 'http://mail',
        ECTUS_LOG_LEVEL: 'loud',
      }),
    );
    expect(found).toContainEqual({ path: 'ECTUS_PORT (port)', message: 'must be a whole number from 0 to 65535' });
    expect(found.map((problem) => problem.path).sort()).toEqual(
      [
        'DATABASE_URL (databaseUrl)',
        'ECTUS_AUTH_SECRET (authSecret)',
        'ECTUS_CORS_ORIGINS (corsOrigins).1',
        'ECTUS_LOG_LEVEL (logLevel)',
        'ECTUS_PORT (port)',
        'ECTUS_SMTP_URL (smtpUrl)',
      ].sort(),
    );
  });

  it('names the flag when the bad value came from one', () => {
    expect(problems(() => loadServerConfig({ ECTUS_AUTH_SECRET: SECRET }, { port: 'abc' as never }))).toEqual([
      { path: '--port (port)', message: 'must be a whole number from 0 to 65535' },
    ]);
  });
});
