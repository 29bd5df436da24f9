import { testRule } from '../test-support/rule-tester.js';
import rule from './redos.js';

testRule(rule, {
  valid: [
    // A linear pattern.
    `app.get('/slug', (req, res) => {
  res.json({ ok: /^[a-z0-9-]+$/.test(req.query.slug) });
});`,
    // A dangerous pattern on data the server owns.
    `const EMAIL = /^([a-zA-Z0-9]+)*@example\\.com$/;
app.get('/admins', (req, res) => {
  res.json(ADMINS.filter((a) => EMAIL.test(a.email)));
});`,
    // The length is bounded before matching.
    `const EMAIL = /^([a-zA-Z0-9]+)*@example\\.com$/;
app.post('/signup', (req, res) => {
  const { email } = req.body;
  if (email.length > 254) return res.status(400).end();
  res.json({ ok: EMAIL.test(email) });
});`,
    // Cut to a maximum length.
    `router.get('/t', async (ctx) => {
  const input = ctx.query.text.slice(0, 200);
  ctx.body = input.replace(/\\s+$/, '');
});`,
    // The length check guards the branch that matches.
    `fastify.post('/parse', async (request) => {
  const s = request.body.duration;
  return s.length <= 64 && /^(\\d+)+ms$/.test(s);
});`,
    // A number cannot be long.
    `app.get('/n', (req, res) => {
  res.json(/(\\d+)*x$/.test(String(parseInt(req.query.n, 10))));
});`,
    // Library: an exported function with a linear pattern.
    {
      threatModel: 'library',
      code: `export function isHex(value) { return /^[0-9a-f]+$/i.test(value); }`,
    },
    // A polyfill's fallback runs only where strings lack the method: never for a string.
    {
      threatModel: 'library',
      code: `export function trimEnd(str) {
  return str.trimEnd ? str.trimEnd() : str.replace(/\\s+$/, '');
}`,
    },
    // A regex property of an object that is never applied to the caller's text.
    {
      threatModel: 'library',
      code: `const rules = { version: /^v?(\\d+\\.?)*$/ };
export function describe(name) { return { name, rules: Object.keys(rules) }; }`,
    },
  ],
  invalid: [
    {
      name: 'Express: nested quantifier on a body field',
      code: `const EMAIL = /^([a-zA-Z0-9]+)*@example\\.com$/;
app.post('/signup', (req, res) => {
  res.json({ ok: EMAIL.test(req.body.email) });
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'typeof does not bound the length',
      code: `app.post('/signup', (req, res) => {
  const { email } = req.body;
  if (typeof email !== 'string') return res.status(400).end();
  res.json({ ok: /^([a-zA-Z0-9]+)*@example\\.com$/.test(email) });
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Koa: trailing whitespace trim (polynomial)',
      code: `router.get('/t', async (ctx) => {
  ctx.body = ctx.query.text.replace(/\\s+$/, '');
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'Node http: new RegExp with constant text',
      code: `const DURATION = new RegExp('^(\\\\d+)+ms$');
http.createServer((req, res) => {
  const q = new URL(req.url, 'http://x').searchParams.get('d');
  res.end(String(DURATION.exec(q)));
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'Next.js: match with a regex property of an object',
      code: `const patterns = { version: /^v?(\\d+\\.?)*$/ };
export async function GET(request) {
  const v = request.nextUrl.searchParams.get('v');
  return Response.json({ ok: Boolean(v.match(patterns.version)) });
}`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'library: a regex table in the constructor applied to the caller text',
      threatModel: 'library',
      code: `class Lexer {
  constructor() {
    this.rules = { heading: /^(#+\\s*)+$/ };
  }
  lex(src) {
    return this.rules.heading.exec(src);
  }
}
module.exports = Lexer;`,
      errors: [{ messageId: 'flow', line: 6 }],
    },
    {
      name: 'library: through a helper',
      threatModel: 'library',
      code: `const TRAILING = /\\s+$/;
function clean(text) { return text.replace(TRAILING, ''); }
export function normalize(input) { return clean(String(input)).toLowerCase(); }`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'library: a pattern folded from constants and a conditional choice',
      threatModel: 'library',
      code: `const UNITS = ['ms', 'seconds?', 'minutes?'];
const STRICT = new RegExp('^((?:\\\\d+)?\\\\.?\\\\d+) *(' + UNITS.join('|') + ')?$', 'i');
const LOOSE = /^\\s*(\\d+)\\s*/;
module.exports = function parse(text, options) {
  const re = options && options.loose ? LOOSE : STRICT;
  return re.exec(text);
};`,
      errors: [{ messageId: 'flow', line: 6 }],
    },
    {
      name: 'library: a compiled class published on a namespace',
      threatModel: 'library',
      code: `var Color = /*#__PURE__*/ (function () {
  function Color() {}
  var _proto = Color.prototype;
  _proto.setStyle = function setStyle(style) {
    return /^((?:rgb|hsl)a?)\\(\\s*([^\\)]*)\\)/.exec(style);
  };
  return Color;
})();
function lib() {}
lib.Color = Color;
module.exports = lib;`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'split and search count too',
      code: `app.get('/s', (req, res) => {
  const parts = req.query.list.split(/(,\\s*)+;/);
  res.json({ parts, at: req.query.q.search(/(a|a)+b/) });
});`,
      errors: [
        { messageId: 'flow', line: 2 },
        { messageId: 'flow', line: 3 },
      ],
    },
  ],
});
