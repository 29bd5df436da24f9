import { propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { calleeRef, isGlobal, receiverName } from './callees.js';
import { FLAG_MARKUP, type SinkMatch } from './model.js';
import { initSaysHtml, isHtmlResponse, responseOf } from './responses.js';
import { moduleRefOf, type Scope } from './scope.js';

/**
 * Sinks of web code: redirects, HTML written into a response or the page (XSS), outgoing requests
 * to an attacker-chosen host (SSRF) and deserializers that can run code.
 */

const HTTP_CLIENT_MODULES = new Set([
  'http',
  'https',
  'axios',
  'got',
  'node-fetch',
  'undici',
  'superagent',
  'needle',
  'request',
]);
const HTTP_CLIENT_DEFAULTS = new Set(['axios', 'got', 'node-fetch', 'request', 'needle', 'superagent']);
const HTTP_REQUEST_METHODS = /^(?:get|request|post|put|patch|delete|del|head|fetch|stream|options)$/;
/** Properties of a request's options object that choose where it goes (not the path on that host). */
const TARGET_FIELDS: ReadonlySet<string> = new Set([
  'url',
  'uri',
  'baseURL',
  'baseUrl',
  'prefixUrl',
  'host',
  'hostname',
  'origin',
  'protocol',
  'socketPath',
]);
const SERIALIZE_MODULES = new Set(['node-serialize', 'serialize-to-js']);
const DESERIALIZE = /^(?:unserialize|deserialize)$/;
/** jQuery methods that parse a string argument as HTML. */
const JQUERY_HTML = new Set(['html', 'append', 'prepend', 'after', 'before', 'replaceWith', 'wrap']);
const NEVER = 'never' as const;

function xss(name: string, args: number[], requires = 0): SinkMatch[] {
  return [{ kind: 'xss', name, args, requires, libraryRequires: NEVER }];
}

function ssrf(name: string, index = 0): SinkMatch[] {
  return [{ kind: 'ssrf', name, args: [index], requires: 0, libraryRequires: NEVER, fields: TARGET_FIELDS }];
}

/** `needle('get', url)`, `superagent('GET', url)`: a method name first moves the URL to the second argument. */
function urlIndex(args: readonly AstNode[]): number {
  const first = staticString(args[0]);
  return first !== null && /^[a-z]+$/i.test(first) && args.length > 1 ? 1 : 0;
}

function deserialization(name: string): SinkMatch[] {
  return [{ kind: 'deserialization', name, args: [0], requires: 0, libraryRequires: 0 }];
}

export function webSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  const callee = unwrap(call.callee as AstNode);
  const args = call.arguments as AstNode[];
  if (call.type === 'NewExpression') return constructorSinks(callee, args, scope);
  if (callee.type === 'MemberExpression') return memberWebSinks(callee, args, scope);
  if (callee.type === 'Identifier') return functionWebSinks(callee, args, scope);
  return [];
}

/** `res.redirect(url)`, `res.send(html)`, `el.insertAdjacentHTML(p, html)`, `axios.get(url)`, `yaml.load(s, full)`. */
function memberWebSinks(callee: NodeOfType<'MemberExpression'>, args: readonly AstNode[], scope: Scope): SinkMatch[] {
  const method = propertyName(callee);
  if (method === null) return [];
  const response = responseOf(callee.object as AstNode);
  if (response) {
    const found = responseSinks(method, response, args, scope);
    if (found.length > 0) return found;
  }
  const object = unwrap(callee.object as AstNode);
  // Hono's `c.html(markup)`.
  if (method === 'html' && object.type === 'Identifier' && object.name === 'c' && scope.lookup('c')?.kind === 'param')
    return xss('c.html', [0]);
  const dom = domSinks(callee, method, scope);
  if (dom.length > 0) return dom;
  const ref = calleeRef(callee, scope);
  return ref ? moduleSinks(ref.module, ref.name, args) : [];
}

/** Redirects and HTML written to a response (`res`, `reply`, a chain of their calls, Koa's `ctx`, Hono's `c.html`). */
function responseSinks(
  method: string,
  response: { name: string; html: boolean },
  args: readonly AstNode[],
  scope: Scope,
): SinkMatch[] {
  const { name } = response;
  if (method === 'redirect')
    return [
      { kind: 'redirect', name: `${name}.redirect`, args: [args.length - 1], requires: 0, libraryRequires: NEVER },
    ];
  if (method === 'setHeader' && /^location$/i.test(staticString(args[0]) ?? ''))
    return [{ kind: 'redirect', name: `${name}.setHeader`, args: [1], requires: 0, libraryRequires: NEVER }];
  if ((method !== 'send' && method !== 'write' && method !== 'end') || /^(?:ctx|context)$/.test(name)) return [];
  // Declared HTML: any string is a page. Otherwise Express and browsers sniff markup as HTML, while
  // Fastify's `reply` sends strings as text/plain.
  if (response.html || isHtmlResponse(scope.owner, name)) return xss(`${name}.${method}`, [0]);
  return name === 'reply' ? [] : xss(`${name}.${method}`, [0], FLAG_MARKUP);
}

/** Browser APIs that parse HTML: `insertAdjacentHTML`, `document.write`, a Range's fragments, jQuery. */
function domSinks(callee: NodeOfType<'MemberExpression'>, method: string, scope: Scope): SinkMatch[] {
  if (method === 'insertAdjacentHTML') return xss('insertAdjacentHTML', [1]);
  if (method === 'createContextualFragment') return xss('createContextualFragment', [0]);
  const object = unwrap(callee.object as AstNode);
  if ((method === 'write' || method === 'writeln') && object.type === 'Identifier' && object.name === 'document')
    return isGlobal('document', scope) ? xss(`document.${method}`, [0, 1, 2, 3]) : [];
  if (JQUERY_HTML.has(method) && object.type === 'CallExpression') {
    const jquery = unwrap(object.callee as AstNode);
    if (jquery.type === 'Identifier' && (jquery.name === '$' || jquery.name === 'jQuery'))
      return xss(`$().${method}`, [0]);
  }
  return [];
}

/** Functions of modules: HTTP clients and deserializers, by the module they come from. */
function moduleSinks(module: string, name: string, args: readonly AstNode[]): SinkMatch[] {
  if (HTTP_CLIENT_MODULES.has(module) && HTTP_REQUEST_METHODS.test(name)) return ssrf(`${module}.${name}`);
  if (SERIALIZE_MODULES.has(module) && DESERIALIZE.test(name)) return deserialization(`${module}.${name}`);
  switch (module) {
    case 'js-yaml':
      return unsafeYaml(name, args) ? deserialization(`js-yaml.${name}`) : [];
    case 'funcster':
      return name === 'deepDeserialize' ? deserialization('funcster.deepDeserialize') : [];
    case 'cryo':
      return name === 'parse' ? deserialization('cryo.parse') : [];
    case 'v8':
      return name === 'deserialize' ? deserialization('v8.deserialize') : [];
    default:
      return [];
  }
}

/**
 * js-yaml's loaders that build JavaScript functions and regular expressions from tags
 * (`!!js/function`): `unsafeLoad`, or `load` given the full schema. A plain `load` is safe in
 * js-yaml 4 (and `safeLoad` in 3), and the version is not known here.
 */
function unsafeYaml(name: string, args: readonly AstNode[]): boolean {
  if (name === 'unsafeLoad' || name === 'unsafeLoadAll') return true;
  if (name !== 'load' && name !== 'loadAll') return false;
  const options = args[name === 'load' ? 1 : 2] ?? args[1];
  const target = options ? unwrap(options) : null;
  if (target?.type !== 'ObjectExpression') return false;
  return target.properties.some((property) => {
    if (property.type !== 'Property' || propertyName(property as AstNode) !== 'schema') return false;
    const value = unwrap(property.value as AstNode);
    const schema =
      value.type === 'MemberExpression' ? propertyName(value) : value.type === 'Identifier' ? value.name : null;
    return schema !== null && /FULL_SCHEMA$/.test(schema);
  });
}

/** `fetch(url)`, `axios(url)`, an imported `unserialize(data)` or `load(text, { schema: FULL })`. */
function functionWebSinks(callee: NodeOfType<'Identifier'>, args: readonly AstNode[], scope: Scope): SinkMatch[] {
  if (callee.name === 'fetch' && isGlobal('fetch', scope)) return ssrf('fetch');
  const ref = moduleRefOf(callee, scope);
  if (!ref) return [];
  const [first] = ref.path;
  if (HTTP_CLIENT_DEFAULTS.has(ref.module) && first === undefined) return ssrf(ref.module, urlIndex(args));
  if (ref.module === 'undici' && (first === 'fetch' || first === 'request')) return ssrf(`undici.${first}`);
  return first === undefined ? [] : moduleSinks(ref.module, first, args);
}

/** `new Response(html, { headers: HTML })` (fetch API, Next.js) and `new Handlebars.SafeString(x)`. */
function constructorSinks(callee: AstNode, args: readonly AstNode[], scope: Scope): SinkMatch[] {
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : null;
  if ((name === 'Response' || name === 'NextResponse') && initSaysHtml(args[1])) return xss(`new ${name}`, [0]);
  if (name === 'SafeString') {
    const ref = calleeRef(callee, scope);
    const fromHandlebars = ref ? /handlebars/.test(ref.module) : receiverName(callee) === 'Handlebars';
    return fromHandlebars ? xss('Handlebars.SafeString', [0]) : [];
  }
  return [];
}
