#!/usr/bin/env node
// HTTP API benchmark: autocannon on loopback against `ectus serve` on a real PostgreSQL.
//
//   npm run build && npm run bench:api [-- --duration 10] [-- --connections 100]
//
// In one run, each server in a child process of its own (so autocannon does not share its thread):
//   1. a bare Fastify hello-world, the ceiling for this machine;
//   2. Ectus's authenticated `GET /api/v1/projects` as a developer with 20 projects among 500 of other
//      users: the access token's check and one indexed query;
//   3. Ectus's `POST /api/v1/auth/login` with the production argon2id parameters (bounded by hashing
//      by design, measured with fewer connections).
// The database is created fresh (`ectus_bench_<random>`) through DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) and dropped at the end. Rate limits are raised far
// above the load (their bookkeeping still runs); the request log is at `warn`, as hello-world
// logs nothing either. Targets: >= 5,000 req/s and p99 < 50 ms at 100 connections for the project
// list, and >= 40% of hello-world's throughput.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const REPO = resolve(import.meta.dirname, '..');
const require = createRequire(join(REPO, 'package.json'));
const autocannon = require('autocannon');
const pg = require('pg');

const USAGE = `Usage: npm run bench:api -- [options]

  --duration <s>           seconds per measurement (default 10; each is preceded by a 3 s warm-up)
  --connections <n>        connections for hello-world and the project list (default 100)
  --login-connections <n>  connections for the login measurement (default 16)
  -h, --help               this text

PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), used to create and drop
a database of its own. Run \`npm run build\` first: the server runs from dist/.`;

const TARGETS = { requestsPerSecond: 5000, p99Ms: 50, ratio: 0.4 };
/** Made per run: the benchmark's accounts live only as long as its database. */
const PASSWORD = `Bench-${randomBytes(12).toString('base64url')}`;

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '100' },
      'login-connections': { type: 'string', default: '16' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const numbers = [values.duration, values.connections, values['login-connections']].map(Number);
  if (!numbers.every((n) => Number.isInteger(n) && n > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  const [duration, connections, loginConnections] = numbers;
  return { duration, connections, loginConnections };
}

/** Runs one statement on the administration database (CREATE/DROP DATABASE take no parameters). */
async function administer(adminUrl, statement) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Starts a child process and resolves with its URL once it prints `listening on <url>` (Ectus
 * prints "Ectus is listening on http://..." to standard error).
 */
function startChild(label, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolveUrl, reject) => {
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before listening:\n${output}`)));
  });
  return { child, url };
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** A CLI command of the built Ectus, with the password on standard input. */
function ectusCli(args, env, input) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'ectus.js'), ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolveRun(output) : reject(new Error(`ectus ${args.join(' ')}: ${output}`)),
    );
    child.stdin.end(input);
  });
}

async function json(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function login(base, email) {
  const body = await json(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return body.accessToken;
}

async function createProjects(base, token, prefix, count) {
  for (let i = 0; i < count; i += 1) {
    await json(`${base}/api/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${prefix} ${i}`, slug: `${prefix}-${i}`, description: 'Benchmark data' }),
    });
  }
}

/** One autocannon measurement after a warm-up; refuses results with errors or non-2xx answers. */
async function measure(label, request, seconds) {
  await autocannon({ ...request, duration: Math.min(3, seconds) });
  const result = await autocannon({ ...request, duration: seconds });
  const failures = result.errors + result.timeouts + result.non2xx;
  if (failures > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    label,
    connections: request.connections,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}

const HELLO_WORLD = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stderr.write('listening on ' + url + '\\n');
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

/**
 * The floor under Ectus's design, for comparison: Fastify, a pg pool of the same size, the same SQL
 * as Ectus's project list as a named prepared statement, and an HS256 check with node:crypto; no
 * hooks, no schemas, no security headers, no rate limit. It checks only the signature (not the
 * claims) and answers the rows as they come.
 */
const REFERENCE = `
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
const secret = new TextEncoder().encode(process.env.ECTUS_AUTH_SECRET.trim());
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const list = {
  name: 'reference_list',
  text: 'select p.*, m.role from project_members m join projects p on p.id = m.project_id where m.user_id = $1 order by p.created_at desc, p.id desc limit $2 offset $3',
};
const app = Fastify({ logger: false });
app.get('/', async (request, reply) => {
  const token = (request.headers.authorization ?? '').slice(7);
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(header + '.' + payload).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send();
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const { rows } = await pool.query({ ...list, values: [sub, 51, 0] });
  return { items: rows, limit: 50, offset: 0, nextOffset: null };
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stderr.write('listening on ' + url + '\\n');
process.once('SIGTERM', () => app.close().then(() => pool.end()).then(() => process.exit(0)));
`;

async function benchReference(settings, env, token) {
  const server = startChild('reference', ['--input-type=module', '-e', REFERENCE], env);
  try {
    const url = await server.url;
    const listed = await json(url, { headers: { authorization: `Bearer ${token}` } });
    if (listed.items.length !== 20) throw new Error(`reference: expected 20 projects, got ${listed.items.length}`);
    return await measure(
      'reference: Fastify + pg + HMAC, nothing else',
      { url, connections: settings.connections, headers: { authorization: `Bearer ${token}` } },
      settings.duration,
    );
  } finally {
    await stopChild(server.child);
  }
}

async function benchHelloWorld(settings) {
  const server = startChild('hello-world', ['--input-type=module', '-e', HELLO_WORLD], {});
  try {
    const url = await server.url;
    return await measure('bare Fastify hello-world', { url, connections: settings.connections }, settings.duration);
  } finally {
    await stopChild(server.child);
  }
}

async function benchEctus(settings, databaseUrl) {
  const env = {
    DATABASE_URL: databaseUrl,
    ECTUS_AUTH_SECRET: randomBytes(48).toString('base64'),
    ECTUS_LOG_LEVEL: 'warn',
    ECTUS_RATE_LIMIT_API: '1000000/60',
    ECTUS_RATE_LIMIT_AUTH: '1000000/60',
  };
  const server = startChild(
    'ectus serve',
    [join(REPO, 'bin', 'ectus.js'), 'serve', '--port', '0', '--host', '127.0.0.1'],
    env,
  );
  try {
    const base = await server.url;
    for (const email of ['bench@example.com', 'others@example.com']) {
      await ectusCli(['user', 'create', '--email', email, '--role', 'developer', '--password-stdin'], env, PASSWORD);
    }
    await createProjects(base, await login(base, 'others@example.com'), 'other', 500);
    const token = await login(base, 'bench@example.com');
    await createProjects(base, token, 'mine', 20);
    const listed = await json(`${base}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } });
    if (listed.items.length !== 20) throw new Error(`expected 20 projects, got ${listed.items.length}`);
    const list = await measure(
      'Ectus GET /api/v1/projects (JWT + 1 query)',
      {
        url: `${base}/api/v1/projects`,
        connections: settings.connections,
        headers: { authorization: `Bearer ${token}` },
      },
      settings.duration,
    );
    const loginRun = await measure(
      'Ectus POST /api/v1/auth/login (argon2id)',
      {
        url: `${base}/api/v1/auth/login`,
        method: 'POST',
        connections: settings.loginConnections,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }),
      },
      settings.duration,
    );
    return { list, login: loginRun, env, token };
  } finally {
    await stopChild(server.child);
  }
}

function row(cells, widths) {
  return cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
}

function report(hello, ectus, reference, settings, load) {
  const rows = [hello, reference, ectus.list, ectus.login].map((r) => [
    r.label,
    r.connections,
    Math.round(r.requestsPerSecond).toLocaleString('en-US'),
    r.p50Ms,
    r.p99Ms,
    `${((100 * r.requestsPerSecond) / hello.requestsPerSecond).toFixed(1)}%`,
  ]);
  const header = ['', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'vs hello-world'];
  const widths = header.map((cell, i) => Math.max(String(cell).length, ...rows.map((r) => String(r[i]).length)));
  console.log(
    `\nNode ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${settings.duration} s per measurement`,
  );
  console.log(
    `load average before: ${load.before.map((n) => n.toFixed(2)).join(' ')}, after: ${load.after.map((n) => n.toFixed(2)).join(' ')}\n`,
  );
  console.log(row(header, widths));
  for (const r of rows) console.log(row(r, widths));
  const { list } = ectus;
  const ratio = list.requestsPerSecond / hello.requestsPerSecond;
  const checks = [
    [`project list >= ${TARGETS.requestsPerSecond} req/s`, list.requestsPerSecond >= TARGETS.requestsPerSecond],
    [`project list p99 < ${TARGETS.p99Ms} ms`, list.p99Ms < TARGETS.p99Ms],
    [`project list >= ${TARGETS.ratio * 100}% of hello-world`, ratio >= TARGETS.ratio],
  ];
  console.log('');
  for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
  return checks.every(([, ok]) => ok);
}

async function main() {
  const settings = options();
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `ectus_bench_${randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${name}`;
  const load = { before: loadavg(), after: [] };
  await administer(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  try {
    const hello = await benchHelloWorld(settings);
    const ectus = await benchEctus(settings, databaseUrl.toString());
    const reference = await benchReference(settings, ectus.env, ectus.token);
    load.after = loadavg();
    return report(hello, ectus, reference, settings, load) ? 0 : 1;
  } finally {
    await administer(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
