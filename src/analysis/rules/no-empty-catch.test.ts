import { testRule } from '../test-support/rule-tester.js';
import rule from './no-empty-catch.js';

testRule(rule, {
  valid: [
    `try {
  fs.unlinkSync(tmpFile);
} catch {
  // Already gone: nothing to clean up.
}`,
    `try {
  await client.quit();
} catch (err) {
  /* the connection is closing anyway */
}`,
    `function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    logger.warn({ err }, 'invalid JSON');
    return null;
  }
}`,
    `promise.catch(() => {});`,
  ],
  invalid: [
    {
      code: `function loadSettings() {
  try {
    return JSON.parse(localStorage.getItem('settings'));
  } catch (e) {}
  return {};
}`,
      errors: [{ messageId: 'emptyCatch', line: 4 }],
    },
    {
      code: `async function shutdown() {
  try {
    await db.close();
  } catch {
  }
  // closed
}`,
      errors: [{ messageId: 'emptyCatch', line: 4 }],
    },
  ],
});
