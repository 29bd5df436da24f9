import { testRule } from '../test-support/rule-tester.js';
import rule from './no-reject-literal.js';

testRule(rule, {
  valid: [
    `function readJson(path) {
  return new Promise((resolve, reject) => {
    fs.readFile(path, 'utf8', (err, text) => {
      if (err) return reject(err);
      resolve(JSON.parse(text));
    });
  });
}`,
    "const failed = Promise.reject(new Error('Not connected'));",
    `const timeout = new Promise((resolve, reject) => {
  setTimeout(() => reject(new TimeoutError('Request timed out')), 5000);
});`,
    // A nested callback that binds its own \`reject\` is not the executor's.
    `new Promise((resolve, reject) => {
  validators.forEach((reject) => reject('x'));
  resolve();
});`,
    // A plain function called reject elsewhere is unrelated.
    "function reject(reason) { audit.log(reason); }\nreject('spam');",
    'const p = new Promise((resolve) => resolve("ok"));',
  ],
  invalid: [
    {
      code: `function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject('Connection failed');
  });
}`,
      errors: [{ messageId: 'rejectLiteral', line: 5 }],
    },
    {
      code: `async function getUser(id) {
  if (!id) return Promise.reject({ status: 400, message: 'id required' });
  return repo.find(id);
}`,
      errors: [{ messageId: 'rejectLiteral', line: 2 }],
    },
    {
      code: `const wait = new Promise(function (ok, fail) {
  if (attempts > 3) fail(\`Gave up after \${attempts} attempts\`);
  else ok();
});`,
      errors: [{ messageId: 'rejectLiteral', line: 2 }],
    },
  ],
});
