import { testRule } from '../test-support/rule-tester.js';
import rule from './cyclomatic-complexity.js';

// Cyclomatic 5: 1 + if + || + if + ?:.
const validateSignup = `
export function validateSignup(body) {
  if (!body.email || !body.password) {
    return { ok: false, error: 'missing fields' };
  }
  if (body.password.length < 12) {
    return { ok: false, error: 'password too short' };
  }
  return { ok: true, plan: body.plan ? body.plan : 'free' };
}
`;

// 21 decisions: 1 + 7 ifs with && each (14) + 6 cases = 21.
const cases = ['jpg', 'png', 'gif', 'webp', 'svg', 'pdf']
  .map((ext) => `    case '${ext}': return '${ext}';`)
  .join('\n');
const ifs = Array.from({ length: 7 }, (_, i) => `  if (file.size > ${i} && file.flags[${i}]) score++;`).join('\n');
const detectType = `const detectType = (file) => {
  let score = 0;
${ifs}
  switch (file.ext) {
${cases}
    default: return 'bin';
  }
};
`;

testRule(rule, {
  valid: [
    validateSignup,
    { code: validateSignup, options: { threshold: 5 }, name: 'at the threshold is not above it' },
    {
      code: `
app.get('/users/:id', async (req, res, next) => {
  try {
    const user = await users.find(req.params.id);
    if (!user) return res.status(404).end();
    res.json(user);
  } catch (err) {
    next(err);
  }
});`,
      name: 'an ordinary route handler',
    },
    {
      code: `
function visibleNames(list) {
  if (!list) return [];
  return list.filter((item) => (item.visible && item.name) || item.pinned).map((item) => item.name);
}`,
      options: { threshold: 3 },
      name: 'a nested callback does not add to its parent',
    },
    { code: validateSignup, options: { threshold: 'high' }, name: 'an unusable threshold falls back to the default' },
  ],
  invalid: [
    { code: detectType, errors: [{ messageId: 'tooComplex', line: 1, column: 7 }] },
    {
      code: validateSignup,
      options: { threshold: 4 },
      errors: [{ messageId: 'tooComplex', line: 2, column: 17 }],
    },
    {
      code: `
class OrderService {
  total(order) {
    let sum = 0;
    for (const line of order.lines) {
      if (line.qty > 0 && !line.cancelled) sum += line.qty * line.price;
    }
    return order.coupon ? sum * 0.9 : sum;
  }
}`,
      options: { threshold: 3 },
      errors: [{ messageId: 'tooComplex', line: 3, column: 3 }],
    },
    {
      code: `
router.post('/orders', async (req, res) => {
  const { items, coupon } = req.body;
  if (!Array.isArray(items) || items.length === 0) return res.status(400).end();
  const total = items.reduce((sum, item) => sum + item.price, 0);
  res.json({ total: coupon ? total * 0.9 : total });
});`,
      options: { threshold: 3 },
      errors: [{ messageId: 'tooComplex', line: 2, column: 24 }],
    },
  ],
});
