import { testRule } from '../test-support/rule-tester.js';
import rule from './no-inverted-null-check.js';

testRule(rule, {
  valid: [
    `function show(req, res, user) {
  if (user == null) {
    return res.status(404).json({ error: 'not found' });
  }
  res.json({ name: user.name });
}`,
    `if (user != null) {
  greet(user.name);
}`,
    // Assigned before use.
    `if (!this.client) {
  this.client = createClient(options);
  this.client.on('error', onError);
}`,
    `function load(cache, key) {
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = { value: compute(key), at: Date.now() };
    cache.set(key, entry);
    return entry.value;
  }
  return entry.value;
}`,
    // A call may initialise a shared value.
    `class Db {
  async query(sql) {
    if (!this.connection) {
      await this.connect();
      return this.connection.query(sql);
    }
  }
}`,
    // Optional chaining is safe.
    `if (!session) {
  log.warn('no session', session?.id);
}`,
    // Inside a callback that runs later, after the value may be set.
    `if (!socket) {
  setTimeout(() => socket.send('ping'), 1000);
}`,
    // A module variable that the call in between initialises.
    `let db;
function getDb() {
  if (!db) {
    connect();
    return db.collection('users');
  }
  return db.collection('users');
}`,
    `const label = item == null ? 'none' : item.label;`,
    `const size = !list || list.length === 0 ? 0 : list.length;`,
    `const name = user && user.profile && user.profile.name;`,
    `function requireAdmin(req, res, next) {
  if (!req.user || !req.user.isAdmin) return res.sendStatus(403);
  next();
}`,
  ],
  invalid: [
    {
      code: `app.get('/me', (req, res) => {
  const user = users.get(req.session.userId);
  if (!user) return res.status(404).send(\`no user \${user.name}\`);
  res.json(user);
});`,
      errors: [{ messageId: 'falsy', line: 3 }],
    },
    {
      code: `function total(items) {
  if (items == null) {
    console.warn('no items', items.length);
    return 0;
  }
  return items.reduce((sum, i) => sum + i.price, 0);
}`,
      errors: [{ messageId: 'nullish', line: 3 }],
    },
    {
      code: `const hasName = config.owner === undefined && config.owner.name !== '';`,
      errors: [{ messageId: 'nullish', line: 1 }],
    },
    {
      code: `function flush(items) {
  if (!items) {
    for (let i = 0; i < items.length; i++) send(items[i]);
  }
}`,
      errors: [{ messageId: 'falsy', line: 3 }],
    },
    {
      code: `if (typeof callback === 'undefined') {
  callback(new Error('missing callback'));
}`,
      errors: [{ messageId: 'nullish', line: 2 }],
    },
    {
      code: `if (err != null) {
  logger.info('ok');
} else {
  throw new Error(err.message);
}`,
      errors: [{ messageId: 'nullish', line: 4 }],
    },
    {
      name: 'a parameter cannot be set by a call in between',
      code: `function displayName(user) {
  if (!user) {
    track('anonymous-view');
    return user.displayName;
  }
  return user.name;
}`,
      errors: [{ messageId: 'falsy', line: 4 }],
    },
    {
      code: `const title = post === null ? post.title : 'Untitled';`,
      errors: [{ messageId: 'nullish', line: 1 }],
    },
  ],
});
