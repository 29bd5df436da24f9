import { testRule } from '../test-support/rule-tester.js';
import rule from './fake-success-handler.js';

testRule(rule, {
  valid: [
    {
      name: 'health probe',
      code: `app.get('/health', (req, res) => res.json({ status: 'ok' }));`,
    },
    {
      name: 'real create',
      code: `
router.post('/api/orders', async (req, res) => {
  const order = await orders.create(req.body);
  res.status(201).json({ success: true, id: order.id });
});`,
    },
    {
      name: 'work without await: enqueue then answer',
      code: `
app.post('/api/emails', (req, res) => {
  queue.add('send-email', req.body);
  res.status(202).json({ queued: true });
});`,
    },
    {
      name: 'reads the request and answers from memory',
      code: `
app.put('/api/settings/:key', (req, res) => {
  settings.set(req.params.key, req.body.value);
  res.json({ success: true });
});`,
    },
    {
      name: 'validation failure answer',
      code: `
app.post('/api/upload', (req, res) => {
  res.status(400).json({ error: 'file required' });
});`,
    },
    {
      name: 'stateless logout',
      code: `router.post('/auth/logout', (req, res) => res.json({ success: true }));`,
    },
    {
      name: 'GET that answers static data without claiming work',
      code: `app.get('/api/version', (req, res) => res.json({ version: '1.4.2' }));`,
    },
    {
      name: 'Koa handler reading the body',
      code: `
router.post('/items', async (ctx) => {
  const item = await Item.create(ctx.request.body);
  ctx.status = 201;
  ctx.body = item;
});`,
    },
    {
      name: 'Fastify handler with a single request parameter that saves',
      code: `
fastify.post('/api/notes', async (request) => {
  const note = await notes.insert(request.body);
  return { success: true, note };
});`,
    },
    {
      name: 'clearing a cookie is work',
      code: `
app.post('/session/end', (req, res) => {
  res.clearCookie('sid');
  res.json({ ok: true });
});`,
    },
    {
      name: 'upload middleware did the work',
      code: `router.post('/api/avatar', requireAuth, upload.single('avatar'), (req, res) => res.json({ success: true }));`,
    },
    {
      name: 'checkout middleware did the work',
      code: `router.post('/api/cart/checkout', isLoggedIn, checkout, (req, res) => res.json({ success: true }));`,
    },
    {
      name: 'an axios call is not a route',
      code: `axios.post('/api/orders', { id: 1 }).then((res) => res.data);`,
    },
    {
      name: 'test file',
      filename: 'test/server.test.ts',
      code: `app.post('/api/orders', (req, res) => res.json({ success: true }));`,
    },
  ],
  invalid: [
    {
      name: 'Express POST that pretends to save',
      code: `
router.post('/api/orders', passport.authenticate('jwt'), validateBody(orderSchema), (req, res) => {
  console.log('Order received');
  res.status(201).json({ success: true, message: 'Order created successfully' });
});`,
      errors: [{ messageId: 'fakeSuccess', line: 4 }],
    },
    {
      name: 'webhook that acknowledges and drops',
      code: `app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), (req, res) => res.sendStatus(200));`,
      errors: [{ messageId: 'fakeSuccess', line: 1 }],
    },
    {
      name: 'Fastify returning ok',
      code: `
fastify.delete('/api/projects/:id', async (request, reply) => {
  request.log.info('deleting project');
  return { ok: true };
});`,
      errors: [{ messageId: 'fakeSuccess', line: 4 }],
    },
    {
      name: 'Fastify route options with reply.code',
      code: `
app.route({
  method: 'PATCH',
  url: '/api/profile',
  handler: async (request, reply) => {
    reply.code(200).send({ updated: true });
  },
});`,
      errors: [{ messageId: 'fakeSuccess', line: 6 }],
    },
    {
      name: 'Next.js route handler',
      filename: 'app/api/contact/route.ts',
      code: `
import { NextResponse } from 'next/server';
export async function POST(request: Request) {
  return NextResponse.json({ success: true, message: 'Message sent' });
}`,
      errors: [{ messageId: 'fakeSuccess', line: 4 }],
    },
    {
      name: 'Hono handler',
      code: `app.put('/api/users/:id', (c) => c.json({ success: true }, 200));`,
      errors: [{ messageId: 'fakeSuccess', line: 1 }],
    },
    {
      name: 'controller that claims processing, mounted elsewhere',
      code: `
export const importCsv = (req, res) => {
  res.json({ status: 'processed', rows: 0 });
};`,
      errors: [{ messageId: 'fakeSuccess', line: 3 }],
    },
  ],
});
