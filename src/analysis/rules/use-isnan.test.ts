import { testRule } from '../test-support/rule-tester.js';
import rule from './use-isnan.js';

testRule(rule, {
  valid: [
    `const port = Number(raw); if (Number.isNaN(port)) throw new Error('bad port');`,
    `if (isNaN(value)) value = 0;`,
    `const hasNaN = values.includes(NaN);`,
    `if (Object.is(x, NaN)) reset();`,
    `const nan = NaN;`,
    `if (count === nan) reset();`,
    `const i = items.findIndex(Number.isNaN);`,
  ],
  invalid: [
    {
      code: `function list(req, res) {
  const limit = parseInt(req.query.limit, 10);
  if (limit === NaN) {
    return res.status(400).end();
  }
}`,
      errors: [{ messageId: 'comparison', line: 3 }],
      output: `function list(req, res) {
  const limit = parseInt(req.query.limit, 10);
  if (Number.isNaN(limit)) {
    return res.status(400).end();
  }
}`,
    },
    {
      code: `if (Number.NaN != price) charge(price);`,
      errors: [{ messageId: 'comparison', line: 1 }],
      output: `if (!Number.isNaN(price)) charge(price);`,
    },
    {
      code: `const valid = (a + b) !== NaN && ok;`,
      errors: [{ messageId: 'comparison', line: 1 }],
      output: `const valid = !Number.isNaN(a + b) && ok;`,
    },
    {
      code: `if (score < NaN) low();`,
      errors: [{ messageId: 'comparison', line: 1 }],
    },
    {
      code: `if ((read(), last) == NaN) retry();`,
      errors: [{ messageId: 'comparison', line: 1 }],
      output: `if ((read(), last) == NaN) retry();`,
    },
    {
      code: `switch (value) {
  case NaN:
    break;
  default:
    use(value);
}`,
      errors: [{ messageId: 'caseNaN', line: 2 }],
    },
    { code: `switch (NaN) { case x: break; }`, errors: [{ messageId: 'switchNaN', line: 1 }] },
    { code: `const at = samples.indexOf(NaN);`, errors: [{ messageId: 'indexOfNaN', line: 1 }] },
  ],
});
