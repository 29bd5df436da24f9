import { testRule } from '../test-support/rule-tester.js';
import rule from './no-catch-log-continue.js';

testRule(rule, {
  valid: [
    // The try returns its own result: the code after the catch is a deliberate failure path.
    `async function getPrices() {
  try {
    const res = await fetch('/api/prices');
    return await res.json();
  } catch (err) {
    console.error(err);
  }
  return [];
}`,
    // The returned value comes from the try, so a failure shows up as missing data.
    `async function findUser(id) {
  let user;
  try {
    user = await db.users.findById(id);
  } catch (err) {
    logger.error({ err, id }, 'user lookup failed');
  }
  return user;
}`,
    `function readSettings(path) {
  let settings = DEFAULT_SETTINGS;
  try {
    settings = { ...settings, ...JSON.parse(fs.readFileSync(path, 'utf8')) };
  } catch (err) {
    console.warn('using default settings', err);
  }
  return normalize(settings);
}`,
    // Built from what the try produced, through a local.
    `async function runReport(label, file) {
  let summary;
  try {
    summary = JSON.parse(await readFile(file, 'utf8')).summary;
  } catch (error) {
    log(\`\${label}: could not read the report: \${error.message}\`);
  }
  const row = { label, files: summary?.files };
  return row;
}`,
    // A conditional return inside the try: the code after it is the shared fallback.
    `function evaluate(expression) {
  try {
    const hook = hooks.get(expression.type);
    if (hook) return hook(expression);
  } catch (err) {
    console.warn(err);
  }
  return new Unknown(expression);
}`,
    // The comment says falling through is intended.
    `async function warmUp(cache) {
  try {
    await cache.preload();
  } catch (err) {
    logger.warn(err);
    // best effort: a cold cache is only slower
  }
  return cache;
}`,
    // The catch also does something besides logging.
    `async function save(order) {
  try {
    await orders.insert(order);
  } catch (err) {
    logger.error(err);
    throw new OrderError('insert failed', { cause: err });
  }
  return { ok: true };
}`,
    `async function notify(user) {
  try {
    await mailer.send(user.email, 'Welcome');
  } catch (err) {
    console.error('mail failed', err);
  }
  return null;
}`,
    {
      filename: 'src/components/Banner.jsx',
      code: `function Banner() {
  try {
    track('banner_view');
  } catch (e) {
    console.warn(e);
  }
  return <div className="banner">Sale!</div>;
}`,
    },
    // Only logging, but no data is returned afterwards.
    `async function cleanup() {
  try {
    await fs.promises.rm(tmpDir, { recursive: true });
  } catch (err) {
    console.warn('cleanup failed', err);
  }
}`,
  ],
  invalid: [
    {
      code: `async function updateProfile(userId, changes) {
  try {
    await db.users.update(userId, changes);
    await cache.del(\`user:\${userId}\`);
  } catch (err) {
    console.error('Failed to update profile', err);
  }
  return { success: true };
}`,
      errors: [{ messageId: 'logAndContinue', line: 5 }],
    },
    {
      code: `class ImportService {
  async importRows(rows) {
    const imported = [];
    try {
      for (const row of rows) imported.push(await this.repo.insert(row));
    } catch (error) {
      this.logger.error('import failed', error);
    }
    return imported;
  }
}`,
      errors: [{ messageId: 'logAndContinue', line: 6 }],
    },
    {
      code: `router.post('/orders', async (req, res) => {
  const order = buildOrder(req.body);
  try {
    await payments.charge(order);
  } catch (e) {
    req.log.warn(e);
  }
  return res.status(201).json(order);
});`,
      errors: [{ messageId: 'logAndContinue', line: 5 }],
    },
  ],
});
