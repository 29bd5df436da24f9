import {
  calleeName,
  dottedName,
  type FunctionLike,
  functionName,
  isFunctionLike,
  isLoggingCall,
  isTestDoublePath,
  isVariableReference,
  nameWords,
  parentOf,
  propertyName,
  type RequestHandlerInfo,
  requestHandlerInfo,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that legitimately answer without work: probes, and stateless logout. */
const NO_WORK_ROUTE =
  /\/(health|healthz|ready|readyz|readiness|live|livez|liveness|ping|status|version|logout|log-out|signout|sign-out)\/?$/i;
const WORK_CLAIM =
  /\b(received|processed|queued|saved|sent|created|updated|deleted|removed|uploaded|submitted|scheduled|stored|imported|synced|deployed|enqueued|registered|subscribed|published|completed)\b/i;
/** Methods on Express `res` / Fastify `reply` that only shape the answer. */
const RESPONSE_METHODS = new Set([
  'json',
  'send',
  'status',
  'sendStatus',
  'end',
  'code',
  'header',
  'headers',
  'set',
  'type',
  'setHeader',
  'writeHead',
  'jsonp',
]);
/** Members of a Hono `c` or Koa `ctx` that write the answer; any other member reads the request. */
const CONTEXT_RESPONSE_MEMBERS = new Set([
  'json',
  'text',
  'body',
  'status',
  'header',
  'html',
  'type',
  'set',
  'newResponse',
]);
const STATUS_METHODS = new Set(['status', 'code', 'sendStatus', 'writeHead']);
const BODY_METHODS = new Set(['json', 'send', 'jsonp', 'text', 'html', 'body', 'end']);
const PURE_CALLS = new Set(['JSON.stringify', 'Date.now', 'String', 'Number', 'Boolean']);
const PURE_METHODS = new Set(['toISOString', 'toString', 'toFixed']);
const RESPONSE_CONSTRUCTORS = new Set(['Response', 'NextResponse']);
/** Words of middleware known to do no work of their own: parsers, auth, validation, limits. */
const NO_WORK_MIDDLEWARE = new Set([
  'auth',
  'authn',
  'authz',
  'authenticate',
  'authenticated',
  'authorize',
  'authorise',
  'authorized',
  'authorization',
  'require',
  'required',
  'validate',
  'validator',
  'validation',
  'verify',
  'check',
  'ensure',
  'protect',
  'protected',
  'guard',
  'limit',
  'limiter',
  'ratelimit',
  'csrf',
  'parse',
  'parser',
  'cors',
  'helmet',
  'compression',
  'json',
  'raw',
  'urlencoded',
  'admin',
  'role',
  'roles',
  'permission',
  'permissions',
  'login',
  'logged',
  'schema',
  'celebrate',
]);
const CONTEXT_PARAM = /^(c|ctx|context)$/;
const FAILURE_KEYS = new Set(['error', 'errors']);

interface Answer {
  node: AstNode;
  status: number | null;
  body: AstNode | null;
}

/** `res.status(201).json(...)`: the identifier the chain starts from and the methods along it. */
function chainOf(call: NodeOfType<'CallExpression'>): { root: string; calls: NodeOfType<'CallExpression'>[] } | null {
  const calls: NodeOfType<'CallExpression'>[] = [];
  let current: AstNode = call;
  while (current.type === 'CallExpression') {
    calls.push(current);
    const callee = unwrap(current.callee as AstNode);
    if (callee.type !== 'MemberExpression') return null;
    current = unwrap(callee.object as AstNode);
  }
  return current.type === 'Identifier' ? { root: current.name, calls } : null;
}

function methodOf(call: NodeOfType<'CallExpression'>): string | null {
  const callee = unwrap(call.callee as AstNode);
  return callee.type === 'MemberExpression' ? propertyName(callee) : null;
}

function numberOf(node: AstNode | null | undefined): number | null {
  if (!node) return null;
  const value = unwrap(node);
  return value.type === 'Literal' && typeof value.value === 'number' ? value.value : null;
}

/** The `status` of `Response.json(body, { status: 201 })` or `new Response(body, { status })`. */
function statusOption(options: AstNode | undefined): number | null {
  if (!options) return null;
  const value = unwrap(options);
  if (value.type !== 'ObjectExpression') return null;
  for (const p of value.properties)
    if (p.type === 'Property' && propertyName(p) === 'status') return numberOf(p.value as AstNode) ?? -1;
  return null;
}

function claimsFailure(body: AstNode | null): boolean {
  if (!body) return false;
  const value = unwrap(body);
  if (value.type !== 'ObjectExpression') return false;
  return value.properties.some((p) => {
    if (p.type !== 'Property') return false;
    const key = propertyName(p);
    if (key !== null && FAILURE_KEYS.has(key)) return true;
    const v = unwrap(p.value as AstNode);
    return (key === 'success' || key === 'ok') && v.type === 'Literal' && v.value === false;
  });
}

function claimsWork(body: AstNode | null): boolean {
  if (!body) return false;
  const text = staticString(body);
  if (text !== null) return WORK_CLAIM.test(text);
  let claimed = false;
  forEachDescendant(body, (node) => {
    if (claimed) return false;
    const value = staticString(node);
    if (value !== null && WORK_CLAIM.test(value)) claimed = true;
    // `{ queued: true }`: the key itself is the claim (`{ updated: '2024-05-01' }` is data).
    if (node.type === 'Property') {
      const key = propertyName(node);
      const flag = unwrap(node.value as AstNode);
      if (key !== null && WORK_CLAIM.test(key) && flag.type === 'Literal' && flag.value === true) claimed = true;
    }
    return true;
  });
  return claimed;
}

/** What the walk over one handler knows about its parameters, and what it has found so far. */
interface HandlerWalk {
  requestName: string | null;
  responseName: string | null;
  contextName: string | null;
  nextJs: boolean;
  answers: Answer[];
  working: boolean;
}

/** Nodes that are work in themselves, or hide work this walk cannot see: awaiting, throwing, looping, mutating. */
const WORK_NODES = new Set([
  'AwaitExpression',
  'YieldExpression',
  'ThrowStatement',
  'UpdateExpression',
  'TaggedTemplateExpression',
  'ImportExpression',
  'ForStatement',
  'ForOfStatement',
  'ForInStatement',
  'WhileStatement',
  'DoWhileStatement',
  'ClassExpression',
]);

/** Which parameter is the request, the response or a Hono/Koa context; null when one is a pattern. */
function handlerWalk(fn: FunctionLike, info: RequestHandlerInfo): HandlerWalk | null {
  const params = fn.params as AstNode[];
  if (params.some((p) => p.type !== 'Identifier')) return null;
  const names = params.map((p) => (p as NodeOfType<'Identifier'>).name);
  // Express/Fastify: (req, res, next); Hono/Koa: (c) / (ctx, next); Next.js: (request).
  const nextJs = info.path === null && info.method !== null && functionName(fn) === info.method;
  const contextStyle = !nextJs && CONTEXT_PARAM.test(names[0] ?? '');
  return {
    requestName: contextStyle ? null : (names[0] ?? null),
    responseName: contextStyle ? null : (names[1] ?? null),
    contextName: contextStyle ? (names[0] ?? null) : null,
    nextJs,
    answers: [],
    working: false,
  };
}

/** Marks the handler as doing work; returns false so the walk does not descend. */
function foundWork(walk: HandlerWalk): false {
  walk.working = true;
  return false;
}

/** Fastify and Hono send what a handler returns: an object or a fixed string is the answer. */
function isReturnedAnswer(walk: HandlerWalk, value: AstNode): boolean {
  if (walk.contextName !== null || walk.nextJs) return false;
  return value.type === 'ObjectExpression' || staticString(value) !== null;
}

/** `c.json(body, 201)` or `c.json(body, { status: 201 })`: Hono passes the status after the body. */
function contextBodyStatus(method: string, link: NodeOfType<'CallExpression'>, status: number | null): number | null {
  const explicit = numberOf(link.arguments[1] as AstNode);
  if (explicit !== null) return explicit;
  if (method === 'body') return status;
  return status ?? statusOption(link.arguments[1] as AstNode);
}

/** The status and body a chain of response calls sets; null when a link is not a response method. */
function chainAnswer(
  calls: NodeOfType<'CallExpression'>[],
  allowed: ReadonlySet<string>,
  contextStyle: boolean,
): { status: number | null; body: AstNode | null } | null {
  let status: number | null = null;
  let body: AstNode | null = null;
  for (const link of calls) {
    const method = methodOf(link);
    if (method === null || !allowed.has(method)) return null;
    if (STATUS_METHODS.has(method)) status = numberOf(link.arguments[0] as AstNode) ?? -1;
    if (BODY_METHODS.has(method)) {
      body = (link.arguments[0] as AstNode) ?? null;
      if (contextStyle) status = contextBodyStatus(method, link, status);
    }
  }
  return { status, body };
}

/** True (and the answer recorded) when the call only answers: `res.status(201).json(...)`, `Response.json(...)`. */
function responseCall(walk: HandlerWalk, call: NodeOfType<'CallExpression'>): boolean {
  const name = calleeName(call);
  if (name === 'Response.json' || name === 'NextResponse.json') {
    walk.answers.push({
      node: call,
      status: statusOption(call.arguments[1] as AstNode),
      body: (call.arguments[0] as AstNode) ?? null,
    });
    return true;
  }
  const chain = chainOf(call);
  if (!chain) return false;
  let allowed: ReadonlySet<string> | null = null;
  if (chain.root === walk.responseName) allowed = RESPONSE_METHODS;
  else if (chain.root === walk.contextName) allowed = CONTEXT_RESPONSE_MEMBERS;
  if (!allowed) return false;
  const answer = chainAnswer(chain.calls, allowed, walk.contextName !== null);
  if (!answer) return false;
  // Only the outermost call of a chain is an answer; its inner links were folded in above.
  const parent = parentOf(call);
  if (!(parent?.type === 'MemberExpression' && parent.object === call)) walk.answers.push({ node: call, ...answer });
  return true;
}

function visitNew(walk: HandlerWalk, node: NodeOfType<'NewExpression'>): boolean {
  const name = calleeName(node);
  if (name !== null && RESPONSE_CONSTRUCTORS.has(name)) {
    walk.answers.push({
      node,
      status: statusOption(node.arguments[1] as AstNode),
      body: (node.arguments[0] as AstNode) ?? null,
    });
    forEachDescendant(node, (child) => visitHandlerNode(walk, child));
    return false;
  }
  if (name === 'Date') return true;
  return foundWork(walk);
}

function visitCall(walk: HandlerWalk, node: NodeOfType<'CallExpression'>): boolean {
  if (isLoggingCall(node)) return false;
  const name = calleeName(node);
  if (name !== null && PURE_CALLS.has(name)) return true;
  const method = methodOf(node);
  if (method !== null && PURE_METHODS.has(method)) return true;
  if (responseCall(walk, node)) return true;
  return foundWork(walk);
}

/** `ctx.body = ...`, `ctx.status = 201`, `res.statusCode = 201` answer; any other write is work. */
function visitAssignment(walk: HandlerWalk, node: NodeOfType<'AssignmentExpression'>): boolean {
  const left = unwrap(node.left as AstNode);
  if (left.type !== 'MemberExpression' || left.object.type !== 'Identifier') return foundWork(walk);
  const owner = left.object.name;
  const key = propertyName(left);
  if (owner === walk.responseName && key === 'statusCode') return true;
  if (owner !== walk.contextName || (key !== 'body' && key !== 'status' && key !== 'type')) return foundWork(walk);
  const right = node.right as AstNode;
  if (key === 'status') walk.answers.push({ node, status: numberOf(right) ?? -1, body: null });
  else if (key === 'body') walk.answers.push({ node, status: null, body: right });
  walkHandlerFrom(walk, right);
  return false;
}

function visitReturn(walk: HandlerWalk, node: NodeOfType<'ReturnStatement'>): boolean {
  const argument = node.argument ? unwrap(node.argument as AstNode) : null;
  if (argument && isReturnedAnswer(walk, argument)) walk.answers.push({ node, status: null, body: argument });
  return true;
}

/** On a Hono/Koa context, only the members that write the answer are not work. */
function visitMember(walk: HandlerWalk, node: NodeOfType<'MemberExpression'>): boolean {
  const object = unwrap(node.object as AstNode);
  if (walk.contextName === null || object.type !== 'Identifier' || object.name !== walk.contextName) return true;
  const key = propertyName(node);
  if (key === null || !CONTEXT_RESPONSE_MEMBERS.has(key)) walk.working = true;
  return false;
}

/** Any other use of the request or context (passing it on, reading it whole) is work. */
function visitIdentifier(walk: HandlerWalk, node: NodeOfType<'Identifier'>): boolean {
  if ((node.name === walk.requestName || node.name === walk.contextName) && isVariableReference(node))
    walk.working = true;
  return false;
}

/** Looks at one node of the handler; returns whether to descend into it. */
function visitHandlerNode(walk: HandlerWalk, node: AstNode): boolean {
  if (walk.working) return false;
  if (isFunctionLike(node) || WORK_NODES.has(node.type)) return foundWork(walk);
  switch (node.type) {
    case 'NewExpression':
      return visitNew(walk, node);
    case 'CallExpression':
      return visitCall(walk, node);
    case 'AssignmentExpression':
      return visitAssignment(walk, node);
    case 'ReturnStatement':
      return visitReturn(walk, node);
    case 'MemberExpression':
      return visitMember(walk, node);
    case 'Identifier':
      return visitIdentifier(walk, node);
    default:
      return true;
  }
}

function walkHandlerFrom(walk: HandlerWalk, node: AstNode): void {
  if (visitHandlerNode(walk, node)) forEachDescendant(node, (child) => visitHandlerNode(walk, child));
}

/**
 * Walks the handler and collects its answers. Returns null as soon as it sees work: a read of the
 * request, an `await`, a call other than logging and answering, a write to any state, a `throw`.
 */
function answersWithoutWork(fn: FunctionLike, info: RequestHandlerInfo): Answer[] | null {
  const walk = handlerWalk(fn, info);
  const body = fn.body as AstNode | null;
  if (!walk || !body) return null;
  const expression = body.type === 'BlockStatement' ? null : unwrap(body);
  // `async (request, reply) => ({ ok: true })`: the value is the answer.
  if (expression && isReturnedAnswer(walk, expression))
    walk.answers.push({ node: expression, status: null, body: expression });
  walkHandlerFrom(walk, body);
  return walk.working ? null : walk.answers;
}

/**
 * Route-level middleware can do the work before the handler answers (`upload.single('file')`
 * stores the file). Only middleware known to do none (parsers, auth, validation, limits) is ignored.
 */
function middlewareMayWork(fn: FunctionLike): boolean {
  let holder = parentOf(fn);
  let self: AstNode = fn;
  if (
    holder?.type === 'CallExpression' &&
    holder.arguments.length === 1 &&
    parentOf(holder)?.type === 'CallExpression'
  ) {
    self = holder;
    holder = parentOf(holder);
  }
  if (holder?.type !== 'CallExpression') return false;
  for (const argument of holder.arguments as AstNode[]) {
    if (argument === self || staticString(argument) !== null) continue;
    const target = unwrap(argument);
    const name = target.type === 'CallExpression' ? calleeName(target) : dottedName(target);
    if (
      name === null ||
      !name
        .split('.')
        .flatMap(nameWords)
        .some((w) => NO_WORK_MIDDLEWARE.has(w))
    )
      return true;
  }
  return false;
}

function describeRoute(fn: FunctionLike, info: RequestHandlerInfo): string {
  if (info.path !== null) return `${info.method ?? 'USE'} ${info.path}`;
  const name = functionName(fn);
  if (info.method !== null) return name && name !== info.method ? `${info.method} ${name}` : info.method;
  return name ?? 'this handler';
}

export default defineRule({
  id: 'fake-success-handler',
  meta: {
    description:
      'HTTP handlers that answer success without doing anything: no read of the request, no awaited call, nothing but logging before `{ success: true }`.',
    category: 'reality',
    severity: 'high',
    cwe: [684],
    messages: {
      fakeSuccess:
        '{{route}} answers success but does no work: it never reads the request, awaits nothing and calls nothing besides logging. The client is told the action happened when it did not.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const check = (fn: FunctionLike): void => {
      const info = requestHandlerInfo(fn);
      if (info === null) return;
      // Reads answer with data; a GET that "claims work" is data too (`{ message: 'Last updated ...' }`).
      if (info.method === 'GET' || info.method === 'HEAD' || info.method === 'OPTIONS') return;
      if (info.path !== null && NO_WORK_ROUTE.test(info.path)) return;
      if (middlewareMayWork(fn)) return;
      const answers = answersWithoutWork(fn, info);
      if (!answers || answers.length === 0) return;
      for (const answer of answers) {
        if (answer.status !== null && (answer.status < 200 || answer.status > 299)) return;
        if (claimsFailure(answer.body)) return;
      }
      const mutation = info.method !== null && MUTATIONS.has(info.method);
      if (!mutation && !answers.some((a) => claimsWork(a.body))) return;
      const first = answers[0] as Answer;
      context.report({ node: first.node, messageId: 'fakeSuccess', data: { route: describeRoute(fn, info) } });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});
