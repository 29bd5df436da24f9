import { calleeMethod, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/**
 * HTTP responses as XSS sinks: which variable a (possibly chained) response call starts from, and
 * whether the code declares the response to be HTML. A string a handler sends is HTML when it is
 * built with markup (Express and browsers then treat it as a page) or when the content type says so.
 */

export const RESPONSE = /^(?:res|response|reply|resp)$/;
/** Koa's context, whose `body` property is the response. */
export const CONTEXT = /^(?:ctx|context)$/;

/** Response methods that return the response, so calls chain: `res.status(200).type('html').send(x)`. */
const CHAINING = new Set([
  'status',
  'type',
  'set',
  'header',
  'headers',
  'code',
  'contentType',
  'cookie',
  'clearCookie',
  'vary',
  'append',
  'setHeader',
  'writeHead',
  'charset',
]);
const HTML = /html/i;
const CONTENT_TYPE = /^content-type$/i;

/** An object literal that names an HTML content type: `{ 'Content-Type': 'text/html' }`. */
function headersSayHtml(node: AstNode | undefined): boolean {
  const target = node ? unwrap(node) : null;
  if (target?.type !== 'ObjectExpression') return false;
  return target.properties.some((property) => {
    if (property.type !== 'Property') return false;
    const key = propertyName(property as AstNode);
    return key !== null && CONTENT_TYPE.test(key) && HTML.test(staticString(property.value as AstNode) ?? '');
  });
}

/** `res.type('html')`, `res.set('Content-Type', 'text/html')`, `res.writeHead(200, { 'Content-Type': 'text/html' })`. */
function setsHtml(call: NodeOfType<'CallExpression'>): boolean {
  const method = calleeMethod(call);
  const args = call.arguments as AstNode[];
  switch (method) {
    case 'type':
    case 'contentType':
      return HTML.test(staticString(args[0]) ?? '');
    case 'set':
    case 'header':
    case 'setHeader':
    case 'headers':
      if (CONTENT_TYPE.test(staticString(args[0]) ?? '')) return HTML.test(staticString(args[1]) ?? '');
      return headersSayHtml(args[0]);
    case 'writeHead':
      return headersSayHtml(args[1]) || headersSayHtml(args[2]);
    default:
      return false;
  }
}

/** The response a call is made on, through chained calls, and whether the chain itself sets an HTML type. */
export function responseOf(object: AstNode): { name: string; html: boolean } | null {
  let node = unwrap(object);
  let html = false;
  while (node.type === 'CallExpression') {
    const callee = unwrap(node.callee as AstNode);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : null;
    if (method === null || !CHAINING.has(method)) return null;
    if (setsHtml(node)) html = true;
    node = unwrap((callee as NodeOfType<'MemberExpression'>).object as AstNode);
  }
  if (node.type === 'Identifier' && (RESPONSE.test(node.name) || CONTEXT.test(node.name)))
    return { name: node.name, html };
  // `this.res`, `ctx.res`, `ctx.response`
  const name = node.type === 'MemberExpression' ? propertyName(node) : null;
  return name !== null && RESPONSE.test(name) ? { name, html } : null;
}

/** `ctx.type = 'html'`, `ctx.response.type = 'text/html'`: Koa's content type set by assignment. */
function assignsHtml(node: NodeOfType<'AssignmentExpression'>): string | null {
  const left = unwrap(node.left as AstNode);
  if (left.type !== 'MemberExpression' || propertyName(left) !== 'type') return null;
  if (!HTML.test(staticString(node.right as AstNode) ?? '')) return null;
  let root = unwrap(left.object as AstNode);
  if (root.type === 'MemberExpression' && propertyName(root) === 'response') root = unwrap(root.object as AstNode);
  return root.type === 'Identifier' ? root.name : null;
}

const htmlNames = new WeakMap<AstNode, ReadonlySet<string>>();

/** Names of the responses that a function (or module) declares to be HTML anywhere in its body. */
function htmlResponses(owner: AstNode): ReadonlySet<string> {
  let names = htmlNames.get(owner);
  if (names) return names;
  const found = new Set<string>();
  forEachDescendant(owner, (node) => {
    if (node.type === 'CallExpression' && setsHtml(node)) {
      const callee = unwrap(node.callee as AstNode);
      const response = callee.type === 'MemberExpression' ? responseOf(callee.object as AstNode) : null;
      if (response) found.add(response.name);
    } else if (node.type === 'AssignmentExpression') {
      const name = assignsHtml(node);
      if (name !== null) found.add(name);
    }
    return undefined;
  });
  names = found;
  htmlNames.set(owner, names);
  return names;
}

/** True when the function `owner` sets an HTML content type on the response `name` (any chain, any place). */
export function isHtmlResponse(owner: AstNode, name: string): boolean {
  return htmlResponses(owner).has(name);
}

/** `new Response(body, { headers: { 'content-type': 'text/html' } })`: a fetch-API response declared HTML. */
export function initSaysHtml(init: AstNode | undefined): boolean {
  const target = init ? unwrap(init) : null;
  if (target?.type !== 'ObjectExpression') return false;
  return target.properties.some((property) => {
    if (property.type !== 'Property' || propertyName(property as AstNode) !== 'headers') return false;
    const value = unwrap(property.value as AstNode);
    if (value.type === 'NewExpression') return headersSayHtml(value.arguments[0] as AstNode | undefined);
    return headersSayHtml(value);
  });
}
