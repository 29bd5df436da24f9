import { describe, expect, it } from 'vitest';
import { parseSource } from './parse.js';

describe('parseSource', () => {
  it('parses a CommonJS module that returns at the top level, as Node runs it', () => {
    const outcome = parseSource('lib/server.js', "const fs = require('fs');\nif (!fs) return;\nmodule.exports = fs;\n");
    expect(outcome.ok).toBe(true);
  });

  it('still reports a top-level return in an ES module', () => {
    const outcome = parseSource('src/app.mjs', 'import x from "x";\nreturn x;\n');
    expect(outcome.ok).toBe(false);
  });

  it('reports a real syntax error with its location', () => {
    const outcome = parseSource('src/broken.js', 'const = 1;\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.diagnostic).toMatchObject({ code: 'ECTUS_PARSE_ERROR', line: 1 });
  });
});
