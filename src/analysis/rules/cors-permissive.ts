import {
  calleeMethod,
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  isTestDoublePath,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import {
  callsWithValues,
  literalBoolean,
  lowerString,
  optionOf,
  propertyOf,
  rootName,
  type StaticValues,
} from '../static-values.js';
import { forEachDescendant } from '../traverse.js';

type Call = NodeOfType<'CallExpression'>;
type Verdict = 'reflect' | 'wildcard';

interface CorsPackage {
  absent: Verdict;
  star: Verdict;
  label: string;
}

const EXPRESS_CORS: CorsPackage = { absent: 'wildcard', star: 'wildcard', label: 'cors' };

/**
 * CORS middleware packages, and what an origin left out or set to `'*'` means with credentials:
 * `cors` and `@fastify/cors` send a literal `*` (which browsers refuse with credentials);
 * `@koa/cors` and `koa2-cors` copy the request's Origin header, which lets every site in.
 */
const PACKAGES: Record<string, CorsPackage> = {
  cors: EXPRESS_CORS,
  '@fastify/cors': { absent: 'wildcard', star: 'wildcard', label: '@fastify/cors' },
  'fastify-cors': { absent: 'wildcard', star: 'wildcard', label: 'fastify-cors' },
  'hono/cors': { absent: 'wildcard', star: 'wildcard', label: 'hono/cors' },
  '@koa/cors': { absent: 'reflect', star: 'reflect', label: '@koa/cors' },
  kcors: { absent: 'reflect', star: 'wildcard', label: 'kcors' },
  'koa2-cors': { absent: 'reflect', star: 'wildcard', label: 'koa2-cors' },
};
const ALLOW_ORIGIN = 'access-control-allow-origin';
const ALLOW_CREDENTIALS = 'access-control-allow-credentials';
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'writeHead', 'setHeaders']);
const MATCHES_EVERYTHING = new Set(['.*', '.+', '.', '[\\s\\S]*', '[\\s\\S]+', '[^]*']);
const MAYBE_CORS = /cors|access-control-allow-origin/i;

interface Configuration {
  options: NodeOfType<'ObjectExpression'> | null;
  package: CorsPackage;
  at: AstNode;
}

/** The CORS middleware call and its options: `cors({...})`, `app.register(fastifyCors, {...})`, `app.enableCors({...})`. */
function corsConfiguration(call: Call, values: StaticValues): Configuration | null {
  const method = calleeMethod(call);
  if (method === 'enableCors')
    return { options: values.objectOf(call.arguments[0] as AstNode), package: EXPRESS_CORS, at: call };
  if (method === 'create' && call.arguments.length === 2) return nestFactoryCors(call, values);
  if (method === 'register' && call.arguments[0]) {
    const plugin = values.moduleOf(call.arguments[0] as AstNode);
    const known = plugin && plugin.path.length <= 1 ? PACKAGES[plugin.module] : undefined;
    return known ? { options: values.objectOf(call.arguments[1] as AstNode), package: known, at: call } : null;
  }
  const ref = values.moduleOf(call.callee as AstNode);
  const known = ref ? PACKAGES[ref.module] : undefined;
  if (!ref || !known || ref.path.length > 1) return null;
  // `cors()` of `hono/cors` is a named export; the others are the default.
  if (ref.module === 'hono/cors' ? ref.path[0] !== 'cors' : ref.path.length === 1 && ref.path[0] !== 'default')
    return null;
  // A middleware created and thrown away (`cors({...});` on its own line) configures nothing.
  if (parentOf(call)?.type === 'ExpressionStatement') return null;
  const options = values.objectOf(call.arguments[0] as AstNode | undefined);
  return call.arguments.length > 0 && !options ? null : { options, package: known, at: call };
}

/** NestJS: `NestFactory.create(AppModule, { cors: { ... } })` configures the `cors` package. */
function nestFactoryCors(call: Call, values: StaticValues): Configuration | null {
  const ref = values.moduleOf(call.callee as AstNode);
  if (ref?.module !== '@nestjs/core' || ref.path.join('.') !== 'NestFactory.create') return null;
  const settings = values.objectOf(call.arguments[1] as AstNode);
  const cors = settings ? optionOf(settings, 'cors').value : null;
  const options = cors ? values.objectOf(cors) : null;
  return options ? { options, package: EXPRESS_CORS, at: call } : null;
}

/** What the `origin` option lets in, with the words for the message; null for a real allow-list. */
function originVerdict(config: Configuration, values: StaticValues): { verdict: Verdict; how: string } | null {
  const lookup = config.options ? optionOf(config.options, 'origin') : { value: null, known: true };
  if (lookup.value === null) {
    if (!lookup.known) return null;
    const verdict = config.package.absent;
    return { verdict, how: `${config.package.label} reflects the request's Origin header when \`origin\` is not set` };
  }
  const value = values.resolve(lookup.value);
  if (staticString(value) === '*') {
    const verdict = config.package.star;
    return { verdict, how: `${config.package.label} answers \`origin: '*'\` with the request's own Origin` };
  }
  if (literalBoolean(value) === true)
    return { verdict: 'reflect', how: "`origin: true` reflects the request's Origin header" };
  if (value.type === 'Literal' && 'regex' in value && value.regex && matchesEverything(value.regex.pattern))
    return { verdict: 'reflect', how: `\`/${value.regex.pattern}/\` matches every origin` };
  if (isFunctionLike(value) && reflectsEveryOrigin(value))
    return { verdict: 'reflect', how: 'the `origin` function accepts every origin' };
  return null;
}

function matchesEverything(pattern: string): boolean {
  return MATCHES_EVERYTHING.has(pattern.replace(/^\^/, '').replace(/\$$/, ''));
}

/**
 * An origin function without any check: `(origin, cb) => cb(null, true)`, `cb(null, origin)`,
 * `origin => origin`, Koa's `ctx => ctx.get('Origin')`.
 */
function reflectsEveryOrigin(fn: FunctionLike): boolean {
  const first = fn.params[0];
  const last = fn.params[fn.params.length - 1];
  if (first?.type !== 'Identifier') return false;
  const body = fn.body as AstNode | null;
  let expression: AstNode | null = null;
  if (body?.type === 'BlockStatement') {
    const [only] = body.body as AstNode[];
    if (body.body.length !== 1 || !only) return false;
    if (only.type === 'ReturnStatement') expression = only.argument as AstNode | null;
    else if (only.type === 'ExpressionStatement') expression = only.expression as AstNode;
  } else expression = body;
  if (!expression) return false;
  const target = unwrap(expression);
  if (literalBoolean(target) === true) return true;
  if (target.type === 'Identifier') return target.name === first.name;
  if (target.type === 'CallExpression' && last?.type === 'Identifier' && fn.params.length >= 2) {
    const callee = unwrap(target.callee as AstNode);
    const allowed = target.arguments[1] as AstNode | undefined;
    if (callee.type === 'Identifier' && callee.name === last.name && allowed) {
      const value = unwrap(allowed);
      return literalBoolean(value) === true || (value.type === 'Identifier' && value.name === first.name);
    }
  }
  return readsRequestOrigin(target, first.name);
}

/** `req.headers.origin`, `ctx.get('Origin')`, `request.headers.get('origin')`, rooted at `root` when given. */
function readsRequestOrigin(node: AstNode, root?: string): boolean {
  const target = unwrap(node);
  if (target.type === 'LogicalExpression' && target.operator !== '&&')
    return readsRequestOrigin(target.left as AstNode, root);
  let origin = false;
  if (target.type === 'MemberExpression') {
    const holder = unwrap(target.object as AstNode);
    origin =
      propertyName(target)?.toLowerCase() === 'origin' &&
      holder.type === 'MemberExpression' &&
      /^headers?$/.test(propertyName(holder) ?? '');
  } else if (target.type === 'CallExpression') {
    const method = calleeMethod(target);
    origin =
      (method === 'get' || method === 'header' || method === 'getHeader') &&
      staticString(target.arguments[0] as AstNode | undefined)?.toLowerCase() === 'origin';
  }
  return origin && (root === undefined || rootName(target) === root);
}

/** The headers a call sets: `res.setHeader(name, value)` or `res.set({ name: value })`, names lower-cased. */
function headersSet(call: Call, values: StaticValues): { name: string; value: AstNode; at: AstNode }[] {
  const method = calleeMethod(call);
  if (method === null || !HEADER_METHODS.has(method) || unwrap(call.callee as AstNode).type !== 'MemberExpression')
    return [];
  const [first, second] = call.arguments as AstNode[];
  const name = lowerString(values, first);
  if (name !== null && second) return [{ name, value: second, at: call }];
  const headers: { name: string; value: AstNode; at: AstNode }[] = [];
  for (const argument of call.arguments as AstNode[]) {
    const object = unwrap(argument);
    if (object.type !== 'ObjectExpression') continue;
    for (const key of [ALLOW_ORIGIN, ALLOW_CREDENTIALS]) {
      const property = findHeader(object, key);
      if (property) headers.push({ name: key, value: property.value as AstNode, at: call });
    }
  }
  return headers;
}

function findHeader(object: NodeOfType<'ObjectExpression'>, name: string): NodeOfType<'Property'> | null {
  for (const property of object.properties) {
    if (property.type === 'Property' && propertyName(property as AstNode)?.toLowerCase() === name) return property;
  }
  return null;
}

/** A check that picks origins: `if (allowed.includes(origin))`, `origin === 'https://app.example'`, `switch (origin)`. */
function hasOriginCheck(fn: FunctionLike | null, text: string): boolean {
  if (!fn) return false;
  let found = false;
  forEachDescendant(fn.body as AstNode, (node) => {
    if (found) return false;
    let test: AstNode | null = null;
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') test = node.test as AstNode;
    else if (node.type === 'SwitchStatement') test = node.discriminant as AstNode;
    if (test && isOriginCheck(text.slice(test.start, test.end), node.type === 'SwitchStatement')) found = true;
    return undefined;
  });
  return found;
}

/** A test about the origin that compares or looks it up; `if (origin)` or `'origin' in req.headers` checks nothing. */
function isOriginCheck(test: string, isSwitch: boolean): boolean {
  if (!/origin/i.test(test)) return false;
  if (isSwitch) return true;
  const stripped = test.replace(/[!=]==?\s*(undefined|null|''|"")|(undefined|null|''|"")\s*[!=]==?/g, '');
  return /[\w\])]\s*\(|[!=]==?/.test(stripped);
}

export default defineRule({
  id: 'cors-permissive',
  meta: {
    description:
      'CORS that lets every origin make credentialed requests: `origin: true`, a reflecting origin function or the request Origin copied into Access-Control-Allow-Origin together with credentials, and `origin: "*"` with `credentials: true`.',
    category: 'security',
    severity: 'high',
    cwe: [942],
    messages: {
      reflectedOrigin:
        'CORS lets every origin in with credentials: {{how}}, and `credentials` is on. Any website a logged-in user visits can call this API with their cookies and read the answers. Allow a fixed list of origins.',
      wildcardCredentials:
        'CORS combines `origin: "*"` with `credentials: true`. Browsers refuse credentialed responses for a wildcard, so this either does not work or gets "fixed" by reflecting any origin, which lets every website read logged-in users\' data. Allow a fixed list of origins.',
      reflectedHeader:
        "The request's Origin header is copied into Access-Control-Allow-Origin unchecked while Access-Control-Allow-Credentials is true: any website a logged-in user visits can call this API with their cookies and read the answers. Compare the origin with an allow-list first.",
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_CORS.test(text)) return {};
    return callsWithValues(text, (calls, values) => {
      const allowOrigins: { value: AstNode; at: AstNode }[] = [];
      const credentialed = new Set<AstNode | null>();
      for (const call of calls) {
        const config = corsConfiguration(call, values);
        if (config) {
          checkConfiguration(config, values);
          continue;
        }
        for (const header of headersSet(call, values)) {
          if (header.name === ALLOW_ORIGIN) allowOrigins.push(header);
          else if (header.name === ALLOW_CREDENTIALS && isTrueValue(header.value, values))
            credentialed.add(enclosingFunction(header.at));
        }
      }
      for (const { value, at } of allowOrigins) {
        const fn = enclosingFunction(at);
        if (!credentialed.has(fn) || !readsRequestOrigin(values.resolve(value))) continue;
        if (hasOriginCheck(fn, text)) continue;
        context.report({ node: at, messageId: 'reflectedHeader' });
      }
    });

    function checkConfiguration(config: Configuration, values: StaticValues): void {
      const credentials = config.options ? optionOf(config.options, 'credentials').value : null;
      if (!isTrueValue(credentials, values)) return;
      const result = originVerdict(config, values);
      if (!result) return;
      const at = (config.options && propertyOf(config.options, 'origin')) ?? config.at;
      if (result.verdict === 'reflect')
        context.report({ node: at, messageId: 'reflectedOrigin', data: { how: result.how } });
      else context.report({ node: at, messageId: 'wildcardCredentials' });
    }
  },
});

/** `true` or `'true'`, written out or held by a constant. */
function isTrueValue(node: AstNode | null | undefined, values: StaticValues): boolean {
  if (!node) return false;
  const value = values.resolve(node);
  return literalBoolean(value) === true || staticString(value) === 'true';
}
