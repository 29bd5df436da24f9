import { testRule } from '../test-support/rule-tester.js';
import rule from './no-case-mismatch-compare.js';

testRule(rule, {
  valid: [
    `if (user.role.toLowerCase() === 'admin') grant();`,
    `if (method.toUpperCase() === 'POST') parseBody();`,
    `const isJson = contentType.toLowerCase().includes('application/json');`,
    // Digits and punctuation have no case.
    `if (code.toUpperCase() === 'E404') notFound();`,
    `if (name.toLowerCase() === other) same();`,
    // Not normalised.
    `if (role === 'Admin') grant();`,
    `switch (env.toLowerCase()) {
  case 'production':
    enableCache();
    break;
  case 'dev':
    enableDebug();
}`,
  ],
  invalid: [
    {
      code: `export function requireAdmin(req, res, next) {
  if (req.user.role.toLowerCase() === 'Admin') {
    return next();
  }
  res.sendStatus(403);
}`,
      errors: [{ messageId: 'compare', line: 2 }],
    },
    {
      code: `const isGet = req.method.toUpperCase() == 'get';`,
      errors: [{ messageId: 'compare', line: 1 }],
    },
    {
      code: `if (header.toLowerCase() !== 'Bearer') throw new UnauthorizedError();`,
      errors: [{ messageId: 'compare', line: 1 }],
    },
    {
      code: `switch (level.toUpperCase()) {
  case 'ERROR':
    console.error(message);
    break;
  case 'Warn':
    console.warn(message);
    break;
}`,
      errors: [{ messageId: 'compare', line: 5 }],
    },
    {
      code: `const isChrome = navigator.userAgent.toLowerCase().includes('Chrome');`,
      errors: [{ messageId: 'search', line: 1 }],
    },
    {
      code: `if ('PDF' === file.ext?.toLowerCase()) preview(file);`,
      errors: [{ messageId: 'compare', line: 1 }],
    },
  ],
});
