import { testRule } from '../test-support/rule-tester.js';
import rule from './preserve-error-cause.js';

testRule(rule, {
  valid: [
    `async function loadConfig(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(\`Invalid config at \${path}\`, { cause: err });
  }
}`,
    `try {
  await fs.promises.access(dir);
} catch (err) {
  if (err.code === 'ENOENT') throw new NotFoundError(dir);
  throw err;
}`,
    `try {
  await sendMail(user);
} catch (error) {
  logger.error({ error }, 'mail failed');
  throw new Error('Could not send the welcome mail');
}`,
    `try {
  token = jwt.verify(raw, secret);
} catch (e) {
  throw new AuthError(e.message);
}`,
    `try {
  await client.connect();
} catch (e) {
  throw new ConnectionError({ cause: e });
}`,
    // The catch has no binding: there is nothing to pass along.
    `try {
  url = new URL(input);
} catch {
  throw new TypeError('Invalid URL');
}`,
    // A throw inside a callback defined in the catch runs later, elsewhere.
    `try {
  run();
} catch (err) {
  queue.on('fail', () => {
    throw new Error('queue failed');
  });
  report(err);
}`,
  ],
  invalid: [
    {
      code: `async function getUser(id) {
  try {
    return await db.users.findOne({ id });
  } catch (err) {
    throw new Error('Database lookup failed');
  }
}`,
      errors: [{ messageId: 'missingCause', line: 5 }],
      output: `async function getUser(id) {
  try {
    return await db.users.findOne({ id });
  } catch (err) {
    throw new Error('Database lookup failed', { cause: err });
  }
}`,
    },
    {
      code: `function parsePort(value) {
  try {
    return parseStrictInt(value);
  } catch (e) {
    throw new RangeError(\`Port out of range: \${value}\`);
  }
}`,
      errors: [{ messageId: 'missingCause', line: 5 }],
      output: `function parsePort(value) {
  try {
    return parseStrictInt(value);
  } catch (e) {
    throw new RangeError(\`Port out of range: \${value}\`, { cause: e });
  }
}`,
    },
    {
      // A project error class may not accept options: reported without a fix.
      code: `try {
  await stripe.charges.create(charge);
} catch (error) {
  throw new PaymentError(402, 'Payment failed');
}`,
      errors: [{ messageId: 'missingCause', line: 4 }],
      output: `try {
  await stripe.charges.create(charge);
} catch (error) {
  throw new PaymentError(402, 'Payment failed');
}`,
    },
    {
      // Two arguments already: the options slot is taken, so no fix.
      code: `try {
  decode(buf);
} catch (err) {
  throw new Error('Bad frame', { code: 'EFRAME' });
}`,
      errors: [{ messageId: 'missingCause', line: 4 }],
      output: `try {
  decode(buf);
} catch (err) {
  throw new Error('Bad frame', { code: 'EFRAME' });
}`,
    },
    {
      // A property that happens to share the parameter's name is not a use of it.
      code: `try {
  await upload(file);
} catch (message) {
  throw new UploadError(file.message.trim());
}`,
      errors: [{ messageId: 'missingCause', line: 4 }],
    },
  ],
});
