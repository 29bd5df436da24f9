import { testRule } from '../test-support/rule-tester.js';
import rule from './no-async-array-callback.js';

testRule(rule, {
  valid: [
    `async function notifyAll(users) {
  await Promise.all(users.map(async (user) => mailer.send(user.email, 'Update')));
}`,
    `function loadAll(ids) {
  return Promise.allSettled(ids.map(async (id) => repo.find(id)));
}`,
    `async function resize(files) {
  const jobs = files.map(async (file) => sharp(file).resize(200).toFile(thumb(file)));
  await Promise.all(jobs);
}`,
    `const getAll = (ids) => ids.map(async (id) => fetchItem(id));`,
    `async function sendInOrder(messages) {
  for (const message of messages) {
    await queue.send(message);
  }
}`,
    // Node stream helpers take async callbacks and are drained or awaited.
    `async function activeUsers(stream) {
  const rows = await stream.filter(async (row) => isActive(row.id)).toArray();
  await stream.forEach(async (chunk) => write(chunk));
  return rows;
}`,
    'const valid = users.filter((user) => user.active);',
    // Library helpers taking the collection first, then the callback.
    'const found = await pFilter(items, async (item) => exists(item));',
  ],
  invalid: [
    {
      code: `async function syncOrders(orders) {
  orders.forEach(async (order) => {
    await api.post('/orders', order);
  });
  console.log('synced');
}`,
      errors: [{ messageId: 'asyncForEach', line: 2 }],
    },
    {
      code: `async function reachable(hosts) {
  return hosts.filter(async (host) => {
    const res = await fetch(\`https://\${host}/health\`);
    return res.ok;
  });
}`,
      errors: [{ messageId: 'asyncPredicate', line: 2 }],
    },
    {
      code: 'const hasAdmin = members.some(async (m) => (await roles.of(m.id)).includes("admin"));',
      errors: [{ messageId: 'asyncPredicate', line: 1 }],
    },
    {
      code: `async function warmCache(keys) {
  keys.map(async (key) => cache.set(key, await load(key)));
  await Promise.resolve();
}`,
      errors: [{ messageId: 'asyncMap', line: 2 }],
    },
    {
      code: `async function deleteAll(ids) {
  await ids.map(async (id) => db.items.delete(id));
}`,
      errors: [{ messageId: 'asyncMap', line: 2 }],
    },
  ],
});
