import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unreachable.js';

testRule(rule, {
  valid: [
    `export function handler(req, res) {
  if (!req.user) return res.status(401).end();
  res.json(req.user);
}`,
    `function load(path) {
  return read(path);
  function read(p) { return fs.readFileSync(p, 'utf8'); }
}`,
    `function total(items) {
  return sum;
  var sum;
}`,
    `function pick(kind) {
  switch (kind) {
    case 'a':
      return 1;
      break;
    default:
      return 0;
  }
}`,
    `async function fetchUser(id) {
  try {
    return await db.users.find(id);
  } catch (error) {
    logger.warn(error);
  }
  return null;
}`,
    `function loop(queue) {
  while (true) {
    const job = queue.next();
    if (!job) break;
    job.run();
  }
  return queue.size;
}`,
    `function parse(token) {
  outer: for (;;) {
    for (const c of token) if (c === ';') break outer;
  }
  done();
}`,
    `function f(x) {
  if (x) return 1;
  else if (x === 0) return 0;
  log(x);
}`,
    {
      code: `export function assertNever(value: never): never {
  throw new Error('unexpected ' + value);
  type Unused = string;
}`,
    },
    `function run(cb) {
  return cb();
  ;
}`,
  ],
  invalid: [
    {
      code: `app.get('/health', (req, res) => {
  return res.send('ok');
  metrics.increment('health');
});`,
      errors: [{ messageId: 'unreachable', line: 3 }],
    },
    {
      code: `function validate(input) {
  if (!input) {
    throw new TypeError('input required');
    console.log('unreachable');
  }
}`,
      errors: [{ messageId: 'unreachable', line: 4 }],
    },
    {
      code: `for (const item of items) {
  continue;
  process(item);
}`,
      errors: [{ messageId: 'unreachable', line: 3 }],
    },
    {
      code: `function sign(n) {
  if (n < 0) return -1;
  else return 1;
  return 0;
}`,
      errors: [{ messageId: 'unreachable', line: 4 }],
    },
    {
      code: `function route(action) {
  switch (action.type) {
    case 'add':
      return [...state, action.item];
      state.count++;
    default:
      return state;
  }
}`,
      errors: [{ messageId: 'unreachable', line: 5 }],
    },
    {
      code: `function read(file) {
  try {
    return fs.readFileSync(file);
  } finally {
    fd.close();
  }
  cleanup();
}`,
      errors: [{ messageId: 'unreachable', line: 7 }],
    },
    {
      code: `function serve() {
  for (;;) {
    accept();
  }
  shutdown();
}`,
      errors: [{ messageId: 'unreachable', line: 5 }],
    },
    {
      code: `function f(kind) {
  return build(kind);
  var cache = new Map();
  cache.clear();
}`,
      errors: [{ messageId: 'unreachable', line: 3 }],
    },
  ],
});
