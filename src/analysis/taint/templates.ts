import { calleeMethod, propertyName, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { calleeRef, constantString, receiverName } from './callees.js';
import type { Scope } from './scope.js';

/**
 * Template engines given their template as text in the code: whether the data they render is
 * escaped (`<%= x %>`, `{{x}}`) or written raw (`<%- x %>`, `{{{x}}}`). A raw render of attacker data
 * is HTML the attacker wrote; an escaped one is safe to send.
 */

/** What marks a raw (unescaped) output in each engine's syntax. */
const RAW_OUTPUT: ReadonlyMap<string, RegExp> = new Map([
  ['ejs', /<%-/],
  ['handlebars', /\{\{\{|\{\{&/],
  ['mustache', /\{\{\{|\{\{&/],
  ['pug', /!\{|!=/],
  ['nunjucks', /\|\s*safe\b/],
  // lodash and underscore interpolate with `<%= %>` and escape only with `<%- %>`.
  ['lodash', /<%=/],
]);

const ENGINE_OF_MODULE: ReadonlyMap<string, string> = new Map([
  ['ejs', 'ejs'],
  ['handlebars', 'handlebars'],
  ['hbs', 'handlebars'],
  ['mustache', 'mustache'],
  ['pug', 'pug'],
  ['jade', 'pug'],
  ['nunjucks', 'nunjucks'],
  ['lodash', 'lodash'],
  ['lodash.template', 'lodash'],
  ['underscore', 'lodash'],
]);
/** Browser globals of the same engines. */
const ENGINE_OF_GLOBAL: ReadonlyMap<string, string> = new Map([
  ['ejs', 'ejs'],
  ['Handlebars', 'handlebars'],
  ['Mustache', 'mustache'],
  ['_', 'lodash'],
]);
const RENDER = new Set(['render', 'renderString']);
const COMPILE = new Set(['compile', 'template']);

export interface TemplateRender {
  engine: string;
  /** The data is written without escaping. */
  raw: boolean;
  /** Indices of the arguments holding the data. */
  data: number[];
}

function engineOf(callee: AstNode, scope: Scope): string | null {
  const ref = calleeRef(callee, scope);
  if (ref) return ENGINE_OF_MODULE.get(ref.module) ?? null;
  const receiver = receiverName(callee);
  return receiver !== null && scope.lookup(receiver) === null ? (ENGINE_OF_GLOBAL.get(receiver) ?? null) : null;
}

/** `engine.compile(text)` / `_.template(text)`: the engine and the template, or null. */
function compiled(node: AstNode, scope: Scope): { engine: string; text: string } | null {
  const target = unwrap(node);
  if (target.type !== 'CallExpression') return null;
  const method = calleeMethod(target);
  if (method === null || !COMPILE.has(method)) return null;
  const engine = engineOf(target.callee as AstNode, scope);
  const text = constantString(target.arguments[0] as AstNode | undefined, scope);
  return engine === null || text === null ? null : { engine, text };
}

function render(engine: string, text: string, data: number[]): TemplateRender {
  return { engine, raw: RAW_OUTPUT.get(engine)?.test(text) ?? false, data };
}

/**
 * A call that renders a template written in the code: `ejs.render(text, data)`,
 * `Handlebars.compile(text)(data)`, or `view(data)` where `const view = _.template(text)`.
 */
export function templateRender(
  call: NodeOfType<'CallExpression' | 'NewExpression'>,
  scope: Scope,
): TemplateRender | null {
  if (call.type !== 'CallExpression') return null;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'MemberExpression') {
    const method = propertyName(callee);
    if (method === null || !RENDER.has(method)) return null;
    const engine = engineOf(callee, scope);
    const text = constantString(call.arguments[0] as AstNode | undefined, scope);
    return engine === null || text === null ? null : render(engine, text, [1]);
  }
  let template = compiled(callee, scope);
  if (!template && callee.type === 'Identifier') {
    const binding = scope.lookup(callee.name);
    if (binding?.init && !binding.reassigned && binding.path.length === 0) template = compiled(binding.init, scope);
  }
  return template ? render(template.engine, template.text, [0]) : null;
}
