import { testRule } from '../test-support/rule-tester.js';
import rule from './array-callback-return.js';

testRule(rule, {
  valid: [
    `const names = users.map((u) => u.name);`,
    `const rows = items.map((item) => {
  const total = item.price * item.qty;
  return { ...item, total };
});`,
    `const active = users.filter(function (u) {
  if (u.disabled) return false;
  return u.lastSeen > cutoff;
});`,
    // forEach ignores return values.
    `items.forEach((item) => {
  item.seen = true;
});`,
    // Every path returns or throws.
    `const parsed = lines.map((line) => {
  const match = LINE.exec(line);
  if (!match) throw new Error(\`bad line: \${line}\`);
  return match.groups;
});`,
    // An exhaustive switch (TypeScript checks it) and a never-returning helper.
    `const labels = shapes.map((shape: Shape) => {
  switch (shape.kind) {
    case 'circle':
      return 'Circle';
    case 'square':
      return 'Square';
  }
});`,
    `const codes = events.map((e) => {
  if (e.type === 'a') return 1;
  if (e.type === 'b') return 2;
  assertNever(e);
});`,
    // Async callbacks return promises; predicates may rely on an implicit false.
    `await Promise.all(files.map(async (file) => {
  await upload(file);
}));`,
    `const admin = users.find((u) => {
  if (u.role === 'admin') return true;
});`,
    // Holes removed on purpose.
    `const emails = users.map((u) => {
  if (u.verified) return u.email;
}).filter(Boolean);`,
    `await Promise.all(paths.map((path) => {
  const dispose = disposers.get(path);
  if (dispose) return dispose(data.get(path));
}));`,
    `const plugins = rawPlugins.map((plugin) => {
  if (isParallel(plugin)) return;
  return bindPlugin(plugin);
});`,
    // Not an array method call with a callback.
    `const doc = await Users.find({ active: true });`,
  ],
  invalid: [
    {
      code: `const updated = todos.map((todo) => {
  if (todo.id === id) todo.done = true;
});`,
      errors: [{ messageId: 'noReturn', line: 1 }],
    },
    {
      code: `const visible = rows.filter((row) => {
  row.matches(query);
});`,
      errors: [{ messageId: 'noReturn', line: 1 }],
    },
    {
      code: `const totals = orders.reduce((acc, order) => {
  if (order.status === 'cancelled') return;
  acc[order.customer] = (acc[order.customer] || 0) + order.total;
  return acc;
}, {});`,
      errors: [{ messageId: 'missingOnPath', line: 1 }],
    },
    {
      code: `const options = countries.map(function (country) {
  if (country.enabled) {
    return { value: country.code, label: country.name };
  }
});`,
      errors: [{ messageId: 'missingOnPath', line: 1 }],
    },
    {
      code: `const sorted = list.sort((a, b) => {
  a.rank - b.rank;
});`,
      errors: [{ messageId: 'noReturn', line: 1 }],
    },
    {
      code: `const grid = Array.from({ length: 3 }, (_, y) => {
  cells.push(new Array(3).fill(y));
});`,
      errors: [{ messageId: 'noReturn', line: 1 }],
    },
  ],
});
