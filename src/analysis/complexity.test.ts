import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { functionHeadSpan } from './complexity.js';
import { SourceCode } from './source-code.js';
import type { FileMetrics, FunctionMetrics } from './types.js';

function metricsOf(code: string, file = 'src/example.ts'): FileMetrics {
  const result = analyzeSource(file, code, { rules: [], threatModel: 'remote', includeGenerated: true });
  expect(result.diagnostics).toEqual([]);
  return result.metrics as FileMetrics;
}

function only(code: string): FunctionMetrics {
  const { functions } = metricsOf(code);
  expect(functions).toHaveLength(1);
  return functions[0] as FunctionMetrics;
}

function byName(metrics: FileMetrics, name: string): FunctionMetrics {
  const found = metrics.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name} in ${metrics.functions.map((f) => f.name).join(', ')}`);
  return found;
}

describe('cyclomatic and cognitive complexity', () => {
  it('gives an empty function 1 and 0', () => {
    expect(only('function noop() {}')).toMatchObject({ name: 'noop', cyclomatic: 1, cognitive: 0, lines: 1 });
  });

  it('adds nesting for loops and counts a labelled continue', () => {
    const fn = only(`
function sumOfPrimes(max) {
  let total = 0;
  outer: for (let i = 2; i <= max; ++i) { // cognitive +1 (loop, nesting 0)
    for (let j = 2; j < i; ++j) {         // +2 (loop, nesting 1)
      if (i % j === 0) {                  // +3 (if, nesting 2)
        continue outer;                   // +1 (labelled jump)
      }
    }
    total += i;
  }
  return total;
}`);
    // Cyclomatic: 1 + 2 loops + 1 if.
    expect(fn).toMatchObject({ cyclomatic: 4, cognitive: 7, line: 2, lines: 12 });
  });

  it('counts a switch once for cognitive and each tested case for cyclomatic', () => {
    const fn = only(`
function describeCount(n) {
  switch (n) {               // cognitive +1
    case 1: return 'one';    // cyclomatic +1 per case with a test
    case 2: return 'a couple';
    case 3: return 'a few';
    default: return 'lots';  // default is not a decision
  }
}`);
    expect(fn).toMatchObject({ cyclomatic: 4, cognitive: 1 });
  });

  it('treats else if and else as flat increments that still nest their bodies', () => {
    const fn = only(`
function classify(user, order) {
  if (!user) {                                 // +1 (if, nesting 0)
    return 'guest';
  } else if (user.banned || user.locked) {     // +1 (else if) +1 (|| sequence)
    return 'blocked';
  } else {                                     // +1 (else)
    for (const item of order.items) {          // +2 (loop, nesting 1: inside else)
      if (item.price > 100 && item.qty > 1 && !item.discounted) { // +3 (if, nesting 2) +1 (&& sequence)
        return 'vip';
      }
    }
  }
  return 'regular';
}`);
    // Cyclomatic: 1 + if + else if + || + for + if + 2 x &&.
    expect(fn).toMatchObject({ cyclomatic: 8, cognitive: 10 });
  });

  it('counts each sequence of like boolean operators once', () => {
    // a && b && c || d || e && f reads as &&, &&, ||, ||, && : three sequences.
    expect(only('function mixed(a, b, c, d, e, f) { return a && b && c || d || e && f; }')).toMatchObject({
      cyclomatic: 6,
      cognitive: 3,
    });
    // A negated group starts a new sequence: +1 for the outer &&, +1 for the inner one.
    expect(only('function negated(a, b, c) { return a && !(b && c); }')).toMatchObject({
      cyclomatic: 3,
      cognitive: 2,
    });
    // Same operator across a group without negation is still one sequence.
    expect(only('function grouped(a, b, c) { return a && (b && c); }')).toMatchObject({ cognitive: 1 });
  });

  it('does not nest for try, nests inside catch, and ignores finally', () => {
    const fn = only(`
async function loadAll(path, parts) {
  try {
    if (path) {                        // +1 (nesting 0: try does not nest)
      for (const part of parts) {      // +2
        while (part.pending) {         // +3
          await part.next();
        }
      }
    }
  } catch (err) {                      // +1 (catch, nesting 0)
    if (err.code === 'ENOENT') return null; // +2 (nesting 1)
    throw err;
  } finally {
    parts.length = 0;
  }
}`);
    expect(fn).toMatchObject({ name: 'loadAll', cyclomatic: 6, cognitive: 9 });
  });

  it('nests a ternary inside a ternary branch', () => {
    // Outer ?: +1; inner ?: in its consequent +2 (nesting 1).
    expect(only('const pick = (a, b) => (a ? (b ? 1 : 2) : 3);')).toMatchObject({
      name: 'pick',
      cyclomatic: 3,
      cognitive: 3,
    });
  });

  it('adds one for direct recursion, through `this` and through callbacks', () => {
    const factorial = only(`
function factorial(n) {
  if (n <= 1) return 1;        // +1
  return n * factorial(n - 1); // +1 (recursion)
}`);
    expect(factorial).toMatchObject({ cyclomatic: 2, cognitive: 2 });

    const metrics = metricsOf(`
class Tree {
  walk(node) {
    node.children.forEach((child) => this.walk(child));
  }
  size(node) {
    return 1 + node.children.length;
  }
}
const visit = (node) => { for (const c of node.children) visit(c); };`);
    expect(byName(metrics, 'walk').cognitive).toBe(1);
    expect(byName(metrics, 'size').cognitive).toBe(0);
    // Loop +1, recursion +1.
    expect(byName(metrics, 'visit').cognitive).toBe(2);
  });

  it('does not take a call to another function of the same name on another object as recursion', () => {
    const metrics = metricsOf(`
class Repo {
  save(user) {
    return this.db.save(user);
  }
}`);
    expect(byName(metrics, 'save').cognitive).toBe(0);
  });

  it('measures nested functions on their own, starting at nesting zero', () => {
    const metrics = metricsOf(`
function activeValues(items) {
  if (items.length === 0) return [];  // outer: +1
  return items.map((item) => {
    if (item.active) {                // inner: +1, not +2: the callback is measured alone
      return item.value ?? 0;         // ?? is cyclomatic only
    }
    return null;
  });
}`);
    expect(byName(metrics, 'activeValues')).toMatchObject({ cyclomatic: 2, cognitive: 1 });
    expect(byName(metrics, '<anonymous>')).toMatchObject({ cyclomatic: 3, cognitive: 1, line: 4 });
  });

  it('counts logical assignments for cyclomatic only and ignores optional chaining and defaults', () => {
    const fn = only(`
function configure(options = {}, retries = 3) {
  options.timeout ||= 1000;     // cyclomatic +1
  options.host ??= 'localhost'; // cyclomatic +1
  return options.tls?.cert?.length;
}`);
    expect(fn).toMatchObject({ cyclomatic: 3, cognitive: 0 });
  });

  it('does not count plain break or continue', () => {
    const fn = only(`
function firstEven(values) {
  for (const v of values) {   // +1
    if (v < 0) continue;      // +2
    if (v % 2 === 0) break;   // +2
  }
}`);
    expect(fn).toMatchObject({ cyclomatic: 4, cognitive: 5 });
  });
});

describe('function names and positions', () => {
  it('names methods, assigned functions and callbacks, at their head', () => {
    const metrics = metricsOf(`class UserService {
  constructor(repo) { this.repo = repo; }
  async find(id) { return this.repo.find(id); }
  #hash(value) { return value; }
  onChange = () => {};
}
const handlers = { create() {}, remove: function () {} };
module.exports.handler = async (req, res) => {};
app.get('/users', async (req, res) => { res.json([]); });
export default function () {}
`);
    expect(metrics.functions.map((f) => `${f.line}:${f.column} ${f.name}`)).toEqual([
      '2:3 constructor',
      '3:9 find',
      '4:3 #hash',
      '5:3 onChange',
      '7:20 create',
      '7:33 remove',
      '8:1 module.exports.handler',
      '9:19 <anonymous>',
      '10:16 <anonymous>',
    ]);
  });

  it('counts lines from the head to the closing brace', () => {
    const fn = only('const run = async () => {\n  await step();\n\n  await other();\n};\n');
    expect(fn).toMatchObject({ name: 'run', line: 1, column: 7, lines: 5 });
  });

  it('gives a finding span covering the name, or the head line of an anonymous function', () => {
    const text = "const x = 1;\napp.post('/login', async (req, res) => {\n  res.end();\n});\n";
    const source = new SourceCode(text);
    const anonymous = { name: '<anonymous>', line: 2, column: 20, cyclomatic: 1, cognitive: 0, lines: 3 };
    expect(source.getText(functionHeadSpan(source, anonymous))).toBe('async (req, res) => {');
    const named = { ...anonymous, name: 'app', column: 1 };
    expect(source.getText(functionHeadSpan(source, named))).toBe('app');
  });
});

describe('file metrics', () => {
  it('sums and maxes over functions', () => {
    const metrics = metricsOf(`
function a(x) { return x ? 1 : 2; }
function b(x, y) { if (x && y) { for (;;) {} } }`);
    // a: cyclomatic 2, cognitive 1. b: cyclomatic 4, cognitive 1 (if) + 1 (&&) + 2 (loop nested) = 4.
    expect(metrics).toMatchObject({ maxCyclomatic: 4, maxCognitive: 4, totalCyclomatic: 6 });
  });

  it('is 100 for a file without code', () => {
    expect(metricsOf('// nothing here yet\n').maintainability).toBe(100);
  });

  it('computes the maintainability index by the documented formula', () => {
    // 6 tokens, 6 distinct: V = 6 log2 6 = 15.51; CC 1; LOC 1.
    // (171 - 5.2 ln 15.51 - 0.23 - 16.2 ln 1) * 100 / 171 = 91.5 -> 92.
    expect(metricsOf('function f() {}\n').maintainability).toBe(92);
  });

  it('rates a long branching function lower than a short one', () => {
    const branches = Array.from(
      { length: 40 },
      (_, i) => `  if (input.kind === 'k${i}' && input.size > ${i}) {\n    total += compute${i}(input);\n  }`,
    ).join('\n');
    const long = metricsOf(`function route(input) {\n  let total = 0;\n${branches}\n  return total;\n}\n`);
    const short = metricsOf('function double(n) {\n  return n * 2;\n}\n');
    expect(long.maintainability).toBeLessThan(short.maintainability);
    expect(long.maintainability).toBeGreaterThanOrEqual(0);
    expect(long.functions[0]).toMatchObject({ cyclomatic: 81, cognitive: 80 });
  });
});
