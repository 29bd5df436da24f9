import { testRule } from '../test-support/rule-tester.js';
import rule from './no-accumulating-spread.js';

testRule(rule, {
  valid: [
    // Mutating the accumulator is linear.
    `const byId = users.reduce((acc, user) => {
  acc[user.id] = user;
  return acc;
}, {});`,
    `const ids = orders.reduce((acc, order) => {
  acc.push(order.id);
  return acc;
}, []);`,
    `const byId = Object.fromEntries(users.map((u) => [u.id, u]));`,
    // A spread of the item, not of the accumulator.
    `const chain = steps.reduce((previous, step) => ({ ...step, previous }), null);`,
    `const total = rows.reduce((sum, row) => sum + row.amount, 0);`,
    // One copy outside any loop.
    `state = { ...state, loading: true };`,
    // Spreading the item, not the accumulator.
    `for (const row of rows) {
  out.push({ ...row, total: row.price * row.qty });
}`,
    // Runs once: the loop ends right after.
    `for (const candidate of candidates) {
  if (candidate.ok) {
    selected = [...selected, candidate];
    break;
  }
}`,
  ],
  invalid: [
    {
      code: `const lookup = Object.entries(table).reduce((acc, [key, value]) => ({ ...acc, [key]: value.trim() }), {});`,
      errors: [{ messageId: 'reduce', line: 1 }],
    },
    {
      code: `const tags = posts.reduce((all, post) => {
  if (!post.tags) return all;
  return [...all, ...post.tags];
}, []);`,
      errors: [{ messageId: 'reduce', line: 3 }],
    },
    {
      code: `let selected = [];
for (const row of rows) {
  if (row.checked) selected = [...selected, row.id];
}`,
      errors: [{ messageId: 'loop', line: 3 }],
    },
    {
      code: `class Registry {
  load(entries) {
    entries.forEach((entry) => {
      this.index = { ...this.index, [entry.name]: entry };
    });
  }
}`,
      errors: [{ messageId: 'loop', line: 4 }],
    },
    {
      code: `const grouped = items.reduce((acc, item) => (item.visible ? [...acc, item] : acc), []);`,
      errors: [{ messageId: 'reduce', line: 1 }],
    },
  ],
});
