import { testRule } from '../test-support/rule-tester.js';
import rule from './xss.js';

testRule(rule, {
  valid: [
    // JSON responses are not HTML.
    `app.get('/profile', (req, res) => {
  res.json({ name: req.query.name });
});`,
    // Escaped before it is built into markup.
    `const escapeHtml = require('escape-html');
app.get('/hello', (req, res) => {
  res.send('<h1>Hello ' + escapeHtml(req.query.name) + '</h1>');
});`,
    // Sanitised markup.
    `import DOMPurify from 'isomorphic-dompurify';
app.post('/preview', (req, res) => {
  res.send(\`<div class="preview">\${DOMPurify.sanitize(req.body.html)}</div>\`);
});`,
    // he.encode, validator.escape and xss() are escapers too.
    `const he = require('he');
const validator = require('validator');
const xss = require('xss');
app.get('/a', (req, res) => res.send('<p>' + he.encode(req.query.a) + '</p>'));
app.get('/b', (req, res) => res.send('<p>' + validator.escape(req.query.b) + '</p>'));
app.get('/c', (req, res) => res.send('<p>' + xss(req.query.c) + '</p>'));`,
    // A number cannot carry markup.
    `app.get('/page', (req, res) => {
  const page = Number(req.query.page);
  res.send(\`<p>Page \${page}</p>\`);
});`,
    // Encoded into a link's query string.
    `app.get('/share', (req, res) => {
  res.send('<a href="/search?q=' + encodeURIComponent(req.query.q) + '">again</a>');
});`,
    // Plain text without markup or an HTML content type.
    `http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain');
  res.end('You asked for ' + req.url);
});`,
    // Fastify sends strings as text/plain unless told otherwise.
    `fastify.get('/echo', async (request, reply) => {
  return reply.send('<p>' + request.query.msg + '</p>');
});`,
    // Koa: a JSON body.
    `router.get('/user', async (ctx) => {
  ctx.body = { name: ctx.query.name };
});`,
    // Next.js: a plain-text Response.
    `export async function GET(request) {
  const name = request.nextUrl.searchParams.get('name');
  return new Response('Hello ' + name);
}`,
    // textContent does not parse HTML.
    `const params = new URLSearchParams(location.search);
document.getElementById('greeting').textContent = params.get('name');`,
    // innerHTML of a sanitised value.
    `const raw = decodeURIComponent(location.hash.slice(1));
document.querySelector('#out').innerHTML = DOMPurify.sanitize(raw);`,
    // React escapes children; only dangerouslySetInnerHTML is raw.
    {
      filename: 'src/comment.tsx',
      code: `export default function Comment({ searchParams }) {
  const text = new URLSearchParams(window.location.search).get('text');
  return <p className="comment">{text}</p>;
}`,
    },
    // ejs escapes <%= %>.
    `const ejs = require('ejs');
app.get('/greet', (req, res) => {
  res.send(ejs.render('<h1>Hello <%= name %></h1>', { name: req.query.name }));
});`,
    // Handlebars escapes {{ }}.
    `const Handlebars = require('handlebars');
const page = Handlebars.compile('<p>{{bio}}</p>');
app.get('/bio', (req, res) => res.send(page({ bio: req.query.bio })));`,
    // A message listener that checks the sender's origin.
    `window.addEventListener('message', (event) => {
  if (event.origin !== 'https://app.example.com') return;
  document.getElementById('panel').innerHTML = event.data.html;
});`,
    // Only the request's numeric id goes into the markup.
    `app.get('/item/:id', (req, res) => {
  const id = parseInt(req.params.id, 10);
  res.write('<div data-id="' + id + '">');
  res.end('</div>');
});`,
  ],
  invalid: [
    {
      name: 'Express: request data built into markup',
      code: `app.get('/hello', (req, res) => {
  res.send('<h1>Hello ' + req.query.name + '</h1>');
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Express: chained status and a template literal',
      code: `app.get('/search', (req, res) => {
  const q = req.query.q;
  res.status(404).send(\`<p>No results for <b>\${q}</b></p>\`);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Express: an HTML content type makes any string a page',
      code: `app.get('/raw', (req, res) => {
  res.type('html');
  res.send(req.query.content);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Node http: writeHead with text/html',
      code: `const http = require('http');
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end(url.searchParams.get('msg'));
}).listen(8080);`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'Node http: markup grown with +=',
      code: `http.createServer((req, res) => {
  let html = '<ul>';
  html += req.headers['x-items'];
  res.end(html + '</ul>');
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Fastify: reply declared HTML',
      code: `fastify.get('/echo', async (request, reply) => {
  reply.type('text/html').send('<p>' + request.query.msg + '</p>');
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Koa: ctx.body with markup',
      code: `router.get('/hi', async (ctx) => {
  ctx.body = \`<h1>Hi \${ctx.query.name}</h1>\`;
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Koa: ctx.type html',
      code: `router.post('/note', async (ctx) => {
  ctx.type = 'html';
  ctx.body = ctx.request.body.note;
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Next.js route handler returning HTML',
      code: `export async function GET(request) {
  const name = request.nextUrl.searchParams.get('name');
  return new Response(\`<h1>Hello \${name}</h1>\`, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Hono c.html',
      code: `app.get('/p', (c) => c.html('<p>' + c.req.query('p') + '</p>'));`,
      errors: [{ messageId: 'flow', line: 1 }],
    },
    {
      name: 'DOM: location.hash into innerHTML',
      code: `const tab = decodeURIComponent(location.hash.slice(1));
document.getElementById('title').innerHTML = 'Tab: ' + tab;`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'DOM: document.write of the query string',
      code: `const params = new URLSearchParams(window.location.search);
document.write('<p>' + params.get('ref') + '</p>');`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'DOM: insertAdjacentHTML from a postMessage payload',
      code: `window.addEventListener('message', (event) => {
  list.insertAdjacentHTML('beforeend', \`<li>\${event.data.text}</li>\`);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'DOM: referrer and window.name',
      code: `banner.outerHTML = '<div>' + document.referrer + '</div>';
frame.srcdoc = window.name;`,
      errors: [
        { messageId: 'flow', line: 1 },
        { messageId: 'flow', line: 2 },
      ],
    },
    {
      name: 'jQuery .html()',
      code: `const q = new URLSearchParams(location.search).get('q');
$('#results').html('Results for ' + q);`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'React dangerouslySetInnerHTML',
      filename: 'src/preview.tsx',
      code: `export function Preview() {
  const html = new URLSearchParams(location.search).get('html');
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'ejs: unescaped <%- %>',
      code: `const ejs = require('ejs');
app.get('/greet', (req, res) => {
  res.send(ejs.render('<h1>Hello <%- name %></h1>', { name: req.query.name }));
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Handlebars: triple-stash and SafeString',
      code: `const Handlebars = require('handlebars');
const page = Handlebars.compile('<p>{{{bio}}}</p>');
app.get('/bio', (req, res) => res.send(page({ bio: req.query.bio })));
app.get('/safe', (req, res) => {
  const out = new Handlebars.SafeString('<b>' + req.query.label + '</b>');
  res.json({ out });
});`,
      errors: [
        { messageId: 'flow', line: 3 },
        { messageId: 'flow', line: 5 },
      ],
    },
  ],
});
