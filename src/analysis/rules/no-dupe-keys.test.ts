import { testRule } from '../test-support/rule-tester.js';
import rule from './no-dupe-keys.js';

testRule(rule, {
  valid: [
    `const config = { port: 3000, host: 'localhost', logger: { level: 'info' } };`,
    `const user = {
  get fullName() { return this.first + ' ' + this.last; },
  set fullName(value) { [this.first, this.last] = value.split(' '); },
};`,
    `const headers = { 'Content-Type': 'application/json', 'content-type': 'text/plain' };`,
    `const routes = { [GET]: list, [POST]: create, [GET + '/:id']: show };`,
    `const options = { ...defaults, timeout: 5000, ...overrides };`,
    `const a = { key: 1 }, b = { key: 2 };`,
    `const proto = { __proto__: base, ['__proto__']: null, name: 'x' };`,
    `const nested = { a: { id: 1 }, b: { id: 2 } };`,
  ],
  invalid: [
    {
      code: `const corsOptions = {
  origin: 'https://app.example.com',
  credentials: true,
  origin: '*',
};`,
      errors: [{ messageId: 'duplicateKey', line: 4 }],
    },
    {
      code: `const codes = { 1: 'one', '1': 'uno', 0x2: 'two', 2: 'dos' };`,
      errors: [
        { messageId: 'duplicateKey', line: 1 },
        { messageId: 'duplicateKey', line: 1 },
      ],
    },
    {
      code: `const api = {
  fetchUser() { return get('/user'); },
  fetchUser: () => get('/me'),
};`,
      errors: [{ messageId: 'duplicateKey', line: 3 }],
    },
    {
      code: `const model = {
  get total() { return this.items.length; },
  get total() { return 0; },
};`,
      errors: [{ messageId: 'duplicateKey', line: 3 }],
    },
    {
      code: "const m = { name: 'a', ['name']: 'b', [`name`]: 'c' };",
      errors: [
        { messageId: 'duplicateKey', line: 1 },
        { messageId: 'duplicateKey', line: 1 },
      ],
    },
  ],
});
