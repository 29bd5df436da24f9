import { testRule } from '../test-support/rule-tester.js';
import rule from './command-injection.js';

const lib = { threatModel: 'library' as const, filename: 'lib/index.js' };

/** A module of the project that runs commands for the routes (ESM, TypeScript). */
const GIT = {
  path: 'src/services/git.ts',
  content: `import { exec, execFile, execSync } from 'node:child_process';

export function checkout(branch: string) {
  return new Promise((resolve) => exec('git checkout ' + branch, resolve));
}

export function checkoutSafely(branch: string) {
  return new Promise((resolve) => execFile('git', ['checkout', '--', branch], resolve));
}

export function clone(url: string) {
  if (!/^https:\\/\\/github\\.com\\/[\\w-]+\\/[\\w-]+$/.test(url)) throw new Error('bad url');
  return execSync(\`git clone \${url}\`);
}

export default function run(command: string) {
  return new Promise((resolve) => exec(command, resolve));
}
`,
};

/** Two modules deep: a facade that forwards to the module that runs the command. */
const FACADE = {
  path: 'src/services/index.js',
  content: `const shell = require('./shell');
module.exports.archive = (name) => shell.tar('backups/' + name + '.tgz');
`,
};
const SHELL = {
  path: 'src/services/shell.js',
  content: `const cp = require('child_process');
exports.tar = function tar(target) {
  return cp.execSync('tar czf ' + target + ' data');
};
`,
};

testRule(rule, {
  valid: [
    // execFile with an argument array and no shell: the attacker picks an argument, not a command.
    `const { execFile } = require('child_process');
app.get('/ping', (req, res) => {
  execFile('ping', ['-c', '1', req.query.host], (err, out) => res.send(out));
});`,
    // The command itself is constant.
    `const cp = require('child_process');
app.post('/build', (req, res) => {
  cp.exec('npm run build', () => res.sendStatus(204));
});`,
    // Allow-list check before use.
    `const { exec } = require('child_process');
const TARGETS = ['lint', 'test', 'build'];
app.post('/run', (req, res) => {
  const target = req.body.target;
  if (!TARGETS.includes(target)) return res.status(400).end();
  exec('npm run ' + target);
});`,
    // Numeric conversion.
    `import { execSync } from 'node:child_process';
export async function handler(req, res) {
  const pid = parseInt(req.query.pid, 10);
  execSync(\`kill -9 \${pid}\`);
}`,
    // Quoted with a shell-escaping helper.
    `const { exec } = require('child_process');
const shellescape = require('shell-escape');
app.get('/grep', (req, res) => {
  exec('grep -r ' + shellescape([req.query.q]) + ' docs');
});`,
    // A local variable that merely happens to be called request is not an HTTP request.
    `const { exec } = require('child_process');
function build() {
  const request = { url: 'https://example.com' };
  exec('curl ' + request.url);
}`,
    // Remote threat model: parameters of exported functions are not sources.
    `const { exec } = require('child_process');
module.exports = function run(cmd) { exec('git ' + cmd); };`,
    // Switch over constants.
    `const { exec } = require('child_process');
app.get('/svc', (req, res) => {
  const name = req.query.name;
  switch (name) {
    case 'nginx':
    case 'redis':
      exec('systemctl restart ' + name);
      break;
    default:
      res.status(400).end();
  }
});`,
    {
      ...lib,
      code: `const { spawn } = require('child_process');\nexports.list = function list(dir) {\n  return spawn('ls', ['-la', dir]);\n};`,
    },
    {
      name: 'cross-file: the imported function passes an argument array without a shell',
      filename: 'src/routes/deploy.ts',
      code: `import { checkoutSafely } from '../services/git.js';
app.post('/deploy', async (req, res) => {
  res.json(await checkoutSafely(req.body.branch));
});`,
      project: [GIT],
    },
    {
      name: 'cross-file: the imported function checks the value against an anchored pattern',
      filename: 'src/routes/deploy.ts',
      code: `import * as git from '../services/git.js';
app.post('/clone', async (req, res) => {
  res.json(await git.clone(req.body.url));
});`,
      project: [GIT],
    },
    {
      name: 'cross-file: the value is converted to a number before the call',
      filename: 'src/routes/deploy.ts',
      code: `import run from '../services/git.js';
app.post('/sleep', async (req, res) => {
  res.json(await run('sleep ' + Number(req.body.seconds)));
});`,
      project: [GIT],
    },
    {
      name: 'cross-file: under library the module reports its own parameter, not each caller',
      threatModel: 'library',
      filename: 'src/index.js',
      code: `const shell = require('./services/shell');
module.exports = function backup(name) {
  return shell.tar(name);
};`,
      project: [SHELL],
    },
  ],
  invalid: [
    {
      code: `const { exec } = require('child_process');
app.get('/ping', (req, res) => {
  const host = req.query.host;
  exec('ping -c 1 ' + host, (err, out) => res.send(out));
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'template literal through a helper function in the same file',
      code: `import { execSync } from 'node:child_process';
function gitLog(branch) {
  return execSync(\`git log --oneline \${branch}\`).toString();
}
router.get('/log', async (ctx) => {
  ctx.body = gitLog(ctx.query.branch);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'spawn with shell: true',
      code: `const cp = require('child_process');
app.post('/convert', (req, res) => {
  const { input } = req.body;
  cp.spawn('convert ' + input + ' out.png', { shell: true });
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'sh -c with an argument array',
      code: `const { spawn } = require('child_process');
app.get('/x', (req, res) => {
  spawn('sh', ['-c', \`echo \${req.query.msg}\`]);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      ...lib,
      name: 'library: a parameter of an exported function built into a command',
      code: `var exec = require('child_process').exec;
module.exports = function (iface, callback) {
  exec('ifconfig ' + iface, function (err, out) { callback(err, out); });
};`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      ...lib,
      name: 'library: promisified exec inside a promise callback',
      code: `const util = require('util');
const exec = util.promisify(require('child_process').exec);
async function version(pkg) {
  const { stdout } = await exec(\`npm view \${pkg} version\`);
  return stdout.trim();
}
module.exports = { version };`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      ...lib,
      name: 'library: class method reading a field set in the constructor',
      code: `const { execSync } = require('child_process');
class Repo {
  constructor(dir) { this.dir = dir; }
  status() { return execSync('git -C ' + this.dir + ' status'); }
}
module.exports = Repo;`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'array joined into a command in a forEach callback',
      code: `const { exec } = require('child_process');
app.post('/rm', (req, res) => {
  const files = req.body.files;
  files.forEach((f) => exec('rm ' + f));
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'cross-file: an imported function builds the command (named import, TypeScript)',
      filename: 'src/routes/deploy.ts',
      code: `import { checkout as switchTo } from '../services/git.js';
app.post('/deploy', async (req, res) => {
  res.json(await switchTo(req.body.branch));
});`,
      project: [GIT],
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'cross-file: the default export runs its parameter',
      filename: 'src/routes/deploy.ts',
      code: `import run from '../services/git';
app.post('/run', async (req, res) => {
  res.json(await run(req.body.command));
});`,
      project: [GIT],
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'cross-file: two modules deep, through require().member',
      filename: 'src/routes/backup.js',
      code: `router.post('/backup', (req, res) => {
  require('../services').archive(req.body.name);
  res.sendStatus(202);
});`,
      project: [FACADE, SHELL],
      errors: [{ messageId: 'flow', line: 2 }],
    },
  ],
});
