import { testRule } from '../test-support/rule-tester.js';
import rule from './no-async-callback-unhandled.js';

testRule(rule, {
  valid: [
    `process.on('SIGTERM', async () => {
  try {
    await server.close();
    await db.end();
  } catch (err) {
    console.error('shutdown failed', err);
  } finally {
    process.exit(0);
  }
});`,
    `setInterval(async () => {
  await refreshTokens().catch((err) => logger.warn({ err }, 'refresh failed'));
}, 60_000);`,
    // No await or throw: nothing can reject in the body itself.
    `emitter.on('job', async (job) => {
  metrics.increment('jobs');
});`,
    // Koa and Telegraf style middleware await their handlers.
    `bot.on('text', async (ctx) => {
  await ctx.reply(await answer(ctx.message.text));
});`,
    // Fastify awaits async handlers.
    `import Fastify from 'fastify';
const app = Fastify();
app.get('/users/:id', async (request, reply) => {
  const user = await users.find(request.params.id);
  if (!user) throw app.httpErrors.notFound();
  return user;
});`,
    // Express with a promise-aware router.
    `import express from 'express';
import Router from 'express-promise-router';
const router = Router();
router.get('/orders', async (req, res) => {
  res.json(await orders.list());
});`,
    `const express = require('express');
const router = express.Router();
router.post('/login', async (req, res, next) => {
  try {
    const session = await auth.login(req.body);
    res.json(session);
  } catch (err) {
    next(err);
  }
});`,
    {
      name: 'express handlers can be turned off for Express 5',
      options: { expressHandlers: false },
      code: `import express from 'express';
const app = express();
app.get('/health', async (req, res) => {
  res.json(await health.check());
});`,
    },
    // The promise is handed to something that awaits it.
    'await Promise.all(files.map(async (file) => upload(await read(file))));',
  ],
  invalid: [
    {
      code: `process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});`,
      errors: [{ messageId: 'unhandledCallback', line: 1 }],
    },
    {
      code: `socket.on('message', async (raw) => {
  const message = JSON.parse(raw);
  await rooms.broadcast(message.room, message);
});`,
      errors: [{ messageId: 'unhandledCallback', line: 1 }],
    },
    {
      code: `setTimeout(async () => {
  const expired = await sessions.findExpired();
  await sessions.purge(expired);
}, 5000);`,
      errors: [{ messageId: 'unhandledCallback', line: 1 }],
    },
    {
      code: `stream.once('end', async function () {
  try {
    await flush();
  } catch (err) {
    logger.error(err);
    throw err;
  }
});`,
      errors: [{ messageId: 'unhandledCallback', line: 1 }],
    },
    {
      code: `const express = require('express');
const router = express.Router();

router.get('/users/:id', authenticate, async (req, res) => {
  const user = await User.findById(req.params.id);
  res.json(user);
});

router.route('/posts').post(async (req, res) => {
  res.status(201).json(await Post.create(req.body));
});

module.exports = router;`,
      errors: [
        { messageId: 'unhandledRoute', line: 4 },
        { messageId: 'unhandledRoute', line: 9 },
      ],
    },
  ],
});
