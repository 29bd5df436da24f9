import { testRule } from '../test-support/rule-tester.js';
import rule from './code-injection.js';

const lib = { threatModel: 'library' as const, filename: 'lib/index.js' };

testRule(rule, {
  valid: [
    // Data parsed as data.
    `app.post('/calc', (req, res) => {
  const input = JSON.parse(req.body.expr);
  res.json(input);
});`,
    // A function, not a string, passed to setTimeout.
    `app.get('/later', (req, res) => {
  const delay = req.query.ms;
  setTimeout(() => res.send('done'), delay);
});`,
    // Table lookup instead of eval.
    `const OPS = { add: (a, b) => a + b };
app.get('/op', (req, res) => {
  res.json(OPS[req.query.op](1, 2));
});`,
    // A local eval shadows the global one.
    `function evaluate(eval, code) { return eval(code); }
app.get('/x', (req, res) => res.send(evaluate(JSON.parse, req.query.c)));`,
    // Quoted with JSON.stringify: the attacker's text stays a string literal.
    `app.get('/greet', (req, res) => {
  const fn = new Function('return ' + JSON.stringify(req.query.name));
  res.send(fn());
});`,
    // Library: a parameter passed to setTimeout as a callback.
    { ...lib, code: `export function defer(fn, ms) { return setTimeout(fn, ms); }` },
    // Library: evaluating a constant.
    { ...lib, code: `module.exports = function isStrict() { return eval('(function () { return !this; })()'); };` },
  ],
  invalid: [
    {
      code: `app.get('/calc', (req, res) => {
  const result = eval('(' + req.query.expr + ')');
  res.json(result);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'new Function built from a request body',
      code: `router.post('/filter', async (ctx) => {
  const { where } = ctx.request.body;
  const predicate = new Function('row', \`return \${where};\`);
  ctx.body = rows.filter(predicate);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'vm.runInNewContext',
      code: `import vm from 'node:vm';
export default async function handler(request) {
  const code = await request.text();
  return vm.runInNewContext(code, {});
}`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'setTimeout with a string',
      code: `app.get('/t', (req, res) => {
  setTimeout('notify("' + req.query.user + '")', 100);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      ...lib,
      name: 'library: for-in keys of an option object built into evaluated code',
      code: `module.exports = new (function () {
  this.setTheme = function (theme) {
    for (var name in theme) {
      eval('colors.setTheme({' + name + ': "' + theme[name] + '"});');
    }
  };
})();`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      ...lib,
      name: 'library: through a local helper that builds the expression',
      code: `function toExpression(path) {
  return 'ctx["' + path.replace(/\\*/g, '') + '"]';
}
exports.read = function read(path, ctx) {
  return eval(toExpression(path));
};`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
  ],
});
