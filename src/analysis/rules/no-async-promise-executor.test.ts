import { testRule } from '../test-support/rule-tester.js';
import rule from './no-async-promise-executor.js';

testRule(rule, {
  valid: [
    `function readJson(path) {
  return new Promise((resolve, reject) => {
    fs.readFile(path, 'utf8', (err, text) => (err ? reject(err) : resolve(JSON.parse(text))));
  });
}`,
    // An async callback inside a plain executor is a different question.
    `const done = new Promise((resolve) => {
  server.on('listening', async () => resolve(await server.address()));
});`,
    `async function loadUser(id) {
  const user = await db.users.findById(id);
  return user;
}`,
    'const p = new CustomPromise(async (resolve) => resolve(await load()));',
  ],
  invalid: [
    {
      code: `function fetchProfile(id) {
  return new Promise(async (resolve, reject) => {
    const res = await fetch(\`/api/users/\${id}\`);
    resolve(await res.json());
  });
}`,
      errors: [{ messageId: 'asyncExecutor', line: 2 }],
    },
    {
      code: `const ready = new Promise(async function (resolve) {
  await db.connect();
  resolve(db);
});`,
      errors: [{ messageId: 'asyncExecutor', line: 1 }],
    },
  ],
});
