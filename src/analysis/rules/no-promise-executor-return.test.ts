import { testRule } from '../test-support/rule-tester.js';
import rule from './no-promise-executor-return.js';

testRule(rule, {
  valid: [
    // The timer id is returned by accident, but resolve is handed over, so the promise settles.
    'const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));',
    `function readConfig(path) {
  return new Promise((resolve, reject) => {
    fs.readFile(path, 'utf8', (err, text) => {
      if (err) return reject(err);
      return resolve(JSON.parse(text));
    });
  });
}`,
    `const closed = new Promise((resolve, reject) => {
  if (!server.listening) return resolve();
  server.close((err) => (err ? reject(err) : resolve()));
});`,
    'const tick = new Promise((resolve) => void queueMicrotask(resolve));',
    `const p = new Promise((resolve) => {
  stream.on('end', () => {
    return buffer.join('');
  });
  stream.on('close', resolve);
});`,
    `new Promise((resolve) => {
  if (done) return;
  resolve(value);
});`,
  ],
  invalid: [
    {
      code: `function getCached(key) {
  return new Promise((resolve) => {
    if (cache.has(key)) return cache.get(key);
    redis.get(key, (err, value) => resolve(value));
  });
}`,
      errors: [{ messageId: 'executorReturn', line: 3 }],
    },
    {
      code: 'const config = new Promise(() => loadConfigSync());',
      errors: [{ messageId: 'executorReturn', line: 1 }],
    },
    {
      code: `const user = new Promise(function (resolve, reject) {
  const found = users.find((u) => u.id === id);
  return found;
});`,
      errors: [{ messageId: 'executorReturn', line: 3 }],
    },
  ],
});
