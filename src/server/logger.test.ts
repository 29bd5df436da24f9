import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactUrl } from './logger.js';
import { bearer, strongPassword, useTestApp } from './test-support/test-app.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('the server logger', () => {
  it('writes JSON lines and redacts credentials wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJ.secret.sig', cookie: 'ectus_refresh=abc' } },
        body: { email: 'a@example.com', password: 'hunter2 hunter2' },
        refreshToken: 'refresh-secret',
        nested: { deeper: { newPassword: 'new secret' } },
      },
      'something happened',
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line.msg).toBe('something happened');
    expect(line.body).toEqual({ email: 'a@example.com', password: REDACTED });
    expect(line.refreshToken).toBe(REDACTED);
    expect(line.nested.deeper.newPassword).toBe(REDACTED);
    expect(lines[0]).not.toMatch(/eyJ\.secret|ectus_refresh=abc|hunter2|refresh-secret|new secret/);
  });

  it('removes secret query values from URLs', () => {
    expect(redactUrl('/api/v1/auth/verify-email?token=abc123&x=1')).toBe(
      `/api/v1/auth/verify-email?token=${REDACTED}&x=1`,
    );
    expect(redactUrl('/a?x=1&refreshToken=zzz')).toBe(`/a?x=1&refreshToken=${REDACTED}`);
    expect(redactUrl('/plain/path')).toBe('/plain/path');
  });
});

describe('request logs', () => {
  const t = useTestApp({ captureLogs: true });

  it('carry the request id and no credentials', async () => {
    const user = await t().createUser({ password: strongPassword() });
    const login = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
      headers: { 'x-request-id': 'trace-login-1' },
    });
    const { accessToken, refreshToken } = login.json();
    await t().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(accessToken) });
    await t().app.inject({ method: 'GET', url: '/api/v1/auth/verify-email?token=very-secret-link-token' });
    await t().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer('forged.token.value') });

    const text = JSON.stringify(t().logs);
    expect(t().logs.some((line) => line.reqId === 'trace-login-1')).toBe(true);
    expect(t().logs.some((line) => (line.req as { url?: string } | undefined)?.url?.includes(REDACTED))).toBe(true);
    for (const secret of [user.password, accessToken, refreshToken, 'very-secret-link-token', 'forged.token.value']) {
      expect(text).not.toContain(secret);
    }
  });
});
