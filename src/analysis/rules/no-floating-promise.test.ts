import { testRule } from '../test-support/rule-tester.js';
import rule from './no-floating-promise.js';

testRule(rule, {
  valid: [
    `async function saveUser(user) {
  await db.users.insert(user);
}
async function register(input) {
  await saveUser(input);
  const pending = saveUser(input);
  void saveUser(input);
  queue.add(saveUser(input));
  return saveUser(input);
}`,
    `async function main() {
  await server.listen({ port: 3000 });
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});`,
    // Handled by the second argument of then.
    `async function refresh() {
  fetch('/api/session').then(render, showError);
}`,
    // A synchronous function with the same name elsewhere in the file: not provably async.
    `async function load() { return api.get('/a'); }
const helpers = { load() { return cache.read(); } };
function view() {
  function load() { return 1; }
  return load();
}
async function run() {
  load();
}`,
    // Not inside an async function nor at module level: left to other rules.
    `async function track(event) { await analytics.send(event); }
button.addEventListener('click', () => {
  track('click');
});`,
    // Cypress commands are not promises.
    `cy.get('[data-test=submit]').then(($btn) => {
  $btn.click();
});`,
    `import { readFile } from 'node:fs/promises';
async function read(path) {
  const text = await readFile(path, 'utf8');
  return text;
}`,
    `class Cache {
  sync() { return this.store.size; }
  async warm() {
    this.sync();
    await this.fill();
  }
  async fill() {}
}`,
    // A parameter called fetch is not the global.
    `async function get(fetch, url) {
  fetch(url);
}`,
    `async function* pages(client) {
  yield await client.first();
}
async function sync(client) {
  pages(client);
}`,
    `async function flush(stream) {
  stream.write(buffer);
  Promise.allSettled(tasks);
}`,
  ],
  invalid: [
    {
      code: `async function sendWelcomeEmail(user) {
  await mailer.send(user.email, 'welcome');
}
export async function signUp(req, res) {
  const user = await users.create(req.body);
  sendWelcomeEmail(user);
  res.status(201).json(user);
}`,
      errors: [{ messageId: 'floating', line: 6 }],
    },
    {
      code: `import fs from 'node:fs/promises';
export async function writeReport(path, report) {
  fs.writeFile(path, JSON.stringify(report));
  fs.promises;
}`,
      errors: [{ messageId: 'floating', line: 3 }],
    },
    {
      code: `const fs = require('fs');
async function cleanup(dir) {
  fs.promises.rm(dir, { recursive: true });
}`,
      errors: [{ messageId: 'floating', line: 3 }],
    },
    {
      code: `async function ping() {
  fetch('/api/heartbeat', { method: 'POST' });
}`,
      errors: [{ messageId: 'floating', line: 2 }],
    },
    {
      code: `class OrderService {
  async notify(order) {
    await this.bus.publish('order.created', order);
  }
  async create(input) {
    const order = await this.repo.insert(input);
    this.notify(order);
    return order;
  }
}`,
      errors: [{ messageId: 'floating', line: 7 }],
    },
    {
      code: `async function main() {
  await app.listen(3000);
}
main();`,
      errors: [{ messageId: 'floating', line: 4 }],
    },
    {
      code: `export async function refresh(store) {
  api.get('/items').then((res) => store.set(res.data));
  api.get('/tags').then((res) => store.tags(res.data)).finally(() => store.done());
}`,
      errors: [
        { messageId: 'floating', line: 2 },
        { messageId: 'floating', line: 3 },
      ],
    },
    {
      code: `const load = async (id) => repo.find(id);
async function prefetch(ids) {
  if (ids.length) Promise.all(ids.map(load));
  ids.length > 0 && load(ids[0]);
}`,
      errors: [
        { messageId: 'floating', line: 3 },
        { messageId: 'floating', line: 4 },
      ],
    },
  ],
});
