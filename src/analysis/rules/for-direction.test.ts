import { testRule } from '../test-support/rule-tester.js';
import rule from './for-direction.js';

testRule(rule, {
  valid: [
    `for (let i = 0; i < rows.length; i++) render(rows[i]);`,
    `for (let i = items.length - 1; i >= 0; i--) if (items[i].done) items.splice(i, 1);`,
    `for (let i = 0; i <= 100; i += 10) ticks.push(i);`,
    `for (let i = 10; i > 0; i -= 2) countdown(i);`,
    `for (let i = 10; 0 < i; i--) countdown(i);`,
    `for (let i = 0; i < n; i += step) visit(i);`,
    `for (let lo = 0, hi = n; lo < hi; lo++, hi--) swap(lo, hi);`,
    `for (let i = 0, end = n; i < end; end--) shrink(end);`,
    `for (let node = head; node; node = node.next) visit(node);`,
    `for (let i = 0; i < n; i -= -1) visit(i);`,
  ],
  invalid: [
    {
      code: `for (let i = 0; i < users.length; i--) {
  notify(users[i]);
}`,
      errors: [{ messageId: 'wrongDirection', line: 1 }],
    },
    {
      code: `for (let i = list.length - 1; i >= 0; i++) list[i].dispose();`,
      errors: [{ messageId: 'wrongDirection', line: 1 }],
    },
    { code: `for (let i = 10; i > 0; i += 1) tick();`, errors: [{ messageId: 'wrongDirection', line: 1 }] },
    { code: `for (let i = 0; i <= max; i -= 5) tick();`, errors: [{ messageId: 'wrongDirection', line: 1 }] },
    { code: `for (let i = 0; limit > i; i--) tick();`, errors: [{ messageId: 'wrongDirection', line: 1 }] },
  ],
});
