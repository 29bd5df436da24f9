import { testRule } from '../test-support/rule-tester.js';
import rule from './no-sync-io-in-handler.js';

testRule(rule, {
  valid: [
    // Startup code: read once before serving.
    `import fs from 'node:fs';
const template = fs.readFileSync('./views/index.html', 'utf8');
app.get('/', (req, res) => res.send(template));`,
    // The asynchronous versions inside handlers.
    `import { readFile } from 'node:fs/promises';
app.get('/report/:id', async (req, res) => {
  const body = await readFile(\`reports/\${req.params.id}.json\`, 'utf8');
  res.type('json').send(body);
});`,
    `const crypto = require('crypto');
router.post('/login', async (req, res) => {
  const hash = await new Promise((resolve, reject) =>
    crypto.scrypt(req.body.password, salt, 64, (err, key) => (err ? reject(err) : resolve(key))),
  );
  res.json({ ok: hash.length > 0 });
});`,
    // Not a request handler: a CLI command and a listen callback.
    `import { execSync } from 'node:child_process';
program.command('build').action(() => {
  execSync('npm run build', { stdio: 'inherit' });
});
app.listen(3000, () => {
  fs.writeFileSync('server.pid', String(process.pid));
});`,
    // An unrelated object with a *Sync method.
    `app.post('/sync', async (req, res) => {
  await store.flushSync(req.body);
  res.sendStatus(204);
});`,
    // Test files may use synchronous fixtures in mock servers.
    {
      code: `app.get('/fixture', (req, res) => res.send(fs.readFileSync('fixtures/a.json')));`,
      filename: 'src/server.test.ts',
    },
  ],
  invalid: [
    {
      code: `import fs from 'node:fs';
app.get('/download/:name', (req, res) => {
  const data = fs.readFileSync(path.join(uploads, req.params.name));
  res.send(data);
});`,
      errors: [{ messageId: 'syncInHandler', line: 3 }],
    },
    {
      code: `const { execSync } = require('child_process');
router.post('/deploy', async (req, res) => {
  const out = execSync('git rev-parse HEAD').toString().trim();
  res.json({ commit: out });
});`,
      errors: [{ messageId: 'syncInHandler', line: 3 }],
    },
    {
      code: `import { pbkdf2Sync } from 'node:crypto';
import zlib from 'node:zlib';
fastify.route({
  method: 'POST',
  url: '/archive',
  handler: async (request, reply) => {
    const key = pbkdf2Sync(request.body.password, salt, 100000, 32, 'sha256');
    return reply.send(zlib.gzipSync(encrypt(key, request.body.data)));
  },
});`,
      errors: [
        { messageId: 'syncInHandler', line: 7 },
        { messageId: 'syncInHandler', line: 8 },
      ],
    },
    {
      name: 'Next.js route handler',
      code: `import { readFileSync } from 'fs';
export async function GET(request: Request) {
  const config = JSON.parse(readFileSync('config.json', 'utf8'));
  return Response.json(config);
}`,
      filename: 'app/api/config/route.ts',
      errors: [{ messageId: 'syncInHandler', line: 3 }],
    },
    {
      name: 'inside a callback of the handler',
      code: `const fs = require('fs');
app.post('/bulk', (req, res) => {
  const sizes = req.body.files.map((f) => fs.statSync(f).size);
  res.json({ sizes });
});`,
      errors: [{ messageId: 'syncInHandler', line: 3 }],
    },
    {
      code: `import bcrypt from 'bcryptjs';
http.createServer((req, res) => {
  if (!bcrypt.compareSync(req.headers['x-token'], tokenHash)) res.statusCode = 401;
  res.end();
});`,
      errors: [{ messageId: 'syncInHandler', line: 3 }],
    },
  ],
});
