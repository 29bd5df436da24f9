import { calleeMethod, dottedName, isTestDoublePath, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { callsWithValues, optionOf, type StaticValues } from '../static-values.js';

type Call = NodeOfType<'CallExpression'>;

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'original-fs', 'mz/fs']);
/** Names a file system module is conventionally bound to, for code that receives it from elsewhere. */
const FS_NAMES = new Set(['fs', 'fse', 'fsp', 'fsPromises', 'fsExtra']);
/** Calls that set a mode exactly, with the index of the mode argument. */
const EXACT_MODE: Record<string, number> = {
  chmod: 1,
  chmodSync: 1,
  lchmod: 1,
  lchmodSync: 1,
  fchmod: 1,
  fchmodSync: 1,
};
/** Calls that create with a mode the process umask then reduces, with the index of the mode or options. */
const CREATION_MODE: Record<string, number> = {
  mkdir: 1,
  mkdirSync: 1,
  mkdirp: 1,
  mkdirpSync: 1,
  mkdirs: 1,
  mkdirsSync: 1,
  ensureDir: 1,
  ensureDirSync: 1,
  writeFile: 2,
  writeFileSync: 2,
  appendFile: 2,
  appendFileSync: 2,
  outputFile: 2,
  outputFileSync: 2,
  open: 2,
  openSync: 2,
  createWriteStream: 1,
};
/** `fs.constants` permission bits. */
const MODE_CONSTANTS: Record<string, number> = {
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
};
const OTHERS_WRITE = 0o002;
const SHELL_CHMOD =
  /(?:^|[;&|]\s*|\bsudo\s+)chmod\s+(?:-[A-Za-z]+\s+)*([0-7]{3,4}|[ugoa]*[+=][rwxXst]+(?:,[ugoa]*[+=-][rwxXst]+)*)\s/;
const SHELL_RUNNERS = new Set(['exec', 'execSync']);
const PROGRAM_RUNNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const MAYBE_PERMISSIONS = /chmod|umask/;

interface Finding {
  node: AstNode;
  call: string;
  mode: number;
  creation: boolean;
}

export default defineRule({
  id: 'permissive-file-permissions',
  meta: {
    description:
      'Files and folders made writable by every user: chmod with modes such as 0o777 or 0o666 (numbers, octal strings, fs.constants, shell commands), process.umask(0), and creation modes that a cleared umask no longer reduces.',
    category: 'security',
    severity: 'medium',
    cwe: [732],
    messages: {
      worldWritable:
        '`{{call}}` sets mode {{mode}}, so every local user and process can modify the file: another account or a compromised service can change what this program reads or runs. Use 0o755 for programs and folders, 0o644 or 0o600 for files.',
      umask:
        '`process.umask({{mode}})` stops masking write permission for other users: everything this process creates with the default modes (0o666 files, 0o777 folders) is writable by every local user. Keep the default umask (0o022) and give modes explicitly where needed.',
      createdWorldWritable:
        '`{{call}}` creates it with mode {{mode}} while this file clears the umask, so every local user can modify it. Create it with 0o755 (folders) or 0o644/0o600 (files).',
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_PERMISSIONS.test(text)) return {};
    return callsWithValues(text, (calls, values) => {
      const findings: Finding[] = [];
      let umaskCleared = false;
      for (const call of calls) {
        const mask = umaskValue(call, values);
        if (mask !== null) {
          if ((mask & OTHERS_WRITE) === 0) {
            umaskCleared = true;
            context.report({ node: call, messageId: 'umask', data: { mode: octal(mask) } });
          }
          continue;
        }
        const finding = fileModeCall(call, values) ?? shellChmod(call, values);
        if (finding && (finding.mode & OTHERS_WRITE) !== 0) findings.push(finding);
      }
      for (const { node, call, mode, creation } of findings) {
        // Node creates files 0o666 and folders 0o777 by default; the umask (usually 0o022) removes the rest.
        if (creation && !umaskCleared) continue;
        const messageId = creation ? 'createdWorldWritable' : 'worldWritable';
        context.report({ node, messageId, data: { call, mode: octal(mode) } });
      }
    });
  },
});

function octal(mode: number): string {
  return `0o${mode.toString(8).padStart(3, '0')}`;
}

/** `process.umask(0)` and friends: the mask given, or null for other calls and for `umask()` reads. */
function umaskValue(call: Call, values: StaticValues): number | null {
  if (dottedName(call.callee as AstNode) !== 'process.umask' || call.arguments.length === 0) return null;
  return modeOf(call.arguments[0] as AstNode, values);
}

/** The file system call's name as written, when it is `fs.chmodSync`, `fsp.mkdir`, a destructured `chmod`... */
function fileFunction(call: Call, values: StaticValues): string | null {
  const callee = call.callee as AstNode;
  const ref = values.moduleOf(callee);
  if (ref) return FS_MODULES.has(ref.module) ? (ref.path[ref.path.length - 1] ?? null) : null;
  const target = unwrap(callee);
  if (target.type !== 'MemberExpression') return null;
  const owner = dottedName(target.object as AstNode);
  const last = owner?.slice(owner.lastIndexOf('.') + 1);
  return last !== undefined && (FS_NAMES.has(last) || owner === 'fs.promises') ? propertyName(target) : null;
}

function fileModeCall(call: Call, values: StaticValues): Finding | null {
  const method = calleeMethod(call);
  if (method === null || (EXACT_MODE[method] === undefined && CREATION_MODE[method] === undefined)) return null;
  const name = fileFunction(call, values);
  if (name === null) return null;
  const exact = EXACT_MODE[name];
  const index = exact ?? CREATION_MODE[name];
  const argument = index === undefined ? undefined : (call.arguments[index] as AstNode | undefined);
  if (!argument) return null;
  const mode = modeOf(argument, values, true);
  if (mode === null) return null;
  return { node: call, call: calleeText(call), mode, creation: exact === undefined };
}

function calleeText(call: Call): string {
  return dottedName(call.callee as AstNode) ?? calleeMethod(call) ?? 'chmod';
}

/**
 * Decodes a permission mode: numbers in any base (`0o777`, `511`), octal strings (`'777'`, as
 * Node's fs accepts them), `parseInt('777', 8)`, `fs.constants.S_I*` bits joined with `|`, and with
 * `inOptions`, the `mode` of an options object. Null when the value is not static.
 */
function modeOf(node: AstNode, values: StaticValues, inOptions = false): number | null {
  const value = values.resolve(node);
  switch (value.type) {
    case 'Literal':
      return literalMode(value.value);
    case 'BinaryExpression': {
      if (value.operator !== '|') return null;
      const left = modeOf(value.left as AstNode, values);
      const right = modeOf(value.right as AstNode, values);
      return left === null || right === null ? null : left | right;
    }
    case 'MemberExpression':
      return MODE_CONSTANTS[propertyName(value) ?? ''] ?? null;
    case 'CallExpression':
      return parsedOctal(value);
    case 'ObjectExpression': {
      const mode = inOptions ? optionOf(value, 'mode').value : null;
      return mode ? modeOf(mode, values) : null;
    }
    default:
      return null;
  }
}

/** A number in any base, or a string of octal digits as Node's fs reads it. */
function literalMode(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string') return /^[0-7]{1,4}$/.test(value) ? Number.parseInt(value, 8) : null;
  return null;
}

/** `parseInt('777', 8)`. */
function parsedOctal(call: Call): number | null {
  if (!dottedName(call.callee as AstNode)?.endsWith('parseInt')) return null;
  const [digits, radix] = call.arguments as AstNode[];
  const text = staticString(digits);
  return text !== null && radix?.type === 'Literal' && radix.value === 8 && /^[0-7]+$/.test(text)
    ? Number.parseInt(text, 8)
    : null;
}

/** `exec('chmod -R 777 ' + dir)`, `spawn('chmod', ['o+w', file])`, shelljs `chmod('777', file)`. */
function shellChmod(call: Call, values: StaticValues): Finding | null {
  const method = calleeMethod(call);
  if (method === null) return null;
  const ref = values.moduleOf(call.callee as AstNode);
  const args = call.arguments as AstNode[];
  let mode: string | null = null;
  if (ref?.module === 'shelljs' && method === 'chmod' && args.length >= 2) {
    mode = staticString(values.resolve(args[args.length - 2] as AstNode));
  } else if (ref?.module === 'child_process' && SHELL_RUNNERS.has(method)) {
    mode = SHELL_CHMOD.exec(`${commandPrefix(args[0])} `)?.[1] ?? null;
  } else if (ref?.module === 'child_process' && PROGRAM_RUNNERS.has(method) && staticString(args[0]) === 'chmod') {
    const list = args[1] ? unwrap(args[1]) : null;
    const words = list?.type === 'ArrayExpression' ? list.elements.map((e) => staticString(e as AstNode | null)) : [];
    mode = words.find((word) => word !== null && !word.startsWith('-')) ?? null;
  }
  const decoded = mode === null ? null : shellMode(mode);
  return decoded === null ? null : { node: call, call: `chmod ${mode}`, mode: decoded, creation: false };
}

/** The static beginning of a command string or template: enough to see `chmod 777`. */
function commandPrefix(node: AstNode | undefined): string {
  if (!node) return '';
  const target = unwrap(node);
  if (target.type === 'TemplateLiteral') return target.quasis[0]?.value.cooked ?? '';
  if (target.type === 'BinaryExpression' && target.operator === '+') return commandPrefix(target.left as AstNode);
  return staticString(target) ?? '';
}

/** `777`, `0666` or symbolic `a+w`, `o=rwx`, `ugo+rw` as the bits they give others (0o002 for write). */
function shellMode(mode: string): number | null {
  if (/^[0-7]{3,4}$/.test(mode)) return Number.parseInt(mode, 8);
  let bits = 0;
  for (const clause of mode.split(',')) {
    const match = /^([ugoa]*)([+=-])([rwxXst]*)$/.exec(clause);
    if (!match) return null;
    const [, who = '', operator, permissions = ''] = match;
    // `+w` without a "who" is filtered by the umask, like a creation mode.
    if (operator !== '-' && /[oa]/.test(who) && permissions.includes('w')) bits |= OTHERS_WRITE;
  }
  return bits;
}
