import { calleeMethod, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import type { ThreatModel } from '../types.js';
import { type Binding, moduleRefOf, type Scope } from './scope.js';

/**
 * Where attacker data enters, by threat model. Request objects are recognised by the parameter
 * that holds them (`req`, `request`, `ctx`, `c`) and the property read, so a local variable that
 * happens to be called `request` is not a source.
 *
 * - `remote`: HTTP request data (Express, Koa, Fastify, Hono, Next.js, Node `http`) and WebSocket
 *   messages.
 * - `library`: remote sources plus the parameters of exported functions (see functions.ts).
 * - `local`: remote sources plus `process.argv`, `process.env`, standard input and file contents.
 */

const FS_READERS = new Set(['readFile', 'readFileSync', 'readJson', 'readJsonSync']);

const EXPRESS_PROPS = new Set([
  'query',
  'body',
  'params',
  'headers',
  'cookies',
  'signedCookies',
  'url',
  'originalUrl',
  'path',
  'files',
  'file',
  'rawBody',
  'nextUrl',
  'raw',
]);
const KOA_PROPS = new Set([
  'query',
  'querystring',
  'params',
  'headers',
  'header',
  'url',
  'originalUrl',
  'path',
  'href',
  'search',
]);
const KOA_REQUEST_PROPS = new Set([
  'body',
  'query',
  'querystring',
  'headers',
  'header',
  'url',
  'path',
  'href',
  'search',
  'files',
  'rawBody',
]);
const REQUEST_METHODS = new Set(['get', 'header', 'param', 'json', 'text', 'formData', 'arrayBuffer', 'blob']);
const HONO_METHODS = new Set([
  'query',
  'queries',
  'param',
  'json',
  'text',
  'header',
  'parseBody',
  'formData',
  'arrayBuffer',
  'blob',
]);

/** Names of parameters that hold an HTTP request (or a Koa/Hono context). */
function requestRole(binding: Binding | null): 'req' | 'ctx' | 'hono' | null {
  if (binding?.kind !== 'param' || binding.path.length > 0) return null;
  switch (binding.name) {
    case 'req':
    case 'request':
    case 'incomingMessage':
      return 'req';
    case 'ctx':
    case 'context':
      return 'ctx';
    case 'c':
      return 'hono';
    default:
      return null;
  }
}

/**
 * The source a static member read is, e.g. `req.query` for `req.query.name`: `path` is the chain
 * of property names after the root variable. Null when the read is not a source.
 */
export function memberSource(
  root: AstNode,
  binding: Binding | null,
  path: readonly string[],
  model: ThreatModel,
): string | null {
  const first = path[0];
  if (first === undefined) return null;
  if (root.type === 'Identifier') {
    const role = requestRole(binding);
    if (role === 'req' && EXPRESS_PROPS.has(first)) return `${binding?.name}.${first}`;
    if (role === 'ctx') {
      if (KOA_PROPS.has(first)) return `${binding?.name}.${first}`;
      if (first === 'request' && path[1] !== undefined && KOA_REQUEST_PROPS.has(path[1]))
        return `${binding?.name}.request.${path[1]}`;
      if (first === 'req' && path[1] !== undefined && EXPRESS_PROPS.has(path[1]))
        return `${binding?.name}.req.${path[1]}`;
    }
    if (role === 'hono' && first === 'req' && (path[1] === 'url' || path[1] === 'path')) return `c.req.${path[1]}`;
    if (model === 'local' && root.name === 'process' && binding === null && (first === 'argv' || first === 'env'))
      return `process.${first}`;
  }
  return null;
}

/** The source a call is: `req.get('x')`, `await request.json()`, `c.req.query('q')`, `fs.readFileSync(f)` (local). */
export function callSource(call: NodeOfType<'CallExpression'>, scope: Scope, model: ThreatModel): string | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const method = propertyName(callee);
  if (method === null) return null;
  const object = unwrap(callee.object as AstNode);
  if (object.type === 'Identifier') {
    const binding = scope.lookup(object.name);
    const role = requestRole(binding);
    if (role === 'req' && REQUEST_METHODS.has(method)) return `${object.name}.${method}()`;
    if (role === 'ctx' && (method === 'get' || method === 'param')) return `${object.name}.${method}()`;
  }
  if (object.type === 'MemberExpression') {
    const inner = unwrap(object.object as AstNode);
    const name = propertyName(object);
    if (inner.type === 'Identifier') {
      const role = requestRole(scope.lookup(inner.name));
      if (role === 'hono' && name === 'req' && HONO_METHODS.has(method)) return `c.req.${method}()`;
      if (role === 'ctx' && name === 'cookies' && method === 'get') return `${inner.name}.cookies.get()`;
      if (role === 'req' && name === 'cookies' && method === 'get') return `${inner.name}.cookies.get()`;
    }
  }
  if (model === 'local' && FS_READERS.has(method)) {
    const ref = moduleRefOf(callee.object as AstNode, scope);
    if (ref && (ref.module === 'fs' || ref.module === 'fs/promises' || ref.module === 'fs-extra'))
      return `fs.${method}()`;
  }
  return null;
}

const NON_DATA_EVENTS = new Set([
  'close',
  'error',
  'open',
  'connect',
  'connection',
  'disconnect',
  'end',
  'finish',
  'listening',
  'upgrade',
  'drain',
  'ping',
  'pong',
]);
const SOCKET_RECEIVER = /^(?:ws|socket|websocket|webSocket|client|conn|connection|peer)$/i;

/**
 * For `emitter.on(event, callback)`: the label of the attacker data the callback's first
 * parameter receives (`ws.on('message', (data) => ...)`, `req.on('data', ...)`), or null.
 */
export function callbackSource(call: NodeOfType<'CallExpression'>, scope: Scope, model: ThreatModel): string | null {
  const method = calleeMethod(call);
  if (method !== 'on' && method !== 'once' && method !== 'addListener' && method !== 'addEventListener') return null;
  const event = staticString(call.arguments[0] as AstNode | undefined);
  if (event === null || NON_DATA_EVENTS.has(event)) return null;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const receiver = unwrap(callee.object as AstNode);
  const receiverName =
    receiver.type === 'Identifier'
      ? receiver.name
      : receiver.type === 'MemberExpression'
        ? propertyName(receiver)
        : null;
  if (receiverName === null) return null;
  if (event === 'data' && receiver.type === 'Identifier' && requestRole(scope.lookup(receiver.name)) === 'req')
    return `${receiverName} body`;
  if (event === 'message' || SOCKET_RECEIVER.test(receiverName)) {
    if (SOCKET_RECEIVER.test(receiverName) || event === 'message') return `${receiverName} '${event}' payload`;
  }
  if (model === 'local' && event === 'data' && receiverName === 'stdin') return 'process.stdin';
  if (model === 'local' && event === 'line') return `${receiverName} line`;
  return null;
}
