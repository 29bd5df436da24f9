import { testRule } from '../test-support/rule-tester.js';
import rule from './no-useless-catch.js';

testRule(rule, {
  valid: [
    `try {
  await repo.save(user);
} catch (err) {
  logger.error({ err }, 'saving user failed');
  throw err;
}`,
    `try {
  await queue.publish(job);
} catch (err) {
  throw err;
} finally {
  await queue.close();
}`,
    `function parseConfig(raw) {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ConfigError('Invalid config file', { cause: err });
  }
}`,
    `async function readOptional(path) {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}`,
    `try {
  run();
} catch (e) {
  const wrapped = e;
  throw e;
}`,
  ],
  invalid: [
    {
      code: `async function createOrder(input) {
  try {
    return await orders.insert(input);
  } catch (error) {
    throw error;
  }
}`,
      errors: [{ messageId: 'uselessCatch', line: 4 }],
    },
    {
      code: 'try { sync(); } catch (e) { throw e; }',
      errors: [{ messageId: 'uselessCatch', line: 1 }],
    },
  ],
});
