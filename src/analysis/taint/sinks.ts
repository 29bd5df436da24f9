import { calleeMethod, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { calleeRef, isGlobal, moduleOf, receiverName } from './callees.js';
import { logSinks } from './log-sinks.js';
import { FLAG_EMBEDDED, FLAG_JOINED, type SinkMatch } from './model.js';
import { querySinks } from './query-sinks.js';
import { RESPONSE } from './responses.js';
import { moduleRefOf, type Scope } from './scope.js';
import { webSinks } from './web-sinks.js';

/**
 * Dangerous calls, by sink kind: commands, code, paths and SQL here; web sinks (redirects, XSS,
 * SSRF, deserialization), MongoDB queries and log calls in their own modules.
 */

export type { SinkMatch } from './model.js';

/** Method names that can be sinks; a file with no call to any of these skips most of the analysis. */
export const SINK_METHODS = new Set([
  'exec',
  'execSync',
  'spawn',
  'spawnSync',
  'execFile',
  'execFileSync',
  'fork',
  'execa',
  'execaSync',
  'execaCommand',
  'execaCommandSync',
  'command',
  'commandSync',
  'eval',
  'Function',
  'runInNewContext',
  'runInThisContext',
  'runInContext',
  'compileFunction',
  'Script',
  'setTimeout',
  'setInterval',
  'sendFile',
  'download',
  'query',
  'execute',
  'raw',
  'whereRaw',
  'orderByRaw',
  'havingRaw',
  'joinRaw',
  'fromRaw',
  'run',
  'all',
  'get',
  'each',
  'prepare',
  'unsafe',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'redirect',
  'send',
  'write',
  'end',
  'fetch',
  'request',
  'unserialize',
  'deserialize',
  'writeHead',
  'setHeader',
  // XSS
  'insertAdjacentHTML',
  'createContextualFragment',
  'writeln',
  'html',
  'append',
  'prepend',
  'after',
  'before',
  'replaceWith',
  'wrap',
  'Response',
  'NextResponse',
  'SafeString',
  // HTTP clients
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'stream',
  'options',
  // deserializers
  'load',
  'loadAll',
  'unsafeLoad',
  'unsafeLoadAll',
  'deepDeserialize',
  'parse',
  // MongoDB
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndRemove',
  'findOneAndReplace',
  'findAndModify',
  'updateOne',
  'updateMany',
  'update',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'remove',
  'countDocuments',
  'count',
  'exists',
  'where',
  'aggregate',
  'distinct',
  'mapReduce',
  // logging
  'log',
  'info',
  'warn',
  'warning',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
]);

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'original-fs', 'mz/fs', 'jsonfile']);

/** fs functions and the indices of their path arguments. */
const FS_PATH_ARGS: ReadonlyMap<string, number[]> = new Map(
  Object.entries({
    readFile: [0],
    readFileSync: [0],
    writeFile: [0],
    writeFileSync: [0],
    appendFile: [0],
    appendFileSync: [0],
    createReadStream: [0],
    createWriteStream: [0],
    open: [0],
    openSync: [0],
    unlink: [0],
    unlinkSync: [0],
    rm: [0],
    rmSync: [0],
    rmdir: [0],
    rmdirSync: [0],
    readdir: [0],
    readdirSync: [0],
    opendir: [0],
    opendirSync: [0],
    mkdir: [0],
    mkdirSync: [0],
    stat: [0],
    statSync: [0],
    lstat: [0],
    lstatSync: [0],
    truncate: [0],
    truncateSync: [0],
    chmod: [0],
    chmodSync: [0],
    chown: [0],
    chownSync: [0],
    utimes: [0],
    utimesSync: [0],
    readlink: [0],
    readlinkSync: [0],
    copyFile: [0, 1],
    copyFileSync: [0, 1],
    cp: [0, 1],
    cpSync: [0, 1],
    rename: [0, 1],
    renameSync: [0, 1],
    symlink: [0, 1],
    symlinkSync: [0, 1],
    link: [0, 1],
    linkSync: [0, 1],
    // fs-extra and jsonfile
    readJson: [0],
    readJsonSync: [0],
    readJSON: [0],
    writeJson: [0],
    writeJsonSync: [0],
    outputFile: [0],
    outputFileSync: [0],
    outputJson: [0],
    outputJsonSync: [0],
    remove: [0],
    removeSync: [0],
    emptyDir: [0],
    emptyDirSync: [0],
    copy: [0, 1],
    copySync: [0, 1],
    move: [0, 1],
    moveSync: [0, 1],
  }),
);

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/;

const DB_RECEIVER =
  /(?:^|_)(?:db|pool|client|conn|connection|sql|knex|sequelize|pg|mysql|sqlite|database|tx|trx|transaction|prisma|query(?:Runner|Builder)?|repo|repository|manager|em)$|(?:Db|Pool|Client|Conn|Connection|Sql|Database|Knex|Sequelize|Transaction|Prisma)$/i;

/** True when an options object literal turns the shell on: `{ shell: true }`, `{ shell: '/bin/sh' }`. */
function enablesShell(node: AstNode | undefined): boolean {
  const target = node ? unwrap(node) : null;
  if (target?.type !== 'ObjectExpression') return false;
  for (const property of target.properties) {
    if (property.type !== 'Property' || propertyName(property as AstNode) !== 'shell') continue;
    const value = unwrap(property.value as AstNode);
    return !(value.type === 'Literal' && (value.value === false || value.value === null || value.value === ''));
  }
  return false;
}

/** `spawn('sh', ['-c', cmd])`: a shell asked to run a command string. */
function shellWithCommand(args: readonly AstNode[]): boolean {
  const program = staticString(args[0]);
  if (program === null || !SHELLS.test(program)) return false;
  const list = args[1] ? unwrap(args[1]) : null;
  if (list?.type !== 'ArrayExpression') return false;
  return list.elements.some((e) => {
    const text = e ? staticString(e as AstNode) : null;
    return text !== null && /^(?:-\w*c|\/c|-Command)$/i.test(text);
  });
}

const CHILD_PROCESS_SHELL = new Set(['exec', 'execSync']);
const CHILD_PROCESS_ARGV = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const CROSS_SPAWN = new Set(['', 'sync', 'spawn']);
const EXECA_COMMAND = new Set(['execaCommand', 'execaCommandSync', 'command', 'commandSync']);
const EXECA_ARGV = new Set(['', 'execa', 'execaSync', 'sync']);

function commandSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  const ref = calleeRef(call.callee as AstNode, scope);
  if (!ref) return [];
  const args = call.arguments as AstNode[];
  const make = (name: string, indices: number[]): SinkMatch[] => [
    { kind: 'command', name, args: indices, requires: 0, libraryRequires: 0 },
  ];
  // A program and its argument list: the list counts too when a shell runs it.
  const argv = (name: string): SinkMatch[] =>
    make(name, enablesShell(args[1]) || enablesShell(args[2]) || shellWithCommand(args) ? [0, 1] : [0]);
  const fn = ref.name;
  switch (ref.module) {
    case 'child_process':
      if (CHILD_PROCESS_SHELL.has(fn)) return make(`child_process.${fn}`, [0]);
      return CHILD_PROCESS_ARGV.has(fn) ? argv(`child_process.${fn}`) : [];
    case 'shelljs':
      return fn === 'exec' ? make('shelljs.exec', [0]) : [];
    case 'cross-spawn':
      return CROSS_SPAWN.has(fn) ? argv('cross-spawn') : [];
    case 'execa':
      if (EXECA_COMMAND.has(fn)) return make(`execa.${fn}`, [0]);
      return EXECA_ARGV.has(fn) ? argv('execa') : [];
    default:
      return [];
  }
}

function codeSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  const callee = unwrap(call.callee as AstNode);
  const args = call.arguments as AstNode[];
  const all = args.map((_, i) => i);
  const make = (name: string, indices: number[], requires = 0): SinkMatch[] => [
    { kind: 'code', name, args: indices, requires, libraryRequires: 0 },
  ];
  let name: string | null = null;
  if (callee.type === 'Identifier' && isGlobal(callee.name, scope)) name = callee.name;
  else if (callee.type === 'MemberExpression') {
    const object = unwrap(callee.object as AstNode);
    if (
      object.type === 'Identifier' &&
      /^(?:window|global|globalThis|self)$/.test(object.name) &&
      isGlobal(object.name, scope)
    )
      name = propertyName(callee);
  } else if (callee.type === 'SequenceExpression') {
    // `(0, eval)(code)`: indirect eval.
    const last = callee.expressions[callee.expressions.length - 1] as AstNode | undefined;
    if (last?.type === 'Identifier' && last.name === 'eval' && isGlobal('eval', scope)) name = 'eval';
  }
  if (name === 'eval' && call.type === 'CallExpression') return make('eval', [0]);
  if (name === 'Function') return make('Function', all);
  if ((name === 'setTimeout' || name === 'setInterval') && call.type === 'CallExpression')
    return make(name, [0], FLAG_EMBEDDED);
  const ref = calleeRef(callee, scope);
  if (ref?.module === 'vm') {
    if (['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script'].includes(ref.name))
      return make(`vm.${ref.name}`, [0]);
  }
  return [];
}

function pathSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  const callee = unwrap(call.callee as AstNode);
  // `(0, fs_1.readFileSync)(file)`: compiled named imports are called through a sequence.
  const sequenceRef = callee.type === 'SequenceExpression' ? calleeRef(callee, scope) : null;
  const method = calleeMethod(call) ?? sequenceRef?.name ?? null;
  if (method === null) return [];
  const make = (name: string, indices: number[]): SinkMatch[] => [
    { kind: 'path', name, args: indices, requires: 0, libraryRequires: FLAG_JOINED },
  ];
  const indices = FS_PATH_ARGS.get(method);
  if (indices) {
    const ref = sequenceRef ?? calleeRef(callee, scope);
    if (ref && FS_MODULES.has(ref.module) && ref.name === method) return make(`fs.${method}`, indices);
  }
  if ((method === 'sendFile' || method === 'download' || method === 'sendfile') && callee.type === 'MemberExpression') {
    const receiver = receiverName(callee);
    if (receiver !== null && RESPONSE.test(receiver)) return make(`${receiver}.${method}`, [0]);
  }
  if (callee.type === 'Identifier') {
    const ref = moduleRefOf(callee, scope);
    if (ref?.module === 'send' && ref.path.length === 0) return make('send', [1]);
  }
  return [];
}

const SQL_METHODS = new Set(['query', 'execute', 'raw', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe']);
const SQLITE_METHODS = new Set(['run', 'all', 'get', 'each', 'prepare', 'exec']);
const KNEX_RAW = new Set(['whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'fromRaw', 'groupByRaw', 'orWhereRaw']);

function sqlSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  if (call.type !== 'CallExpression') return [];
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return [];
  const method = propertyName(callee);
  if (method === null) return [];
  const make = (): SinkMatch[] => [
    { kind: 'sql', name: method, args: [0], requires: FLAG_EMBEDDED, libraryRequires: FLAG_EMBEDDED },
  ];
  if (KNEX_RAW.has(method)) return make();
  if (!SQL_METHODS.has(method) && !SQLITE_METHODS.has(method)) return [];
  const receiver = receiverName(callee);
  const ref = moduleOf(callee.object as AstNode, scope);
  const dbModule =
    ref &&
    /^(?:pg|mysql2?|mysql2\/promise|sqlite3?|better-sqlite3|knex|sequelize|postgres|mssql|oracledb)$/.test(ref.module);
  if (dbModule || (receiver !== null && DB_RECEIVER.test(receiver))) return make();
  return [];
}

/** Every sink a call is, with its dangerous arguments. */
const NO_SINKS: readonly SinkMatch[] = [];

export function sinksOfCall(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): readonly SinkMatch[] {
  const method = calleeMethod(call);
  const callee = unwrap(call.callee as AstNode);
  if (method === null && callee.type !== 'SequenceExpression') return NO_SINKS;
  if (method !== null && !SINK_METHODS.has(method) && !FS_PATH_ARGS.has(method)) {
    // Destructured or aliased module functions keep their module name, not their local name.
    if (callee.type !== 'Identifier') return NO_SINKS;
  }
  return [
    ...commandSinks(call, scope),
    ...codeSinks(call, scope),
    ...pathSinks(call, scope),
    ...sqlSinks(call, scope),
    ...webSinks(call, scope),
    ...querySinks(call, scope),
    ...logSinks(call),
  ];
}

/** `el.innerHTML = html`, `el.outerHTML = html`, `frame.srcdoc = html`: assignments that parse HTML. */
export function isHtmlPropertySink(target: AstNode): string | null {
  const node = unwrap(target);
  if (node.type !== 'MemberExpression') return null;
  const name = propertyName(node);
  return name === 'innerHTML' || name === 'outerHTML' || name === 'srcdoc' ? name : null;
}
