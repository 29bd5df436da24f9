import { testRule } from '../test-support/rule-tester.js';
import rule from './no-regexp-in-loop.js';

testRule(rule, {
  valid: [
    // Compiled once, outside the loop.
    `const pattern = new RegExp(escapeRegExp(query), 'i');
for (const row of rows) {
  if (pattern.test(row.title)) matches.push(row);
}`,
    // The pattern depends on the loop variable: a different RegExp per iteration.
    `for (const word of bannedWords) {
  text = text.replace(new RegExp(\`\\\\b\${word}\\\\b\`, 'gi'), '***');
}`,
    `const routes = Object.keys(table).map((path) => new RegExp('^' + path.replace(/:\\w+/g, '([^/]+)') + '$'));`,
    // A variable reassigned inside the loop is not invariant.
    `let source = initial;
while (queue.length > 0) {
  source = queue.shift();
  const re = new RegExp(source);
  results.push(re.test(input));
}`,
    // Built once: the loop returns right after.
    `function compile(rules, id, pattern) {
  for (const rule of rules) {
    if (rule.id === id) {
      return new RegExp(pattern, 'u');
    }
  }
}`,
    `for (const candidate of candidates) {
  if (candidate.enabled) {
    matcher = new RegExp(defaultPattern);
    break;
  }
}`,
    // Built on first use and kept.
    `for (const check of checks) {
  if (check.kind === 'emoji') {
    if (!emojiRegex) emojiRegex = new RegExp(EMOJI_SOURCE, 'u');
    if (!emojiRegex.test(input)) issues.push(check);
  }
}`,
    `rows.forEach((row) => {
  cache.pattern ??= new RegExp(options.pattern);
  row.ok = cache.pattern.test(row.text);
});`,
    // A regex literal is compiled once by the engine.
    `for (const line of lines) {
  if (/^\\s*#/.test(line)) continue;
  out.push(line);
}`,
    // A callback stored for later is not a loop.
    `function makeMatcher(pattern) {
  return (value) => new RegExp(pattern).test(value);
}`,
    // Called without arguments: could differ per call.
    `for (const file of files) {
  const matcher = new RegExp(nextPattern());
  check(matcher, file);
}`,
    `for (const [key, value] of Object.entries(env)) {
  const re = new RegExp(\`\\\\$\\\\{\${key}\\\\}\`, 'g');
  template = template.replace(re, value);
}`,
  ],
  invalid: [
    {
      code: `function highlight(items, query) {
  return items.map((item) => {
    const re = new RegExp(escapeRegExp(query), 'gi');
    return item.label.replace(re, (m) => '<mark>' + m + '</mark>');
  });
}`,
      errors: [{ messageId: 'regexpInLoop', line: 3 }],
    },
    {
      code: `for (const line of logLines) {
  const match = new RegExp('^(\\\\d{4}-\\\\d{2}-\\\\d{2}) (ERROR|WARN)').exec(line);
  if (match) counts[match[2]]++;
}`,
      errors: [{ messageId: 'regexpInLoop', line: 2 }],
    },
    {
      code: `const emailPattern = '^[^@]+@[^@]+$';
users.filter((user) => RegExp(emailPattern).test(user.email));`,
      errors: [{ messageId: 'regexpInLoop', line: 2 }],
    },
    {
      code: `for (let i = 0; i < rows.length; i++) {
  if (new RegExp(this.options.pattern, this.options.flags).test(rows[i].name)) selected.push(rows[i]);
}`,
      errors: [{ messageId: 'regexpInLoop', line: 2 }],
    },
    {
      name: 'inner loop over an outer-loop pattern',
      code: `for (const word of words) {
  for (const line of lines) {
    if (new RegExp(word, 'i').test(line)) hits.push([word, line]);
  }
}`,
      errors: [{ messageId: 'regexpInLoop', line: 3 }],
    },
  ],
});
