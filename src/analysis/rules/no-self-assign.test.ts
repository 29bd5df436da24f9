import { testRule } from '../test-support/rule-tester.js';
import rule from './no-self-assign.js';

testRule(rule, {
  valid: [
    `this.name = name;`,
    `options.timeout = options.timeout || 3000;`,
    `[a, b] = [b, a];`,
    `config.port ??= defaults.port;`,
    `iframe.src = iframe.src;`,
    `window.location.href = window.location.href;`,
    `el.innerHTML = el.innerHTML;`,
    `input.value = input.value;`,
    `list[i] = list[i];`,
    `this.handleClick = this.handleClick.bind(this);`,
    `[first, second] = [...pair, first];`,
    `({ a, b } = { ...state, a, b });`,
    `x += x;`,
  ],
  invalid: [
    {
      code: `class Session {
  constructor(user, expiresAt) {
    this.user = user;
    this.expiresAt = this.expiresAt;
  }
}`,
      errors: [{ messageId: 'selfAssign', line: 4 }],
    },
    { code: `let count = 0;\ncount = count;`, errors: [{ messageId: 'selfAssign', line: 2 }] },
    { code: `req.session.user = req['session'].user;`, errors: [{ messageId: 'selfAssign', line: 1 }] },
    {
      code: `[left, right] = [left, right];`,
      errors: [
        { messageId: 'selfAssign', line: 1 },
        { messageId: 'selfAssign', line: 1 },
      ],
    },
    { code: `({ width, height } = { width, height: h });`, errors: [{ messageId: 'selfAssign', line: 1 }] },
    { code: `state.items ||= state.items;`, errors: [{ messageId: 'selfAssign', line: 1 }] },
    { code: `(user as Admin).role = user.role;`, errors: [{ messageId: 'selfAssign', line: 1 }] },
  ],
});
