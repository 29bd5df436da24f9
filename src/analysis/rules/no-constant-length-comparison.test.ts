import { testRule } from '../test-support/rule-tester.js';
import rule from './no-constant-length-comparison.js';

testRule(rule, {
  valid: [
    `if (items.length > 0) render(items);`,
    `const label = items.length === 0 ? 'empty' : items.join(', ');`,
    `if (queue.size >= 1) drain(queue);`,
    `const last = list.length - 1;`,
    `if (name.indexOf('.') !== -1) split(name);`,
    // Optional chaining can give undefined, which fails both comparisons.
    `if (results?.length >= 0) show(results);`,
    // Settings may be negative on purpose.
    `if (options.size < 0) throw new RangeError('size must not be negative');`,
    `if (opts.length === -1) unlimited = true;`,
  ],
  invalid: [
    {
      code: `app.post('/orders', (req, res) => {
  if (req.body.items.length < 0) {
    return res.status(400).json({ error: 'no items' });
  }
  res.json(createOrder(req.body));
});`,
      errors: [{ messageId: 'constant', line: 2 }],
    },
    {
      code: `const hasRows = rows.length >= 0;`,
      errors: [{ messageId: 'constant', line: 1 }],
    },
    {
      code: `if (token.length !== -1) authorize(token);`,
      errors: [{ messageId: 'constant', line: 1 }],
    },
    {
      code: `while (0 > pending.size) await tick();`,
      errors: [{ messageId: 'constant', line: 1 }],
    },
    {
      code: `export function isEmpty(list) {
  return list.length <= -1;
}`,
      errors: [{ messageId: 'constant', line: 2 }],
    },
  ],
});
