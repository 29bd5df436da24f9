import { testRule } from '../test-support/rule-tester.js';
import rule from './no-indexof-misuse.js';

testRule(rule, {
  valid: [
    `if (roles.indexOf('admin') !== -1) grantAll();`,
    `if (roles.includes('admin')) grantAll();`,
    `const found = names.indexOf(name) >= 0;`,
    `if (~tags.indexOf(tag)) highlight(tag);`,
    // The "starts with" idiom and separator positions are deliberate.
    `if (!url.indexOf('https://')) secure = true;`,
    `const valid = email.indexOf('@') > 0;`,
    `const hasExtension = file.lastIndexOf('.') > 0;`,
    // Checked before use.
    `function remove(list, item) {
  const index = list.indexOf(item);
  if (index !== -1) list.splice(index, 1);
}`,
    `function off(listeners, fn) {
  if (!listeners.includes(fn)) return;
  listeners.splice(listeners.indexOf(fn), 1);
}`,
    // The element comes from the array itself.
    `function prune(queue) {
  for (const job of [...queue]) {
    if (job.done) queue.splice(queue.indexOf(job), 1);
  }
}`,
    `function drop(items, id) {
  const item = items.find((i) => i.id === id);
  if (item) items.splice(items.indexOf(item), 1);
}`,
    `class Collection {
  delete(key) {
    const it = findPair(this.items, key);
    if (!it) return false;
    return this.items.splice(this.items.indexOf(it), 1).length > 0;
  }
}`,
    // Added just before, so it is there.
    `const running = [];
function track(test) {
  running.push(test);
  return () => running.splice(running.indexOf(test), 1);
}`,
    // A value, not a boolean.
    `const position = list.indexOf(x) || 0;`,
  ],
  invalid: [
    {
      code: `if (allowedOrigins.indexOf(origin)) {
  res.setHeader('Access-Control-Allow-Origin', origin);
}`,
      errors: [{ messageId: 'truthy', line: 1 }],
    },
    {
      code: `const isSelected = selectedIds.indexOf(row.id) > 0;`,
      errors: [{ messageId: 'missesZero', line: 1 }],
    },
    {
      code: `if (path.indexOf('/api/') == true) next();`,
      errors: [{ messageId: 'boolean', line: 1 }],
    },
    {
      code: `class Emitter {
  off(event, fn) {
    const handlers = this.handlers[event];
    handlers.splice(handlers.indexOf(fn), 1);
  }
}`,
      errors: [{ messageId: 'uncheckedSplice', line: 4 }],
    },
    {
      code: `function update(todos, old, next) {
  todos[todos.indexOf(old)] = next;
}`,
      errors: [{ messageId: 'uncheckedIndex', line: 2 }],
    },
    {
      code: `const visible = items.filter((item) => hidden.findIndex((h) => h.id === item.id) ? true : false);`,
      errors: [{ messageId: 'truthy', line: 1 }],
    },
    {
      code: `export function removeSubscriber(subscribers, ws) {
  subscribers.splice(subscribers.indexOf(ws), 1);
}`,
      errors: [{ messageId: 'uncheckedSplice', line: 2 }],
    },
  ],
});
