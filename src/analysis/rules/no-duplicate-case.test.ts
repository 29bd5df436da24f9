import { testRule } from '../test-support/rule-tester.js';
import rule from './no-duplicate-case.js';

testRule(rule, {
  valid: [
    `function reducer(state, action) {
  switch (action.type) {
    case 'todos/add': return [...state, action.todo];
    case 'todos/remove': return state.filter((t) => t.id !== action.id);
    default: return state;
  }
}`,
    `function port(url) {
  switch (url) {
    case 'http://api.example.com/a': return 1;
    case 'http://api.example.com/b': return 2;
  }
}`,
    `switch (status) {
  case Status.Active: break;
  case Status.Disabled: break;
  case 1: break;
  case '1': break;
}`,
    `switch (true) {
  case a > b: break;
  case a >= b: break;
}`,
    `switch (code) { case 'a b': break; case 'ab': break; }`,
  ],
  invalid: [
    {
      code: `export function handle(req, res) {
  switch (req.method) {
    case 'GET':
      return list(req, res);
    case 'POST':
      return create(req, res);
    case "GET":
      return show(req, res);
  }
}`,
      errors: [{ messageId: 'duplicateCase', line: 7 }],
    },
    {
      code: `switch (event.key) {
  case Keys.ENTER: submit(); break;
  case Keys.ESCAPE: cancel(); break;
  case Keys . ENTER /* again */: newline(); break;
}`,
      errors: [{ messageId: 'duplicateCase', line: 4 }],
    },
    {
      code: `function readOptional(err) {
  switch (err.code) {
    case 'ENOENT':
    case 'EACCES':
    case 'ENOENT':
      return null;
  }
  throw err;
}`,
      errors: [{ messageId: 'duplicateCase', line: 5 }],
    },
  ],
});
