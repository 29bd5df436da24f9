import { calleeMethod, calleeName, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';
import { ALL_KINDS, maskOf } from './model.js';

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
  ['JSON.stringify', maskOf('code', 'log')],
]);
const SQL_ESCAPE_CALL =
  /^(?:mysql\d?|connection|conn|db|pool|client|SqlString|sqlstring|pg|knex)\.(?:escape\w*|format)$/;
const SQL_ESCAPE_METHODS = new Set(['escapeLiteral', 'escapeIdentifier', 'escapeId']);
/** What a `sanitize*`/`escape*`/`clean*`/`safe*` method is for, by the rest of its name; first match wins. */
const GENERIC_PURPOSES: readonly [RegExp, number][] = [
  [/regexp|regex|re$/, 0],
  [/shell|arg|cmd|command/, maskOf('command')],
  [/html|xml|xss/, maskOf('xss', 'log')],
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
  const named = name === null ? undefined : NAMED_MASKS.get(name);
  return named ?? methodMask(method, name);
}

function methodMask(method: string, name: string | null): number {
  if (SHELL_ESCAPERS.test(method)) return maskOf('command');
  if ((name !== null && SQL_ESCAPE_CALL.test(name)) || SQL_ESCAPE_METHODS.has(method)) return maskOf('sql');
  if (PATH_SANITIZERS.test(method) && method !== 'sanitize') return maskOf('path');
  if (method === 'sanitize' && name !== null && /(?:DOMPurify|purify)/i.test(name)) return maskOf('xss');
  if (HTML_ESCAPERS.test(method)) return maskOf('xss', 'log');
  if (SQL_ESCAPERS.test(method) && name !== null && /sql/i.test(name)) return maskOf('sql');
  if (!GENERIC_SANITIZER.test(method)) return 0;
  const lower = method.toLowerCase();
  for (const [purpose, mask] of GENERIC_PURPOSES) if (purpose.test(lower)) return mask;
  return ALL_KINDS;
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
  // A class of path separators removed entirely: no `../` can remain.
  if (/^\[(?:\\\/|\/|\\\\|\.)+\][+*]?$/.test(source) && replacement === '' && /\\\\|\//.test(source))
    return maskOf('path');
  return 0;
}

/** Characters a negated class (`[^...]`) still lets through decide which kinds stay open. */
function negatedClassMask(allowed: string): number {
  const lets = (c: string): boolean => allowed.includes(c) || allowed.includes(`\\${c}`);
  const letsAny = (chars: string): boolean => [...chars].some(lets);
  let mask = ALL_KINDS;
  if (letsAny('/.')) mask &= ~maskOf('path', 'redirect', 'ssrf');
  if (/\\s| /.test(allowed)) mask &= ~maskOf('command');
  if (letsAny(`'"`)) mask &= ~maskOf('sql', 'code', 'xss');
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
    default:
      return out;
  }
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
  if (subject.type !== 'Literal') out.push({ subject, mask: ALL_KINDS, when: equality });
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
  if (needle === null) out.push({ subject: first, mask: ALL_KINDS, when: true });
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
