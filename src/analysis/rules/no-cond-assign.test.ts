import { testRule } from '../test-support/rule-tester.js';
import rule from './no-cond-assign.js';

testRule(rule, {
  valid: [
    `if (user === admin) grant();`,
    `if ((match = pattern.exec(line))) handle(match);`,
    `while ((chunk = stream.read()) !== null) chunks.push(chunk);`,
    `while (node = node.parent) depth++;`,
    `do { line = reader.next(); } while (line = reader.peek());`,
    `for (let i = 0; (item = items[i]); i++) use(item);`,
    `const value = (cached = compute()) ? cached : fallback;`,
    `if (a && (b = c)) go();`,
    `if (/* intended */ (session = store.get(id))) resume(session);`,
    `const fn = () => (x = 1);`,
    `if (result = lookup(scope.locals, name)) use(result);`,
    `if (result &= isRelatedTo(source, target)) ok();`,
    `if (user = await users.findById(id)) req.user = user;`,
    `const label = (status = 'ok') ? 'fine' : 'bad';`,
    `const label = status = ok ? 'fine' : 'bad';`,
  ],
  invalid: [
    {
      code: `function authorize(user) {
  if (user.role = 'admin') {
    return true;
  }
  return false;
}`,
      errors: [{ messageId: 'condAssign', line: 2 }],
    },
    { code: `if (session = currentSession) resume(session);`, errors: [{ messageId: 'condAssign', line: 1 }] },
    { code: `if (res.statusCode = 404) notFound();`, errors: [{ messageId: 'condAssign', line: 1 }] },
    { code: `while (retries = 0) retry();`, errors: [{ messageId: 'condAssign', line: 1 }] },
    { code: `do { tick(); } while (done = false);`, errors: [{ messageId: 'condAssign', line: 1 }] },
    { code: `for (let i = 0; ready = true; i++) work();`, errors: [{ messageId: 'condAssign', line: 1 }] },
    { code: `if ((x) = y) run();`, errors: [{ messageId: 'condAssign', line: 1 }] },
  ],
});
