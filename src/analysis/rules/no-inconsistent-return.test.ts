import { testRule } from '../test-support/rule-tester.js';
import rule from './no-inconsistent-return.js';

testRule(rule, {
  valid: [
    `function findUser(users, id) {
  for (const user of users) {
    if (user.id === id) return user;
  }
  return null;
}`,
    // Returns used only to stop: callbacks and responses.
    `app.get('/users/:id', async (req, res) => {
  const user = await repo.find(req.params.id);
  if (!user) return res.status(404).json({ error: 'not found' });
  res.json(user);
});`,
    `function load(path, cb) {
  fs.readFile(path, 'utf8', (err, text) => {
    if (err) return cb(err);
    cb(null, JSON.parse(text));
  });
}`,
    `const ready = new Promise((resolve, reject) => {
  if (failed) return reject(new Error('failed'));
  resolve(value);
});`,
    // An optional cleanup.
    `useEffect(() => {
  if (!socket) return;
  socket.on('message', onMessage);
  return () => socket.off('message', onMessage);
}, [socket]);`,
    // TypeScript already checks annotated functions.
    `function parse(text: string): Config | undefined {
  if (!text) return;
  return JSON.parse(text);
}`,
    // Only undefined returns, constructors, generators.
    `function reset(state) {
  if (!state) return undefined;
  state.items = [];
}`,
    `class Queue {
  constructor(items) {
    if (!items) return;
    this.items = items;
  }
}`,
    `function* ids() {
  let i = 0;
  while (true) yield i++;
}`,
    // Every path ends in a return or a throw.
    `function kind(node) {
  switch (node.type) {
    case 'a':
      return 1;
    default:
      throw new Error('unknown');
  }
}`,
    // The callee defines what a callback's return means: `false` stops this walk.
    `root.walkDecls((decl) => {
  if (decl.prop === 'all') return false;
  normalize(decl);
});`,
    // A constructor that also works without \`new\`.
    `function Parser(options) {
  if (!(this instanceof Parser)) return new Parser(options);
  this.options = options;
}`,
    `function serveStatic(root) {
  return function (req, res, next) {
    const file = lookup(root, req.url);
    if (!file) return next ? next() : notFound(req, res);
    send(req, res, file);
  };
}`,
    // Predicates are left to array-callback-return.
    `const admin = users.find((u) => {
  if (u.role === 'admin') return true;
});`,
  ],
  invalid: [
    {
      code: `function getDiscount(customer) {
  if (customer.tier === 'gold') return 0.2;
  if (customer.tier === 'silver') return 0.1;
}`,
      errors: [{ messageId: 'fallsOff', line: 1 }],
    },
    {
      code: `export async function fetchProfile(id) {
  const res = await fetch(\`/api/profiles/\${id}\`);
  if (!res.ok) return;
  return res.json();
}`,
      errors: [{ messageId: 'bareReturn', line: 3 }],
    },
    {
      code: `const parsePort = (value) => {
  const port = Number.parseInt(value, 10);
  if (Number.isInteger(port) && port > 0) {
    return port;
  }
};`,
      errors: [{ messageId: 'fallsOff', line: 1 }],
    },
    {
      code: `class Cache {
  get(key) {
    const entry = this.map.get(key);
    if (entry && entry.expires > Date.now()) return entry.value;
  }
}`,
      errors: [{ messageId: 'fallsOff', line: 2 }],
    },
    {
      code: `function readConfig(path) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    logger.warn('bad config', error);
  }
}`,
      errors: [{ messageId: 'fallsOff', line: 1 }],
    },
  ],
});
