import { testRule } from '../test-support/rule-tester.js';
import rule from './no-constant-condition.js';

testRule(rule, {
  valid: [
    `if (process.env.NODE_ENV === 'production') app.use(helmet());`,
    `while (true) {
  const job = await queue.take();
  if (!job) break;
  await job.run();
}`,
    `for (;;) { if (poll()) break; }`,
    `do { if (!step()) break; } while (false);`,
    `while (1) { if (done()) break; }`,
    `const port = Number(process.env.PORT) || 3000;`,
    `const name = user?.name ?? 'anonymous';`,
    `const label = \`\${count}\` ? a : b;`,
    `if (typeof window !== 'undefined') init();`,
    `const debug = DEBUG && console.log('x');`,
    `0 && (module.exports = { parse, format });`,
    { code: `const el = isOpen ? <Modal /> : null;`, filename: 'src/app.tsx' },
    {
      code: `function View({ items }) {
  return <ul>{items.length > 0 && items.map((i) => <li key={i.id}>{i.name}</li>)}</ul>;
}`,
      filename: 'src/view.jsx',
    },
  ],
  invalid: [
    {
      code: `function authorize(req) {
  if (true) {
    return next();
  }
  return deny(req);
}`,
      errors: [{ messageId: 'constantCondition', line: 2 }],
    },
    { code: `if ('false') disable();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if ({}) run();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if (typeof callback) callback();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    {
      code: `const theme = \`\${prefix}-dark\` ? dark : light;`,
      errors: [{ messageId: 'constantCondition', line: 1 }],
    },
    { code: `while (false) { tick(); }`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if (isAdmin || true) grant();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if (0) legacy();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `const handler = [] || fallback;`, errors: [{ messageId: 'constantLeft', line: 1 }] },
    { code: `const opts = {} ?? defaults;`, errors: [{ messageId: 'constantLeft', line: 1 }] },
    { code: `if (!function () {}) never();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if (user && false) never();`, errors: [{ messageId: 'constantCondition', line: 1 }] },
    { code: `if ('ready' && isReady) go();`, errors: [{ messageId: 'constantLeft', line: 1 }] },
  ],
});
