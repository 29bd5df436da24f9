import {
  calleeMethod,
  dottedName,
  type FunctionLike,
  isFunctionLike,
  isInsideTryBlock,
  staticString,
  unwrap,
} from '../ast.js';
import { type AstNode, defineRule, type NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const TIMERS = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'process.nextTick',
  'global.setTimeout',
  'global.setInterval',
  'globalThis.setTimeout',
  'globalThis.setInterval',
  'window.setTimeout',
  'window.setInterval',
]);
const LISTENERS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);
/** Middleware-style frameworks (Koa, Telegraf, grammY) await their handlers; their first parameter is `ctx`. */
const CONTEXT_PARAMS = new Set(['ctx', 'context']);
/** Modules that make Express await handlers, or route through a promise-aware router. */
const PROMISE_AWARE = new Set(['express-async-errors', 'express-promise-router', '@awaitjs/express']);

/** True when the function body has an await, for-await or throw that no try/catch inside it covers. */
function canRejectUncaught(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  let uncaught = false;
  forEachDescendant(body, (child) => {
    if (uncaught || isFunctionLike(child)) return false;
    const rejects =
      child.type === 'ThrowStatement' ||
      (child.type === 'ForOfStatement' && child.await) ||
      (child.type === 'AwaitExpression' && !endsWithCatch(child.argument as AstNode));
    if (rejects && !isInsideTryBlock(child)) uncaught = true;
    return undefined;
  });
  if (!uncaught && body.type !== 'BlockStatement') {
    const expression = unwrap(body);
    uncaught = expression.type === 'AwaitExpression' && !endsWithCatch(expression.argument as AstNode);
  }
  return uncaught;
}

/** `await op().catch(handle)` settles even when `op` rejects. */
function endsWithCatch(node: AstNode): boolean {
  const target = unwrap(node);
  return target.type === 'CallExpression' && calleeMethod(target) === 'catch';
}

function asyncCallback(node: AstNode | undefined): FunctionLike | null {
  if (!node || node.type === 'SpreadElement') return null;
  const fn = unwrap(node);
  return isFunctionLike(fn) && fn.async && !fn.generator ? fn : null;
}

function paramName(fn: FunctionLike, index: number): string | null {
  const param = fn.params[index];
  return param?.type === 'Identifier' ? param.name : null;
}

/** `(req, res)` or `(req, res, next)`: the Express handler shape (Fastify handlers take `reply`). */
function isExpressHandler(fn: FunctionLike): boolean {
  const response = paramName(fn, 1);
  return response === 'res' || response === 'response';
}

function isPathArgument(node: AstNode | undefined): boolean {
  if (!node || node.type === 'SpreadElement') return false;
  const target = unwrap(node);
  return (
    staticString(target) !== null ||
    target.type === 'TemplateLiteral' ||
    (target.type === 'Literal' && 'regex' in target && Boolean(target.regex)) ||
    target.type === 'ArrayExpression'
  );
}

function moduleName(node: AstNode): string | null {
  if (node.type === 'ImportDeclaration') return node.source.value;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require')
    return staticString(node.arguments[0] as AstNode | undefined);
  return null;
}

export default defineRule({
  id: 'no-async-callback-unhandled',
  meta: {
    description:
      'An async callback given to an API that ignores its promise (event listeners, timers, Express 4 routes) turns every rejection into an unhandled rejection.',
    category: 'async',
    severity: 'high',
    cwe: [755],
    defaultOptions: { expressHandlers: true },
    messages: {
      unhandledCallback:
        'This async callback can reject, but {{api}} ignores the promise it returns: the rejection is unhandled and crashes the process. Wrap the body in try/catch.',
      unhandledRoute:
        'This async Express route handler can reject, and Express 4 does not catch rejected promises: the request hangs and the rejection is unhandled. Wrap the body in try/catch and call next(err).',
    },
  },
  create(context) {
    const checkExpress = context.options.expressHandlers !== false;
    let usesExpress = false;
    let promiseAware = false;
    const routeHandlers: FunctionLike[] = [];

    const noteModule = (node: AstNode): void => {
      const name = moduleName(node);
      if (name === null) return;
      if (name === 'express') usesExpress = true;
      else if (PROMISE_AWARE.has(name)) promiseAware = true;
    };

    const checkRoute = (node: NodeOfType<'CallExpression'>, method: string): void => {
      const callee = unwrap(node.callee as AstNode);
      if (callee.type !== 'MemberExpression') return;
      const object = unwrap(callee.object as AstNode);
      // `router.route('/x').get(handler)` takes handlers only; otherwise a path comes first (except `use`).
      const chained = object.type === 'CallExpression' && calleeMethod(object) === 'route';
      const firstHandler = chained || (method === 'use' && !isPathArgument(node.arguments[0] as AstNode)) ? 0 : 1;
      if (firstHandler === 1 && !isPathArgument(node.arguments[0] as AstNode)) return;
      for (let i = firstHandler; i < node.arguments.length; i++) {
        const fn = asyncCallback(node.arguments[i] as AstNode);
        if (fn && isExpressHandler(fn) && canRejectUncaught(fn)) routeHandlers.push(fn);
      }
    };

    return {
      ImportDeclaration: noteModule,
      CallExpression(node) {
        noteModule(node);
        const args = node.arguments;
        // Most calls take no async function: leave before building any names.
        if (!args.some((arg) => asyncCallback(arg as AstNode) !== null)) return;
        const name = dottedName(node.callee as AstNode);
        if (name !== null && TIMERS.has(name)) {
          const fn = asyncCallback(args[0] as AstNode);
          if (fn && canRejectUncaught(fn))
            context.report({ node: fn, messageId: 'unhandledCallback', data: { api: name } });
          return;
        }
        const method = calleeMethod(node);
        if (method === null || unwrap(node.callee as AstNode).type !== 'MemberExpression') return;
        if (LISTENERS.has(method)) {
          if (args.length !== 2) return;
          const fn = asyncCallback(args[1] as AstNode);
          if (!fn) return;
          const first = paramName(fn, 0);
          if (first !== null && CONTEXT_PARAMS.has(first)) return;
          if (canRejectUncaught(fn))
            context.report({ node: fn, messageId: 'unhandledCallback', data: { api: `.${method}()` } });
          return;
        }
        if (checkExpress && ROUTE_METHODS.has(method)) checkRoute(node, method);
      },
      'Program:exit'() {
        if (!usesExpress || promiseAware) return;
        for (const fn of routeHandlers) context.report({ node: fn, messageId: 'unhandledRoute' });
      },
    };
  },
});
