import { testRule } from '../test-support/rule-tester.js';
import rule from './require-numeric-sort-comparator.js';

testRule(rule, {
  valid: [
    `const sorted = [10, 9, 1].sort((a, b) => a - b);`,
    `const names = users.map((u) => u.name).sort();`,
    `const tags = ['b', 'a', 'c'].sort();`,
    // Typed arrays sort numerically by themselves.
    `const samples = new Float64Array(buffer).map((x) => x * 2).sort();`,
    // The same name, bound to strings in an inner scope.
    `const ids = rows.map((r) => Number(r.id));
function labels(ids) {
  return ids.sort();
}`,
    `function order(values: string[]) {
  return values.sort();
}`,
    `const versions = list.map((v) => v.trim()).sort();`,
    `const keys = Object.keys(counts).sort();`,
    `let order = order.filter(Boolean);
order.sort();`,
  ],
  invalid: [
    {
      code: `const ports = process.env.PORTS.split(',').map(Number).sort();`,
      errors: [{ messageId: 'numericSort', line: 1 }],
    },
    {
      code: `const lengths = words.map((w) => w.length);
const median = lengths.sort()[Math.floor(lengths.length / 2)];`,
      errors: [{ messageId: 'numericSort', line: 2 }],
    },
    {
      code: `function percentile(latencies: number[], p: number) {
  const sorted = [...latencies];
  latencies.sort();
  return latencies[Math.ceil((p / 100) * latencies.length) - 1];
}`,
      errors: [{ messageId: 'numericSort', line: 3 }],
    },
    {
      code: `const top = [100, 25, 3, -7].toSorted();`,
      errors: [{ messageId: 'numericSort', line: 1 }],
    },
    {
      code: `const prices = rows.map((row) => parseFloat(row.price)).filter((p) => p > 0).sort();`,
      errors: [{ messageId: 'numericSort', line: 1 }],
    },
    {
      code: `class Histogram {
  private samples: number[] = [];
  add(value: number) {
    this.samples.push(value);
  }
  max() {
    return this.samples.sort().at(-1);
  }
}`,
      errors: [{ messageId: 'numericSort', line: 7 }],
    },
    {
      code: `const indexes = Array.from({ length: count }, (_, i) => i * step);
indexes.sort();`,
      errors: [{ messageId: 'numericSort', line: 2 }],
    },
  ],
});
