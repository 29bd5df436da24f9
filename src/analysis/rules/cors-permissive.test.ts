import { testRule } from '../test-support/rule-tester.js';
import rule from './cors-permissive.js';

testRule(rule, {
  valid: [
    // A public API without credentials: `*` only exposes what any client could fetch anyway.
    `const cors = require('cors');
app.use(cors());`,
    `import cors from 'cors';
app.use(cors({ origin: '*', methods: ['GET'] }));`,
    // Reflecting without credentials is the same as `*`.
    `import cors from 'cors';
app.use(cors({ origin: true }));`,
    // An allow-list with credentials.
    `const cors = require('cors');
const allowed = ['https://app.example.com', 'https://admin.example.com'];
app.use(cors({ origin: allowed, credentials: true }));`,
    `const cors = require('cors');
app.use(cors({ origin: 'https://app.example.com', credentials: true }));`,
    // An anchored pattern.
    `const cors = require('cors');
app.use(cors({ origin: /^https:\\/\\/([a-z]+\\.)?example\\.com$/, credentials: true }));`,
    // An origin function that checks.
    `const cors = require('cors');
const whitelist = new Set(['https://app.example.com']);
app.use(cors({
  origin(origin, callback) {
    if (!origin || whitelist.has(origin)) callback(null, true);
    else callback(new Error('Not allowed by CORS'));
  },
  credentials: true,
}));`,
    // Credentials chosen at run time: not known to be on.
    `const cors = require('cors');
app.use(cors({ origin: true, credentials: config.cors.credentials }));`,
    // Options from elsewhere with a spread: the origin may be replaced.
    `const cors = require('cors');
app.use(cors({ ...corsDefaults, credentials: true }));`,
    // Created and thrown away: nothing uses it.
    `const cors = require('cors');
app.use(cors());
cors({ credentials: true, origin: true });`,
    // A delegate decides per request.
    `const cors = require('cors');
app.use(cors(corsOptionsDelegate));`,
    // Not the cors package.
    `import cors from './cors.js';
app.use(cors({ origin: true, credentials: true }));`,
    // @fastify/cors with an allow-list.
    `import fastifyCors from '@fastify/cors';
await app.register(fastifyCors, { origin: ['https://app.example.com'], credentials: true });`,
    // Hand-written, checked against an allow-list first.
    `const ALLOWED = ['https://app.example.com'];
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (ALLOWED.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});`,
    // Hand-written with an early return for unknown origins.
    `app.use((req, res, next) => {
  const origin = req.get('origin');
  if (!isAllowedOrigin(origin)) return res.sendStatus(403);
  res.header('Access-Control-Allow-Origin', origin);
  res.header('Access-Control-Allow-Credentials', 'true');
  next();
});`,
    // Reflecting without credentials.
    `app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  next();
});`,
    // A fixed origin with credentials.
    `app.use((req, res, next) => {
  res.set({ 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Credentials': 'true' });
  next();
});`,
    // Tests may configure anything.
    {
      code: `const cors = require('cors');
app.use(cors({ origin: true, credentials: true }));`,
      filename: 'test/app.test.js',
    },
  ],
  invalid: [
    {
      code: `const cors = require('cors');
app.use(cors({ origin: '*', credentials: true }));`,
      errors: [{ messageId: 'wildcardCredentials', line: 2 }],
    },
    {
      code: `import cors from 'cors';
app.use(
  cors({
    origin: true,
    credentials: true,
  }),
);`,
      errors: [{ messageId: 'reflectedOrigin', line: 4 }],
    },
    // Options in a constant, cors under another name.
    {
      code: `const corsMiddleware = require('cors');
const corsOptions = {
  origin: (origin, callback) => callback(null, true),
  credentials: true,
};
app.use(corsMiddleware(corsOptions));`,
      errors: [{ messageId: 'reflectedOrigin', line: 3 }],
    },
    {
      code: `import cors from 'cors';
router.use(cors({ origin: /.*/, credentials: true }));`,
      errors: [{ messageId: 'reflectedOrigin', line: 2 }],
    },
    {
      code: `const cors = require('cors');
app.options('*', cors({ origin(origin, cb) { cb(null, origin); }, credentials: true }));`,
      errors: [{ messageId: 'reflectedOrigin', line: 2 }],
    },
    // @fastify/cors registered with the same options.
    {
      code: `import Fastify from 'fastify';
import cors from '@fastify/cors';
const app = Fastify();
await app.register(cors, { origin: true, credentials: true });`,
      errors: [{ messageId: 'reflectedOrigin', line: 4 }],
    },
    {
      code: `fastify.register(require('@fastify/cors'), { origin: '*', credentials: true });`,
      errors: [{ messageId: 'wildcardCredentials', line: 1 }],
    },
    // @koa/cors reflects the request origin when none is set.
    {
      code: `const cors = require('@koa/cors');
app.use(cors({ credentials: true }));`,
      errors: [{ messageId: 'reflectedOrigin', line: 2 }],
    },
    {
      code: `const cors = require('@koa/cors');
app.use(cors({ origin: (ctx) => ctx.get('Origin'), credentials: true }));`,
      errors: [{ messageId: 'reflectedOrigin', line: 2 }],
    },
    // NestJS.
    {
      code: `const app = await NestFactory.create(AppModule);
app.enableCors({ origin: true, credentials: true });`,
      errors: [{ messageId: 'reflectedOrigin', line: 2 }],
    },
    {
      code: `import { NestFactory } from '@nestjs/core';
const app = await NestFactory.create(AppModule, { cors: { origin: '*', credentials: true } });`,
      errors: [{ messageId: 'wildcardCredentials', line: 2 }],
    },
    // Hand-written reflection.
    {
      code: `app.use(function (req, res, next) {
  res.header('Access-Control-Allow-Origin', req.headers.origin);
  res.header('Access-Control-Allow-Credentials', true);
  res.header('Access-Control-Allow-Headers', 'Content-Type');
  next();
});`,
      errors: [{ messageId: 'reflectedHeader', line: 2 }],
    },
    {
      code: `app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
});`,
      errors: [{ messageId: 'reflectedHeader', line: 4 }],
    },
    // Only the header's presence is checked.
    {
      code: `export const corsMiddleware = (req, res, next) => {
  if ('origin' in req.headers) {
    res.header('Access-Control-Allow-Origin', req.headers.origin);
    res.header('Access-Control-Allow-Credentials', 'true');
  }
  next();
};`,
      errors: [{ messageId: 'reflectedHeader', line: 3 }],
    },
    // Koa, one object of headers.
    {
      code: `app.use(async (ctx, next) => {
  ctx.set({
    'Access-Control-Allow-Origin': ctx.get('Origin'),
    'Access-Control-Allow-Credentials': 'true',
  });
  await next();
});`,
      errors: [{ messageId: 'reflectedHeader', line: 2 }],
    },
  ],
});
