import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unsafe-optional-chaining.js';

testRule(rule, {
  valid: [
    `const name = req.user?.profile?.name ?? 'guest';`,
    `req.session?.destroy();`,
    `const total = order?.items.length + 1;`,
    `const { id } = req.params?.user ?? {};`,
    `const merged = { ...defaults, ...options?.headers };`,
    `for (const item of cart?.items || []) add(item);`,
    `(obj?.method)?.();`,
    `(config?.server)?.port;`,
    `if (user?.roles.includes('admin')) allow();`,
    `const size = (list?.length) || 0;`,
    `const fn = cond ? handlers?.a : noop; const v = (x?.y, z).w;`,
    `const host = (opts?.url as URL | undefined)!.host;`,
    `(first?.options as Record<string, unknown>).threshold = 99;`,
  ],
  invalid: [
    {
      code: `app.post('/webhook', (req, res) => {
  const { event, payload } = req.body?.data;
  dispatch(event, payload);
});`,
      errors: [{ messageId: 'unsafeChain', line: 2 }],
    },
    { code: `(client?.connect)();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `const logger = new (deps?.Logger)();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `const port = (config?.server).port;`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `const all = [...results?.rows];`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `send(...args?.list);`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `for (const row of result?.rows) print(row);`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `const [first] = await repo?.findAll();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `if ('id' in body?.user) ok();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `(ready && api?.init)();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `(cached || api?.load)();`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `class Admin extends base?.User {}`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
    { code: `function f({ a } = opts?.config) { return a; }`, errors: [{ messageId: 'unsafeChain', line: 1 }] },
  ],
});
