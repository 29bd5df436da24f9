import { testRule } from '../test-support/rule-tester.js';
import rule from './unsafe-deserialization.js';

testRule(rule, {
  valid: [
    // JSON.parse builds plain data.
    `app.post('/prefs', (req, res) => {
  const prefs = JSON.parse(req.cookies.prefs);
  res.json(prefs);
});`,
    // js-yaml load with its default (safe) schema.
    `const yaml = require('js-yaml');
app.post('/config', (req, res) => {
  res.json(yaml.load(req.body.text));
});`,
    // js-yaml load with the core schema.
    `import yaml from 'js-yaml';
router.post('/import', async (ctx) => {
  ctx.body = yaml.load(ctx.request.body.yaml, { schema: yaml.CORE_SCHEMA });
});`,
    // Serialising is not deserialising.
    `const serialize = require('node-serialize');
app.get('/session', (req, res) => {
  res.send(serialize.serialize({ user: req.query.user }));
});`,
    // Deserialising data the server wrote itself.
    `const serialize = require('node-serialize');
const fs = require('fs');
app.get('/restore', (req, res) => {
  res.json(serialize.unserialize(fs.readFileSync('./state.dat', 'utf8')));
});`,
    // A different module's parse.
    `const qs = require('qs');
app.get('/q', (req, res) => res.json(qs.parse(req.query.raw)));`,
  ],
  invalid: [
    {
      name: 'Express: node-serialize on a cookie',
      code: `const serialize = require('node-serialize');
app.get('/profile', (req, res) => {
  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());
  res.send('Hello ' + profile.username);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Koa: js-yaml with the full schema',
      code: `const yaml = require('js-yaml');
router.post('/config', async (ctx) => {
  ctx.body = yaml.load(ctx.request.body.config, { schema: yaml.DEFAULT_FULL_SCHEMA });
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Fastify: js-yaml unsafeLoad',
      code: `import { unsafeLoad } from 'js-yaml';
fastify.post('/import', async (request) => unsafeLoad(request.body));`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Next.js route handler: funcster',
      code: `import funcster from 'funcster';
export async function POST(request) {
  const payload = await request.json();
  const job = funcster.deepDeserialize(payload.job);
  return Response.json({ queued: typeof job });
}`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Node http: cryo.parse of the body',
      code: `const Cryo = require('cryo');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const state = Cryo.parse(body);
    res.end(String(state.id));
  });
});`,
      errors: [{ messageId: 'flow', line: 6 }],
    },
    {
      name: 'v8.deserialize of a WebSocket message',
      code: `const v8 = require('node:v8');
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const value = v8.deserialize(data);
    ws.send(JSON.stringify(value));
  });
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'library: an exported function deserialising its argument',
      threatModel: 'library',
      code: `const { unserialize } = require('node-serialize');
module.exports.restore = function restore(text) {
  return unserialize(text);
};`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
  ],
});
