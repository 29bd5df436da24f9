import { testRule } from '../test-support/rule-tester.js';
import rule from './log-injection.js';

testRule(rule, {
  valid: [
    {
      name: 'a log line after return never runs',
      code: `app.post('/orders/:id', (req, res) => {
  const { status } = req.body;
  return res.json({ ok: true });
  console.log('moved to ' + status);
});`,
    },
    // A structured field: JSON loggers escape it.
    `const logger = require('pino')();
app.post('/login', (req, res) => {
  logger.info({ user: req.body.username }, 'login attempt');
  res.end();
});`,
    // Line breaks stripped.
    `app.post('/login', (req, res) => {
  const user = String(req.body.username).replace(/[\\r\\n]/g, '');
  console.log('login attempt for ' + user);
  res.end();
});`,
    // Whitespace collapsed (\s covers CR and LF).
    `app.get('/search', (req, res) => {
  logger.warn(\`slow search: \${req.query.q.replace(/\\s+/g, ' ')}\`);
  res.end();
});`,
    // JSON.stringify escapes line breaks.
    `app.get('/search', (req, res) => {
  console.log('query ' + JSON.stringify(req.query.q));
  res.end();
});`,
    // encodeURIComponent escapes them too.
    `router.get('/r', async (ctx) => {
  log.info('redirect to ' + encodeURIComponent(ctx.query.to));
});`,
    // The raw URL and headers cannot hold a line break.
    `app.use((req, res, next) => {
  console.log(\`\${req.method} \${req.originalUrl} \${req.get('user-agent')}\`);
  next();
});`,
    // A number.
    `app.get('/page', (req, res) => {
  debug('page ' + Number(req.query.page));
  res.end();
});`,
    // A whole request part is printed with util.inspect, which escapes.
    `app.post('/hook', (req, res) => {
  console.log('hook payload:', req.body);
  res.end();
});`,
    // Not a remote source: the local model's inputs are the operator's own.
    {
      threatModel: 'local',
      code: `console.log('Building ' + process.argv[2]);`,
    },
    // Library parameters are not log forgers.
    {
      threatModel: 'library',
      code: `export function greet(name) { console.log('hello ' + name); }`,
    },
  ],
  invalid: [
    {
      name: 'Express: body value concatenated into console.log',
      code: `app.post('/login', (req, res) => {
  console.log('Failed login for ' + req.body.username);
  res.status(401).end();
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'winston message template',
      code: `const winston = require('winston');
const logger = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log' })] });
app.get('/download', (req, res) => {
  logger.info(\`download requested: \${req.query.file}\`);
  res.end();
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'printf-style %s',
      code: `app.get('/lookup', (req, res) => {
  logger.warn('lookup miss for %s', req.query.key);
  res.end();
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'console.log joins a label and a value',
      code: `fastify.post('/signup', async (request, reply) => {
  console.log('new signup:', request.body.email);
  return { ok: true };
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Koa and the debug module',
      code: `const debug = require('debug')('app:auth');
router.post('/token', async (ctx) => {
  debug('token request from ' + ctx.request.body.client);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'Node http: decoded query string',
      code: `const url = require('url');
http.createServer((req, res) => {
  const { name } = url.parse(req.url, true).query;
  console.error('unknown name ' + name);
  res.end();
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Next.js route handler',
      code: `export async function POST(request) {
  const body = await request.json();
  console.warn(\`rejected comment by \${body.author}\`);
  return new Response(null, { status: 400 });
}`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'HTML escaping keeps line breaks',
      code: `app.post('/c', (req, res) => {
  console.log('comment: ' + escapeHtml(req.body.text));
  res.end();
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
  ],
});
