import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * End-to-end: `ectus user create` and `ectus serve` from the built CLI (`npm run build` runs before
 * the tests), in a temporary data folder on the embedded database, talked to over real HTTP.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repo, 'bin/ectus.js');
const SECRET = 'an end-to-end signing secret, long enough to be accepted';
const PASSWORD = 'Tangerine-Quartz-e2e-7c1f';
let work: string;

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ECTUS_DATA_DIR: path.join(work, 'data'), NO_COLOR: '1', ...extra };
  // The embedded database, whatever the machine running the tests has configured.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.ECTUS_SMTP_URL;
  return env;
}

function ectus(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    input: options.input,
    env: environment(options.env),
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `ectus serve` and resolves with its URL once it listens. */
function serve(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`ectus serve exited with ${code}: ${stderr}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves when the server has logged a request to `url` (it is then in flight). */
function logged(child: ChildProcess, url: string): Promise<void> {
  return new Promise((resolve) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(`"url":"${url}"`)) resolve();
    });
  });
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'ectus-serve-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ectus serve, user and migrate', () => {
  it('refuses to serve without a signing secret outside --dev, naming the variable', () => {
    const result = ectus(['serve', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ECTUS_AUTH_SECRET is required outside --dev');
  });

  // Each command opens the embedded database (seconds on a busy machine): generous time limits.
  it('creates the first administrator from standard input, then refuses a second with the same email', {
    timeout: 120_000,
  }, () => {
    const created = ectus(['user', 'create', '--email', 'root@example.com', '--password-stdin', '--admin'], {
      input: `${PASSWORD}\n`,
    });
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^Created admin root@example\.com \(verified\)/);
    const again = ectus(['user', 'create', '--email', 'root@example.com', '--password-stdin'], { input: PASSWORD });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('ECTUS_EMAIL_TAKEN');
    const weak = ectus(['user', 'create', '--email', 'weak@example.com', '--password-stdin'], { input: 'short' });
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('ECTUS_PASSWORD_REJECTED');
    const status = ectus(['migrate', '--status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('The database is up to date.');
  });

  it('says in one line that the port is taken, and exits 2 leaving the database unlocked', {
    timeout: 120_000,
  }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
        cwd: work,
        env: environment({ ECTUS_AUTH_SECRET: SECRET, ECTUS_LOG_LEVEL: 'silent' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      expect(await exitOf(child)).toBe(2);
      expect(stderr).toBe(
        `ectus: Port ${port} on 127.0.0.1 is already in use; choose another with --port. [ECTUS_PORT_IN_USE]\n`,
      );
      expect(existsSync(path.join(work, 'data', 'db.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serves over HTTP, lets the administrator sign in, and stops cleanly on SIGTERM after finishing a request', {
    timeout: 120_000,
  }, async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: work,
      env: environment({ ECTUS_AUTH_SECRET: SECRET }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    try {
      const url = await serve(child);
      expect((await fetch(`${url}/ready`)).status).toBe(200);

      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.com', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(/ectus_refresh=.*HttpOnly/);
      const tokens = (await login.json()) as { accessToken: string; user: { role: string } };
      expect(tokens.user.role).toBe('admin');
      const me = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('root@example.com');

      // A login (argon2 at production cost) is in flight when the signal arrives: it still gets its answer.
      const inFlight = fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.com', password: PASSWORD }),
      });
      await logged(child, '/api/v1/auth/login');
      child.kill('SIGTERM');
      expect((await inFlight).status).toBe(200);
      expect(await exited).toBe(0);
      await expect(fetch(`${url}/health`)).rejects.toThrow();
      // The embedded database's folder lock is released.
      expect(existsSync(path.join(work, 'data', 'db.lock'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
