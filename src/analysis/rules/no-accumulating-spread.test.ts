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
    // Declared inside the loop: a fresh variable each iteration.
    `for (const dir of pending) {
  let chain = dir.chain;
  if (dir.layer) chain = [...chain, dir.layer];
  visit(dir, chain);
}`,
    // A few fixed keys, and a copy of an object made in the same iteration.
    `for (const keyword of ['anyOf', 'oneOf']) {
  if (Array.isArray(json[keyword])) json = { ...json, [keyword]: json[keyword].map(rewrite) };
}`,
    `const inputs = json.inputs.map((input) => {
  const hydrated = { ...input };
  if (hydrated.map) hydrated.map = { ...hydrated.map, restored: true };
  return hydrated;
});`,
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
