import type { Function as FunctionNode } from 'oxc-parser';
import type { AstNode, NodeOfType } from './rule.js';
import { forEachDescendant } from './traverse.js';

/**
 * Small, typed questions about ESTree nodes that many rules ask. Add a helper here only when a
 * second rule needs it.
 */

export type FunctionLike = NodeOfType<'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression'>;

export function parentOf(node: AstNode): AstNode | null {
  return (node as { parent?: AstNode | null }).parent ?? null;
}

export function isFunctionLike(node: AstNode | null | undefined): node is FunctionLike {
  return (
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'ArrowFunctionExpression'
  );
}

/** The nearest function around `node` (not `node` itself), or null at module level. */
export function enclosingFunction(node: AstNode): FunctionLike | null {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return current;
  }
  return null;
}

const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export function isLoop(node: AstNode): boolean {
  return LOOP_TYPES.has(node.type);
}

/**
 * The loop whose body contains `node`, stopping at function boundaries (a callback defined in a
 * loop runs later, not per iteration). The loop's own init/test/update count as inside only for
 * `test` and `update`, which run every iteration.
 */
export function enclosingLoop(node: AstNode): AstNode | null {
  let child: AstNode = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return null;
    if (isLoop(current)) {
      const loop = current as unknown as Record<string, unknown>;
      if (current.type === 'ForStatement' && loop.init === child) return null;
      if ((current.type === 'ForInStatement' || current.type === 'ForOfStatement') && loop.right === child) return null;
      return current;
    }
    child = current;
  }
  return null;
}

/** Removes TypeScript wrappers and optional chains that do not change the runtime value. */
export function unwrap(node: AstNode): AstNode {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        current = (current as { expression: AstNode }).expression;
        break;
      default:
        return current;
    }
  }
}

/** The name of a static property access or key: `a.b`, `a['b']`, `{ b: 1 }`, `b() {}`. */
export function propertyName(node: AstNode): string | null {
  if (node.type === 'MemberExpression') {
    if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : null;
    return staticString(node.property);
  }
  if (node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') {
    const key = node.key as AstNode;
    if (!node.computed && key.type === 'Identifier') return key.name;
    return staticString(key);
  }
  return null;
}

/** The value of a string literal or a template literal without substitutions. */
export function staticString(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * The dotted name of an identifier or static member chain: `fs.readFileSync`, `this.db.query`,
 * `process.env.SECRET`. Null for anything dynamic.
 */
export function dottedName(node: AstNode): string | null {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'ThisExpression') return 'this';
  if (target.type === 'Super') return 'super';
  if (target.type === 'MemberExpression') {
    const object = dottedName(target.object as AstNode);
    const property = propertyName(target);
    return object === null || property === null ? null : `${object}.${property}`;
  }
  return null;
}

/** The dotted name of what a call or `new` invokes; `null` for dynamic callees. */
export function calleeName(node: NodeOfType<'CallExpression' | 'NewExpression'>): string | null {
  return dottedName(node.callee as AstNode);
}

/** The last segment of the callee: `query` for `db.pool.query(...)`. */
export function calleeMethod(node: NodeOfType<'CallExpression' | 'NewExpression'>): string | null {
  const callee = unwrap(node.callee as AstNode);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return null;
}

/** A function's name from its declaration, or from where it is assigned, defined or exported. */
export function functionName(fn: FunctionLike | FunctionNode): string | null {
  if ('id' in fn && fn.id) return fn.id.name;
  const parent = parentOf(fn as AstNode);
  if (!parent) return null;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition')
    return propertyName(parent);
  if (parent.type === 'AssignmentExpression') return dottedName(parent.left as AstNode);
  return null;
}

/**
 * True when the function is exported: `export function`, `export const f =`, `module.exports`,
 * or declared at the top level and exported by name elsewhere (`export { f }`,
 * `module.exports = { f }`, `exports.g = f`, `export default f`).
 */
export function isExported(fn: FunctionLike): boolean {
  if (isExportedInPlace(fn)) return true;
  const name = topLevelName(fn);
  if (name === null) return false;
  let program: AstNode | null = parentOf(fn);
  while (program && program.type !== 'Program') program = parentOf(program);
  return program !== null && exportedNames(program as NodeOfType<'Program'>).has(name);
}

/** The name of a top-level `function f` or `const f = () => ...`, else null. */
function topLevelName(fn: FunctionLike): string | null {
  const parent = parentOf(fn);
  if (fn.type === 'FunctionDeclaration') return parent?.type === 'Program' && fn.id ? fn.id.name : null;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return null;
  return parentOf(parentOf(parent) as AstNode)?.type === 'Program' ? parent.id.name : null;
}

const exportedNamesCache = new WeakMap<AstNode, Set<string>>();

/** Local names a module exports by reference, computed once per program. */
function exportedNames(program: NodeOfType<'Program'>): Set<string> {
  const cached = exportedNamesCache.get(program);
  if (cached) return cached;
  const names = new Set<string>();
  const addValue = (value: AstNode | null | undefined): void => {
    const target = value ? unwrap(value) : null;
    if (target?.type === 'Identifier') names.add(target.name);
    else if (target?.type === 'ObjectExpression') {
      for (const property of target.properties) {
        if (property.type === 'Property') addValue(property.value as AstNode);
      }
    }
  };
  for (const statement of program.body as AstNode[]) {
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const specifier of statement.specifiers) {
        if (specifier.local.type === 'Identifier') names.add(specifier.local.name);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') addValue(statement.declaration as AstNode);
    else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = dottedName(statement.expression.left as AstNode);
      if (target === 'module.exports' || target?.startsWith('module.exports.') || target?.startsWith('exports.'))
        addValue(statement.expression.right as AstNode);
    }
  }
  exportedNamesCache.set(program, names);
  return names;
}

function isExportedInPlace(fn: FunctionLike): boolean {
  let current = parentOf(fn);
  while (current) {
    if (current.type === 'ExportNamedDeclaration' || current.type === 'ExportDefaultDeclaration') return true;
    if (current.type === 'AssignmentExpression') {
      const target = dottedName(current.left as AstNode);
      if (
        target !== null &&
        (target === 'module.exports' || target.startsWith('module.exports.') || target.startsWith('exports.'))
      )
        return true;
    }
    if (
      current.type === 'Program' ||
      current.type === 'BlockStatement' ||
      current.type === 'ExpressionStatement' ||
      isFunctionLike(current)
    )
      break;
    current = parentOf(current);
  }
  return false;
}

/** Two expressions that read the same variable or static member chain (`a.b` and `a['b']`). */
export function isSameReference(a: AstNode, b: AstNode): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type !== right.type) return false;
  if (left.type === 'Identifier' && right.type === 'Identifier') return left.name === right.name;
  if (left.type === 'ThisExpression') return true;
  if (left.type === 'MemberExpression' && right.type === 'MemberExpression') {
    const nameA = propertyName(left);
    if (nameA === null || nameA !== propertyName(right)) return false;
    return isSameReference(left.object as AstNode, right.object as AstNode);
  }
  return false;
}

/** Source text with whitespace and comments removed, for structural comparison of small nodes. */
export function normalizedText(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\s+/g, '');
}

/** True for a function body that is a block statement (not an arrow with an expression body). */
export function blockBody(fn: FunctionLike): NodeOfType<'BlockStatement'> | null {
  const body = fn.body as AstNode | null;
  return body && body.type === 'BlockStatement' ? body : null;
}

/** The names a binding pattern declares: `a`, `{ a, b: [c] }`, `...rest`, `x = 1`, TS parameter properties. */
export function bindingNames(pattern: AstNode | null | undefined, names: string[] = []): string[] {
  if (!pattern) return names;
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        bindingNames(property.type === 'RestElement' ? property : (property.value as AstNode), names);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) bindingNames(element as AstNode | null, names);
      break;
    case 'AssignmentPattern':
      bindingNames(pattern.left as AstNode, names);
      break;
    case 'RestElement':
      bindingNames(pattern.argument as AstNode, names);
      break;
    case 'TSParameterProperty':
      bindingNames(pattern.parameter as AstNode, names);
      break;
    default:
      break;
  }
  return names;
}

/**
 * True when `node` sits in the `try` block of a try/catch within its own function, so an exception
 * thrown there is caught before it leaves the function. A `finally` without `catch` does not count.
 */
export function isInsideTryBlock(node: AstNode): boolean {
  let child: AstNode = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return false;
    if (current.type === 'TryStatement' && current.block === child && current.handler) return true;
    child = current;
  }
  return false;
}

/**
 * An expression whose value can never be an Error: literals, template literals, object and array
 * literals, string concatenations and `undefined`. Throwing or rejecting with one loses the stack.
 */
export function isNonErrorValue(node: AstNode): boolean {
  const target = unwrap(node);
  switch (target.type) {
    case 'Literal':
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
      return true;
    case 'Identifier':
      return target.name === 'undefined';
    case 'BinaryExpression':
      return target.operator === '+' && (isStringLike(target.left as AstNode) || isStringLike(target.right as AstNode));
    default:
      return false;
  }
}

function isStringLike(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Literal') return typeof target.value === 'string';
  if (target.type === 'TemplateLiteral') return true;
  return (
    target.type === 'BinaryExpression' &&
    target.operator === '+' &&
    (isStringLike(target.left as AstNode) || isStringLike(target.right as AstNode))
  );
}

const exitCache = new WeakMap<AstNode, boolean>();

/**
 * True when control can never run past the end of `statement`: every path returns, throws, breaks
 * or continues (or loops forever). Sound, not complete: `false` means "may complete normally".
 * Used to find fall-through, unreachable code and missing returns.
 */
export function alwaysExits(statement: AstNode): boolean {
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
    case 'IfStatement':
    case 'TryStatement':
    case 'SwitchStatement':
    case 'LabeledStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'WithStatement': {
      const cached = exitCache.get(statement);
      if (cached !== undefined) return cached;
      const result = compoundAlwaysExits(statement);
      exitCache.set(statement, result);
      return result;
    }
    default:
      return false;
  }
}

/** True when a statement list never completes normally: one of its statements always exits. */
export function statementsAlwaysExit(statements: readonly AstNode[]): boolean {
  for (const statement of statements) if (alwaysExits(statement)) return true;
  return false;
}

function compoundAlwaysExits(node: AstNode): boolean {
  switch (node.type) {
    case 'BlockStatement':
      return statementsAlwaysExit(node.body as AstNode[]);
    case 'IfStatement':
      return (
        node.alternate !== null && alwaysExits(node.consequent as AstNode) && alwaysExits(node.alternate as AstNode)
      );
    case 'TryStatement': {
      if (node.finalizer && alwaysExits(node.finalizer)) return true;
      if (!alwaysExits(node.block)) return false;
      return node.handler === null || alwaysExits(node.handler.body);
    }
    case 'SwitchStatement': {
      // Without `default` an unmatched value skips every case; a `break` aimed at the switch ends it.
      if (!node.cases.some((c) => c.test === null)) return false;
      const last = node.cases[node.cases.length - 1];
      if (!last || !statementsAlwaysExit(last.consequent as AstNode[])) return false;
      return !node.cases.some((c) => c.consequent.some((s) => hasJumpOut(s as AstNode, null, false)));
    }
    case 'LabeledStatement':
      return alwaysExits(node.body as AstNode) && !hasJumpOut(node.body as AstNode, node.label.name, true);
    case 'WhileStatement':
    case 'ForStatement':
      return isConstantTrue(node.test as AstNode | null) && !hasJumpOut(node.body as AstNode, null, false);
    case 'DoWhileStatement': {
      const loopsForever = isConstantTrue(node.test as AstNode);
      if (!loopsForever && !alwaysExits(node.body as AstNode)) return false;
      return !hasJumpOut(node.body as AstNode, null, !loopsForever);
    }
    case 'WithStatement':
      return alwaysExits(node.body as AstNode);
    default:
      return false;
  }
}

/** `for (;;)`, `while (true)`, `while (1)`: a loop test that never ends the loop by itself. */
function isConstantTrue(test: AstNode | null): boolean {
  if (test === null) return true;
  return test.type === 'Literal' && (test.value === true || (typeof test.value === 'number' && test.value !== 0));
}

/**
 * Whether `body` holds a `break` (and, with `withContinue`, a `continue`) that leaves the statement
 * owning `body`: unlabeled ones not caught by an inner loop or switch, or any naming `label`. Only
 * statements are walked: jumps cannot cross function boundaries.
 */
function hasJumpOut(body: AstNode, label: string | null, withContinue: boolean): boolean {
  const stack: JumpFrame[] = [{ node: body, breakCaught: false, continueCaught: false }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const node = item.node;
    if (
      (node.type === 'BreakStatement' || node.type === 'ContinueStatement') &&
      leavesOwner(node, item, label, withContinue)
    )
      return true;
    pushInnerStatements(item, stack);
  }
  return false;
}

/** A statement to search for jumps, and whether an enclosing loop or switch already catches them. */
interface JumpFrame {
  node: AstNode;
  breakCaught: boolean;
  continueCaught: boolean;
}

/** Whether a jump leaves the statement being searched: it names `label`, or nothing inside catches it. */
function leavesOwner(
  jump: NodeOfType<'BreakStatement' | 'ContinueStatement'>,
  frame: JumpFrame,
  label: string | null,
  withContinue: boolean,
): boolean {
  if (label !== null) return jump.label?.name === label;
  if (jump.label !== null) return false;
  return jump.type === 'BreakStatement' ? !frame.breakCaught : withContinue && !frame.continueCaught;
}

/** Pushes the statements directly inside `frame.node`; loops catch both jumps, a switch catches `break`. */
function pushInnerStatements(frame: JumpFrame, stack: JumpFrame[]): void {
  const { node, breakCaught, continueCaught } = frame;
  const push = (child: AstNode | null | undefined, breaks = breakCaught, continues = continueCaught): void => {
    if (child) stack.push({ node: child, breakCaught: breaks, continueCaught: continues });
  };
  switch (node.type) {
    case 'BlockStatement':
      for (const s of node.body) push(s as AstNode);
      break;
    case 'IfStatement':
      push(node.consequent as AstNode);
      push(node.alternate as AstNode | null);
      break;
    case 'TryStatement':
      push(node.block);
      push(node.handler?.body);
      push(node.finalizer);
      break;
    case 'LabeledStatement':
    case 'WithStatement':
      push(node.body as AstNode);
      break;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
      push(node.body as AstNode, true, true);
      break;
    case 'SwitchStatement':
      for (const c of node.cases) for (const s of c.consequent) push(s as AstNode, true, continueCaught);
      break;
    default:
      break;
  }
}

const IGNORED_NODE_KEYS = new Set(['parent', 'start', 'end', 'range', 'loc']);

/**
 * Two subtrees with the same structure and values, ignoring positions, formatting, comments and
 * quote style: `a.b('x')` and `a .b("x")`. Iterative, so long chains cannot overflow the stack.
 */
export function isSameNode(a: AstNode, b: AstNode): boolean {
  const left: unknown[] = [a];
  const right: unknown[] = [b];
  while (left.length > 0) {
    const x = left.pop();
    const y = right.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const same =
      Array.isArray(x) || Array.isArray(y) ? pushSameArrays(x, y, left, right) : pushSameNodes(x, y, left, right);
    if (!same) return false;
  }
  return true;
}

/** Queues the elements of two arrays for comparison; false when they cannot be the same. */
function pushSameArrays(x: object, y: object, left: unknown[], right: unknown[]): boolean {
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    left.push(x[i]);
    right.push(y[i]);
  }
  return true;
}

/** Queues the properties of two nodes for comparison (literals compare at once); false when they differ. */
function pushSameNodes(x: object, y: object, left: unknown[], right: unknown[]): boolean {
  const p = x as Record<string, unknown>;
  const q = y as Record<string, unknown>;
  if (p.type !== q.type) return false;
  if (p.type === 'Literal') return sameLiteral(p, q);
  for (const key of Object.keys(p)) {
    if (IGNORED_NODE_KEYS.has(key)) continue;
    left.push(p[key]);
    right.push(q[key]);
  }
  return true;
}

function sameLiteral(p: Record<string, unknown>, q: Record<string, unknown>): boolean {
  const regexA = p.regex as { pattern: string; flags: string } | null | undefined;
  const regexB = q.regex as { pattern: string; flags: string } | null | undefined;
  if (regexA || regexB)
    return !!regexA && !!regexB && regexA.pattern === regexB.pattern && regexA.flags === regexB.flags;
  if (p.bigint != null || q.bigint != null) return p.bigint === q.bigint;
  return p.value === q.value;
}

/**
 * The static name of an object or class member's key, as the runtime sees it: `a`, `'a'`, `1` and
 * `0x1` (both `'1'`), `` [`a`] ``, `#a`. Null for computed keys that are not literals.
 */
export function staticKeyName(member: { key: unknown; computed?: boolean }): string | null {
  const key = member.key as AstNode;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Identifier') return member.computed ? null : key.name;
  if (key.type === 'Literal') {
    if (typeof key.value === 'string') return key.value;
    if (typeof key.value === 'number') return String(key.value);
    // oxc gives a bigint literal's value in decimal digits already: `0x10n` has bigint '16'.
    if ('bigint' in key && typeof key.bigint === 'string') return key.bigint;
    return null;
  }
  return staticString(key);
}

/**
 * How many opening parentheses the source holds between two offsets, comments ignored. Parentheses
 * are not in the tree; this tells `if ((a = b))` (two before the test) from `if (a = b)` (one).
 */
export function openParensBetween(text: string, from: number, to: number): number {
  const between = text.slice(from, to).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  let count = 0;
  for (const char of between) if (char === '(') count++;
  return count;
}

/**
 * Whether defining an object or class member again as `kind` replaces what `previous` kinds already
 * defined under the same key. Only a getter and a setter of one key combine.
 */
export function replacesMember(previous: ReadonlySet<'value' | 'get' | 'set'>, kind: 'value' | 'get' | 'set'): boolean {
  if (previous.size === 0) return false;
  if (kind === 'value' || previous.has('value')) return true;
  return previous.has(kind);
}

/**
 * The lower-case words of an identifier, key or environment variable name: `getCpuUsage` gives
 * get, cpu, usage; `JWT_SECRET_KEY` gives jwt, secret, key; `APIKey` gives api, key.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

const LOG_LEVELS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly']);
const LOGGER_NAME = /^(log|logger|_logger|\w*Logger|winston|pino|signale|consola)$/i;

/** A call that only writes a log line: `console.*`, `logger.info`, `req.log.warn`, `this.logger.error`, `debug()`. */
export function isLoggingCall(call: NodeOfType<'CallExpression'>): boolean {
  const name = calleeName(call);
  if (name === null) return false;
  if (name === 'debug' || name === 'log') return true;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  const object = name.slice(0, dot);
  if (object === 'console') return true;
  const receiver = object.slice(object.lastIndexOf('.') + 1);
  return LOG_LEVELS.has(name.slice(dot + 1)) && LOGGER_NAME.test(receiver);
}

/** Where an HTTP request handler is mounted, as far as the source says. */
export interface RequestHandlerInfo {
  /** Upper-case HTTP method (`GET`, `POST`...), `ALL` for `app.all`; null for middleware or unknown. */
  method: string | null;
  /** The route path when it is a static string, e.g. `/api/users/:id`. */
  path: string | null;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
const HTTP_METHOD_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const DECORATOR_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);
// `http.get(url, cb)`, msw's `http.get(path, resolver)`, jQuery and HTTP clients take callbacks too.
const NOT_A_ROUTER = new Set([
  'http',
  'https',
  'rest',
  'graphql',
  'axios',
  'request',
  'superagent',
  'got',
  'ky',
  'needle',
  'client',
  'fetch',
  '$',
  'jquery',
  'cy',
  'map',
  'cache',
]);
const ROUTER_NAME =
  /^(app|application|router|server|api|fastify|instance|koa|hono|routes?|\w*(Router|Routes|App|Server))$/;
const REQUEST_PARAM = /^_?(req|request)$/;
const RESPONSE_PARAM = /^_?(res|response|reply)$/;

/**
 * Recognises functions that answer HTTP requests: callbacks of `app.get('/path', ...)`,
 * `router.post(...)`, `app.route('/p').put(...)`, `app.use(...)`, Fastify `route({ handler })`,
 * NestJS `@Post()` methods, Next.js exported `GET`/`POST`, and `(req, res)` controllers.
 * Returns null for anything else.
 *
 * @example
 * // app.post('/orders', async (req, res) => { ... })  ->  { method: 'POST', path: '/orders' }
 */
export function requestHandlerInfo(fn: FunctionLike): RequestHandlerInfo | null {
  const mounted = mountingCall(fn);
  const fromCall = mounted ? routeFromCall(mounted.call, mounted.argument) : null;
  if (fromCall) return fromCall;
  const direct = parentOf(fn);
  if (direct?.type === 'Property' && propertyName(direct) === 'handler') {
    const fromOptions = routeFromOptions(direct);
    if (fromOptions) return fromOptions;
  }
  if (direct?.type === 'MethodDefinition') {
    const fromDecorator = routeFromDecorators(direct);
    if (fromDecorator) return fromDecorator;
  }
  const name = functionName(fn);
  if (name !== null && HTTP_METHOD_EXPORTS.has(name) && isExported(fn)) return { method: name, path: null };
  return hasRequestResponseParams(fn) ? { method: null, path: null } : null;
}

/**
 * The call a function is passed to, and the argument that holds it. One wrapper is common:
 * `router.get('/x', asyncHandler(async (req, res) => ...))`.
 */
function mountingCall(fn: FunctionLike): { call: NodeOfType<'CallExpression'>; argument: AstNode } | null {
  const holder = parentOf(fn);
  if (holder?.type !== 'CallExpression') return null;
  if (holder.arguments.length === 1 && holder.arguments[0] === fn) {
    const outer = parentOf(holder);
    if (
      outer?.type === 'CallExpression' &&
      outer.callee !== holder &&
      unwrap(holder.callee as AstNode).type === 'Identifier'
    )
      return { call: outer, argument: holder };
  }
  return holder.callee === fn ? null : { call: holder, argument: fn };
}

/** NestJS: `@Post(':id') update(...) {}`. */
function routeFromDecorators(method: NodeOfType<'MethodDefinition'>): RequestHandlerInfo | null {
  for (const decorator of method.decorators ?? []) {
    const expression = decorator.expression as AstNode;
    if (expression.type !== 'CallExpression' || expression.callee.type !== 'Identifier') continue;
    if (DECORATOR_METHODS.has(expression.callee.name))
      return { method: expression.callee.name.toUpperCase(), path: staticString(expression.arguments[0] as AstNode) };
  }
  return null;
}

/** A `(req, res)` controller, wherever it is mounted. */
function hasRequestResponseParams(fn: FunctionLike): boolean {
  const [first, second] = fn.params;
  return (
    first?.type === 'Identifier' &&
    second?.type === 'Identifier' &&
    REQUEST_PARAM.test(first.name) &&
    RESPONSE_PARAM.test(second.name)
  );
}

export function isRequestHandler(fn: FunctionLike): boolean {
  return requestHandlerInfo(fn) !== null;
}

function routeFromCall(call: NodeOfType<'CallExpression'>, argument: AstNode): RequestHandlerInfo | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const method = propertyName(callee);
  if (method === null || (method !== 'use' && !ROUTE_METHODS.has(method))) return null;
  const verb = method === 'use' ? null : method === 'del' ? 'DELETE' : method.toUpperCase();
  // `app.route('/book').get(fn).post(fn)`: the path sits on the `route` call down the chain.
  let receiver = unwrap(callee.object as AstNode);
  while (receiver.type === 'CallExpression') {
    const inner = calleeMethod(receiver);
    if (inner === 'route') return { method: verb, path: staticString(receiver.arguments[0] as AstNode) };
    if (inner === null || !ROUTE_METHODS.has(inner)) break;
    const next = unwrap(receiver.callee as AstNode);
    if (next.type !== 'MemberExpression') break;
    receiver = unwrap(next.object as AstNode);
  }
  const receiverName = dottedName(receiver);
  const lastSegment = receiverName === null ? null : receiverName.slice(receiverName.lastIndexOf('.') + 1);
  if (lastSegment !== null && NOT_A_ROUTER.has(lastSegment.toLowerCase())) return null;
  const first = call.arguments[0] as AstNode | undefined;
  const path = staticString(first);
  if (path !== null && (path.startsWith('/') || path === '*') && first !== argument) return { method: verb, path };
  if (lastSegment !== null && ROUTER_NAME.test(lastSegment) && (method === 'use' || path === null))
    return { method: verb, path: null };
  return null;
}

function routeFromOptions(property: NodeOfType<'Property'>): RequestHandlerInfo | null {
  const options = parentOf(property);
  const call = options ? parentOf(options) : null;
  if (options?.type !== 'ObjectExpression' || call?.type !== 'CallExpression') return null;
  const method = calleeMethod(call);
  if (method !== 'route' && (method === null || !ROUTE_METHODS.has(method))) return null;
  let verb: string | null = method === 'route' ? null : method.toUpperCase();
  let path: string | null = method === 'route' ? null : staticString(call.arguments[0] as AstNode);
  for (const entry of options.properties) {
    if (entry.type !== 'Property') continue;
    const key = propertyName(entry);
    const value = entry.value as AstNode;
    if (key === 'method') {
      const first = value.type === 'ArrayExpression' ? (value.elements[0] as AstNode | null) : value;
      const text = staticString(first);
      if (text !== null) verb = text.toUpperCase();
    } else if (key === 'url' || key === 'path') {
      path = staticString(value) ?? path;
    }
  }
  return { method: verb, path };
}

const ITERATION_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/**
 * The call that runs `fn` once per element: `rows.map(fn)`, `rows.forEach(function (row) {})`,
 * `Array.from(rows, fn)`. Null for any other function.
 */
export function iterationCallOf(fn: FunctionLike): NodeOfType<'CallExpression'> | null {
  const call = parentOf(fn);
  if (call?.type !== 'CallExpression') return null;
  if (call.arguments[0] === fn && unwrap(call.callee as AstNode).type === 'MemberExpression') {
    const method = calleeMethod(call);
    if (method !== null && ITERATION_METHODS.has(method)) return call;
  }
  if (call.arguments[1] === fn && calleeName(call) === 'Array.from') return call;
  return null;
}

/**
 * The innermost region around `node` that runs once per iteration: a loop (body, test or update;
 * the part run once, like a `for` init or a `for...of` iterable, belongs to the outer code) or the
 * callback of an array-iteration method (`iterationCallOf`). Other functions stop the search: a
 * callback created in a loop runs later, not per iteration.
 */
export function enclosingIteration(node: AstNode): AstNode | null {
  let child: AstNode = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return iterationCallOf(current) ? current : null;
    if (isLoop(current)) {
      const loop = current as unknown as Record<string, unknown>;
      const runsOnce =
        (current.type === 'ForStatement' && loop.init === child) ||
        ((current.type === 'ForInStatement' || current.type === 'ForOfStatement') && loop.right === child);
      if (!runsOnce) return current;
    }
    child = current;
  }
  return null;
}

const MUTATING_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
]);

const changedNamesCache = new WeakMap<AstNode, ReadonlySet<string>>();
const boundNamesCache = new WeakMap<AstNode, ReadonlySet<string>>();

/**
 * Names whose value may differ from one run of `region` (a loop, a callback, a handler) to the next:
 * parameters, anything declared or assigned inside it (nested functions included), and objects it
 * mutates (`o.k = v`, `delete o.k`, `list.push(x)`, `map.set(k, v)`, `Object.assign(o, ...)`);
 * `this` stands for writes through `this`. Deliberately over-approximate: rules use it to stay
 * quiet about anything that might change per iteration.
 */
export function namesChangedIn(region: AstNode): ReadonlySet<string> {
  return collectNames(region, true);
}

/**
 * Names that may lead to a different object on each run of `region`: `namesChangedIn` without
 * mutation through methods (`list` is the same list after `list.push(x)`). Assignments to members
 * (`this.socket = ...`) still count for their root.
 */
export function namesBoundIn(region: AstNode): ReadonlySet<string> {
  return collectNames(region, false);
}

function collectNames(region: AstNode, withMutations: boolean): ReadonlySet<string> {
  const cache = withMutations ? changedNamesCache : boundNamesCache;
  const cached = cache.get(region);
  if (cached) return cached;
  const names = new Set<string>();
  const addRoot = (target: AstNode | null | undefined): void => {
    let current = target ? unwrap(target) : null;
    while (current?.type === 'MemberExpression') current = unwrap(current.object as AstNode);
    if (current?.type === 'Identifier') names.add(current.name);
    else if (current?.type === 'ThisExpression') names.add('this');
  };
  const addTarget = (target: AstNode): void => {
    if (target.type === 'MemberExpression') addRoot(target);
    else for (const name of bindingNames(target)) names.add(name);
  };
  const addFunction = (fn: FunctionLike): void => {
    const id = (fn as { id?: { name: string } | null }).id;
    if (id) names.add(id.name);
    for (const param of fn.params) for (const name of bindingNames(param as AstNode)) names.add(name);
  };
  if (isFunctionLike(region)) addFunction(region);
  forEachDescendant(region, (node) => {
    switch (node.type) {
      case 'VariableDeclarator':
        for (const name of bindingNames(node.id as AstNode)) names.add(name);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        addFunction(node as FunctionLike);
        break;
      case 'ClassDeclaration':
        if (node.id) names.add(node.id.name);
        break;
      case 'CatchClause':
        for (const name of bindingNames(node.param as AstNode | null)) names.add(name);
        break;
      case 'AssignmentExpression':
        addTarget(node.left as AstNode);
        break;
      case 'UpdateExpression':
        addTarget(unwrap(node.argument as AstNode));
        break;
      case 'UnaryExpression':
        if (withMutations && node.operator === 'delete') addRoot(node.argument as AstNode);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') addTarget(node.left as AstNode);
        break;
      case 'CallExpression': {
        if (!withMutations) break;
        const callee = unwrap(node.callee as AstNode);
        if (callee.type === 'MemberExpression' && MUTATING_METHODS.has(propertyName(callee) ?? ''))
          addRoot(callee.object as AstNode);
        else if (calleeName(node) === 'Object.assign') addRoot(node.arguments[0] as AstNode | undefined);
        break;
      }
      default:
        break;
    }
    return undefined;
  });
  cache.set(region, names);
  return names;
}

// Helpers that only throw or exit; `assert(cond)` and `invariant(cond)` return, so they are not listed.
const NEVER_RETURNS = /^(assertNever|assertUnreachable|assertExhaustive|unreachable|exhaustive|fail|panic|throw\w+)$/i;

/**
 * Like `alwaysExits`, but also trusts what a type checker would know: a call to a helper that never
 * returns (`assertNever(x)`, `process.exit(1)`, `fail('...')`) ends the path, and a `switch` without
 * `default` whose every case exits is taken as exhaustive. For rules about missing returns, which
 * must not fire on TypeScript's exhaustive switches.
 */
export function probablyExits(statement: AstNode): boolean {
  if (alwaysExits(statement)) return true;
  switch (statement.type) {
    case 'ExpressionStatement': {
      const expression = unwrap(statement.expression as AstNode);
      if (expression.type !== 'CallExpression') return false;
      const name = calleeName(expression);
      return name === 'process.exit' || NEVER_RETURNS.test(calleeMethod(expression) ?? '');
    }
    case 'BlockStatement':
      return statement.body.some((s) => probablyExits(s as AstNode));
    case 'IfStatement':
      return (
        statement.alternate !== null &&
        probablyExits(statement.consequent as AstNode) &&
        probablyExits(statement.alternate as AstNode)
      );
    case 'TryStatement':
      if (statement.finalizer && probablyExits(statement.finalizer)) return true;
      return probablyExits(statement.block) && (statement.handler === null || probablyExits(statement.handler.body));
    case 'SwitchStatement': {
      if (statement.cases.length === 0) return false;
      const last = statement.cases[statement.cases.length - 1];
      if (!last?.consequent.some((s) => probablyExits(s as AstNode))) return false;
      // Empty cases fall through to the next; any non-empty case must exit without `break`.
      return statement.cases.every(
        (c) =>
          c.consequent.length === 0 ||
          (c.consequent.some((s) => probablyExits(s as AstNode)) && !containsBreak(c.consequent as AstNode[])),
      );
    }
    default:
      return false;
  }
}

/** A `break` in these statements that is not inside a nested loop, switch or function. */
function containsBreak(statements: AstNode[]): boolean {
  let found = false;
  for (const statement of statements) {
    if (statement.type === 'BreakStatement') return true;
    forEachDescendant(statement, (node) => {
      if (found || isFunctionLike(node) || isLoop(node) || node.type === 'SwitchStatement') return false;
      if (node.type === 'BreakStatement') found = true;
      return undefined;
    });
    if (found) return true;
  }
  return false;
}

const NON_REFERENCE_PARENTS = new Set([
  'LabeledStatement',
  'BreakStatement',
  'ContinueStatement',
  'TSTypeReference',
  'TSQualifiedName',
  'TSTypeQuery',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSPropertySignature',
  'TSMethodSignature',
  'TSEnumMember',
  'ImportSpecifier',
  'ExportSpecifier',
]);

/**
 * True when an Identifier names a variable (read or written) rather than a property, key, label or
 * type: `req` in `req.body` and `{ req }`, not `body` in `req.body` nor `a` in `{ a: 1 }`.
 * Needs the identifier's parent set (inside a handler or a `forEachDescendant` walk).
 */
export function isVariableReference(node: NodeOfType<'Identifier'>): boolean {
  const parent = parentOf(node);
  if (!parent) return true;
  if (NON_REFERENCE_PARENTS.has(parent.type)) return false;
  if (parent.type === 'MemberExpression') return parent.computed || parent.object === node;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition')
    return parent.computed ? true : parent.key !== node;
  return true;
}

/**
 * True when `expression` has the same value on every run of `region` (a loop or callback, see
 * `namesChangedIn`): literals, and variables, member chains, arrays and operators over names the
 * region never changes. With `allowCalls`, a call counts when it has arguments, all invariant, and an
 * invariant callee (`escapeRegExp(term)`); calls without arguments may return anything.
 */
export function isInvariantIn(expression: AstNode, region: AstNode, allowCalls = false): boolean {
  const node = unwrap(expression);
  switch (node.type) {
    case 'Literal':
      return true;
    case 'Identifier':
      return node.name !== 'arguments' && !namesChangedIn(region).has(node.name);
    case 'ThisExpression':
      return !namesChangedIn(region).has('this');
    case 'TemplateLiteral':
      return node.expressions.every((e) => isInvariantIn(e as AstNode, region, allowCalls));
    case 'MemberExpression':
      return (
        isInvariantIn(node.object as AstNode, region, allowCalls) &&
        (!node.computed || isInvariantIn(node.property as AstNode, region, allowCalls))
      );
    case 'BinaryExpression':
    case 'LogicalExpression':
      return (
        node.left.type !== 'PrivateIdentifier' &&
        isInvariantIn(node.left as AstNode, region, allowCalls) &&
        isInvariantIn(node.right as AstNode, region, allowCalls)
      );
    case 'ConditionalExpression':
      return (
        isInvariantIn(node.test as AstNode, region, allowCalls) &&
        isInvariantIn(node.consequent as AstNode, region, allowCalls) &&
        isInvariantIn(node.alternate as AstNode, region, allowCalls)
      );
    case 'UnaryExpression':
      return node.operator !== 'delete' && isInvariantIn(node.argument as AstNode, region, allowCalls);
    case 'ArrayExpression':
      return node.elements.every(
        (e) => e !== null && e.type !== 'SpreadElement' && isInvariantIn(e as AstNode, region, allowCalls),
      );
    case 'CallExpression':
      return (
        allowCalls &&
        node.arguments.length > 0 &&
        node.arguments.every((a) => a.type !== 'SpreadElement' && isInvariantIn(a as AstNode, region, allowCalls)) &&
        isInvariantIn(node.callee as AstNode, region, allowCalls)
      );
    default:
      return false;
  }
}

/**
 * True when `node`, inside the loop or iteration callback `region`, runs at most once per run of
 * the loop: it sits in a `throw` (or a `return`, in a loop), or a later statement of its block
 * leaves unconditionally. Per-iteration cost rules skip such code. In a callback only a `throw`
 * ends the iteration; a `return` just moves on to the next element.
 */
export function leavesLoopAfter(node: AstNode, region: AstNode): boolean {
  const exits = isFunctionLike(region) ? ['ThrowStatement'] : ['ReturnStatement', 'ThrowStatement', 'BreakStatement'];
  let child = node;
  for (let current = parentOf(node); current && current !== region; current = parentOf(current)) {
    if (exits.includes(child.type) && child.type !== 'BreakStatement') return true;
    const list =
      current.type === 'BlockStatement' ? current.body : current.type === 'SwitchCase' ? current.consequent : null;
    if (list) {
      for (let i = (list as AstNode[]).indexOf(child) + 1; i > 0 && i < list.length; i++) {
        if (exits.includes((list[i] as AstNode).type)) return true;
      }
    }
    child = current;
  }
  return false;
}

/**
 * True when `scope` itself declares `name` for the code inside it: a function's parameters (and a
 * function expression's own name), a block's or program's declarations, a for loop's head, a catch
 * clause's parameter. Walking up from a reference, the first such node is what the name refers to.
 */
export function declaresName(scope: AstNode, name: string): boolean {
  switch (scope.type) {
    case 'CatchClause':
      return bindingNames(scope.param as AstNode | null).includes(name);
    case 'BlockStatement':
    case 'StaticBlock':
    case 'Program':
      return statementsDeclare(scope.body as AstNode[], name);
    case 'ForStatement':
      return scope.init?.type === 'VariableDeclaration' && statementsDeclare([scope.init], name);
    case 'ForInStatement':
    case 'ForOfStatement':
      return scope.left.type === 'VariableDeclaration' && statementsDeclare([scope.left], name);
    default:
      if (!isFunctionLike(scope)) return false;
      if (scope.params.some((param) => bindingNames(param as AstNode).includes(name))) return true;
      return scope.type !== 'ArrowFunctionExpression' && (scope as { id?: { name: string } | null }).id?.name === name;
  }
}

function statementsDeclare(statements: readonly AstNode[], name: string): boolean {
  for (const statement of statements) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' && statement.declaration
        ? (statement.declaration as AstNode)
        : statement;
    if (declaration.type === 'VariableDeclaration') {
      if (declaration.declarations.some((d) => bindingNames(d.id as AstNode).includes(name))) return true;
    } else if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
      if ((declaration as { id?: { name: string } | null }).id?.name === name) return true;
    }
  }
  return false;
}

const TEST_DOUBLE_PATH =
  /(^|\/)(mocks?|__mocks__|stubs?|fakes?|fixtures?|e2e|cypress|playwright|\.?storybook|stories|testing|test-utils|test-helpers|seeds?|seeders)\/|\.(stories|story|mock|mocks|fake|stub|fixture|seed|e2e|cy)\.[cm]?[jt]sx?$|(^|\/)(setupTests|setup-tests|jest\.setup|vitest\.setup|test-setup|seed[^/]*)\.[cm]?[jt]sx?$/i;

/**
 * True for files whose job is to stand in for real code: mock folders, stubs, fixtures, stories,
 * end-to-end suites, seeds and test setup. Wider than `settings.isTestFile`; rules about fake
 * behaviour (canned data, always-true checks, simulated waits) stay quiet there.
 */
export function isTestDoublePath(filename: string): boolean {
  return TEST_DOUBLE_PATH.test(filename);
}
