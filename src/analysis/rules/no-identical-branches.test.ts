import { testRule } from '../test-support/rule-tester.js';
import rule from './no-identical-branches.js';

testRule(rule, {
  valid: [
    `if (isProduction) {
  app.use(compression());
} else {
  app.use(morgan('dev'));
}`,
    `const label = count === 1 ? 'item' : 'items';`,
    `if (a) { save(user); } else if (b) { save(user); }`,
    `if (debug) {} else {}`,
    `const url = secure ? 'https://' + host : 'http://' + host;`,
    {
      code: `function write(value: string | Buffer) {
  if (typeof value === 'string') {
    stream.write(value);
  } else {
    stream.write(value);
  }
}`,
    },
    {
      code: `const out = Array.isArray(input) ? normalize(input) : normalize(input);`,
    },
    `const x = flag ? { a: 1 } : { a: 2 };`,
  ],
  invalid: [
    {
      code: `function respond(res, user) {
  if (user.isAdmin) {
    res.status(200).json({ user });
  } else {
    res.status(200).json({ user });
  }
}`,
      errors: [{ messageId: 'identicalIf', line: 2 }],
    },
    {
      code: `const theme = prefersDark ? 'light' : "light";`,
      errors: [{ messageId: 'identicalTernary', line: 1 }],
    },
    {
      code: `if (retry) send(payload);
else send( payload ); // same`,
      errors: [{ messageId: 'identicalIf', line: 1 }],
    },
    {
      code: `function write(value: string | Buffer, verbose: boolean) {
  if (verbose) {
    log(value);
  } else {
    log(value);
  }
}`,
      errors: [{ messageId: 'identicalIf', line: 2 }],
    },
  ],
});
