import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { defineRule } from '../rule.js';
import type { ThreatModel } from '../types.js';
import { analyzeTaint, type FunctionSummary, taintVisitors } from './index.js';
import { SINK_KINDS } from './model.js';

/** Runs the engine over a snippet and returns `line kind <- source` for every flow. */
function flows(code: string, threatModel: ThreatModel = 'remote', filename = 'src/app.js'): string[] {
  const probe = defineRule({
    id: 'taint-probe',
    meta: {
      description: 'probe',
      category: 'security',
      severity: 'high',
      messages: { flow: '{{sink}} <- {{source}}' },
    },
    create: (context) => taintVisitors(context, SINK_KINDS, () => 'flow'),
  });
  const result = analyzeSource(filename, code, {
    rules: [{ rule: probe, severity: 'high', options: {} }],
    threatModel,
    includeGenerated: true,
  });
  expect(result.diagnostics).toEqual([]);
  return result.findings.map((f) => `${f.line} ${f.message}`);
}

function summaries(code: string): FunctionSummary[] {
  let captured: FunctionSummary[] = [];
  const rule = defineRule({
    id: 'taint-summaries',
    meta: { description: 'summaries', category: 'security', severity: 'high', messages: { x: 'x' } },
    create: (context) => ({
      'Program:exit'(program) {
        captured = analyzeTaint(program, context).summaries();
      },
    }),
  });
  analyzeSource('src/lib.js', code, { rules: [{ rule, severity: 'high', options: {} }], threatModel: 'library' });
  return captured;
}

describe('taint engine: propagation', () => {
  it('follows variables, destructuring and reassignment', () => {
    expect(
      flows(`const { exec } = require('child_process');
app.get('/', (req, res) => {
  const { q } = req.query;
  let cmd = 'grep ';
  cmd += q;
  exec(cmd);
});`),
    ).toEqual(['6 child_process.exec <- req.query']);
  });

  it('tracks object properties separately', () => {
    expect(
      flows(`const { exec } = require('child_process');
app.get('/', (req, res) => {
  const job = { name: 'backup', target: req.query.target };
  exec('run ' + job.name);
  exec('run ' + job.target);
});`),
    ).toEqual(['5 child_process.exec <- req.query']);
  });

  it('passes through arrays, spread, Object.assign and string methods', () => {
    expect(
      flows(`const { exec } = require('child_process');
app.post('/', (req, res) => {
  const args = ['--verbose'];
  args.push(req.body.flag.trim().toLowerCase());
  const opts = Object.assign({}, { extra: [...args].join(' ') });
  exec('tool ' + opts.extra);
});`),
    ).toEqual(['6 child_process.exec <- req.body']);
  });

  it('follows promise chains, await and callbacks', () => {
    expect(
      flows(`const { exec } = require('child_process');
app.post('/', async (req, res) => {
  const body = await req.json();
  Promise.resolve(body.cmd).then((c) => exec(c));
  [body.a].map((x) => 'echo ' + x).forEach((line) => exec(line));
});`),
    ).toEqual(['4 child_process.exec <- req.json()', '5 child_process.exec <- req.json()']);
  });

  it('applies summaries of local functions, through returns and nested calls', () => {
    expect(
      flows(`const fs = require('fs');
const path = require('path');
function resolveUpload(name) { return path.join('/srv/uploads', name); }
function remove(file) { fs.unlinkSync(file); }
app.delete('/f', (req, res) => { remove(resolveUpload(req.query.name)); });`),
    ).toEqual(['4 fs.unlinkSync <- req.query']);
  });

  it('a sanitising call on one branch and a guard with an early exit', () => {
    expect(
      flows(`const fs = require('fs');
const path = require('path');
app.get('/a', (req, res) => {
  const file = path.resolve('/srv/public', req.query.f);
  if (!file.startsWith('/srv/public/')) return res.status(403).end();
  fs.readFile(file, () => {});
});
app.get('/b', (req, res) => {
  let name = req.query.f;
  name = path.basename(name);
  fs.readFile('/srv/public/' + name, () => {});
});`),
    ).toEqual([]);
  });

  it('a guard only covers its own branch', () => {
    expect(
      flows(`const { exec } = require('child_process');
const ALLOWED = new Set(['status', 'log']);
app.get('/', (req, res) => {
  const sub = req.query.sub;
  if (ALLOWED.has(sub)) exec('git ' + sub);
  else exec('git help ' + sub);
});`),
    ).toEqual(['6 child_process.exec <- req.query']);
  });

  it('class fields set in the constructor reach other methods', () => {
    expect(
      flows(
        `const { execSync } = require('child_process');
class Git {
  constructor(opts) { this.cwd = opts.cwd; }
  log() { return execSync('git log', { cwd: this.cwd }); }
  show(ref) { return execSync('git show ' + ref); }
}
module.exports = Git;`,
        'library',
      ),
    ).toEqual(['5 child_process.execSync <- parameter "ref" of exported function show']);
  });

  it('constructors published on an exported namespace, compiled classes and UMD factories are API', () => {
    const compiled = `var Shell = (function () {
  function Shell() {}
  var _proto = Shell.prototype;
  _proto.run = function run(cmd) { return require('child_process').execSync('sh -c ' + cmd); };
  return Shell;
})();`;
    expect(flows(`${compiled}\nfunction lib() {}\nlib.Shell = Shell;\nmodule.exports = lib;`, 'library')).toEqual([
      '4 child_process.execSync <- parameter "cmd" of exported function run',
    ]);
    expect(
      flows(
        `(function (global, factory) { factory(exports); }(this, function (exports) {\n${compiled}\nexports.Shell = Shell;\n}));`,
        'library',
      ),
    ).toEqual(['5 child_process.execSync <- parameter "cmd" of exported function run']);
    // An instance's method call reaches the prototype method, not the static of the same name.
    expect(
      flows(
        `const { exec } = require('child_process');
function Git() {}
Git.log = function (ref) { var git = new Git(); return git.log(ref); };
Git.prototype.log = function (ref) { return exec('git log ' + ref); };
exports.Git = Git;`,
        'library',
      ),
    ).toEqual(['4 child_process.exec <- parameter "ref" of exported function Git.prototype.log']);
  });

  it('a function of the file named like a sanitiser still runs the sinks inside it', () => {
    expect(
      flows(
        `const { exec } = require('child_process');
function sanitize(name) { exec('touch ' + name); return name.replace(/[^a-z]/g, ''); }
export function create(name) { return sanitize(name); }`,
        'library',
      ),
    ).toEqual(['2 child_process.exec <- parameter "name" of exported function create']);
  });

  it('closures see the variables they capture', () => {
    expect(
      flows(
        `const { exec } = require('child_process');
module.exports = function open(target) {
  const cmd = 'xdg-open "' + target + '"';
  return new Promise((resolve, reject) => {
    exec(cmd, (err) => (err ? reject(err) : resolve()));
  });
};`,
        'library',
      ),
    ).toEqual(['5 child_process.exec <- parameter "target" of exported function open']);
  });
});

describe('taint engine: compiled and wrapped code', () => {
  it('module functions called through interop wrappers and sequence callees keep their models and sinks', () => {
    const head = `"use strict";
var _path = _interopRequireDefault(require("path"));
var path_1 = __importDefault(require("path"));
const fs_1 = require("fs");
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
`;
    expect(
      flows(
        `${head}exports.a = function a(name) { return (0, fs_1.readFileSync)(_path.default.join(__dirname, name)); };
exports.b = function b(name) { return fs_1.readFileSync(path_1.default.join(__dirname, name)); };
exports.c = function c(name) { return fs_1.readFileSync(path_1.default.join(__dirname, path_1.default.basename(name))); };`,
        'library',
      ),
    ).toEqual([
      '6 fs.readFileSync <- parameter "name" of exported function a',
      '7 fs.readFileSync <- parameter "name" of exported function b',
    ]);
    // Under remote, the URL joined by `_path2.default.join` reaches the sink too.
    expect(
      flows(`var _fs = require('fs'), _path2 = _interopRequireDefault(require('path')), _url2 = _interopRequireDefault(require('url'));
function _interopRequireDefault(obj) { return obj && obj.__esModule ? obj : { default: obj }; }
require('http').createServer(function (request, response) {
  var file = _path2.default.join('/srv', _url2.default.parse(request.url).pathname);
  _fs.createReadStream(file).pipe(response);
});`),
    ).toEqual(['5 fs.createReadStream <- request.url']);
  });

  it("a UMD wrapper's factory result, `return api = {...}` and namespace objects assigned later are exported", () => {
    const umd = (body: string): string => `(function (root, factory) {
  if (typeof module === 'object') module.exports = factory();
  else root.lib = factory();
})(this, function () {
${body}
});`;
    expect(
      flows(
        umd(
          `  var api;\n  api = { shell: { run: function (cmd) { return require('child_process').execSync(cmd); } } };\n  return { api: api };`,
        ),
        'library',
      ),
    ).toEqual(['6 child_process.execSync <- parameter "cmd" of exported function run']);
    expect(
      flows(
        umd(
          `  var run, lib;\n  run = function (cmd) { return require('child_process').execSync(cmd); };\n  return lib = { run: run };`,
        ),
        'library',
      ),
    ).toEqual(['6 child_process.execSync <- parameter "cmd" of exported function run']);
    // A helper the factory keeps to itself is not API.
    expect(
      flows(
        umd(`  function run(cmd) { return require('child_process').execSync(cmd); }\n  return { version: '1.0.0' };`),
        'library',
      ),
    ).toEqual([]);
  });
});

describe('taint engine: checks in called functions', () => {
  const withCheck = (check: string): string => `const { exec } = require('child_process');
function assertName(name) {
${check}
}
app.get('/', (req, res) => {
  const name = req.query.name;
  assertName(name);
  exec('git branch ' + name);
});`;

  it('a function that throws unless its parameter passes a check guards the argument after the call', () => {
    expect(flows(withCheck("  if (!/^[\\w-]+$/.test(name)) throw new Error('bad name');"))).toEqual([]);
    expect(
      flows(
        `function preventPollution(key) {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new Error('Prototype pollution');
}
exports.set = function (obj, path, value) {
  const [a, b] = path.split('.');
  preventPollution(a);
  preventPollution(b);
  obj[a][b] = value;
};`,
        'library',
      ),
    ).toEqual([]);
  });

  it('a check that lets a path return without it, or a boolean validator, guards nothing', () => {
    expect(
      flows(withCheck("  if (name.length > 40) return;\n  if (!/^[\\w-]+$/.test(name)) throw new Error('bad name');")),
    ).toEqual(['9 child_process.exec <- req.query']);
    expect(flows(withCheck('  return /^[\\w-]+$/.test(name);'))).toEqual(['8 child_process.exec <- req.query']);
  });
});

describe('taint engine: callbacks', () => {
  it('a function that calls its parameter runs the function passed there with that data', () => {
    const code = (send: string): string => `const fs = require('fs');
const path = require('path');
function check(file, callback) {
  fs.stat(file, function (err, stats) {
    if (stats && stats.isFile()) callback(file, stats);
  });
}
require('http').createServer(function (req, res) {
  const file = path.join('/srv/www', req.url);
  check(file, function (found, stats) {
    ${send}
  });
});`;
    expect(flows(code('fs.createReadStream(found).pipe(res);'))).toEqual([
      '4 fs.stat <- req.url',
      '11 fs.createReadStream <- req.url',
    ]);
    // The callback's other argument is not the caller's data.
    expect(
      flows(code("fs.createReadStream('/srv/www/index.html').pipe(res.setHeader('x-size', stats.size));")),
    ).toEqual(['4 fs.stat <- req.url']);
  });

  it('a callback called with a constant or a sanitised value stays clean', () => {
    expect(
      flows(`const { exec } = require('child_process');
function withName(name, cb) { cb(name.replace(/[^a-z0-9]/g, '')); cb('default'); }
app.get('/', (req, res) => {
  withName(req.query.name, (safe) => exec('touch ' + safe));
});`),
    ).toEqual([]);
  });
});

describe('taint engine: sources by threat model', () => {
  const cli = `const { execSync } = require('child_process');
execSync('convert ' + process.argv[2]);`;

  it('process.argv is a source only for the local threat model', () => {
    expect(flows(cli, 'remote')).toEqual([]);
    expect(flows(cli, 'local')).toEqual(['2 child_process.execSync <- process.argv']);
  });

  it('exported parameters are sources only for the library threat model', () => {
    const code = `const { exec } = require('child_process');\nexport function run(task) { exec('make ' + task); }`;
    expect(flows(code, 'remote')).toEqual([]);
    expect(flows(code, 'library')).toEqual(['2 child_process.exec <- parameter "task" of exported function run']);
  });

  it('functions that are not exported are not entry points', () => {
    expect(
      flows(
        `const { exec } = require('child_process');\nfunction run(task) { exec('make ' + task); }\nmodule.exports = { build: () => run('all') };`,
        'library',
      ),
    ).toEqual([]);
  });

  it('Koa, Hono, Fastify and WebSocket sources', () => {
    expect(
      flows(`const { exec } = require('child_process');
router.get('/k', (ctx) => exec('a ' + ctx.request.body.x));
app.get('/h', async (c) => exec('b ' + c.req.query('x')));
fastify.post('/f', async (request, reply) => exec('c ' + request.body.x));
wss.on('connection', (ws) => { ws.on('message', (data) => exec('d ' + data)); });`),
    ).toEqual([
      '2 child_process.exec <- ctx.request.body',
      '3 child_process.exec <- c.req.query()',
      '4 child_process.exec <- request.body',
      "5 child_process.exec <- ws 'message' payload",
    ]);
  });

  it("messages from the program's own worker threads and processes are not attacker data", () => {
    expect(
      flows(`const { exec } = require('child_process');
const { Worker, parentPort } = require('worker_threads');
const pool = new Worker('./task.js');
pool.on('message', (job) => exec('convert ' + job.file));
parentPort.on('message', (job) => exec('convert ' + job.file));
process.on('message', (job) => exec('convert ' + job.file));
bus.on('message', (job) => exec('convert ' + job.file));`),
    ).toEqual(["7 child_process.exec <- bus 'message' payload"]);
  });

  it('browser globals are page sources, local variables of the same name are not', () => {
    expect(
      flows(`const hash = location.hash.slice(1);
document.body.innerHTML = hash;
function render(location) { document.body.innerHTML = location.hash; }
el.innerHTML = window.location.search + document.referrer;`),
    ).toEqual(['2 innerHTML <- location.hash', '4 innerHTML <- window.location.search']);
  });

  it('string sources carry no query operators, decoded text can hold line breaks again', () => {
    expect(
      flows(`app.get('/u/:id', async (req, res) => {
  await User.findOne({ _id: req.params.id });
  await User.findOne({ name: req.query.name });
  console.log('path ' + req.path);
  console.log('name ' + decodeURIComponent(req.path));
});`),
    ).toEqual(['3 findOne <- req.query', '5 console.log <- req.path']);
  });

  it('test files are not analysed', () => {
    expect(
      flows(
        `const { exec } = require('child_process');\napp.get('/', (req) => exec('x ' + req.query.a));`,
        'remote',
        'test/app.test.js',
      ),
    ).toEqual([]);
  });
});

describe('taint engine: flow steps and summaries', () => {
  it('reports the path from source to sink', () => {
    const probe = defineRule({
      id: 'taint-probe',
      meta: { description: 'probe', category: 'security', severity: 'high', messages: { flow: 'flow' } },
      create: (context) => taintVisitors(context, ['command'], () => 'flow'),
    });
    const result = analyzeSource(
      'src/app.js',
      `const { exec } = require('child_process');
app.get('/', (req, res) => {
  const host = req.query.host;
  const cmd = \`ping \${host}\`;
  exec(cmd);
});`,
      { rules: [{ rule: probe, severity: 'high', options: {} }], threatModel: 'remote' },
    );
    const flow = result.findings[0]?.flow ?? [];
    expect(flow.map((s) => `${s.line}: ${s.message}`)).toEqual([
      '3: source: req.query',
      '4: template literal',
      '5: reaches child_process.exec',
    ]);
  });

  it('summaries are plain, serialisable data', () => {
    const list = summaries(`const fs = require('fs');
function read(dir, name) { return fs.readFileSync(dir + '/' + name); }
function upper(s) { return s.toUpperCase(); }
module.exports = { read, upper };`);
    const read = list.find((s) => s.name === 'read');
    const upper = list.find((s) => s.name === 'upper');
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    expect(read?.exported).toBe(true);
    expect(read?.sinks.map((s) => `${s.param}:${s.kind}:${s.sinkName}`)).toEqual([
      '0:path:fs.readFileSync',
      '1:path:fs.readFileSync',
    ]);
    expect(upper?.returns.map((r) => r.param)).toEqual([0]);
  });

  it('stays quiet on files without sinks and never throws on odd code', () => {
    expect(flows('export const add = (a, b) => a + b;', 'library')).toEqual([]);
    expect(
      flows(
        'for (const [k, { v = 1 }] of x) { label: while (k) { break label; } }\nclass A { #p = 1; static { this.y = 2; } }',
        'library',
      ),
    ).toEqual([]);
  });
});
