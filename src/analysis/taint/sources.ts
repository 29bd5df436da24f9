import { calleeMethod, calleeName, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import type { ThreatModel } from '../types.js';
import { maskOf } from './model.js';
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

/** A parameter holding Koa's context (`ctx`, `context`), whose `body` is the response. */
export function isContextBinding(binding: Binding | null): boolean {
  return requestRole(binding) === 'ctx';
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
  if (first === undefined || root.type !== 'Identifier') return null;
  if (binding === null) {
    if (model === 'local' && root.name === 'process' && (first === 'argv' || first === 'env'))
      return `process.${first}`;
    return browserSource(root.name, first, path[1], path.length);
  }
  const role = requestRole(binding);
  return role === null ? null : requestMemberSource(role, binding?.name ?? '', first, path[1]);
}

const LOCATION_PARTS = new Set(['hash', 'search', 'href']);
const DOCUMENT_PARTS = new Set(['URL', 'documentURI', 'baseURI', 'referrer']);
/** Globals only a browser has: reading them means the file is browser code. */
const BROWSER_ROOTS = new Set(['location', 'document', 'window', 'self', 'globalThis']);

/** `location.search`, `window.location.hash`, `document.location`: the part of the page's URL a link chooses. */
function locationSource(prefix: string, part: string | undefined, length: number): string | null {
  if (part === undefined) return length === 1 ? prefix : null;
  return LOCATION_PARTS.has(part) ? `${prefix}.${part}` : null;
}

/**
 * Page data an attacker's link or page chooses, read from browser globals (which Node does not have):
 * `location.hash/search/href`, `document.URL`, `document.referrer`, `window.name`. `length` is the
 * length of the whole chain read (`document.location` alone is the whole URL).
 */
function browserSource(root: string, first: string, second: string | undefined, length: number): string | null {
  switch (root) {
    case 'location':
      return LOCATION_PARTS.has(first) ? `location.${first}` : null;
    case 'document':
      if (DOCUMENT_PARTS.has(first)) return `document.${first}`;
      return first === 'location' ? locationSource('document.location', second, length) : null;
    case 'window':
    case 'self':
    case 'globalThis':
      if (first === 'name') return `${root}.name`;
      return first === 'location' ? locationSource(`${root}.location`, second, length) : null;
    default:
      return null;
  }
}

/** Sources whose value is always a string (never an object that could carry query operators). */
const STRING_SOURCE =
  /\.(?:params|headers|header|url|originalUrl|path|nextUrl|querystring|href|search|hash|URL|documentURI|baseURI|referrer|name|location|rawBody)$|\.(?:get|header|param|query|queries|text|arrayBuffer|blob)\(\)$|^(?:ctx|context)\.(?:request\.)?query$/;
/** Sources of the `local` threat model: the operator's own input, which log files do not need protecting from. */
const LOCAL_SOURCE = /^(?:process\.|fs\.)| line$/;

/**
 * Raw request text that cannot hold a line break: the HTTP parser rejects CR/LF in the request line
 * and in header values, and these are not percent-decoded (decoding them is a step that restores it).
 */
const RAW_REQUEST_TEXT =
  /^(?:req|request|incomingMessage|ctx|context|c)(?:\.request|\.req)?\.(?:url|originalUrl|path|headers|header|querystring|href|search|get\(\)|header\(\))$/;

/**
 * Kinds a source's value is safe for from the start, by its label: strings cannot inject query
 * operators (`nosql`), raw request lines and headers hold no line breaks, and the local model's
 * inputs are not a log forger's.
 */
export function sourceMask(label: string): number {
  if (LOCAL_SOURCE.test(label)) return maskOf('nosql', 'log');
  let mask = STRING_SOURCE.test(label) ? maskOf('nosql') : 0;
  if (RAW_REQUEST_TEXT.test(label)) mask |= maskOf('log');
  return mask;
}

/** `req.query`, `ctx.request.body`, `ctx.req.body`, `c.req.url`: a request property, by the variable's role. */
function requestMemberSource(
  role: 'req' | 'ctx' | 'hono',
  name: string,
  first: string,
  second: string | undefined,
): string | null {
  switch (role) {
    case 'req':
      return EXPRESS_PROPS.has(first) ? `${name}.${first}` : null;
    case 'ctx':
      if (KOA_PROPS.has(first)) return `${name}.${first}`;
      if (second === undefined) return null;
      if (first === 'request' && KOA_REQUEST_PROPS.has(second)) return `${name}.request.${second}`;
      return first === 'req' && EXPRESS_PROPS.has(second) ? `${name}.req.${second}` : null;
    case 'hono':
      return first === 'req' && (second === 'url' || second === 'path') ? `c.req.${second}` : null;
  }
}

/** The source a call is: `req.get('x')`, `await request.json()`, `c.req.query('q')`, `fs.readFileSync(f)` (local). */
export function callSource(call: NodeOfType<'CallExpression'>, scope: Scope, model: ThreatModel): string | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const method = propertyName(callee);
  if (method === null) return null;
  const label = requestCallSource(unwrap(callee.object as AstNode), method, scope);
  if (label !== null || model !== 'local' || !FS_READERS.has(method)) return label;
  const ref = moduleRefOf(callee.object as AstNode, scope);
  return ref && (ref.module === 'fs' || ref.module === 'fs/promises' || ref.module === 'fs-extra')
    ? `fs.${method}()`
    : null;
}

/** `req.get('x')`, `ctx.get('x')`, `c.req.json()`, `req.cookies.get('x')`: a method of a request. */
function requestCallSource(object: AstNode, method: string, scope: Scope): string | null {
  if (object.type === 'Identifier') {
    const role = requestRole(scope.lookup(object.name));
    if (role === 'req' && REQUEST_METHODS.has(method)) return `${object.name}.${method}()`;
    if (role === 'ctx' && (method === 'get' || method === 'param')) return `${object.name}.${method}()`;
    return null;
  }
  if (object.type !== 'MemberExpression') return null;
  const inner = unwrap(object.object as AstNode);
  if (inner.type !== 'Identifier') return null;
  const role = requestRole(scope.lookup(inner.name));
  const name = propertyName(object);
  if (role === 'hono' && name === 'req' && HONO_METHODS.has(method)) return `c.req.${method}()`;
  if ((role === 'ctx' || role === 'req') && name === 'cookies' && method === 'get')
    return `${inner.name}.cookies.get()`;
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
/** Worker threads, IPC with a parent or child process, message ports: the application talking to itself. */
const OWN_CHANNEL = /^(?:worker|workers|parentPort|port[12]?|process|child|subprocess|cluster)$/i;

/** `worker.on('message')`, `parentPort.on('message')`, `process.on('message')`: messages from the program's own threads and processes. */
function isOwnChannel(receiver: AstNode, name: string, scope: Scope): boolean {
  if (OWN_CHANNEL.test(name)) return true;
  if (receiver.type !== 'Identifier') return false;
  const init = scope.lookup(receiver.name)?.init;
  const value = init ? unwrap(init) : null;
  if (value?.type === 'NewExpression')
    return /(?:^|\.)(?:Worker|MessageChannel|BroadcastChannel)$/.test(calleeName(value) ?? '');
  return value?.type === 'CallExpression' && /(?:^|\.)fork$/.test(calleeName(value) ?? '');
}

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
  if (SOCKET_RECEIVER.test(receiverName)) return `${receiverName} '${event}' payload`;
  if (event === 'message' && !isOwnChannel(receiver, receiverName, scope)) return `${receiverName} '${event}' payload`;
  if (model === 'local' && event === 'data' && receiverName === 'stdin') return 'process.stdin';
  if (model === 'local' && event === 'line') return `${receiverName} line`;
  return null;
}

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener']);
/** Properties that can start a source, by the role the name of the variable suggests. */
const REQUEST_FIRST = new Set([...EXPRESS_PROPS, ...REQUEST_METHODS, 'cookies']);
const CONTEXT_FIRST = new Set([...KOA_PROPS, 'request', 'req', 'get', 'param', 'cookies']);
const FIRST_BY_ROOT = new Map<string, ReadonlySet<string>>([
  ['req', REQUEST_FIRST],
  ['request', REQUEST_FIRST],
  ['incomingMessage', REQUEST_FIRST],
  ['ctx', CONTEXT_FIRST],
  ['context', CONTEXT_FIRST],
  ['c', new Set(['req'])],
  ['location', LOCATION_PARTS],
  ['document', new Set([...DOCUMENT_PARTS, 'location'])],
  ['window', new Set(['name', 'location'])],
  ['self', new Set(['name', 'location'])],
  ['globalThis', new Set(['name', 'location'])],
]);
const PROCESS_FIRST = new Set(['argv', 'env']);

/**
 * Whether a node may read a source under `model`, by its shape alone: a request property of a
 * variable named like a request (`req.query`, `ctx.request`, `c.req`), `process.argv`, a listener
 * for a data event, a file read. Cheap enough to ask of every node; `isSourceSite` then decides
 * with the scopes.
 */
export function maybeSourceSite(node: AstNode, model: ThreatModel): boolean {
  if (node.type === 'MemberExpression') {
    const object = unwrap(node.object as AstNode);
    if (object.type !== 'Identifier') return false;
    const first = model === 'local' && object.name === 'process' ? PROCESS_FIRST : FIRST_BY_ROOT.get(object.name);
    if (!first) return false;
    const name = propertyName(node);
    return name !== null && first.has(name);
  }
  if (node.type === 'CallExpression') {
    const method = calleeMethod(node);
    if (method === null) return false;
    if (model === 'local' && FS_READERS.has(method)) return true;
    if (!LISTEN_METHODS.has(method)) return false;
    const event = staticString(node.arguments[0] as AstNode | undefined);
    return event !== null && !NON_DATA_EVENTS.has(event);
  }
  return false;
}

/**
 * Whether a node that `maybeSourceSite` accepted reads a source: the function around it is then
 * where taint starts. For member reads it decides on the first property, so it may accept a little
 * more than `memberSource` and `callSource` (never less).
 */
export function isSourceSite(node: AstNode, scope: Scope, model: ThreatModel): boolean {
  if (node.type === 'CallExpression')
    return callSource(node, scope, model) !== null || callbackSource(node, scope, model) !== null;
  if (node.type !== 'MemberExpression') return false;
  const root = unwrap(node.object as AstNode);
  if (root.type !== 'Identifier') return false;
  const binding = scope.lookup(root.name);
  if (binding === null) return root.name === 'process' || BROWSER_ROOTS.has(root.name);
  return requestRole(binding) !== null;
}
