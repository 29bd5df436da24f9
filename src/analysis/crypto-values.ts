import { calleeMethod, calleeName, dottedName, parentOf, propertyName, staticKeyName, unwrap } from './ast.js';
import { declarationOf, moduleMemberOf } from './module-bindings.js';
import type { AstNode, NodeOfType } from './rule.js';
import { forEachDescendant } from './traverse.js';

/**
 * Values the crypto rules need to know at a call: whether an argument is a constant (a literal, a
 * `const` bound to one, `Buffer.from('...')`, a zero-filled buffer), what it is (an algorithm name,
 * a key size), and which function of Node's `crypto` module a call is.
 */

export interface ConstantValue {
  /** The text, when the value is a string or bytes made from one. */
  text: string | null;
  /** The number, when the value is numeric. */
  number: number | null;
  /** True for bytes that are all zero: `Buffer.alloc(16)`, `new Uint8Array(12)`. */
  zeroFilled: boolean;
  /** The literal nodes the value is written in (to redact secrets from snippets). */
  literals: AstNode[];
  /** Declarators, properties and class fields the value was read through, nearest the use first. */
  holders: AstNode[];
}

type Call = NodeOfType<'CallExpression'>;
type NewCall = NodeOfType<'NewExpression'>;

const MAX_DEPTH = 8;
/** Undeclared names that stand for a module: the global `crypto`, CryptoJS and forge from script tags. */
export const CRYPTO_GLOBALS: Readonly<Record<string, string>> = {
  crypto: 'crypto',
  CryptoJS: 'crypto-js',
  forge: 'node-forge',
};
/** Packages with Node's crypto API. */
const NODE_CRYPTO_MODULES = new Set(['crypto', 'crypto-browserify', 'browserify-cipher', 'browserify-aes', 'pbkdf2']);
/** Packages whose default export is one function of Node's crypto API. */
const SINGLE_FUNCTION_MODULES: Record<string, string> = { 'create-hash': 'createHash', 'create-hmac': 'createHmac' };
/** Function names only Node's crypto API uses, recognised on receivers the file does not declare. */
const DISTINCTIVE_FUNCTIONS = new Set([
  'createHash',
  'createHmac',
  'createCipheriv',
  'createDecipheriv',
  'createCipher',
  'createDecipher',
  'pbkdf2',
  'pbkdf2Sync',
  'scrypt',
  'scryptSync',
  'generateKeyPair',
  'generateKeyPairSync',
  'createDiffieHellman',
  'getDiffieHellman',
  'createSign',
  'createVerify',
]);
const TYPED_ARRAYS = new Set(['Uint8Array', 'Int8Array', 'Uint16Array', 'Uint32Array']);
const TEXT_METHODS = new Set(['slice', 'substring', 'substr', 'subarray', 'toString', 'trim', 'padEnd', 'padStart']);

function make(partial: Partial<ConstantValue>): ConstantValue {
  return { text: null, number: null, zeroFilled: false, literals: [], holders: [], ...partial };
}

/**
 * The constant an expression evaluates to on every run, or null when it may vary. Follows `const`
 * bindings (and `let`/`var` never reassigned), properties of constant object literals, class fields
 * assigned once, string concatenation, and the usual ways of turning text into bytes.
 *
 * @example
 * // const IV = Buffer.from('0123456789abcdef'); createCipheriv(alg, key, IV)
 * constantValue(call.arguments[2]) // { text: '0123456789abcdef', ... }
 */
export function constantValue(expression: AstNode | null | undefined, depth = 0): ConstantValue | null {
  if (!expression || depth > MAX_DEPTH) return null;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Literal':
      return literalValue(node);
    case 'TemplateLiteral':
      return templateValue(node, depth);
    case 'BinaryExpression':
      return binaryValue(node, depth);
    case 'UnaryExpression': {
      const inner = node.operator === '-' ? constantValue(node.argument as AstNode, depth + 1) : null;
      return inner?.number == null ? null : { ...inner, number: -inner.number };
    }
    case 'Identifier':
      return identifierValue(node, depth);
    case 'MemberExpression':
      return memberValue(node, depth);
    case 'CallExpression':
      return callValue(node, depth);
    case 'NewExpression':
      return newValue(node, depth);
    default:
      return null;
  }
}

function literalValue(node: NodeOfType<'Literal'>): ConstantValue | null {
  if (typeof node.value === 'string') return make({ text: node.value, literals: [node] });
  if (typeof node.value === 'number') return make({ number: node.value, literals: [node] });
  return null;
}

function templateValue(node: NodeOfType<'TemplateLiteral'>, depth: number): ConstantValue | null {
  const parts = node.expressions.map((e) => constantValue(e as AstNode, depth + 1));
  if (parts.some((p) => p === null)) return null;
  let text = node.quasis[0]?.value.cooked ?? '';
  parts.forEach((part, i) => {
    text += `${part?.text ?? part?.number ?? ''}${node.quasis[i + 1]?.value.cooked ?? ''}`;
  });
  return merge(parts as ConstantValue[], { text, literals: [node] });
}

function merge(parts: readonly ConstantValue[], partial: Partial<ConstantValue>): ConstantValue {
  return make({
    ...partial,
    literals: [...(partial.literals ?? []), ...parts.flatMap((p) => p.literals)],
    holders: parts.flatMap((p) => p.holders),
  });
}

function binaryValue(node: NodeOfType<'BinaryExpression'>, depth: number): ConstantValue | null {
  if (node.left.type === 'PrivateIdentifier') return null;
  const left = constantValue(node.left as AstNode, depth + 1);
  const right = left ? constantValue(node.right as AstNode, depth + 1) : null;
  if (!left || !right) return null;
  if (left.number !== null && right.number !== null) {
    const number = arithmetic(node.operator, left.number, right.number);
    return number === null ? null : merge([left, right], { number });
  }
  if (node.operator !== '+') return null;
  return merge([left, right], { text: `${left.text ?? left.number ?? ''}${right.text ?? right.number ?? ''}` });
}

function arithmetic(operator: string, a: number, b: number): number | null {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    case '**':
      return a ** b;
    case '<<':
      return a << b;
    default:
      return null;
  }
}

function identifierValue(node: NodeOfType<'Identifier'>, depth: number): ConstantValue | null {
  const declaration = declarationOf(node);
  if (declaration?.kind !== 'variable' || !declaration.constant || !declaration.declarator.init) return null;
  const init = declaration.declarator.init as AstNode;
  const scope = parentOf(parentOf(declaration.declarator) as AstNode);
  if (scope && overwrittenNames(scope).has(node.name)) return null;
  let value: ConstantValue | null = null;
  if (declaration.path.length === 0) value = constantValue(init, depth + 1);
  else {
    const object = objectLiteralOf(init, depth + 1);
    const property = object ? pathProperty(object.node, declaration.path) : null;
    value = property ? constantValue(property.value as AstNode, depth + 1) : null;
  }
  return value ? { ...value, holders: [declaration.declarator, ...value.holders] } : null;
}

const overwrittenCache = new WeakMap<AstNode, ReadonlySet<string>>();
/** Calls that fill a buffer passed to them, and buffer methods that write into their receiver. */
const FILLING_CALL = /^(random\w*|getRandomValues|fill\w*|set|write\w*|copy)$/;

/**
 * Names of buffers whose bytes code inside `scope` overwrites: `randomFillSync(iv)`,
 * `crypto.getRandomValues(iv)`, `iv.set(bytes)`, `iv[0] = n`. A zeroed buffer filled this way is
 * not a constant.
 */
function overwrittenNames(scope: AstNode): ReadonlySet<string> {
  const cached = overwrittenCache.get(scope);
  if (cached) return cached;
  const names = new Set<string>();
  const add = (node: AstNode | null | undefined): void => {
    const target = node ? unwrap(node) : null;
    if (target?.type === 'Identifier') names.add(target.name);
  };
  forEachDescendant(scope, (node) => {
    if (node.type === 'CallExpression' && FILLING_CALL.test(calleeMethod(node) ?? '')) {
      for (const argument of node.arguments) add(argument as AstNode);
      const callee = unwrap(node.callee as AstNode);
      if (callee.type === 'MemberExpression') add(callee.object as AstNode);
    } else if (node.type === 'AssignmentExpression') {
      const target = unwrap(node.left as AstNode);
      if (target.type === 'MemberExpression' && target.computed) add(target.object as AstNode);
    }
    return undefined;
  });
  overwrittenCache.set(scope, names);
  return names;
}

/** The object literal an expression names: `{...}` itself, a constant bound to one, or a property of one. */
export function objectLiteralOf(expression: AstNode, depth = 0): { node: NodeOfType<'ObjectExpression'> } | null {
  if (depth > MAX_DEPTH) return null;
  const node = unwrap(expression);
  if (node.type === 'ObjectExpression') return { node };
  if (node.type === 'Identifier') {
    const declaration = declarationOf(node);
    if (declaration?.kind !== 'variable' || !declaration.constant || !declaration.declarator.init) return null;
    const object = objectLiteralOf(declaration.declarator.init as AstNode, depth + 1);
    if (!object || declaration.path.length === 0) return object;
    const property = pathProperty(object.node, declaration.path);
    return property ? objectLiteralOf(property.value as AstNode, depth + 1) : null;
  }
  if (node.type === 'MemberExpression') {
    const name = propertyName(node);
    const object = name === null ? null : objectLiteralOf(node.object as AstNode, depth + 1);
    const property = object && name !== null ? pathProperty(object.node, [name]) : null;
    return property ? objectLiteralOf(property.value as AstNode, depth + 1) : null;
  }
  return null;
}

/** The property at `path` in nested object literals (`{ a: { b: 1 } }`, ['a', 'b']), or null. */
function pathProperty(object: NodeOfType<'ObjectExpression'>, path: readonly string[]): NodeOfType<'Property'> | null {
  let current: AstNode = object;
  let found: NodeOfType<'Property'> | null = null;
  for (const key of path) {
    if (current.type !== 'ObjectExpression') return null;
    found = objectProperty(current, key);
    if (!found) return null;
    current = unwrap(found.value as AstNode);
  }
  return found;
}

/** The last `key:` property of an object literal (a later one wins at run time); null after a spread that may override it. */
export function objectProperty(object: NodeOfType<'ObjectExpression'>, key: string): NodeOfType<'Property'> | null {
  let found: NodeOfType<'Property'> | null = null;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') found = null;
    else if (property.kind === 'init' && staticKeyName(property) === key) found = property;
  }
  return found;
}

function memberValue(node: NodeOfType<'MemberExpression'>, depth: number): ConstantValue | null {
  const name = propertyName(node);
  if (name === null) return null;
  const object = unwrap(node.object as AstNode);
  if (object.type === 'ThisExpression') return classFieldValue(node, name, depth);
  const literal = objectLiteralOf(object, depth + 1);
  const property = literal ? objectProperty(literal.node, name) : null;
  const value = property ? constantValue(property.value as AstNode, depth + 1) : null;
  return value && property ? { ...value, holders: [property, ...value.holders] } : null;
}

/** `this.iv` where the class sets `iv` once, in a field initialiser or the constructor. */
function classFieldValue(member: AstNode, name: string, depth: number): ConstantValue | null {
  let body: AstNode | null = parentOf(member);
  while (body && body.type !== 'ClassBody') body = parentOf(body);
  if (!body) return null;
  const sources: { holder: AstNode; value: AstNode }[] = [];
  for (const element of body.body as AstNode[]) {
    if (element.type === 'PropertyDefinition' && element.value && staticKeyName(element) === name)
      sources.push({ holder: element, value: element.value as AstNode });
  }
  forEachDescendant(body, (node) => {
    if (node.type === 'ClassBody') return false;
    if (node.type === 'AssignmentExpression') {
      const target = unwrap(node.left as AstNode);
      if (target.type === 'MemberExpression' && dottedName(target) === `this.${name}`)
        sources.push({ holder: node, value: node.right as AstNode });
    }
    return undefined;
  });
  const only = sources.length === 1 ? sources[0] : undefined;
  const value = only ? constantValue(only.value, depth + 1) : null;
  return value && only ? { ...value, holders: [only.holder, ...value.holders] } : null;
}

function callValue(node: Call, depth: number): ConstantValue | null {
  const name = calleeName(node);
  const args = node.arguments as AstNode[];
  if (name === 'Buffer.from' || name === 'Uint8Array.from' || name === 'Buffer.of')
    return bytesFrom(args[0], depth, name === 'Buffer.of' ? args : null);
  if (name === 'Buffer.alloc' || name === 'Buffer.allocUnsafeSlow') return allocated(args[0], args[1], depth);
  if (name === 'String' || name === 'Number' || name === 'parseInt') return constantValue(args[0], depth + 1);
  const callee = unwrap(node.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const method = calleeMethod(node);
  if (method === 'encode' && isTextEncoder(callee.object as AstNode)) return constantValue(args[0], depth + 1);
  // CryptoJS.enc.Utf8.parse('...'), CryptoJS.enc.Hex.parse('...').
  if (method === 'parse' && /(^|\.)enc\.\w+$/.test(dottedName(callee.object as AstNode) ?? ''))
    return constantValue(args[0], depth + 1);
  if (method === 'repeat' || (method !== null && TEXT_METHODS.has(method))) {
    const base = constantValue(callee.object as AstNode, depth + 1);
    const argsConstant = args.every((a) => constantValue(a, depth + 1) !== null);
    return base && argsConstant ? { ...base, text: null, number: null } : null;
  }
  return null;
}

function newValue(node: NewCall, depth: number): ConstantValue | null {
  const name = calleeName(node);
  const first = node.arguments[0] as AstNode | undefined;
  if (name !== 'Buffer' && (name === null || !TYPED_ARRAYS.has(name))) return null;
  // `new Uint8Array(12)` and the deprecated `new Buffer(16)` allocate zeroed bytes; other arguments are copied.
  if (first && constantValue(first, depth + 1)?.number != null) return allocated(first, undefined, depth);
  return bytesFrom(first, depth, null);
}

/** `Buffer.alloc(16)`, `Buffer.alloc(16, 0)`, `new Uint8Array(12)`: constant bytes, zero unless filled. */
function allocated(size: AstNode | undefined, fill: AstNode | undefined, depth: number): ConstantValue | null {
  const length = constantValue(size, depth + 1);
  if (length?.number == null) return null;
  if (!fill) return make({ zeroFilled: true, literals: length.literals, holders: length.holders });
  const filler = constantValue(fill, depth + 1);
  if (!filler) return null;
  return merge([length, filler], { zeroFilled: filler.number === 0 });
}

/** `Buffer.from('text', 'hex')`, `Buffer.from([0, 1, 2])`, `Buffer.of(0, 1)`: bytes written in the source. */
function bytesFrom(source: AstNode | undefined, depth: number, elements: AstNode[] | null): ConstantValue | null {
  const items = elements ?? (source && unwrap(source).type === 'ArrayExpression' ? arrayItems(source) : null);
  if (items) {
    const values = items.map((item) => constantValue(item, depth + 1));
    if (values.some((v) => v?.number == null)) return null;
    return merge(values as ConstantValue[], { zeroFilled: values.every((v) => v?.number === 0) });
  }
  return constantValue(source, depth + 1);
}

function arrayItems(node: AstNode): AstNode[] | null {
  const array = unwrap(node);
  if (array.type !== 'ArrayExpression') return null;
  const items: AstNode[] = [];
  for (const element of array.elements) {
    if (element === null || element.type === 'SpreadElement') return null;
    items.push(element as AstNode);
  }
  return items;
}

/** `new TextEncoder()`, `new util.TextEncoder()`, or a constant bound to one. */
function isTextEncoder(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'NewExpression') return (calleeMethod(target) ?? '') === 'TextEncoder';
  if (target.type !== 'Identifier') return false;
  const declaration = declarationOf(target);
  return (
    declaration?.kind === 'variable' &&
    declaration.path.length === 0 &&
    !!declaration.declarator.init &&
    unwrap(declaration.declarator.init as AstNode).type === 'NewExpression' &&
    calleeMethod(unwrap(declaration.declarator.init as AstNode) as NewCall) === 'TextEncoder'
  );
}

/** The constant string an expression holds, lower-cased (algorithm names), or null. */
export function constantText(expression: AstNode | null | undefined): string | null {
  const value = constantValue(expression);
  return value?.text == null ? null : value.text.toLowerCase();
}

/** The constant number an expression holds, or null. */
export function constantNumber(expression: AstNode | null | undefined): number | null {
  return constantValue(expression)?.number ?? null;
}

/**
 * The function of Node's `crypto` API a call invokes, as a dotted path (`createHash`,
 * `subtle.digest`, `webcrypto.subtle.encrypt`), following imports and aliases; null for other calls.
 *
 * @example
 * // import { createCipheriv as c } from 'node:crypto'; c('aes-128-ecb', key, null)
 * nodeCryptoFunction(call) // 'createCipheriv'
 */
export function nodeCryptoFunction(call: Call | NewCall): string | null {
  const callee = unwrap(call.callee as AstNode);
  const member = moduleMemberOf(callee, CRYPTO_GLOBALS);
  if (member) {
    if (member.path.length === 0) return SINGLE_FUNCTION_MODULES[member.module] ?? null;
    return NODE_CRYPTO_MODULES.has(member.module) ? member.path.join('.') : null;
  }
  const method = calleeMethod(call);
  if (method === null) return null;
  if (callee.type === 'MemberExpression') {
    // `window.crypto.subtle.digest(...)`, `this.crypto.createHash(...)`, `deps.nodeCrypto.pbkdf2(...)`.
    const receiver = dottedName(callee.object as AstNode) ?? '';
    if (receiver === 'subtle' || receiver.endsWith('.subtle')) return `subtle.${method}`;
    return DISTINCTIVE_FUNCTIONS.has(method) && /crypto$/i.test(receiver) ? method : null;
  }
  return callee.type === 'Identifier' && DISTINCTIVE_FUNCTIONS.has(method) && declarationOf(callee) === null
    ? method
    : null;
}

/** The member of a known module a call invokes (`{ module: 'jsonwebtoken', path: ['sign'] }`), or null. */
export function calledMember(call: Call | NewCall): { module: string; path: string[] } | null {
  return moduleMemberOf(unwrap(call.callee as AstNode), CRYPTO_GLOBALS);
}
