import { testRule } from '../test-support/rule-tester.js';
import rule from './path-traversal.js';

const lib = { threatModel: 'library' as const, filename: 'lib/index.js' };

/** The project's storage module: one function confines the name, the other does not. */
const STORAGE = {
  path: 'src/storage.js',
  content: `const fs = require('fs/promises');
const path = require('path');
const UPLOADS = path.join(__dirname, '..', 'uploads');

async function readUpload(name) {
  return fs.readFile(path.join(UPLOADS, name));
}

async function readAvatar(name) {
  return fs.readFile(path.join(UPLOADS, 'avatars', path.basename(name)));
}

function uploadPath(name) {
  return path.join(UPLOADS, name);
}

module.exports = { readUpload, readAvatar, uploadPath };
`,
};

/** A module that imports its caller back: the cycle is cut, the flow still found. */
const CYCLIC = {
  path: 'src/files/read.js',
  content: `const fs = require('fs');
const { log } = require('./index');
module.exports = function read(file) {
  log(file);
  return fs.readFileSync('/srv/files/' + file, 'utf8');
};
`,
};

testRule(rule, {
  valid: [
    // basename keeps only the file name.
    `const path = require('path');
const fs = require('fs');
app.get('/avatar', (req, res) => {
  const name = path.basename(req.query.file);
  fs.createReadStream(path.join(__dirname, 'avatars', name)).pipe(res);
});`,
    // Resolve, then check the prefix before use.
    `import path from 'node:path';
import { readFile } from 'node:fs/promises';
const ROOT = path.resolve('public');
export async function GET(request) {
  const file = path.resolve(ROOT, request.nextUrl.searchParams.get('f'));
  if (!file.startsWith(ROOT + path.sep)) return new Response('no', { status: 403 });
  return new Response(await readFile(file));
}`,
    // Rejecting '..' before use.
    `const fs = require('fs');
http.createServer((req, res) => {
  const url = decodeURIComponent(req.url);
  if (url.includes('..')) { res.statusCode = 400; return res.end(); }
  fs.readFile('./static' + url, (err, data) => res.end(data));
});`,
    // Express's sendFile with a root option and a fixed name.
    `app.get('/', (req, res) => res.sendFile('index.html', { root: __dirname }));`,
    // Allow-list of file names.
    `const fs = require('fs');
const DOCS = new Set(['intro.md', 'api.md']);
app.get('/doc', (req, res) => {
  const doc = req.query.doc;
  if (DOCS.has(doc)) res.send(fs.readFileSync('docs/' + doc, 'utf8'));
});`,
    // Library: the caller passes a whole path on purpose (a file API, not a confinement).
    {
      ...lib,
      code: `const fs = require('fs');\nexports.readJson = function readJson(file) {\n  return JSON.parse(fs.readFileSync(file, 'utf8'));\n};`,
    },
    // Numeric id.
    `const fs = require('fs');
app.get('/invoice', (req, res) => {
  const id = Number(req.params.id);
  fs.readFile(\`invoices/\${id}.pdf\`, (e, d) => res.send(d));
});`,
    {
      name: 'cross-file: the imported function keeps only the base name',
      filename: 'src/routes/files.js',
      code: `const storage = require('../storage');
app.get('/avatar/:name', async (req, res) => {
  res.type('png').send(await storage.readAvatar(req.params.name));
});`,
      project: [STORAGE],
    },
    {
      name: 'cross-file: the path an imported function returns is checked against the folder',
      filename: 'src/routes/files.js',
      code: `const path = require('path');
const { uploadPath } = require('../storage');
const ROOT = path.resolve('uploads');
app.get('/f/:name', (req, res) => {
  const file = path.resolve(uploadPath(req.params.name));
  if (!file.startsWith(ROOT + path.sep)) return res.sendStatus(403);
  res.sendFile(file);
});`,
      project: [STORAGE],
    },
    {
      name: 'cross-file: a relative import of a file that is not part of the scan is not read',
      filename: 'src/routes/files.js',
      code: `const storage = require('../storage');
app.get('/f/:name', async (req, res) => {
  res.send(await storage.readUpload(req.params.name));
});`,
      project: [{ ...STORAGE, path: 'lib/storage.js' }],
    },
  ],
  invalid: [
    {
      code: `var http = require('http');
var fs = require('fs');
http.createServer(function (request, response) {
  var path = './' + request.url;
  fs.readFile(path, function (error, data) { response.end(data); });
}).listen(8080);`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'res.sendFile with a joined request parameter',
      code: `const path = require('path');
app.get('/files/:name', (req, res) => {
  res.sendFile(path.join(__dirname, 'uploads', req.params.name));
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'url.parse pathname in a plain http server',
      code: `const url = require('url');
const fs = require('fs');
module.exports = function serve(root) {
  return function (req, res) {
    const pathname = url.parse(req.url).pathname;
    const file = root + pathname;
    fs.createReadStream(file).pipe(res);
  };
};`,
      errors: [{ messageId: 'flow', line: 7 }],
    },
    {
      name: 'stripping ../ once is not a sanitizer',
      code: `const fs = require('fs');
app.get('/f', (req, res) => {
  const name = req.query.name.replace('../', '');
  fs.unlink('uploads/' + name, () => res.end());
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      ...lib,
      name: 'library: a name joined under the instance root',
      code: `const fs = require('fs');
const path = require('path');
class Store {
  constructor(root) { this.root = root; }
  read(key) { return fs.readFileSync(path.join(this.root, key)); }
}
module.exports = Store;`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'Koa body field',
      code: `const fs = require('fs-extra');
router.post('/save', async (ctx) => {
  const { name, content } = ctx.request.body;
  await fs.outputFile(\`data/\${name}.json\`, content);
});`,
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'cross-file: the route passes the name to an imported function that reads the file',
      filename: 'src/routes/files.js',
      code: `const storage = require('../storage');
app.get('/f/:name', async (req, res) => {
  res.send(await storage.readUpload(req.params.name));
});`,
      project: [STORAGE],
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'cross-file: a path built by an imported function is sent here',
      filename: 'src/routes/files.js',
      code: `const { uploadPath } = require('../storage');
app.get('/f/:name', (req, res) => {
  res.sendFile(uploadPath(req.params.name));
});`,
      project: [STORAGE],
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'cross-file: modules that import each other',
      filename: 'src/files/index.js',
      code: `const read = require('./read');
exports.log = (message) => console.log(message);
app.get('/files', (req, res) => {
  res.send(read(req.query.file));
});`,
      project: [CYCLIC],
      errors: [{ messageId: 'flow', line: 4 }],
    },
  ],
});
