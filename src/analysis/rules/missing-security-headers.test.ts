import { testRule } from '../test-support/rule-tester.js';
import rule from './missing-security-headers.js';

testRule(rule, {
  valid: [
    // helmet installed.
    `const express = require('express');
const helmet = require('helmet');
const app = express();
app.use(helmet());
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);`,
    // ESM with a renamed import.
    `import express from 'express';
import securityHeaders from 'helmet';
const app = express();
app.use(securityHeaders({ contentSecurityPolicy: false }));
export default app;`,
    // The headers set by hand.
    `const express = require('express');
const app = express();
app.use((req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'");
  res.setHeader('X-Frame-Options', 'DENY');
  next();
});
app.listen(process.env.PORT);`,
    // A project's own middleware for the headers, from another module.
    `import express from 'express';
import { securityHeaders } from './middleware/security.js';
const app = express();
app.use(securityHeaders());
app.listen(8080);`,
    // A router module is not an app.
    `const express = require('express');
const router = express.Router();
router.get('/users', (req, res) => res.json([]));
module.exports = router;`,
    // A sub-app mounted into the main app answers through the main app's middleware.
    `const express = require('express');
const helmet = require('helmet');
const admin = express();
admin.get('/', (req, res) => res.send('admin'));
const app = express();
app.use(helmet());
app.use('/admin', admin);
app.listen(3000);`,
    // Created but neither started nor exported: only its routes are listed, for documentation.
    `const express = require('express');
const app = express();
app.get('/users', listUsers);
console.log(app._router.stack.map((layer) => layer.route?.path));`,
    // Handed to a local function that may configure it.
    `const express = require('express');
const app = express();
setup(app);
app.listen(3000);`,
    // A wrapper around express() that adds no routes: its callers configure the app.
    `const express = require('express');
module.exports = (name) => {
  const app = express();
  app.set('name', name);
  app.enable('trust proxy');
  return app;
};`,
    // Exported without routes of its own.
    `import express from 'express';
export const app = express();
app.set('env', process.env.NODE_ENV);`,
    // Handed to a module that configures it.
    `const express = require('express');
const app = express();
require('./config/express')(app);
app.listen(3000);`,
    // Fastify with @fastify/helmet.
    `import Fastify from 'fastify';
import helmet from '@fastify/helmet';
const app = Fastify({ logger: true });
await app.register(helmet);
await app.listen({ port: 3000 });`,
    // Fastify plugins loaded from a folder (helmet may be one of them).
    `const path = require('path');
const fastify = require('fastify')();
fastify.register(require('@fastify/autoload'), { dir: path.join(__dirname, 'plugins') });
fastify.listen({ port: 3000 });`,
    // Koa with koa-helmet.
    `const Koa = require('koa');
const helmet = require('koa-helmet');
const app = new Koa();
app.use(helmet());
app.listen(3000);`,
    // A test file starts an app without helmet: not production.
    {
      code: `const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(0);`,
      filename: 'test/server.test.js',
    },
    // A mock server.
    {
      code: `const express = require('express');
const app = express();
app.get('/api/users', (req, res) => res.json([]));
app.listen(4000);`,
      filename: 'mocks/api-server.js',
    },
    // Not the express package.
    `import express from './lib/express-like.js';
const app = express();
app.listen(3000);`,
  ],
  invalid: [
    {
      code: `const express = require('express');
const app = express();
app.use(express.json());
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);`,
      filename: 'src/server.js',
      errors: [{ messageId: 'missingHeaders', line: 2 }],
    },
    // Exported for a separate server file.
    {
      code: `import express from 'express';
import cors from 'cors';
export const app = express();
app.use(cors());
app.disable('x-powered-by');
app.get('/health', (req, res) => res.json({ ok: true }));`,
      errors: [{ messageId: 'missingHeaders', line: 3 }],
    },
    // Served through Node's http module.
    {
      code: `const http = require('http');
const app = require('express')();
app.get('/', (req, res) => res.end('hi'));
http.createServer(app).listen(8080);`,
      filename: 'server.js',
      errors: [{ messageId: 'missingHeaders', line: 2 }],
    },
    // A factory that returns the app.
    {
      code: `import express, { type Express } from 'express';
export function createApp(): Express {
  const app = express();
  app.use(express.json());
  app.use('/api', apiRouter);
  return app;
}`,
      errors: [{ messageId: 'missingHeaders', line: 3 }],
    },
    // Chained without a variable.
    {
      code: `const express = require('express');
express()
  .use(express.static('public'))
  .listen(3000);`,
      filename: 'index.js',
      errors: [{ messageId: 'missingHeaders', line: 2 }],
    },
    {
      code: `import Fastify from 'fastify';
const server = Fastify({ logger: true });
server.get('/', async () => ({ ok: true }));
await server.listen({ port: 3000 });`,
      errors: [{ messageId: 'missingHeaders', line: 2 }],
    },
    {
      code: `const Koa = require('koa');
const http = require('http');
const app = new Koa();
app.use(async (ctx) => { ctx.body = 'hi'; });
http.createServer(app.callback()).listen(3000);`,
      filename: 'app.js',
      errors: [{ messageId: 'missingHeaders', line: 3 }],
    },
    {
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(3000);
}
bootstrap();`,
      filename: 'src/main.ts',
      errors: [{ messageId: 'missingHeaders', line: 4 }],
    },
  ],
});
