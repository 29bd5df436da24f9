import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { memoryProjectFiles, type ProjectFiles } from '../project/project-files.js';
import { defineRule } from '../rule.js';
import type { FileResult, ThreatModel } from '../types.js';
import { taintVisitors } from './index.js';
import { SINK_KINDS } from './model.js';
import { summarizeModule } from './module-summary.js';

const probe = defineRule({
  id: 'taint-probe',
  meta: { description: 'probe', category: 'security', severity: 'high', messages: { flow: '{{sink}} <- {{source}}' } },
  create: (context) => taintVisitors(context, SINK_KINDS, () => 'flow'),
});

type Files = Record<string, string>;

/** Analyses `file` of a project made of `files`, as a scan would. */
function scan(files: Files, file: string, threatModel: ThreatModel = 'remote', project?: ProjectFiles): FileResult {
  const sources = Object.entries(files).map(([path, content]) => ({ path, content }));
  return analyzeSource(file, files[file] as string, {
    rules: [{ rule: probe, severity: 'high', options: {} }],
    threatModel,
    project: project ?? memoryProjectFiles(sources),
  });
}

function flows(files: Files, file: string, threatModel: ThreatModel = 'remote'): string[] {
  const result = scan(files, file, threatModel);
  expect(result.diagnostics).toEqual([]);
  return result.findings.map((f) => `${f.line} ${f.message}`);
}

const RUNNER = `const { execSync } = require('child_process');
function run(command) { return execSync('sh -c "' + command + '"'); }
`;

describe('cross-file taint: imports followed', () => {
  const route = (head: string, call: string): string =>
    `${head}\napp.post('/run', (req, res) => {\n  res.send(${call}(req.body.command));\n});\n`;
  const cases: [string, string, string, string][] = [
    ['module.exports = fn, required', 'module.exports = run;', "const run = require('./runner');", 'run'],
    ['module.exports = fn, default import', 'module.exports = run;', "import run from './runner.js';", 'run'],
    ['exports.name', 'exports.exec = run;', "const runner = require('./runner');", 'runner.exec'],
    ['destructured require', 'module.exports = { run };', "const { run: go } = require('./runner');", 'go'],
    ['require(...).name', 'module.exports.run = run;', '', "require('./runner').run"],
    ['ESM named export', 'export { run as exec };', "import { exec } from './runner';", 'exec'],
    ['ESM namespace', 'export { run };', "import * as runner from './runner.mjs';", 'runner.run'],
    ['ESM default export', 'export default run;', "import go from './runner';", 'go'],
    ['object with methods', 'module.exports = { shell: { run } };', "const r = require('./runner');", 'r.shell.run'],
    [
      'instance of a class',
      'class Runner { run(c) { return run(c); } }\nmodule.exports = new Runner();',
      "const runner = require('./runner');",
      'runner.run',
    ],
  ];
  for (const [name, exporting, importing, callee] of cases) {
    it(name, () => {
      const runner = importing.includes('.mjs') ? 'src/runner.mjs' : 'src/runner.js';
      const files = { [runner]: `${RUNNER}${exporting}\n`, 'src/app.js': route(importing, callee) };
      expect(flows(files, 'src/app.js')).toEqual([`3 child_process.execSync in ${runner} <- req.body`]);
    });
  }

  it('follows re-exports to the module that defines the function', () => {
    const runner = `${RUNNER}module.exports = { run };\n`;
    const barrels: [string, Files, string, string][] = [
      [
        'export * from',
        { 'src/lib/index.ts': "export * from './runner.js';\n" },
        "import { run } from './lib';",
        'run',
      ],
      [
        'export { x as y } from',
        { 'src/lib/index.ts': "export { run as exec } from './runner';\n" },
        "import { exec } from './lib/index.js';",
        'exec',
      ],
      [
        'module.exports = require()',
        { 'src/lib/index.js': "module.exports = require('./runner');\n" },
        "const lib = require('./lib');",
        'lib.run',
      ],
      [
        'compiled export star',
        { 'src/lib/index.js': '__exportStar(require("./runner"), exports);\n' },
        "const lib_1 = require('./lib');",
        'lib_1.run',
      ],
      [
        'exports.name = require()',
        { 'src/lib/index.js': "exports.shell = require('./runner');\n" },
        "const { shell } = require('./lib');",
        'shell.run',
      ],
    ];
    for (const [name, barrel, importing, callee] of barrels) {
      const files = {
        ...barrel,
        'src/lib/runner.js': runner,
        'src/app.js': `${importing}\napp.post('/run', (req, res) => {\n  res.send(${callee}(req.body.command));\n});\n`,
      };
      expect(flows(files, 'src/app.js'), name).toEqual(['3 child_process.execSync in src/lib/runner.js <- req.body']);
    }
  });

  it('reports at the call, with the steps inside the module located there', () => {
    const files = {
      'src/db.js': `const { pool } = require('./pool');
exports.byName = async (name) => {
  const sql = "SELECT * FROM users WHERE name = '" + name + "'";
  return (await pool.query(sql)).rows;
};
`,
      'src/app.js': `const db = require('./db');
app.get('/u', async (req, res) => {
  const name = req.query.name;
  res.json(await db.byName(name));
});
`,
    };
    const [finding] = scan(files, 'src/app.js').findings;
    expect(finding?.line).toBe(4);
    expect(finding?.message).toBe('query in src/db.js <- req.query');
    expect(finding?.flow?.map((s) => `${s.file}:${s.line} ${s.message}`)).toEqual([
      'src/app.js:3 source: req.query',
      'src/app.js:4 passed to byName() in src/db.js',
      'src/db.js:2 parameter "name"',
      'src/db.js:3 string concatenation',
      'src/db.js:4 reaches query in src/db.js',
    ]);
  });

  it('reports in the caller what an imported function returns and the caller passes on', () => {
    const files = {
      'src/paths.ts': `import path from 'node:path';
export const inUploads = (name: string) => path.join('/srv/uploads', name);
export const label = (name: string) => 'file';
`,
      'src/app.ts': `import fs from 'node:fs';
import { inUploads, label } from './paths.js';
app.get('/f', (req, res) => {
  fs.createReadStream(inUploads(req.query.f)).pipe(res);
  fs.createReadStream('/srv/' + label(req.query.f)).pipe(res);
});
`,
    };
    expect(flows(files, 'src/app.ts')).toEqual(['4 fs.createReadStream <- req.query']);
  });

  it('leaves packages, files outside the project and unknown exports alone', () => {
    const files = {
      'src/runner.js': `${RUNNER}module.exports = { run };\n`,
      'src/app.js': `const pkg = require('runner');
const outside = require('../../runner');
const { missing } = require('./runner');
app.post('/run', (req, res) => {
  pkg.run(req.body.a);
  outside.run(req.body.b);
  missing(req.body.c);
});
`,
    };
    const result = scan(files, 'src/app.js');
    expect(result.findings).toEqual([]);
    expect(result.dependencies).toEqual([{ file: 'src/runner.js', hash: expect.any(String) }]);
  });

  it('does not report twice under library: the module reports its exported parameter itself', () => {
    const files = {
      'src/runner.js': `${RUNNER}module.exports = { run };\n`,
      'src/index.js': `const { run } = require('./runner');
exports.build = (target) => run('make ' + target);
exports.serve = (req, res) => run(req.query.cmd);
`,
    };
    expect(flows(files, 'src/index.js', 'library')).toEqual([]);
    expect(flows(files, 'src/runner.js', 'library')).toEqual([
      '2 child_process.execSync <- parameter "command" of exported function run',
    ]);
  });
});

describe('cross-file taint: bounds and cost', () => {
  /** `src/m1.js` ... `src/m<n>.js`, each passing its parameter on to the next; the last runs it. */
  function chain(n: number): Files {
    const files: Files = {};
    for (let i = 1; i < n; i++)
      files[`src/m${i}.js`] = `const next = require('./m${i + 1}');\nexports.f = (x) => next.f(x);\n`;
    files[`src/m${n}.js`] = `const cp = require('child_process');\nexports.f = (x) => cp.execSync(x);\n`;
    files['src/app.js'] = `const m = require('./m1');\napp.get('/', (req) => m.f(req.query.x));\n`;
    return files;
  }

  it('follows calls three modules deep and no further', () => {
    expect(flows(chain(3), 'src/app.js')).toEqual(['2 child_process.execSync in src/m3.js <- req.query']);
    expect(flows(chain(4), 'src/app.js')).toEqual([]);
  });

  it('records every module the result used, so a change to any of them invalidates it', () => {
    const files = chain(3);
    const first = scan(files, 'src/app.js');
    expect(first.dependencies?.map((d) => d.file)).toEqual(['src/m1.js', 'src/m2.js', 'src/m3.js']);
    // The memo serves m1's summary again only while m2 and m3 are unchanged.
    const safe = {
      ...files,
      'src/m3.js': `const cp = require('child_process');\nexports.f = (x) => cp.execFileSync('ls', [x]);\n`,
    };
    expect(flows(safe, 'src/app.js')).toEqual([]);
    expect(flows(files, 'src/app.js')).toHaveLength(1);
  });

  it('gives a file the same result whatever was analysed before it (cycles cut the same way)', () => {
    const files = {
      'src/x.js': `const m = require('./m');
exports.g = (cmd) => require('child_process').execSync(cmd);
app.get('/x', (req) => m.f(req.query.cmd));
`,
      'src/m.js': "const x = require('./x');\nexports.f = (v) => x.g('run ' + v);\n",
      'src/other.js': "const m = require('./m');\napp.get('/o', (req) => m.f(req.query.cmd));\n",
    };
    const alone = flows(files, 'src/x.js');
    expect(flows(files, 'src/other.js')).toEqual(['2 child_process.execSync in src/x.js <- req.query']);
    expect(flows(files, 'src/x.js')).toEqual(alone);
  });

  it('reads no other file when the file has no source', () => {
    const read: string[] = [];
    const files = chain(2);
    files['src/app.js'] = `const m = require('./m1');\nexport const handler = (x) => m.f(x);\n`;
    const inner = memoryProjectFiles(Object.entries(files).map(([path, content]) => ({ path, content })));
    const project: ProjectFiles = {
      files: inner.files,
      read(file) {
        read.push(file);
        return inner.read(file);
      },
    };
    expect(scan(files, 'src/app.js', 'remote', project).findings).toEqual([]);
    expect(read).toEqual([]);
  });
});

describe('module summaries', () => {
  it('names every exported function the way importers call it', () => {
    const cjs = summarizeModule(
      'src/a.js',
      `function a(x) { return x; }
const helpers = { b(x) { return x; }, c: (x) => x };
class Store { static open(x) { return x; } read(x) { return x; } }
module.exports = a;
module.exports.helpers = helpers;
exports.Store = Store;
exports.d = function (x) { return x; };`,
      'remote',
      undefined,
    );
    expect([...cjs.functions.keys()].sort()).toEqual(['', 'Store.open', 'Store.read', 'd', 'helpers.b', 'helpers.c']);
    const esm = summarizeModule(
      'src/b.ts',
      `export function a(x: string) { return x; }
export const b = (x: string) => x;
function c(x: string) { return x; }
export { c as renamed };
export default { d(x: string) { return x; } };`,
      'remote',
      undefined,
    );
    expect([...esm.functions.keys()].sort()).toEqual(['a', 'b', 'd', 'renamed']);
    expect(esm.functions.get('a')?.returns.map((r) => r.param)).toEqual([0]);
  });
});
