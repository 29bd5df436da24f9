import { testRule } from '../test-support/rule-tester.js';
import rule from './no-await-in-loop.js';

testRule(rule, {
  valid: [
    // Order matters and results are discarded: migrations, plugins, steps.
    `async function migrate(db, migrations) {
  for (const migration of migrations) {
    await migration.up(db);
  }
}`,
    // Cursor pagination: each call needs the previous page.
    `async function listAll(client) {
  const items = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const res = await client.list({ cursor });
    items.push(...res.items);
    cursor = res.next;
    if (!cursor) break;
  }
  return items;
}`,
    // Paced on purpose.
    `async function pollAll(jobs) {
  const results = [];
  for (const job of jobs) {
    results.push(await client.status(job.id));
    await sleep(250);
  }
  return results;
}`,
    // Retries.
    `async function fetchWithRetry(url) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await fetch(url);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}`,
    // The awaited call uses a value from the previous iteration.
    `async function chain(steps, input) {
  let value = input;
  for (const step of steps) {
    value = await step.run(value);
  }
  return value;
}`,
    // The promises already run; awaiting them in turn is fine.
    `async function collect(promises) {
  const out = [];
  for (const p of promises) out.push(await p);
  return out;
}`,
    // Batching on purpose.
    `async function importAll(chunks) {
  for (const chunk of chunks) {
    const saved = await Promise.all(chunk.map((row) => repo.insert(row)));
    report(saved.length);
  }
}`,
    // The loop keeps going while iterations say so.
    `async function drain(queue) {
  let more = true;
  for (let i = 0; more; i++) {
    const batch = await queue.take(i);
    more = batch.length > 0;
  }
}`,
    // A queue that grows while it is walked.
    `async function crawl(start) {
  const queue = [start];
  for (const url of queue) {
    const links = await extractLinks(url);
    queue.push(...links.filter((l) => !seen.has(l)));
  }
}`,
    `async function readAll(stream) {
  for await (const chunk of stream) {
    const parsed = await parse(chunk);
    emit(parsed);
  }
}`,
    // Read, transform and write back each file: a pipeline, not a gather.
    `async function format(files) {
  for (const file of files) {
    const text = await fs.promises.readFile(file, 'utf8');
    await fs.promises.writeFile(file, prettier.format(text));
  }
}`,
    // A generator streams one result per item, in order.
    `async function* expand(patterns) {
  for (const pattern of patterns) {
    const matches = await glob(pattern);
    yield { pattern, matches };
  }
}`,
    // Hooks run in order.
    `async function runHooks(hooks, context) {
  const cleanups = [];
  for (const hook of hooks) cleanups.push(await hook.fn(context));
  return cleanups;
}`,
    // Writes collected in order.
    `async function insertAll(rows) {
  const ids = [];
  for (const row of rows) ids.push(await repo.insert(row));
  return ids;
}`,
    // A memo filled by the loop and checked by it.
    `async function resolveAll(imports, lookup) {
  for (const { module } of imports) {
    if (lookup[module] === undefined) lookup[module] = await resolver.resolve(module);
  }
}`,
    'async function memo(keys, seen) {\n  for (const key of keys) if (seen[key] === undefined) seen[key] = await lookup(key);\n}',
    // The awaited call reads what earlier iterations wrote.
    `async function fixtures(pending, context) {
  for (const fixture of pending) {
    const value = await resolveFixture(fixture, context);
    context[fixture.name] = value;
  }
}`,
    // A short fixed list from the source.
    `async function readIgnoreFiles(dir) {
  const texts = [];
  for (const name of IGNORE_FILES) texts.push(await readOptional(path.join(dir, name)));
  for (const name of ['.gitignore', '.npmignore']) texts.push(await readOptional(path.join(dir, name)));
  return texts;
}`,
    {
      filename: 'src/api/users.test.ts',
      code: `it('creates users', async () => {
  for (const input of cases) {
    const res = await request(app).post('/users').send(input);
    expect(res.status).toBe(201);
  }
});`,
    },
  ],
  invalid: [
    {
      code: `async function loadUsers(ids) {
  const users = [];
  for (const id of ids) {
    const user = await db.users.findById(id);
    users.push(user);
  }
  return users;
}`,
      errors: [{ messageId: 'awaitInLoop', line: 4 }],
    },
    {
      code: `async function sizes(paths) {
  const result = {};
  for (let i = 0; i < paths.length; i++) {
    result[paths[i]] = (await fs.promises.stat(paths[i])).size;
  }
  return result;
}`,
      errors: [{ messageId: 'awaitInLoop', line: 4 }],
    },
    {
      code: `async function prices(symbols) {
  const out = new Map();
  for (const symbol of symbols) {
    if (!symbol) continue;
    const res = await fetch(\`https://api.example.com/quote/\${symbol}\`);
    const body = await res.json();
    out.set(symbol, body.price);
  }
  return out;
}`,
      errors: [{ messageId: 'awaitInLoop', line: 5 }],
    },
  ],
});
