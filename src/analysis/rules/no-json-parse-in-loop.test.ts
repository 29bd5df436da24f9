import { testRule } from '../test-support/rule-tester.js';
import rule from './no-json-parse-in-loop.js';

testRule(rule, {
  valid: [
    // Per-item values: each iteration parses something different.
    `const events = lines.map((line) => JSON.parse(line));`,
    `for (const message of batch) {
  await producer.send({ topic, value: JSON.stringify(message.payload) });
}`,
    // Parsed once, outside the loop.
    `const defaults = JSON.parse(rawDefaults);
for (const user of users) {
  user.settings = { ...defaults, ...user.settings };
}`,
    // A polling loop re-reads the value each time.
    `while (running) {
  const raw = await redis.get('jobs:state');
  const state = JSON.parse(raw);
  await handle(state);
}`,
    // The serialised object is mutated in the loop, so its JSON changes.
    `const progress = { done: 0 };
for (const file of files) {
  await upload(file);
  progress.done++;
  socket.send(JSON.stringify(progress));
}`,
    `const seen = [];
for (const item of items) {
  seen.push(item.id);
  log.debug(JSON.stringify(seen));
}`,
    // Only on the way out, in an error message.
    `suggestions.forEach((s) => {
  if (!messages[s.messageId]) {
    throw new TypeError(\`unknown messageId \${s.messageId}; known: \${JSON.stringify(messages)}\`);
  }
});`,
    // A deep clone outside any loop.
    `const snapshot = JSON.parse(JSON.stringify(state));`,
    // Runs once: the loop returns right away.
    `function firstMatch(rows, config) {
  for (const row of rows) {
    if (row.ok) return JSON.parse(config);
  }
}`,
  ],
  invalid: [
    {
      code: `const rows = records.map((record) => {
  const copy = JSON.parse(JSON.stringify(record));
  copy.importedAt = Date.now();
  return copy;
});`,
      errors: [{ messageId: 'deepClone', line: 2 }],
    },
    {
      code: `for (const tenant of tenants) {
  const config = JSON.parse(process.env.DEFAULT_CONFIG);
  await provision(tenant, config);
}`,
      errors: [{ messageId: 'invariant', line: 2 }],
    },
    {
      code: `function broadcast(clients, update) {
  clients.forEach((client) => {
    client.send(JSON.stringify(update));
  });
}`,
      errors: [{ messageId: 'invariant', line: 3 }],
    },
    {
      code: `for (let i = 0; i < count; i++) {
  const row = JSON.parse(JSON.stringify(template));
  row.id = i;
  out.push(row);
}`,
      errors: [{ messageId: 'deepClone', line: 2 }],
    },
  ],
});
