import { calleeMethod, enclosingFunction, functionName, parentOf, propertyName, staticString, unwrap } from './ast.js';
import { valueName } from './crypto-names.js';
import { calledMember, constantText, constantValue, nodeCryptoFunction } from './crypto-values.js';
import type { AstNode, NodeOfType } from './rule.js';
import { forEachDescendant } from './traverse.js';

/**
 * One hash computed in the source: `createHash('md5').update(x).digest('hex')`, a hasher held in a
 * variable and fed with `update` calls, `createHmac`, WebCrypto `subtle.digest`, and the hash
 * functions of npm packages (`md5(x)`, `CryptoJS.SHA256(x)`).
 */
export interface HashComputation {
  /** Lower-case algorithm without dashes: `md5`, `sha1`, `sha256`. */
  algorithm: string;
  /** The HMAC key, for keyed hashes. */
  key: AstNode | null;
  /** The data hashed: each `update` argument, or the function's argument. */
  inputs: AstNode[];
  /** The expression that holds the digest, when the source computes one. */
  result: AstNode | null;
}

type Call = NodeOfType<'CallExpression'>;

const HASH_FUNCTION = /^(?:hex_)?(md5|sha1|sha224|sha256|sha384|sha512)(?:hex)?$/i;
const HMAC_FUNCTION = /^hmac_?(md5|sha1|sha224|sha256|sha384|sha512)$/i;
/** npm packages whose export is a hash function. */
const HASH_PACKAGES: Record<string, string> = {
  md5: 'md5',
  'blueimp-md5': 'md5',
  'js-md5': 'md5',
  'md5-hex': 'md5',
  sha1: 'sha1',
  'js-sha1': 'sha1',
  'js-sha256': 'sha256',
  'js-sha512': 'sha512',
};
/** Methods that keep the digest while changing its form: `.digest('hex').toUpperCase()`. */
const FORMAT_METHODS = new Set(['toString', 'toUpperCase', 'toLowerCase', 'slice', 'substring', 'substr', 'trim']);

/** Names a hash is computed through, for a cheap filter before resolving calls: `createHash`, `md5`, `CryptoJS.HmacSHA256`, `subtle.digest`. */
export function isHashFunctionName(name: string): boolean {
  return (
    name === 'createHash' ||
    name === 'createHmac' ||
    name === 'hash' ||
    name === 'digest' ||
    HASH_FUNCTION.test(name) ||
    HMAC_FUNCTION.test(name)
  );
}

/** Normalises `SHA-256`, `RSA-SHA1`, `sha256WithRSAEncryption` to `sha256`, `rsasha1`... lower case, no dashes. */
export function normalizeAlgorithm(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The hash a call starts, or null when the call does not compute one. */
export function hashComputation(call: Call): HashComputation | null {
  const crypto = nodeCryptoFunction(call);
  const args = call.arguments as AstNode[];
  if (crypto === 'createHash' || crypto === 'createHmac') {
    const algorithm = constantText(args[0]);
    if (algorithm === null) return null;
    const chain = followHasher(call);
    return {
      algorithm: normalizeAlgorithm(algorithm),
      key: crypto === 'createHmac' ? (args[1] ?? null) : null,
      ...chain,
    };
  }
  if (crypto === 'hash' || crypto === 'subtle.digest' || crypto === 'webcrypto.subtle.digest') {
    const algorithm = digestAlgorithm(args[0]);
    return algorithm === null ? null : { algorithm, key: null, inputs: args.slice(1, 2), result: call };
  }
  if (crypto !== null) return null;
  return packageHash(call, args);
}

/** WebCrypto names the algorithm as a string or as `{ name: 'SHA-256' }`. */
function digestAlgorithm(node: AstNode | undefined): string | null {
  if (!node) return null;
  const target = unwrap(node);
  if (target.type === 'ObjectExpression') {
    const name = target.properties.find((p) => p.type === 'Property' && propertyName(p as AstNode) === 'name');
    return name?.type === 'Property' ? digestAlgorithm(name.value as AstNode) : null;
  }
  const text = constantText(target);
  return text === null ? null : normalizeAlgorithm(text);
}

function packageHash(call: Call, args: AstNode[]): HashComputation | null {
  const method = calleeMethod(call) ?? '';
  const member = calledMember(call);
  const fromPackage = member && member.path.length === 0 ? packageAlgorithm(member.module) : null;
  const hmac = HMAC_FUNCTION.exec(method);
  if (hmac?.[1] && args.length >= 2)
    return { algorithm: hmac[1].toLowerCase(), key: args[1] ?? null, inputs: args.slice(0, 1), result: call };
  const plain = fromPackage ?? HASH_FUNCTION.exec(method)?.[1]?.toLowerCase() ?? null;
  if (plain === null) return null;
  // `hash.sha256().update(x).digest('hex')` (hash.js) is a hasher; `md5(x)` hashes its argument.
  if (args.length === 0) return { algorithm: plain, key: null, ...followHasher(call) };
  return { algorithm: plain, key: null, inputs: args.slice(0, 1), result: call };
}

function packageAlgorithm(module: string): string | null {
  const known = HASH_PACKAGES[module];
  if (known) return known;
  const cryptoJs = /^crypto-js\/(md5|sha1|sha224|sha256|sha384|sha512)$/.exec(module);
  return cryptoJs?.[1] ?? null;
}

/** Follows a hasher through `update`/`digest` calls, chained or on the variable holding it. */
function followHasher(start: AstNode): { inputs: AstNode[]; result: AstNode | null } {
  const inputs: AstNode[] = [];
  let result: AstNode | null = null;
  const walk = (from: AstNode): void => {
    let current = from;
    for (;;) {
      const step = chainedCall(current);
      if (!step) break;
      if (step.method === 'update') {
        const data = step.call.arguments[0] as AstNode | undefined;
        if (data) inputs.push(data);
        current = step.call;
      } else {
        result ??= step.call;
        return;
      }
    }
    const holder = parentOf(current);
    if (holder?.type === 'VariableDeclarator' && holder.init === current && holder.id.type === 'Identifier')
      walkVariable(holder.id.name, holder, walk);
  };
  walk(start);
  return { inputs, result };
}

/** `x.update(...)` or `x.digest(...)` called directly on `node`. */
function chainedCall(node: AstNode): { method: 'update' | 'digest'; call: Call } | null {
  const member = parentOf(node);
  if (member?.type !== 'MemberExpression' || member.object !== node) return null;
  const call = parentOf(member);
  const method = propertyName(member);
  if (call?.type !== 'CallExpression' || call.callee !== member) return null;
  return method === 'update' || method === 'digest' ? { method, call } : null;
}

/** Each `name.update(...)` / `name.digest(...)` in the scope that declares the hasher variable. */
function walkVariable(name: string, declarator: AstNode, walk: (from: AstNode) => void): void {
  const declaration = parentOf(declarator);
  const scope = declaration ? parentOf(declaration) : null;
  if (!scope) return;
  const uses: AstNode[] = [];
  forEachDescendant(scope, (node) => {
    if (node.type === 'Identifier' && node.name === name && node !== (declarator as { id?: AstNode }).id) {
      const parent = parentOf(node);
      if (parent?.type === 'MemberExpression' && parent.object === node) uses.push(node);
    }
    return undefined;
  });
  for (const use of uses) walk(use);
}

/**
 * The name the digest is stored or used under: the variable, property or assignment target that
 * receives it (`user.passwordHash = ...`), the function that returns it, the setter or key it is
 * passed to, or the value it is compared with. Null when nothing names it.
 */
export function destinationName(result: AstNode): string | null {
  let current = result;
  for (let steps = 0; steps < 12; steps++) {
    const parent = parentOf(current);
    if (!parent) return null;
    const next = formatStep(current, parent);
    if (next) {
      current = next;
      continue;
    }
    return nameAt(current, parent);
  }
  return null;
}

/** One step through `await`, TS wrappers and formatting calls that keep the digest. */
function formatStep(current: AstNode, parent: AstNode): AstNode | null {
  if (unwrap(parent) !== parent || parent.type === 'AwaitExpression') return parent;
  if (parent.type === 'ChainExpression' || parent.type === 'TSAsExpression') return parent;
  if (parent.type !== 'MemberExpression' || parent.object !== current) return null;
  const call = parentOf(parent);
  const method = propertyName(parent);
  return call?.type === 'CallExpression' && call.callee === parent && method !== null && FORMAT_METHODS.has(method)
    ? call
    : null;
}

function nameAt(current: AstNode, parent: AstNode): string | null {
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === current && parent.id.type === 'Identifier' ? parent.id.name : null;
    case 'AssignmentExpression':
      return parent.right === current ? valueName(parent.left as AstNode) : null;
    case 'Property':
      return parent.value === current ? propertyName(parent) : null;
    case 'ReturnStatement': {
      const fn = enclosingFunction(parent);
      return fn ? functionName(fn) : null;
    }
    case 'ArrowFunctionExpression':
      return parent.body === current ? functionName(parent) : null;
    case 'BinaryExpression':
      return /^[!=]==?$/.test(parent.operator)
        ? valueName((parent.left === current ? parent.right : parent.left) as AstNode)
        : null;
    case 'CallExpression':
      return argumentName(parent, current);
    default:
      return null;
  }
}

/** `user.set('password', digest)` names it by the key; `setPassword(digest)` by the setter. */
function argumentName(call: Call, argument: AstNode): string | null {
  const args = call.arguments as AstNode[];
  const index = args.indexOf(argument);
  if (index < 0) return null;
  const key = index > 0 ? staticString(args[0]) : null;
  if (key !== null) return key;
  const method = calleeMethod(call);
  return method !== null && /^set[A-Z]/.test(method) ? method.slice(3) : null;
}

/** True when the expression is a constant (a salt or pepper written in the source), not data. */
export function isConstantInput(node: AstNode): boolean {
  return constantValue(node) !== null;
}
