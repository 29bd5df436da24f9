import { testRule } from '../test-support/rule-tester.js';
import rule from './no-dupe-else-if.js';

testRule(rule, {
  valid: [
    `function status(res) {
  if (res.statusCode >= 500) return 'error';
  else if (res.statusCode >= 400) return 'client';
  else if (res.statusCode >= 300) return 'redirect';
  return 'ok';
}`,
    `if (user.isAdmin && user.active) grant();
else if (user.isAdmin) warn();`,
    `if (a || b) x();
else if (c && d) y();
else if (c) z();`,
    `if (iterator.next().done) stop();
else if (iterator.next().done) stopLater();`,
    `if (queue.shift() === 'a') a();
else if (queue.shift() === 'a') b();`,
    `if (type === 'a') a();
if (type === 'a') b();`,
    `if ((n = read()) > 0) more();
else if ((n = read()) > 0) again();`,
    `if (isReady) run(); else { if (isReady) later(); }`,
  ],
  invalid: [
    {
      code: `function render(props) {
  if (props.loading) return <Spinner />;
  else if (props.error) return <ErrorView error={props.error} />;
  else if (props.loading) return <Skeleton />;
  return <List items={props.items} />;
}`,
      filename: 'src/view.jsx',
      errors: [{ messageId: 'duplicateCondition', line: 4 }],
    },
    {
      code: `if (req.method === 'GET') list();
else if (req.method === 'POST') create();
else if (req.method === "GET") show();`,
      errors: [{ messageId: 'duplicateCondition', line: 3 }],
    },
    {
      code: `if (a || b) one();
else if (a) two();`,
      errors: [{ messageId: 'duplicateCondition', line: 2 }],
    },
    {
      code: `if (isAdmin) one();
else if (isAdmin && isOwner) two();`,
      errors: [{ messageId: 'duplicateCondition', line: 2 }],
    },
    {
      code: `if (res.locals.user || res.locals.apiKey) allow();
else if (res.locals.user && isTrusted(req)) audit();`,
      errors: [{ messageId: 'duplicateCondition', line: 2 }],
    },
    {
      code: `if (a) one();
else if (b) two();
else if (b || a) three();`,
      errors: [{ messageId: 'duplicateCondition', line: 3 }],
    },
  ],
});
