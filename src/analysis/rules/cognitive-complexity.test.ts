import { testRule } from '../test-support/rule-tester.js';
import rule from './cognitive-complexity.js';

// Cognitive 16:
//   for         +1 (nesting 0)
//   if          +2 (nesting 1)   && sequence +1
//   for         +3 (nesting 2)
//   if          +4 (nesting 3)
//   else        +1
//   catch       +1 (nesting 0)
//   if          +2 (nesting 1)   || sequence +1
const syncInventory = `
async function syncInventory(stores, client) {
  try {
    for (const store of stores) {
      if (store.enabled && store.items) {
        for (const item of store.items) {
          if (item.stock < item.reorderLevel) {
            await client.reorder(store.id, item.sku);
          } else {
            item.flagged = false;
          }
        }
      }
    }
  } catch (err) {
    if (err.code === 'ECONNRESET' || err.code === 'ETIMEDOUT') return 'retry';
    throw err;
  }
  return 'done';
}
`;

testRule(rule, {
  valid: [
    {
      code: `
export function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error('invalid port: ' + value);
  }
  return port;
}`,
      name: 'a guard clause with one sequence of ||',
    },
    {
      code: `
function handle(event) {
  switch (event.type) {
    case 'created': return onCreated(event);
    case 'updated': return onUpdated(event);
    case 'deleted': return onDeleted(event);
    case 'restored': return onRestored(event);
    case 'archived': return onArchived(event);
    case 'exported': return onExported(event);
    default: return null;
  }
}`,
      options: { threshold: 1 },
      name: 'a flat switch counts once however many cases',
    },
    { code: syncInventory, options: { threshold: 16 }, name: 'at the threshold is not above it' },
    {
      code: `
function render(rows) {
  return rows.map((row) => {
    if (row.hidden) return null;
    return row.items.filter((i) => i.visible && i.enabled).map((i) => (i.bold ? '<b>' + i.text + '</b>' : i.text));
  });
}`,
      options: { threshold: 2 },
      name: 'callbacks are measured on their own',
    },
  ],
  invalid: [
    { code: syncInventory, errors: [{ messageId: 'tooComplex', line: 2, column: 16 }] },
    {
      code: `
const flatten = (node, out = []) => {
  if (node.children) {
    for (const child of node.children) flatten(child, out);
  } else {
    out.push(node.value);
  }
  return out;
};`,
      options: { threshold: 4 },
      // if +1, for +2, else +1, recursion +1 = 5.
      errors: [{ messageId: 'tooComplex', line: 2, column: 7 }],
    },
    {
      code: `
export default {
  async mounted() {
    if (this.user) {
      for (const id of this.user.teams) {
        if (this.cache[id]) continue;
        this.cache[id] = await this.load(id);
      }
    }
  },
};`,
      options: { threshold: 5 },
      // if +1, for +2, if +3 = 6.
      errors: [{ messageId: 'tooComplex', line: 3, column: 9 }],
    },
  ],
});
