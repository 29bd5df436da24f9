import { calleeMethod, dottedName, parentOf, propertyName, staticString, unwrap } from './ast.js';
import type { AstNode, NodeOfType, Visitors } from './rule.js';
import type { StaticValues } from './static-values.js';
import type { Binding } from './taint/scope.js';
import { forEachDescendant } from './traverse.js';

/**
 * The web-server applications a file creates (Express, Fastify, Koa, NestJS), how they are
 * configured (`app.use(...)`, `app.register(...)`) and whether this file is where they are served,
 * for rules about an application's middleware. Works on the whole tree: call from `Program:exit`.
 */

export type ServerFramework = 'express' | 'fastify' | 'koa' | 'nest';

type Creation = NodeOfType<'CallExpression' | 'NewExpression'>;
type Call = NodeOfType<'CallExpression'>;

export interface ServerApp {
  framework: ServerFramework;
  /** The call that creates the app: `express()`, `fastify({...})`, `new Koa()`, `NestFactory.create(...)`. */
  node: Creation;
  /** The variable or member that holds it (`app`, `this.app`), or null when it is used in place. */
  name: string | null;
  /** Calls made on the app, chained ones included: `app.use(...)`, `app.register(...)`, `app.listen(...)`. */
  calls: Call[];
  /** Started by this file: `app.listen(...)`, `http.createServer(app)`, a serverless adapter. */
  started: boolean;
  /** Exported, or returned from a function, for another file to start. */
  handedOut: boolean;
  /**
   * Routes or routers attached in this file (`app.get('/x', ...)`, `app.use('/api', router)`): the
   * file builds the application itself, rather than wrapping `express()` for others to fill.
   */
  hasRoutes: boolean;
  /** Middleware installed on it (`app.use(...)`, `app.register(...)`). */
  hasMiddleware: boolean;
  /** Mounted into another app or router of this file (`parent.use('/admin', app)`), which answers for it. */
  mounted: boolean;
  /** Passed to some other function (`routes(app)`, `configure(app)`), which may configure it further. */
  handedOff: boolean;
}

export interface ServerFile {
  apps: ServerApp[];
  /** Every module the file imports, requires or re-exports, without the `node:` prefix. */
  modules: ReadonlySet<string>;
}

/** Functions that serve an app they are given: Node's servers and serverless adapters. */
const SERVING_FUNCTIONS = new Set([
  'createServer',
  'createSecureServer',
  'serverless',
  'serverlessExpress',
  'serverlessHttp',
  'onRequest',
  'handle',
]);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Functions that mount an app into another: it then answers through the parent's middleware. */
const MOUNTING_FUNCTIONS = new Set(['use', 'register', 'vhost', 'mount', 'route']);

/** Modules an app can be created from: without one of them loaded, no call of the file creates an app. */
const FRAMEWORK_MODULES = ['express', 'fastify', 'koa', '@nestjs/core'];

/**
 * Gathers what `serverFile` needs from the nodes of a file, in source order: from the engine's
 * walk (spread `visitors` into a rule's own) or from a walk of its own. `finish` then describes the
 * apps; call it when parents are set on the whole tree (`Program:exit`).
 */
export interface ServerFileCollector {
  visit(node: AstNode): void;
  visitors: Visitors;
  finish(program: NodeOfType<'Program'>, values: StaticValues): ServerFile;
}

export function serverFileCollector(): ServerFileCollector {
  const calls: Call[] = [];
  const candidates: Creation[] = [];
  const returned: AstNode[] = [];
  const modules = new Set<string>();
  const visit = (node: AstNode): void => {
    if (node.type === 'CallExpression') {
      calls.push(node);
      const required = requiredModule(node);
      if (required !== null) modules.add(required);
    } else if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration') {
      modules.add(normalize(String(node.source.value)));
    } else if (node.type === 'ImportExpression') {
      const source = staticString(node.source as AstNode);
      if (source !== null) modules.add(normalize(source));
    } else if (node.type === 'ReturnStatement' && node.argument) {
      returned.push(node.argument as AstNode);
    }
    if (node.type === 'CallExpression' || node.type === 'NewExpression') candidates.push(node);
  };
  return {
    visit,
    visitors: {
      CallExpression: visit,
      NewExpression: visit,
      ImportDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: visit,
      ReturnStatement: visit,
    },
    finish(program, values) {
      // An app comes from a member of one of these modules, and every module a reference can start
      // from is among `modules`: without one of them, resolving each call would find nothing.
      const creations: { node: Creation; framework: ServerFramework }[] = [];
      if (FRAMEWORK_MODULES.some((name) => modules.has(name))) {
        for (const node of candidates) {
          const framework = frameworkOf(node, values);
          if (framework !== null) creations.push({ node, framework });
        }
      }
      const facts: FileFacts = { calls, exported: exportedNames(program), returned, values };
      const apps = creations.map(({ node, framework }) => describeApp(node, framework, facts));
      return { apps, modules };
    },
  };
}

/** Finds the server apps of a file and the modules it loads, with a walk of its own. */
export function serverFile(program: NodeOfType<'Program'>, values: StaticValues): ServerFile {
  const collector = serverFileCollector();
  forEachDescendant(program, (node) => {
    collector.visit(node);
    return undefined;
  });
  return collector.finish(program, values);
}

interface FileFacts {
  calls: readonly Call[];
  exported: ReadonlySet<string>;
  returned: readonly AstNode[];
  values: StaticValues;
}

/** The app being described, and how to recognise a reference to it. */
interface Target {
  app: ServerApp;
  /** The variable that holds it, when it is one: references must resolve to this declaration. */
  binding: Binding | null;
  values: StaticValues;
}

function describeApp(node: Creation, framework: ServerFramework, facts: FileFacts): ServerApp {
  const holder = holderOf(node);
  const app: ServerApp = {
    framework,
    node,
    name: holder.name,
    calls: [],
    started: false,
    handedOut: holder.exported,
    // A NestJS app gets its routes from the module it is created with.
    hasRoutes: framework === 'nest',
    hasMiddleware: false,
    mounted: false,
    handedOff: false,
  };
  const binding = holder.id ? facts.values.bindingOf(holder.id) : null;
  const target: Target = { app, binding, values: facts.values };
  if (holder.name !== null) {
    const moduleLevel = binding === null || binding.owner.type === 'Program';
    app.handedOut ||=
      (moduleLevel && facts.exported.has(holder.name)) || facts.returned.some((r) => refersTo(r, target));
  }
  if (holder.argumentOf) classifyPassing(app, holder.argumentOf);
  for (const call of facts.calls) {
    if (isCallOn(call, target)) recordCall(app, call);
    else if (app.name !== null && call.arguments.some((a) => holdsApp(a as AstNode, target)))
      classifyPassing(app, call);
  }
  return app;
}

function recordCall(app: ServerApp, call: Call): void {
  app.calls.push(call);
  const method = calleeMethod(call);
  if (method === 'listen') app.started = true;
  else if (method !== null && definesRoute(method, call)) app.hasRoutes = true;
  if (method === 'use' || method === 'register') app.hasMiddleware = true;
}

/** Records what handing the app to `call` means: serving, mounting, or unknown configuration. */
function classifyPassing(app: ServerApp, call: Call): void {
  const callee = unwrap(call.callee as AstNode);
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : dottedName(callee);
  if (name !== null && SERVING_FUNCTIONS.has(name)) app.started = true;
  else if (name !== null && MOUNTING_FUNCTIONS.has(name)) app.mounted = true;
  else app.handedOff = true;
}

/** `app.get('/users', handler)`, `app.route('/x')`, `app.use('/api', router)`, Fastify's `app.register(routes)`. */
function definesRoute(method: string, call: Call): boolean {
  if (method === 'route' || method === 'register') return true;
  const path = staticString(call.arguments[0] as AstNode | undefined);
  // `app.get('env')` reads a setting; a route has a handler after the path.
  if (ROUTE_METHODS.has(method)) return call.arguments.length >= 2;
  return method === 'use' && path !== null && path.startsWith('/');
}

/** True when `node` reads the app's variable (the same declaration, not another `app` elsewhere). */
function refersTo(node: AstNode, target: Target): boolean {
  const value = unwrap(node);
  if (target.app.name === null || dottedName(value) !== target.app.name) return false;
  return value.type !== 'Identifier' || target.binding === null || target.values.bindingOf(value) === target.binding;
}

/** `app` itself, or `app.callback()` (Koa's request handler). */
function holdsApp(argument: AstNode, target: Target): boolean {
  const value = unwrap(argument);
  if (refersTo(value, target)) return true;
  if (value.type !== 'CallExpression') return false;
  const callee = unwrap(value.callee as AstNode);
  return callee.type === 'MemberExpression' && refersTo(callee.object as AstNode, target);
}

/** True for `app.use(...)`, and for calls chained on it or on the creation: `express().use(x).listen(3000)`. */
function isCallOn(call: Call, target: Target): boolean {
  let callee = unwrap(call.callee as AstNode);
  while (callee.type === 'MemberExpression') {
    const object = unwrap(callee.object as AstNode);
    if (object === target.app.node) return true;
    if (object.type === 'AwaitExpression' && unwrap(object.argument as AstNode) === target.app.node) return true;
    if (object.type !== 'CallExpression') return refersTo(object, target);
    callee = unwrap(object.callee as AstNode);
  }
  return false;
}

interface Holder {
  name: string | null;
  /** The declared variable, for `const app = express()`. */
  id: AstNode | null;
  exported: boolean;
  /** The call the creation is passed to directly: `http.createServer(express())`. */
  argumentOf: Call | null;
}

/** Where the created app goes: a variable, a member, an export, or straight into a call. */
function holderOf(node: Creation): Holder {
  let child: AstNode = node;
  let parent = parentOf(node);
  while (
    parent &&
    (parent.type === 'AwaitExpression' || parent.type === 'ParenthesizedExpression' || isWrapper(parent))
  ) {
    child = parent;
    parent = parentOf(parent);
  }
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const exported = parentOf(parentOf(parent) as AstNode)?.type === 'ExportNamedDeclaration';
    return { name: parent.id.name, id: parent.id, exported, argumentOf: null };
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === child) {
    const name = dottedName(parent.left as AstNode);
    return { name, id: null, exported: name !== null && isExportTarget(name), argumentOf: null };
  }
  if (parent?.type === 'ExportDefaultDeclaration' || parent?.type === 'ReturnStatement')
    return { name: null, id: null, exported: true, argumentOf: null };
  if (parent?.type === 'CallExpression' && parent.callee !== child)
    return { name: null, id: null, exported: false, argumentOf: parent };
  return { name: null, id: null, exported: false, argumentOf: null };
}

function isWrapper(node: AstNode): boolean {
  return node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression';
}

function isExportTarget(name: string): boolean {
  return name === 'module.exports' || name.startsWith('module.exports.') || name.startsWith('exports.');
}

/** Names the module exports: `export default app`, `export { app }`, `module.exports = app`, `exports.app = app`. */
function exportedNames(program: NodeOfType<'Program'>): Set<string> {
  const names = new Set<string>();
  const addValue = (value: AstNode | null | undefined): void => {
    const target = value ? unwrap(value) : null;
    if (!target) return;
    if (target.type === 'ObjectExpression') {
      for (const property of target.properties) if (property.type === 'Property') addValue(property.value as AstNode);
      return;
    }
    const name = dottedName(target);
    if (name !== null) names.add(name);
  };
  for (const statement of program.body as AstNode[]) {
    if (statement.type === 'ExportDefaultDeclaration') addValue(statement.declaration as AstNode);
    else if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const specifier of statement.specifiers) addValue(specifier.local as AstNode);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = dottedName(statement.expression.left as AstNode);
      if (target !== null && isExportTarget(target)) addValue(statement.expression.right as AstNode);
    }
  }
  return names;
}

const SIMPLE_CALLEES = new Set(['Identifier', 'CallExpression', 'SequenceExpression']);

/** Which framework's app a call creates, if any. `express.Router()` and `fastify.register` are not apps. */
function frameworkOf(node: Creation, values: StaticValues): ServerFramework | null {
  const callee = node.callee as AstNode;
  if (node.type === 'NewExpression') return values.isModule(callee, ['koa']) ? 'koa' : null;
  // Cheap shape check first: resolving every call of the file would cost more than the rule.
  const target = unwrap(callee);
  const member = target.type === 'MemberExpression' ? propertyName(target) : null;
  if (member === 'create') {
    const ref = values.moduleOf(callee);
    return ref?.module === '@nestjs/core' && ref.path.join('.') === 'NestFactory.create' ? 'nest' : null;
  }
  // `express()`, `require('fastify')()`, and compiled `express_1.default()` or `(0, express_1.default)()`.
  if (target.type === 'MemberExpression' ? member !== 'default' : !SIMPLE_CALLEES.has(target.type)) return null;
  if (values.isModule(callee, ['express'])) return 'express';
  if (values.isModule(callee, ['fastify'])) return 'fastify';
  return null;
}

function requiredModule(call: Call): string | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'Identifier' || callee.name !== 'require') return null;
  const source = staticString(call.arguments[0] as AstNode | undefined);
  return source === null ? null : normalize(source);
}

function normalize(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}
