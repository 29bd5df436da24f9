import { calleeMethod, calleeName, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';
import { ALL_KINDS, maskOf } from './model.js';
import { moduleRefOf, type Scope } from './scope.js';

/**
 * What makes attacker data safe: sanitizing calls (the value they return is safe for some kinds)
 * and guards (a condition under which a value is known to be safe, e.g. an allow-list check).
 */

const NUMERIC = new Set([
  'parseInt',
  'parseFloat',
  'Number',
  'Number.parseInt',
  'Number.parseFloat',
  'Boolean',
  'Math.floor',
  'Math.ceil',
  'Math.round',
  'Math.trunc',
  'Math.abs',
  'Math.min',
  'Math.max',
  'Date.parse',
  'isNaN',
  'Number.isNaN',
  'Number.isInteger',
  'Array.isArray',
  'encodeURIComponent_all',
]);

const HTML_ESCAPERS =
  /^(?:escape(?:Html|HTML|Xml|XML|Attr(?:ibute)?)?|htmlEscape|encodeHtml|encodeHTML|sanitizeHtml|sanitize|purify|xss|filterXSS|escapeHtmlEntities|encode)$/;
const SHELL_ESCAPERS =
  /shell.?(?:escape|quote)|(?:escape|quote).?shell|^(?:quote|escapeArg|escapeShellArg|escapeArgument)$/i;
const SQL_ESCAPERS = /^(?:escape|escapeId|escapeIdentifier|escapeLiteral|format|escapeString)$/;
const PATH_SANITIZERS = /^(?:sanitize(?:Filename|FileName|Path)?|sanitizeFilename|basename)$/;
/** A value that passed one of these is an integer, a boolean or an escaped string. */
const GENERIC_SANITIZER = /^(?:sanitize|escape|clean|safe)[A-Z_]?\w*$/;

/** Calls that sanitise by their full name. */
const NAMED_MASKS = new Map<string, number>([
  ['path.basename', maskOf('path')],
  ['path.posix.basename', maskOf('path')],
  ['path.win32.basename', maskOf('path')],
  ['encodeURIComponent', maskOf('path', 'command', 'xss', 'redirect', 'ssrf', 'log')],
  ['querystring.escape', maskOf('path', 'command', 'xss', 'redirect', 'ssrf', 'log')],
  ['encodeURI', maskOf('xss', 'log')],
  // A JSON string literal: quotes and line breaks escaped, safe inside JavaScript (`$where`) and a log line.
  ['JSON.stringify', maskOf('code', 'log', 'nosql-code')],
  ['util.inspect', maskOf('log')],
]);
const SQL_ESCAPE_CALL =
  /^(?:mysql\d?|connection|conn|db|pool|client|SqlString|sqlstring|pg|knex)\.(?:escape\w*|format)$/;
const SQL_ESCAPE_METHODS = new Set(['escapeLiteral', 'escapeIdentifier', 'escapeId']);
/** What a `sanitize*`/`escape*`/`clean*`/`safe*` method is for, by the rest of its name; first match wins. */
const GENERIC_PURPOSES: readonly [RegExp, number][] = [
  [/regexp|regex|re$/, 0],
  [/mongo|nosql/, maskOf('nosql', 'nosql-code')],
  [/shell|arg|cmd|command/, maskOf('command')],
  [/html|xml|xss/, maskOf('xss')],
  [/sql|query/, maskOf('sql')],
  [/path|file|name|dir/, maskOf('path')],
  [/url|uri|href|link|redirect/, maskOf('redirect', 'ssrf', 'xss')],
  [/key|prop/, maskOf('prototype')],
];

/** Kinds a sanitizing call makes its result safe for; 0 when the call sanitizes nothing. */
export function sanitizerMask(call: NodeOfType<'CallExpression' | 'NewExpression'>): number {
  const name = calleeName(call);
  const method = calleeMethod(call);
  if (name !== null && NUMERIC.has(name)) return ALL_KINDS;
  if (method === null) return 0;
  // A database id has a fixed format (the constructor throws on anything else).
  if (method === 'ObjectId' || method === 'ObjectID') return ALL_KINDS;
  if (BOUNDING_METHODS.has(method) && boundsLength(call.arguments as AstNode[])) return maskOf('regex');
  const named = name === null ? undefined : NAMED_MASKS.get(name);
  return named ?? methodMask(method, name);
}

function methodMask(method: string, name: string | null): number {
  if (SHELL_ESCAPERS.test(method)) return maskOf('command');
  if ((name !== null && SQL_ESCAPE_CALL.test(name)) || SQL_ESCAPE_METHODS.has(method)) return maskOf('sql');
  if (PATH_SANITIZERS.test(method) && method !== 'sanitize') return maskOf('path');
  if (method === 'sanitize' && name !== null && /(?:DOMPurify|purify)/i.test(name)) return maskOf('xss');
  if (method === 'sanitize' && name !== null && /mongo/i.test(name)) return maskOf('nosql', 'nosql-code');
  // HTML escaping keeps line breaks: safe in a page, not in a log line.
  if (HTML_ESCAPERS.test(method)) return maskOf('xss');
  if (SQL_ESCAPERS.test(method) && name !== null && /sql/i.test(name)) return maskOf('sql');
  if (!GENERIC_SANITIZER.test(method)) return 0;
  const lower = method.toLowerCase();
  for (const [purpose, mask] of GENERIC_PURPOSES) if (purpose.test(lower)) return mask;
  // Cleaning text does not make it shorter: a regex still scans all of it.
  return ALL_KINDS & ~maskOf('regex');
}

/** Modules whose whole job is sanitising, called directly: `const sanitize = require('mongo-sanitize')`. */
const SANITIZER_MODULES: ReadonlyMap<string, number> = new Map([
  ['mongo-sanitize', maskOf('nosql', 'nosql-code')],
  ['express-mongo-sanitize', maskOf('nosql', 'nosql-code')],
  ['escape-html', maskOf('xss')],
  ['sanitize-html', maskOf('xss')],
  ['xss', maskOf('xss')],
  ['dompurify', maskOf('xss')],
  ['isomorphic-dompurify', maskOf('xss')],
]);

/** Kinds a call to a sanitising module's function makes its result safe for, by the module it comes from. */
export function moduleSanitizerMask(callee: AstNode, scope: Scope): number {
  const target = unwrap(callee);
  const ref = moduleRefOf(target.type === 'MemberExpression' ? (target.object as AstNode) : target, scope);
  return ref ? (SANITIZER_MODULES.get(ref.module) ?? 0) : 0;
}

/** `s.slice(0, 100)`: the result is at most that long. */
const BOUNDING_METHODS = new Set(['slice', 'substring', 'substr']);

function boundsLength(args: readonly AstNode[]): boolean {
  if (args.length !== 2) return false;
  const start = numberValue(args[0] as AstNode);
  const end = unwrap(args[1] as AstNode);
  if (start === null || start < 0) return false;
  const n = numberValue(end);
  if (n !== null) return n >= 0;
  // A named limit: `s.slice(0, MAX_LENGTH)`, `s.substring(0, this.maxLength)`.
  return end.type === 'Identifier' || (end.type === 'MemberExpression' && propertyName(end) !== 'length');
}

const MARKUP = /<[a-zA-Z!/]/;

/** Text that holds HTML markup: a tag, a closing tag or a comment. */
export function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}

/**
 * Whether text written before a value in a URL fixes its scheme and host: after
 * `https://api.example.com/users/` (or a base of unknown text followed by `/users/`) the value is
 * a path, while after `https://` or at the start it chooses the host. NUL stands for unknown text.
 */
export function fixesOrigin(before: string): boolean {
  const rest = before.replace(/^[a-z][a-z\d+.-]*:/i, '').replace(/^\/\//, '');
  return /[/?#]/.test(rest);
}

function regexOf(node: AstNode): { pattern: string; flags: string } | null {
  if (node.type !== 'Literal' || !('regex' in node) || !node.regex) return null;
  return node.regex as { pattern: string; flags: string };
}

const SHELL_META = /[;&|`$<>(){}'"\\\n*?!#~]/;

/**
 * `s.replace(/[^\w.-]/g, '')`: deleting (or replacing with something harmless) every character
 * outside a small safe set. Stripping `../` once is not a sanitizer: `....//` survives it.
 */
export function replaceMask(call: NodeOfType<'CallExpression'>): number {
  const method = calleeMethod(call);
  if (method !== 'replace' && method !== 'replaceAll') return 0;
  const pattern = call.arguments[0] ? unwrap(call.arguments[0] as AstNode) : null;
  const replacement = call.arguments[1] ? staticString(call.arguments[1] as AstNode) : null;
  const regex = pattern ? regexOf(pattern) : null;
  if (!regex || replacement === null) return 0;
  const { pattern: source, flags } = regex;
  if (!flags.includes('g')) return 0;
  if (SHELL_META.test(replacement) || replacement.includes('/') || replacement.includes('.')) return 0;
  const negated = /^\[\^((?:\\.|[^\]\\])*)\][+*]?$/.exec(source);
  if (negated) return negatedClassMask(negated[1] ?? '');
  if (stripsLineBreaks(source) && !/[\r\n]/.test(replacement)) return maskOf('log');
  // A class of path separators removed entirely: no `../` can remain.
  if (/^\[(?:\\\/|\/|\\\\|\.)+\][+*]?$/.test(source) && replacement === '' && /\\\\|\//.test(source))
    return maskOf('path');
  return 0;
}

/** `/[\r\n]/g`, `/\r?\n|\r/g`, `/\s+/g`, `/[\x00-\x1f]/g`: a pattern that matches every line break. */
function stripsLineBreaks(source: string): boolean {
  if (source.includes('\\s') || /\\p\{C/.test(source)) return true;
  if (/\\x00-\\x1[fF]|\\u0000-\\u001[fF]/.test(source)) return true;
  return source.includes('\\n') && source.includes('\\r');
}

/** Characters a negated class (`[^...]`) still lets through decide which kinds stay open. */
function negatedClassMask(allowed: string): number {
  const lets = (c: string): boolean => allowed.includes(c) || allowed.includes(`\\${c}`);
  const letsAny = (chars: string): boolean => [...chars].some(lets);
  // Removing characters never shortens what a regular expression must scan.
  let mask = ALL_KINDS & ~maskOf('regex');
  if (letsAny('/.')) mask &= ~maskOf('path', 'redirect', 'ssrf');
  if (/\\s| /.test(allowed)) mask &= ~maskOf('command');
  if (/\\s|\\n|\\r/.test(allowed)) mask &= ~maskOf('log');
  if (letsAny(`'"`)) mask &= ~maskOf('sql', 'code', 'xss', 'nosql-code');
  if (letsAny('<>')) mask &= ~maskOf('xss');
  if (letsAny('$`;|&')) mask &= ~maskOf('command');
  if (letsAny('()')) mask &= ~maskOf('code');
  return mask;
}

/** A condition that, when it evaluates to `when`, proves `subject` safe for the kinds in `mask`. */
export interface Guard {
  subject: AstNode;
  mask: number;
  /** `'both'`: the author checked the value explicitly, whichever branch the sink is in. */
  when: boolean | 'both';
  /** For own-property checks: the object checked, which must not itself be attacker data. */
  object?: AstNode;
}

const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const TYPE_PREDICATES =
  /^is(?:Object|PlainObject|Obj|Plain|String|Str|Array|Arr|Function|Fn|Buffer|Date|RegExp|Map|Set|Defined|Undefined|Null|Nil|NullOrUndefined|Empty|Primitive|Number|Boolean|Bool|Symbol|Error|Promise|Stream|Iterable|Class|Native|Mergeable(?:Object)?|Extendable|Cloneable)$/i;
const VALIDATOR =
  /^(?:is|has)?(?:Valid|Safe|Allowed|Permitted|Whitelisted|Allowlisted|Trusted|Legal|Authori[sz]ed|Supported|Known)[A-Z_]?\w*$|^validate[A-Z_]?\w*$|^(?:is|has)?(?:valid|safe|allowed)$/;
const PROTO_CHECK =
  /proto|pollut|unsafe|forbidden|dangerous|reserved|blacklist|denylist|blocklist|safeKey|validKey|allowedKey|isKey/i;

function isIndexOf(node: AstNode): NodeOfType<'CallExpression'> | null {
  const target = unwrap(node);
  return target.type === 'CallExpression' && calleeMethod(target) === 'indexOf' ? target : null;
}

function numberValue(node: AstNode): number | null {
  const target = unwrap(node);
  if (target.type === 'Literal' && typeof target.value === 'number') return target.value;
  if (target.type === 'UnaryExpression' && target.operator === '-') {
    const inner = numberValue(target.argument as AstNode);
    return inner === null ? null : -inner;
  }
  return null;
}

const PROTO_WORDS = /__proto__|constructor|prototype/;

/**
 * A condition that mentions `__proto__`, `constructor` or `prototype` (a deny-list check such as
 * `/^(__proto__|constructor)$/.test(key)` or `keys.some((k) => k === '__proto__')`): whatever
 * it tests was checked for prototype keys, whichever way the branch goes.
 */
function prototypeMentionGuards(test: AstNode, out: Guard[]): void {
  let mentions = false;
  const subjects: AstNode[] = [];
  const visit = (node: AstNode): void => {
    if (node.type === 'Literal') {
      const text =
        typeof node.value === 'string' ? node.value : 'regex' in node && node.regex ? node.regex.pattern : '';
      if (PROTO_WORDS.test(text)) mentions = true;
    } else if (node.type === 'Identifier') subjects.push(node);
  };
  visit(unwrap(test));
  forEachDescendant(test, (node) => {
    if (node.type === 'MemberExpression' && !node.computed) {
      // `a.b`: only the object is a variable.
      visit(node.object as AstNode);
      forEachDescendant(node.object as AstNode, (inner) => {
        visit(inner);
        return undefined;
      });
      return false;
    }
    visit(node);
    return undefined;
  });
  if (!mentions) return;
  for (const subject of subjects) out.push({ subject, mask: maskOf('prototype'), when: 'both' });
}

const guardCache = new WeakMap<AstNode, readonly Guard[]>();

/** Guards a condition establishes (computed once per condition: loops and re-analyses ask again). */
export function guardsOf(test: AstNode): readonly Guard[] {
  let guards = guardCache.get(test);
  if (!guards) {
    const out: Guard[] = [];
    prototypeMentionGuards(test, out);
    guards = guardsOfNode(test, out);
    guardCache.set(test, guards);
  }
  return guards;
}

function guardsOfNode(test: AstNode, out: Guard[] = []): Guard[] {
  const node = unwrap(test);
  switch (node.type) {
    case 'UnaryExpression':
      if (node.operator === '!') {
        for (const guard of guardsOfNode(node.argument as AstNode))
          out.push({ ...guard, when: guard.when === 'both' ? 'both' : !guard.when });
      }
      return out;
    case 'LogicalExpression': {
      // `a && b` true: both hold; `a || b` false: both fail.
      const left = guardsOfNode(node.left as AstNode);
      const right = guardsOfNode(node.right as AstNode);
      const keep = node.operator === '&&' ? true : node.operator === '||' ? false : null;
      for (const guard of [...left, ...right]) if (guard.when === keep || guard.when === 'both') out.push(guard);
      return out;
    }
    case 'BinaryExpression':
      binaryGuards(node, out);
      return out;
    case 'CallExpression':
      callGuards(node, out);
      return out;
    case 'MemberExpression':
      builtinTestGuard(node, out);
      return out;
    default:
      return out;
  }
}

/** Methods every string has in any engine a package still supports. */
const STRING_BUILTINS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'padStart',
  'padEnd',
  'startsWith',
  'endsWith',
  'repeat',
]);

/**
 * `s.trim ? s.trim() : s.replace(/^\s+|\s+$/g, '')`: the fallback of a polyfill runs only where
 * the value has no such method, which no string lacks: no attacker string reaches its regex.
 */
function builtinTestGuard(node: NodeOfType<'MemberExpression'>, out: Guard[]): void {
  const name = propertyName(node);
  if (name !== null && STRING_BUILTINS.has(name))
    out.push({ subject: node.object as AstNode, mask: maskOf('regex'), when: false });
}

function binaryGuards(node: NodeOfType<'BinaryExpression'>, out: Guard[]): void {
  if (node.left.type === 'PrivateIdentifier') return;
  const { operator } = node;
  const left = unwrap(node.left as AstNode);
  const right = unwrap(node.right as AstNode);
  const equality = operator === '===' || operator === '==';
  if (equality || operator === '!==' || operator === '!=') {
    const literal = literalOf(right) ?? literalOf(left);
    if (literal) {
      comparisonGuards(literal === right ? left : right, literal, equality, out);
      return;
    }
  }
  lengthGuards(operator, left, right, out);
  const index = isIndexOf(left);
  const n = numberValue(right);
  if (index && n !== null) {
    // `s.indexOf(x) > -1`, `>= 0`: found.
    if ((operator === '>' && n === -1) || (operator === '>=' && n === 0)) indexOfGuard(index, true, -1, out);
    else if ((operator === '<' && n === 0) || (operator === '<=' && n === -1)) indexOfGuard(index, false, -1, out);
  }
  if (operator === 'in' && left.type !== 'Literal') {
    // `key in ALLOWED`: an allow-list lookup.
    out.push({ subject: left, mask: ALL_KINDS & ~maskOf('prototype'), when: true });
  }
}

/** A limit a length is compared with: a number up to MAX_LENGTH_LIMIT, or a named constant. */
const MAX_LENGTH_LIMIT = 10_000;

function isLengthLimit(node: AstNode): boolean {
  const n = numberValue(node);
  if (n !== null) return n <= MAX_LENGTH_LIMIT;
  return node.type === 'Identifier' || (node.type === 'MemberExpression' && propertyName(node) !== 'length');
}

/** `s.length`: the string whose length is read. */
function lengthOf(node: AstNode): AstNode | null {
  return node.type === 'MemberExpression' && propertyName(node) === 'length' ? (node.object as AstNode) : null;
}

/**
 * `if (s.length > 100) return`: past the check the string is short, which bounds any regex's
 * backtracking (`s.length <= MAX` holds when true, `s.length > MAX` when false).
 */
function lengthGuards(operator: string, left: AstNode, right: AstNode, out: Guard[]): void {
  const mask = maskOf('regex');
  const leftString = lengthOf(left);
  if (leftString && isLengthLimit(right)) {
    if (operator === '<' || operator === '<=') out.push({ subject: leftString, mask, when: true });
    else if (operator === '>' || operator === '>=') out.push({ subject: leftString, mask, when: false });
    return;
  }
  const rightString = lengthOf(right);
  if (rightString && isLengthLimit(left)) {
    if (operator === '>' || operator === '>=') out.push({ subject: rightString, mask, when: true });
    else if (operator === '<' || operator === '<=') out.push({ subject: rightString, mask, when: false });
  }
}

function literalOf(node: AstNode): AstNode | null {
  return staticString(node) !== null || node.type === 'Literal' ? node : null;
}

/** `subject === literal` (or `!==` when not `equality`). */
function comparisonGuards(subject: AstNode, literal: AstNode, equality: boolean, out: Guard[]): void {
  // `typeof x === 'number'`
  if (subject.type === 'UnaryExpression' && subject.operator === 'typeof') {
    const type = staticString(literal);
    if (type === 'number' || type === 'boolean' || type === 'undefined')
      out.push({ subject: subject.argument as AstNode, mask: ALL_KINDS, when: equality });
    // A string cannot carry query operators (it can still be long, or hold markup).
    else if (type === 'string')
      out.push({ subject: subject.argument as AstNode, mask: maskOf('nosql'), when: equality });
    return;
  }
  const text = staticString(literal);
  if (text !== null && PROTO_KEYS.has(text)) {
    // `key === '__proto__'` rejects the key when true.
    out.push({ subject, mask: maskOf('prototype'), when: !equality });
    return;
  }
  const index = isIndexOf(subject);
  const n = numberValue(literal);
  if (index && n !== null) {
    indexOfGuard(index, n === -1 ? !equality : equality && n === 0, n, out);
    return;
  }
  if (subject.type !== 'Literal') {
    out.push({ subject, mask: ALL_KINDS, when: equality });
    urlOwnerGuards(subject, equality, out);
  }
}

/** Parts of a URL that name where it goes: checking them checks the URL. */
export const URL_HOST_PARTS: ReadonlySet<string> = new Set(['hostname', 'host', 'origin']);
const URL_PARSERS = /^(?:URL|URL\.parse|url\.parse|parse)$/;

/** `new URL(x)`, `url.parse(x)`: the text parsed; null for anything else. */
export function urlArgument(node: AstNode): AstNode | null {
  const target = unwrap(node);
  if (target.type !== 'NewExpression' && target.type !== 'CallExpression') return null;
  const name = calleeName(target);
  return name !== null && URL_PARSERS.test(name) ? ((target.arguments[0] as AstNode | undefined) ?? null) : null;
}

/**
 * A checked `u.hostname` (or `host`, `origin`) checks where `u` goes, and for `new URL(x).hostname`
 * where `x` goes. A checked `event.origin` vouches for the whole message.
 */
function urlOwnerGuards(subject: AstNode, when: boolean, out: Guard[]): void {
  const target = unwrap(subject);
  if (target.type !== 'MemberExpression') return;
  const part = propertyName(target);
  if (part === null || !URL_HOST_PARTS.has(part)) return;
  const owner = target.object as AstNode;
  const url = urlArgument(owner);
  const mask = maskOf('ssrf', 'redirect');
  if (url) out.push({ subject: url, mask, when });
  else out.push({ subject: owner, mask: part === 'origin' ? ALL_KINDS : mask, when });
}

/** `list.indexOf(x) !== -1` (x is in an allow-list) or `p.indexOf(root) === 0` (p starts with root). */
function indexOfGuard(call: NodeOfType<'CallExpression'>, found: boolean, n: number, out: Guard[]): void {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return;
  const receiver = callee.object as AstNode;
  const argument = call.arguments[0] as AstNode | undefined;
  if (!argument) return;
  const needle = staticString(argument);
  if (needle !== null) {
    if (needle.includes('..')) out.push({ subject: receiver, mask: maskOf('path'), when: !found });
    return;
  }
  if (n === 0) {
    // `resolved.indexOf(root) === 0`: a prefix check.
    out.push({ subject: receiver, mask: maskOf('path'), when: found });
    return;
  }
  out.push({ subject: argument, mask: ALL_KINDS, when: found });
}

/** Guards of a call to a method with a known meaning, given its receiver (or null), arguments and dotted name. */
type MethodGuard = (receiver: AstNode | null, args: readonly AstNode[], name: string | null, out: Guard[]) => void;

/** `list.includes(x)`, `set.has(x)`: an allow-list; `p.includes('..')`: a traversal check. */
function membershipGuard(receiver: AstNode | null, args: readonly AstNode[], _name: string | null, out: Guard[]): void {
  const first = args[0];
  if (!receiver || !first) return;
  const needle = staticString(first);
  if (needle === null) {
    out.push({ subject: first, mask: ALL_KINDS, when: true });
    urlOwnerGuards(first, true, out);
  }
  // `p.includes('..')` when true means traversal: safe when false.
  else if (needle.includes('..')) out.push({ subject: receiver, mask: maskOf('path'), when: false });
}

/** `p.startsWith(root)`: a prefix check; `rel.startsWith('..')`: leaving the folder. */
function prefixGuard(receiver: AstNode | null, args: readonly AstNode[], _name: string | null, out: Guard[]): void {
  const first = args[0];
  if (!receiver || !first) return;
  const prefix = staticString(first);
  if (prefix === '..' || prefix === '../' || prefix === '..\\') {
    out.push({ subject: relativeTarget(receiver) ?? receiver, mask: maskOf('path'), when: false });
    return;
  }
  if (prefix === '/' || prefix === 'http' || prefix === 'https://') return;
  out.push({ subject: receiver, mask: maskOf('path', 'redirect', 'ssrf'), when: true });
}

/** `u.hostname.endsWith('.example.com')`: a host within a trusted domain. */
function suffixGuard(receiver: AstNode | null, args: readonly AstNode[], _name: string | null, out: Guard[]): void {
  const suffix = staticString(args[0]);
  if (!receiver || suffix === null || !/^\.?[\w-]+(?:\.[\w-]+)+$/.test(suffix)) return;
  const target = unwrap(receiver);
  if (target.type !== 'MemberExpression' || !URL_HOST_PARTS.has(propertyName(target) ?? '')) return;
  out.push({ subject: receiver, mask: maskOf('ssrf', 'redirect'), when: true });
  urlOwnerGuards(receiver, true, out);
}

/** `/^[a-z]+$/.test(x)`: an anchored pattern; `/\.\./.test(p)`: a traversal check. */
function regexTestGuard(receiver: AstNode | null, args: readonly AstNode[], _name: string | null, out: Guard[]): void {
  const first = args[0];
  const regex = receiver && first ? regexOf(unwrap(receiver)) : null;
  if (!regex || !first) return;
  const source = regex.pattern;
  if (source.startsWith('^') && source.endsWith('$')) out.push({ subject: first, mask: ALL_KINDS, when: true });
  else if (source.includes('\\.\\.')) out.push({ subject: first, mask: maskOf('path'), when: false });
}

/** A check on the first argument: `mask` holds for it when the call returns `when`. */
function firstArgumentGuard(mask: number, when: boolean): MethodGuard {
  return (_receiver, args, _name, out) => {
    const first = args[0];
    if (first) out.push({ subject: first, mask, when });
  };
}

/** `Object.prototype.hasOwnProperty.call(obj, key)`. */
function ownCallGuard(_receiver: AstNode | null, args: readonly AstNode[], name: string | null, out: Guard[]): void {
  if (name !== null && /hasOwnProperty\.call$/.test(name) && args[0] && args[1])
    out.push({ subject: args[1], mask: maskOf('prototype'), when: true, object: args[0] });
}

const METHOD_GUARDS = new Map<string, MethodGuard>([
  ['includes', membershipGuard],
  ['has', membershipGuard],
  ['startsWith', prefixGuard],
  ['endsWith', suffixGuard],
  ['test', regexTestGuard],
  ['isAbsolute', firstArgumentGuard(maskOf('path'), false)],
  ['isInteger', firstArgumentGuard(ALL_KINDS, true)],
  ['isSafeInteger', firstArgumentGuard(ALL_KINDS, true)],
  ['isFinite', firstArgumentGuard(ALL_KINDS, true)],
  ['isNaN', firstArgumentGuard(ALL_KINDS, false)],
  ['call', ownCallGuard],
]);

function callGuards(call: NodeOfType<'CallExpression'>, out: Guard[]): void {
  const method = calleeMethod(call);
  if (method === null) return;
  const name = calleeName(call);
  const callee = unwrap(call.callee as AstNode);
  const args = call.arguments as AstNode[];
  const receiver = callee.type === 'MemberExpression' ? (callee.object as AstNode) : null;
  const known = METHOD_GUARDS.get(method);
  if (known) known(receiver, args, name, out);
  else namedCheckGuards(method, name, receiver, args, out);
}

/** Checks recognised by their name: own-property checks, prototype-key checks, validators. */
function namedCheckGuards(
  method: string,
  name: string | null,
  receiver: AstNode | null,
  args: readonly AstNode[],
  out: Guard[],
): void {
  const first = args[0];
  if (method === 'hasOwnProperty' && receiver && first) {
    out.push({ subject: first, mask: maskOf('prototype'), when: true, object: receiver });
    return;
  }
  if ((method === 'hasOwn' || method === 'hasOwnProp') && args.length >= 2) {
    out.push({ subject: args[1] as AstNode, mask: maskOf('prototype'), when: true, object: args[0] as AstNode });
    return;
  }
  if (!first) return;
  if (PROTO_CHECK.test(method)) {
    for (const arg of args) out.push({ subject: arg, mask: maskOf('prototype'), when: 'both' });
    return;
  }
  if (TYPE_PREDICATES.test(method)) return;
  if (VALIDATOR.test(method) || (name !== null && /^validator\./.test(name))) {
    for (const arg of args) out.push({ subject: arg, mask: ALL_KINDS, when: true });
  }
}

/** `path.relative(root, p)`: the checked path is `p`. */
function relativeTarget(node: AstNode): AstNode | null {
  const target = unwrap(node);
  if (target.type !== 'CallExpression' || calleeMethod(target) !== 'relative') return null;
  return (target.arguments[1] as AstNode | undefined) ?? null;
}

/** Property reads whose value cannot carry injected text. */
export const CLEAN_PROPERTIES = new Set(['length', 'size', 'byteLength']);

/** Methods whose result is a number or a boolean whatever their input. */
export const CLEAN_METHODS = new Set([
  'indexOf',
  'lastIndexOf',
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'search',
  'localeCompare',
  'charCodeAt',
  'codePointAt',
  'has',
  'every',
  'some',
  'findIndex',
  'findLastIndex',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'getTime',
  'valueOf',
  'toFixed',
  'isFile',
  'isDirectory',
  'isSymbolicLink',
  'existsSync',
  'exists',
  'compare',
  'equals',
  'isArray',
  'isInteger',
  'isNaN',
]);

/** The static key of a member read as text for guards: `req.query.mode`, `opts.name`. */
export function guardKeyText(node: AstNode): string | null {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'ThisExpression') return 'this';
  if (target.type === 'MemberExpression') {
    const object = guardKeyText(target.object as AstNode);
    const name = propertyName(target);
    return object === null || name === null ? null : `${object}.${name}`;
  }
  return null;
}
