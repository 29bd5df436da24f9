import { testRule } from '../test-support/rule-tester.js';
import rule from './valid-typeof.js';

testRule(rule, {
  valid: [
    `if (typeof callback === 'function') callback(null, result);`,
    `const isServer = typeof window === 'undefined';`,
    `if (typeof value !== "bigint") throw new TypeError();`,
    'if (typeof x === `symbol`) describe(x);',
    `if (typeof a === typeof b) same();`,
    `const kind = typeof input; if (kind === 'strnig') oops();`,
    `if (typeof value === expected) ok();`,
    `if (value === 'array') ok();`,
  ],
  invalid: [
    {
      code: `function parse(body) {
  if (typeof body === 'strnig') {
    return JSON.parse(body);
  }
  return body;
}`,
      errors: [{ messageId: 'invalidType', line: 2 }],
    },
    { code: `if (typeof items == 'array') items.forEach(f);`, errors: [{ messageId: 'invalidType', line: 1 }] },
    { code: `if ('Object' === typeof config) load(config);`, errors: [{ messageId: 'invalidType', line: 1 }] },
    { code: `if (typeof process === undefined) browser();`, errors: [{ messageId: 'notString', line: 1 }] },
    { code: `if (typeof value !== null) use(value);`, errors: [{ messageId: 'notString', line: 1 }] },
    { code: `const isNum = typeof n === 'nubmer';`, errors: [{ messageId: 'invalidType', line: 1 }] },
  ],
});
