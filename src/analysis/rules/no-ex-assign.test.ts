import { testRule } from '../test-support/rule-tester.js';
import rule from './no-ex-assign.js';

testRule(rule, {
  valid: [
    `try {
  await save(doc);
} catch (err) {
  const wrapped = new SaveError('save failed', { cause: err });
  throw wrapped;
}`,
    `try {
  run();
} catch (err) {
  items.forEach((err) => {
    err = normalize(err);
  });
}`,
    `try {
  run();
} catch (e) {
  let e2 = e;
  e2 = toAppError(e2);
  throw e2;
}`,
    `let error = null;
try {
  run();
} catch (e) {
  error = e;
}`,
    `try {
  run();
} catch (err) {
  for (let err = 0; err < 3; err++) retry();
}`,
  ],
  invalid: [
    {
      code: `async function fetchJson(url) {
  try {
    const res = await fetch(url);
    return await res.json();
  } catch (err) {
    err = new Error('Request failed');
    throw err;
  }
}`,
      errors: [{ messageId: 'exAssign', line: 6 }],
    },
    {
      code: `try {
  parse(input);
} catch ({ message }) {
  message = 'Invalid input';
  showToast(message);
}`,
      errors: [{ messageId: 'exAssign', line: 4 }],
    },
    {
      code: `try {
  connect();
} catch (e) {
  if (retries > 0) {
    [e] = [lastError];
  }
  logger.error(e);
}`,
      errors: [{ messageId: 'exAssign', line: 5 }],
    },
  ],
});
