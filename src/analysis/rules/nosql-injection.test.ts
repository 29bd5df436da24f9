import { testRule } from '../test-support/rule-tester.js';
import rule from './nosql-injection.js';

testRule(rule, {
  valid: [
    // Converted to a string first.
    `app.post('/login', async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email), password: String(req.body.password) });
  res.json({ ok: Boolean(user) });
});`,
    // A template literal makes a string too.
    `app.post('/reset', async (req, res) => {
  const user = await User.findOne({ token: \`\${req.body.token}\` });
  res.json({ ok: Boolean(user) });
});`,
    // typeof guard with an early exit.
    `app.post('/login', async (req, res) => {
  const { username } = req.body;
  if (typeof username !== 'string') return res.status(400).end();
  res.json(await db.collection('users').findOne({ username }));
});`,
    // $eq keeps an object a value.
    `app.get('/orders', async (req, res) => {
  res.json(await Order.find({ status: { $eq: req.query.status } }));
});`,
    // The same through a variable holding the filter.
    `app.get('/orders', async (req, res) => {
  const filter = { customer: { $eq: req.body.customer } };
  res.json(await Order.find(filter));
});`,
    // mongo-sanitize strips operator keys.
    `const sanitize = require('mongo-sanitize');
app.post('/search', async (req, res) => {
  res.json(await Product.find(sanitize(req.body.filter)));
});`,
    // express-mongo-sanitize installed for the whole app.
    `const mongoSanitize = require('express-mongo-sanitize');
app.use(mongoSanitize());
app.post('/login', async (req, res) => {
  res.json(await User.findOne({ email: req.body.email }));
});`,
    // Route parameters are always strings.
    `app.get('/users/:name', async (req, res) => {
  res.json(await User.findOne({ name: req.params.name }));
});`,
    // Sequelize takes { where } with typed operators.
    `app.post('/login', async (req, res) => {
  res.json(await User.findOne({ where: { email: req.body.email } }));
});`,
    // An array's find with a callback.
    `app.get('/item', (req, res) => {
  res.json(items.find((item) => item.id === req.query.id));
});`,
    // ObjectId parsing.
    `const { ObjectId } = require('mongodb');
app.get('/doc', async (req, res) => {
  res.json(await docs.collection.findOne({ _id: new ObjectId(req.query.id) }));
});`,
    // $where with a fixed expression.
    `app.get('/balanced', async (req, res) => {
  res.json(await Account.find({ $where: 'this.credits == this.debits', owner: String(req.query.owner) }));
});`,
    // JSON.stringify quotes the value inside the JavaScript.
    `app.get('/by-name', async (req, res) => {
  res.json(await Account.find({ $where: 'this.name === ' + JSON.stringify(String(req.query.name)) }));
});`,
  ],
  invalid: [
    {
      name: 'Express: login with body values (the classic bypass)',
      code: `app.post('/login', async (req, res) => {
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  if (!user) return res.status(401).end();
  res.json(user);
});`,
      errors: [{ messageId: 'operator', line: 2 }],
    },
    {
      name: 'the whole body as a filter',
      code: `router.post('/search', async (req, res) => {
  const results = await db.collection('products').find(req.body).toArray();
  res.json(results);
});`,
      errors: [{ messageId: 'operator', line: 2 }],
    },
    {
      name: 'Express query string objects (?status[$ne]=x)',
      code: `app.get('/tickets', async (req, res) => {
  const tickets = await Ticket.find({ owner: req.user.id, status: req.query.status });
  res.json(tickets);
});`,
      errors: [{ messageId: 'operator', line: 2 }],
    },
    {
      name: 'Koa: JSON body into deleteMany',
      code: `router.del('/notes', async (ctx) => {
  const { tag } = ctx.request.body;
  ctx.body = await Note.deleteMany({ tag });
});`,
      errors: [{ messageId: 'operator', line: 3 }],
    },
    {
      name: 'Fastify: property added to the filter',
      code: `fastify.post('/list', async (request, reply) => {
  const filter = { archived: false };
  filter.owner = request.body.owner;
  return itemsCollection.find(filter).toArray();
});`,
      errors: [{ messageId: 'operator', line: 4 }],
    },
    {
      name: 'Next.js route handler: JSON into a model',
      code: `import { UserModel } from '@/models/user';
export async function POST(request) {
  const body = await request.json();
  const user = await UserModel.findOne({ email: body.email });
  return Response.json({ exists: Boolean(user) });
}`,
      errors: [{ messageId: 'operator', line: 4 }],
    },
    {
      name: 'WebSocket JSON message into aggregate',
      code: `wss.on('connection', (ws) => {
  ws.on('message', async (raw) => {
    const msg = JSON.parse(raw);
    const rows = await Event.aggregate([{ $match: msg.match }, { $limit: 10 }]);
    ws.send(JSON.stringify(rows));
  });
});`,
      errors: [{ messageId: 'operator', line: 4 }],
    },
    {
      name: '$where built from a string',
      code: `app.get('/by-name', async (req, res) => {
  res.json(await Account.find({ $where: "this.name == '" + req.params.name + "'" }));
});`,
      errors: [{ messageId: 'code', line: 2 }],
    },
    {
      name: 'Node http: mapReduce with request code',
      code: `http.createServer(async (req, res) => {
  const fn = new URL(req.url, 'http://x').searchParams.get('map');
  const out = await ordersCollection.mapReduce(fn, 'function (k, v) { return Array.sum(v); }', { out: { inline: 1 } });
  res.end(JSON.stringify(out));
});`,
      errors: [{ messageId: 'code', line: 3 }],
    },
    {
      name: 'a key chosen by the request',
      code: `app.get('/filter', async (req, res) => {
  res.json(await Product.find({ [req.query.field]: 'x' }));
});`,
      errors: [{ messageId: 'operator', line: 2 }],
    },
    {
      name: 'the typeof check guards one branch only',
      code: `app.post('/find', async (req, res) => {
  const name = req.body.name;
  if (typeof name === 'string') console.log('looking up', name.length);
  res.json(await Customer.findOne({ name }));
});`,
      errors: [{ messageId: 'operator', line: 4 }],
    },
  ],
});
