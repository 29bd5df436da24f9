import { testRule } from '../test-support/rule-tester.js';
import rule from './no-fallthrough.js';

testRule(rule, {
  valid: [
    `function reducer(state, action) {
  switch (action.type) {
    case 'increment':
      return { count: state.count + 1 };
    case 'reset':
    case 'clear':
      return { count: 0 };
    default:
      throw new Error('unknown action ' + action.type);
  }
}`,
    `switch (level) {
  case 'debug':
    enableTrace();
    // falls through
  case 'info':
    enableInfo();
    break;
  default:
    quiet();
}`,
    `switch (code) {
  case 1: {
    warn();
    /* fall-through */
  }
  case 2:
    fail();
}`,
    `for (const arg of args) {
  switch (arg) {
    case '--verbose':
      verbose = true;
      continue;
    case '--help':
      if (short) { usage(); break; } else { help(); break; }
    default:
      files.push(arg);
  }
}`,
    `function status(err) {
  switch (err.code) {
    case 'ENOENT':
      try { return recover(err); } finally { log(err); }
    case 'EACCES':
      return 403;
  }
}`,
    `switch (mode) {
  case 'a':
    setup();
  case 'b':
  default:
}`,
    `function f(x) {
  switch (x) {
    case 1:
      while (true) { if (poll()) return 1; }
    case 2:
      return 2;
  }
}`,
  ],
  invalid: [
    {
      code: `function handle(req, res) {
  switch (req.method) {
    case 'GET':
      res.json(list());
    case 'POST':
      res.status(201).json(create(req.body));
      break;
  }
}`,
      errors: [{ messageId: 'fallthrough', line: 5 }],
    },
    {
      code: `switch (kind) {
  case 'a':
    if (strict) {
      break;
    }
  default:
    relax();
}`,
      errors: [{ messageId: 'fallthrough', line: 6 }],
    },
    {
      code: `for (const x of xs) {
  switch (x) {
    case 1:
      for (const y of ys) { break; }
    case 2:
      use(x);
  }
}`,
      errors: [{ messageId: 'fallthrough', line: 5 }],
    },
    {
      code: `switch (type) {
  case 'json':
    body = JSON.parse(raw); // parse it
  case 'text':
    body = raw;
    break;
}`,
      errors: [{ messageId: 'fallthrough', line: 4 }],
    },
  ],
});
