import {
  calleeMethod,
  dottedName,
  enclosingFunction,
  isFunctionLike,
  isInsideTryBlock,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import { type AstNode, defineRule, type NodeOfType } from '../rule.js';

type Call = NodeOfType<'CallExpression'>;

const REQUEST_PREFIX = /^(req|request|ctx\.request)\./;
const EVENT_PARAMS = new Set(['event', 'evt', 'ev', 'e']);
const MESSAGE_EVENTS = new Set(['message', 'data']);
const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener']);
/** Folders of the code itself: files under them ship with it. The working directory is the user's. */
const STATIC_DIRS = new Set(['__dirname', 'import.meta.dirname']);

/** Strips `.toString()`, `String(...)`, `await` and a literal fallback, which do not change where the text came from. */
function textSource(node: AstNode): { value: AstNode; awaited: boolean } {
  let value = unwrap(node);
  let awaited = false;
  for (;;) {
    if (value.type === 'AwaitExpression') {
      awaited = true;
      value = unwrap(value.argument as AstNode);
    } else if (
      value.type === 'LogicalExpression' &&
      value.operator !== '&&' &&
      staticString(value.right as AstNode) !== null
    ) {
      // `localStorage.getItem(key) || '[]'` still parses whatever was stored.
      value = unwrap(value.left as AstNode);
    } else if (
      value.type === 'CallExpression' &&
      value.callee.type === 'MemberExpression' &&
      propertyName(value.callee) === 'toString'
    ) {
      value = unwrap(value.callee.object as AstNode);
    } else if (
      value.type === 'CallExpression' &&
      value.callee.type === 'Identifier' &&
      value.callee.name === 'String' &&
      value.arguments[0]
    ) {
      value = unwrap(value.arguments[0] as AstNode);
    } else return { value, awaited };
  }
}

/** A path fixed when the code was written: files bundled with it, not input. */
function isStaticPath(node: AstNode | undefined): boolean {
  if (!node || node.type === 'SpreadElement') return false;
  const path = unwrap(node);
  if (staticString(path) !== null) return true;
  const name = dottedName(path);
  if (name !== null && STATIC_DIRS.has(name)) return true;
  if (path.type === 'NewExpression' && calleeMethod(path) === 'URL') {
    return staticString(path.arguments[0] as AstNode | undefined) !== null;
  }
  if (path.type === 'CallExpression') {
    const callee = dottedName(path.callee as AstNode);
    if (callee && /^(path\.)?(join|resolve)$/.test(callee))
      return path.arguments.every((a) => isStaticPath(a as AstNode));
  }
  return false;
}

/** A listener for socket/worker messages whose first parameter is `name`: `ws.on('message', (data) => ...)`. */
function isMessageListenerParam(fn: AstNode | null, name: string): boolean {
  if (!isFunctionLike(fn)) return false;
  const first = fn.params[0];
  if (first?.type !== 'Identifier' || first.name !== name) return false;
  const call = parentOf(fn);
  if (call?.type !== 'CallExpression' || call.arguments[1] !== fn) return false;
  const method = calleeMethod(call);
  const event = staticString(call.arguments[0] as AstNode | undefined);
  return method !== null && LISTEN_METHODS.has(method) && event !== null && MESSAGE_EVENTS.has(event);
}

/**
 * A message listener whose first parameter is `name`: `addEventListener('message', (event) => ...)`,
 * `socket.onmessage = (e) => ...`. Deserializer options of libraries run inside their own try.
 */
function isEventListener(fn: AstNode | null, name: string): boolean {
  if (!isFunctionLike(fn)) return false;
  const first = fn.params[0];
  if (first?.type !== 'Identifier' || first.name !== name) return false;
  const holder = parentOf(fn);
  if (holder?.type === 'CallExpression') {
    const method = calleeMethod(holder);
    return method !== null && LISTEN_METHODS.has(method) && holder.arguments[1] === fn;
  }
  if (holder?.type === 'AssignmentExpression' && holder.right === fn) {
    const target = dottedName(holder.left as AstNode);
    return target !== null && /(^|\.)onmessage$/.test(target);
  }
  return false;
}

/** What kind of untrusted or fallible text the argument is, or null. */
function classify(argument: AstNode, call: Call): string | null {
  const { value, awaited } = textSource(argument);
  const fn = enclosingFunction(call);
  if (value.type === 'Identifier') return isMessageListenerParam(fn, value.name) ? 'a received message' : null;
  if (value.type === 'MemberExpression') {
    const name = dottedName(value);
    if (name === null) return null;
    if (name === 'event.body' || REQUEST_PREFIX.test(name)) return 'request data';
    const dot = name.lastIndexOf('.');
    const object = name.slice(0, dot);
    if (name.slice(dot + 1) === 'data' && EVENT_PARAMS.has(object) && isEventListener(fn, object)) {
      return 'an event payload';
    }
    return null;
  }
  if (value.type !== 'CallExpression') return null;
  const method = calleeMethod(value);
  const callee = dottedName(value.callee as AstNode) ?? '';
  if (awaited && method === 'text' && value.arguments.length === 0) return 'a response body';
  if (/(^|\.)(localStorage|sessionStorage|AsyncStorage)\.getItem$/.test(callee)) return 'stored data';
  const isRead = method === 'readFileSync' || (awaited && method === 'readFile');
  // Reading a bundled file at a fixed path (package.json, a schema) is not input; module-level reads fail at start-up.
  if (isRead && fn !== null && !isStaticPath(value.arguments[0] as AstNode | undefined)) return 'file contents';
  return null;
}

/** The parse runs in a `.then` callback of a chain that ends in `.catch(...)`. */
function isInCaughtChain(call: Call): boolean {
  const fn = enclosingFunction(call);
  const owner = fn ? parentOf(fn) : null;
  if (owner?.type !== 'CallExpression' || calleeMethod(owner) !== 'then') return false;
  let current: AstNode = owner;
  for (;;) {
    const member = parentOf(current);
    const next = member ? parentOf(member) : null;
    if (member?.type !== 'MemberExpression' || member.object !== current || next?.type !== 'CallExpression')
      return false;
    const method = calleeMethod(next);
    if (method === 'catch' || (method === 'then' && next.arguments.length >= 2)) return true;
    current = next;
  }
}

export default defineRule({
  id: 'no-unhandled-json-parse',
  meta: {
    description:
      'JSON.parse on request, network, file or stored text outside any try/catch: malformed input throws and crashes the handler.',
    category: 'error-handling',
    severity: 'medium',
    cwe: [755],
    messages: {
      unhandledParse:
        'JSON.parse of {{source}} is not inside a try/catch: malformed input throws here. Catch the SyntaxError and answer with a clear error.',
    },
  },
  create(context) {
    // Tests parse fixtures they wrote; a throw there is a failing test, which is what they want.
    if (context.settings.isTestFile) return {};
    return {
      CallExpression(node) {
        if (node.arguments.length === 0) return;
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'parse') return;
        if (dottedName(callee) !== 'JSON.parse') return;
        const argument = node.arguments[0];
        if (!argument || argument.type === 'SpreadElement') return;
        const source = classify(argument, node);
        if (source === null || isInsideTryBlock(node) || isInCaughtChain(node)) return;
        context.report({ node, messageId: 'unhandledParse', data: { source } });
      },
    };
  },
});
