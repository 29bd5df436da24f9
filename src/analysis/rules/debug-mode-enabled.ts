import {
  calleeMethod,
  dottedName,
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  isTestDoublePath,
  parentOf,
  propertyName,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import {
  isEnvironmentGated,
  literalBoolean,
  lowerString,
  propertyOf,
  rootName,
  type StaticValues,
  staticValues,
} from '../static-values.js';

type Call = NodeOfType<'CallExpression'>;

const ERROR_NAME = /^(e|err|error|ex|exc|exception|\w*(Error|Err|Exception))$/;
const RESPONSE_NAME = /^_?(res|resp|response|reply|rsp|\w*Response|\w*Res)$/;
const SEND_METHODS = new Set(['send', 'json', 'jsonp', 'end', 'write', 'render', 'text', 'html']);
/** Functions that build a response from their argument: Next.js route handlers, Remix loaders. */
const RESPONSE_FUNCTIONS = new Set(['NextResponse.json', 'Response.json', 'json']);
/** Options of GraphQL servers whose function shapes every error sent to clients. */
const ERROR_FORMATTERS = new Set(['formatError', 'customFormatErrorFn']);
const APP_NAME = /^(app|application|server|\w*App)$/;
/** Calls that keep the stack in their result, so sending the result sends the stack. */
const KEEPS_TEXT = new Set(['JSON.stringify', 'String', 'util.inspect', 'inspect']);
const APOLLO = /^(apollo-server(-[a-z0-9-]+)?|@apollo\/server)$/;
const APOLLO_DEBUG_OPTIONS = ['debug', 'includeStacktraceInErrorResponses'];
const MAYBE_DEBUG = /\.stack\b|errorhandler|errorHandler|['"`]env['"`]|ApolloServer/;

export default defineRule({
  id: 'debug-mode-enabled',
  meta: {
    description:
      'Debug behaviour left on for production: stack traces sent to clients, the errorhandler middleware without a development check, a hard-coded development environment, Apollo Server stack traces forced on.',
    category: 'security',
    severity: 'medium',
    cwe: [489, 209],
    messages: {
      stackToClient:
        "The error's stack trace is sent to the client: it shows file paths, package versions and code structure that help an attacker. Log it on the server and answer with a generic message (or send it only in development).",
      errorHandler:
        '`{{name}}` is installed without a development-only check: it answers every error with the full stack trace. Install it only when NODE_ENV is "development".',
      envDevelopment:
        "The Express environment is hard-coded to 'development': the default error handler then sends stack traces to clients and views are not cached. Leave `env` to NODE_ENV.",
      graphqlDebug:
        'Apollo Server is configured with `{{option}}: true`: GraphQL errors carry the server stack trace to every client, also in production. Remove it (the default turns traces off when NODE_ENV is "production").',
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_DEBUG.test(text)) return {};
    const stacks: NodeOfType<'MemberExpression'>[] = [];
    const calls: Call[] = [];
    const constructions: NodeOfType<'NewExpression'>[] = [];

    // Resolving every call's callee costs; only files that name the middleware can use it.
    const mayUseErrorHandler = /errorhandler|errorHandler/.test(text);
    const mayUseApollo = /apollo/i.test(text);

    const checkCall = (call: Call, values: StaticValues): void => {
      const errorHandler = mayUseErrorHandler ? errorHandlerName(call, values) : null;
      if (errorHandler !== null) {
        if (!isEnvironmentGated(call, text))
          context.report({ node: call, messageId: 'errorHandler', data: { name: errorHandler } });
        return;
      }
      if (setsDevelopmentEnv(call, values) && !isEnvironmentGated(call, text))
        context.report({ node: call, messageId: 'envDevelopment' });
    };

    const checkApollo = (node: NodeOfType<'NewExpression'>, values: StaticValues): void => {
      const ref = values.moduleOf(node.callee as AstNode);
      if (!ref || !APOLLO.test(ref.module) || ref.path.join('.') !== 'ApolloServer') return;
      const options = values.objectOf(node.arguments[0] as AstNode | undefined);
      if (!options || isEnvironmentGated(node, text)) return;
      for (const option of APOLLO_DEBUG_OPTIONS) {
        const property = propertyOf(options, option);
        if (property && literalBoolean(values.resolve(property.value as AstNode)) === true)
          context.report({ node: property, messageId: 'graphqlDebug', data: { option } });
      }
    };

    return {
      MemberExpression(node) {
        if (propertyName(node) === 'stack') stacks.push(node);
      },
      CallExpression(node) {
        calls.push(node);
      },
      NewExpression(node) {
        constructions.push(node);
      },
      'Program:exit'(program) {
        const values = staticValues(program, text);
        for (const stack of stacks) {
          if (!isErrorValue(stack.object as AstNode)) continue;
          const sink = sentBy(stack);
          if (sink && !isEnvironmentGated(stack, text)) context.report({ node: sink, messageId: 'stackToClient' });
        }
        for (const call of calls) checkCall(call, values);
        if (mayUseApollo) for (const node of constructions) checkApollo(node, values);
      },
    };
  },
});

/**
 * `err`, `error`, `e`, a `catch` parameter, the error parameter of an Express error handler, or what
 * a promise's `.catch(...)` callback receives.
 */
function isErrorValue(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type !== 'Identifier') return false;
  if (ERROR_NAME.test(target.name)) return true;
  for (let current = parentOf(target); current; current = parentOf(current)) {
    if (current.type === 'CatchClause') {
      const param = current.param as AstNode | null;
      if (param?.type === 'Identifier' && param.name === target.name) return true;
    }
    if (isFunctionLike(current) && receivesError(current, target.name)) return true;
  }
  return false;
}

function receivesError(fn: FunctionLike, name: string): boolean {
  const first = fn.params[0] as AstNode | undefined;
  if (first?.type !== 'Identifier' || first.name !== name) return false;
  if (fn.params.length === 4) return true;
  const call = parentOf(fn);
  return call?.type === 'CallExpression' && call.arguments[0] === fn && calleeMethod(call) === 'catch';
}

/**
 * The response call or assignment that sends the value holding `stack`: `res.send(err.stack)`,
 * `res.status(500).json({ error: err.stack })`, `` res.end(`<pre>${e.stack}</pre>`) ``, `ctx.body = {...}`.
 */
function sentBy(stack: AstNode): AstNode | null {
  let child = stack;
  for (let parent = parentOf(stack); parent; parent = parentOf(parent)) {
    if (parent.type === 'CallExpression') return parent.callee !== child && sendsResponse(parent) ? parent : null;
    if (parent.type === 'AssignmentExpression') return parent.right === child && setsBody(parent) ? parent : null;
    if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === child))
      return errorFormatter(parent);
    if (!carriesValue(parent, child)) return null;
    child = parent;
  }
  return null;
}

/** Whether `parent` passes the value of its part `child` on: objects, arrays, templates, `+`, `||`, `JSON.stringify`. */
function carriesValue(parent: AstNode, child: AstNode): boolean {
  switch (parent.type) {
    case 'Property':
      return parent.value === child;
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'TemplateLiteral':
    case 'SpreadElement':
    case 'LogicalExpression':
    case 'ParenthesizedExpression':
    case 'ChainExpression':
    case 'TSAsExpression':
      return true;
    case 'BinaryExpression':
      return parent.operator === '+';
    case 'ConditionalExpression':
      return parent.test !== child;
    default:
      return false;
  }
}

function sendsResponse(call: Call): boolean {
  const callee = unwrap(call.callee as AstNode);
  const name = dottedName(callee) ?? '';
  if (KEEPS_TEXT.has(name)) return sentBy(call) !== null;
  if (RESPONSE_FUNCTIONS.has(name)) return true;
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  if (method === null || !SEND_METHODS.has(method)) return false;
  const root = rootName(callee.object as AstNode);
  // Hono's context is `c`: `c.json(...)`, `c.text(...)`.
  if (root === 'c') return method === 'json' || method === 'text' || method === 'html';
  return root !== null && RESPONSE_NAME.test(root);
}

/**
 * A GraphQL error formatter returning the value: `formatError: (err) => ({ message, stack: err.stack })`.
 * What it returns goes to every client. Returns the formatter's property, or null.
 */
function errorFormatter(exit: AstNode): AstNode | null {
  const fn = exit.type === 'ReturnStatement' ? enclosingFunction(exit) : exit;
  const holder = fn ? parentOf(fn) : null;
  const name = holder?.type === 'Property' || holder?.type === 'MethodDefinition' ? propertyName(holder) : null;
  return name !== null && ERROR_FORMATTERS.has(name) ? holder : null;
}

/** Koa: `ctx.body = ...`, `ctx.response.body = ...`, `this.body = ...`. */
function setsBody(assignment: NodeOfType<'AssignmentExpression'>): boolean {
  const target = dottedName(assignment.left as AstNode);
  return target !== null && /^(ctx|context|this)(\.response)?\.body$/.test(target);
}

/** `errorhandler()` (the errorhandler package) and Express 3's `express.errorHandler()`. */
function errorHandlerName(call: Call, values: StaticValues): string | null {
  const method = calleeMethod(call);
  const plain = unwrap(call.callee as AstNode).type === 'Identifier';
  if (!plain && method !== 'errorHandler') return null;
  const ref = values.moduleOf(call.callee as AstNode);
  if (ref?.module === 'errorhandler' && ref.path.length === 0) return 'errorhandler';
  if ((ref?.module === 'express' || ref?.module === 'connect') && ref.path.join('.') === 'errorHandler')
    return `${ref.module}.errorHandler`;
  return null;
}

/** `app.set('env', 'development')` on an app. */
function setsDevelopmentEnv(call: Call, values: StaticValues): boolean {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'set' || call.arguments.length !== 2) return false;
  // The receiver's name first: resolving the arguments of every `map.set(key, value)` costs.
  const receiver = dottedName(callee.object as AstNode);
  if (receiver === null || !APP_NAME.test(receiver.slice(receiver.lastIndexOf('.') + 1))) return false;
  const [name, value] = call.arguments as AstNode[];
  return lowerString(values, name) === 'env' && lowerString(values, value) === 'development';
}
