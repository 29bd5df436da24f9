import { testRule } from '../test-support/rule-tester.js';
import rule from './ssrf.js';

testRule(rule, {
  valid: [
    // A fixed origin with request data in the path only.
    `app.get('/users/:id', async (req, res) => {
  const r = await fetch('https://api.example.com/users/' + req.params.id);
  res.json(await r.json());
});`,
    // The same with a template literal and a query string.
    `const axios = require('axios');
app.get('/weather', async (req, res) => {
  const { data } = await axios.get(\`https://weather.example.com/v1/forecast?city=\${req.query.city}\`);
  res.json(data);
});`,
    // A base URL constant followed by a path.
    `const API = 'https://billing.internal.example.com';
app.get('/invoice', async (req, res) => {
  res.json(await (await fetch(\`\${API}/invoices/\${req.query.number}\`)).json());
});`,
    // http.get with a fixed host: the request data is only the path.
    `const https = require('https');
app.get('/proxy', (req, res) => {
  https.get({ hostname: 'cdn.example.com', path: '/assets/' + req.query.file }, (r) => r.pipe(res));
});`,
    // Allow-listed host.
    `const ALLOWED_HOSTS = ['images.example.com', 'static.example.com'];
app.get('/image', async (req, res) => {
  const target = new URL(req.query.url);
  if (!ALLOWED_HOSTS.includes(target.hostname)) return res.status(400).end();
  res.send(await (await fetch(target)).buffer());
});`,
    // Allow-listed through the parsed hostname of the original string.
    `const got = require('got');
app.post('/webhook-test', async (req, res) => {
  const { hostname } = new URL(req.body.url);
  if (hostname !== 'hooks.example.com') return res.status(400).end();
  res.json(await got.post(req.body.url, { json: { ping: true } }).json());
});`,
    // Suffix check of the host.
    `app.get('/fetch', async (req, res) => {
  const url = req.query.url;
  if (!new URL(url).hostname.endsWith('.example.com')) throw new Error('host not allowed');
  res.json(await (await fetch(url)).json());
});`,
    // Chosen from a fixed table by a key.
    `const SERVICES = { users: 'http://users:8080', orders: 'http://orders:8080' };
app.get('/svc', async (req, res) => {
  const base = req.query.svc === 'users' ? SERVICES.users : SERVICES.orders;
  res.json(await (await fetch(base + '/health')).json());
});`,
    // Encoded into the query string of a fixed origin.
    `import needle from 'needle';
router.get('/geo', async (ctx) => {
  ctx.body = await needle('get', 'https://geo.example.com/lookup?q=' + encodeURIComponent(ctx.query.q));
});`,
  ],
  invalid: [
    {
      name: 'Express: fetch of a URL from the query',
      code: `app.get('/preview', async (req, res) => {
  const r = await fetch(req.query.url);
  res.send(await r.text());
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'axios with a host from the body',
      code: `const axios = require('axios');
app.post('/ping', async (req, res) => {
  const { data } = await axios.get('http://' + req.body.host + '/status');
  res.json(data);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'axios config object with url',
      code: `import axios from 'axios';
app.post('/call', async (req, res) => {
  const response = await axios({ method: 'post', url: req.body.callback, data: { ok: true } });
  res.json(response.data);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Koa: got with a chosen URL',
      code: `const got = require('got');
router.get('/mirror', async (ctx) => {
  ctx.body = await got(ctx.query.source).text();
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Fastify: http.request with a chosen hostname',
      code: `const http = require('http');
fastify.get('/status', (request, reply) => {
  const options = { hostname: request.query.node, port: 9100, path: '/metrics' };
  http.request(options, (r) => reply.send(r)).end();
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Next.js route handler with undici',
      code: `import { request as undiciRequest } from 'undici';
export async function POST(request) {
  const { feed } = await request.json();
  const { body } = await undiciRequest(feed);
  return new Response(await body.text());
}`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Node http: superagent with a URL from the query string',
      code: `const superagent = require('superagent');
http.createServer(async (req, res) => {
  const target = new URL(req.url, 'http://localhost').searchParams.get('target');
  const r = await superagent.get(target);
  res.end(r.text);
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'a subdomain chosen by the request',
      code: `app.get('/tenant', async (req, res) => {
  const r = await fetch(\`https://\${req.query.tenant}.example.com/api/info\`);
  res.json(await r.json());
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'the host check guards another branch only',
      code: `app.get('/img', async (req, res) => {
  const url = req.query.url;
  if (new URL(url).hostname === 'img.example.com') console.log('trusted image');
  res.send(await (await fetch(url)).text());
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
  ],
});
