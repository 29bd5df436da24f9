import {
  calleeMethod,
  calleeName,
  enclosingFunction,
  functionName,
  isFunctionLike,
  nameWords,
  parentOf,
  propertyName,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const IO_FUNCTIONS = new Set(['fetch', '$fetch', 'ofetch', 'axios', 'got', 'ky', 'request', 'superagent']);
const IO_RECEIVER =
  /^(axios|api|apiClient|client|http|httpClient|db|database|prisma|knex|pool|sql|supabase|firestore|collection|redis|mongoose|sequelize|drizzle|repo|repository|model|\w*(Api|Client|Repository|Repo|Service|Model|Db|DB|Collection))$/;
/** Wrappers named for remote reads: `fetchUsers()`, `requestQuote()`, `getUsersFromApi()`. */
const IO_VERBS = new Set(['fetch', 'request', 'query', 'download']);
const IO_METHODS = new Set([
  'query',
  'execute',
  'findMany',
  'findFirst',
  'findUnique',
  'findOne',
  'findAll',
  'findById',
  'aggregate',
  'countDocuments',
]);
/** Functions whose contract is "answer or fall back": probes and explicit try-helpers. */
const FALLBACK_BY_NAME = /^(try|safe|maybe|optional|exists|is|has|can|check|probe|attempt|ping|test)([A-Z_]|$)/;
/** A comment in the catch saying the failure is expected. */
const EXPECTED =
  /expected|ignore|ok to|safe to|optional|not found|may not exist|might not exist|does ?n[o']t exist|best[- ]effort|intentional|on purpose/i;

function isDefaultData(node: AstNode | null): boolean {
  if (!node) return false;
  const value = unwrap(node);
  switch (value.type) {
    case 'Literal':
      return value.value === null || value.value === 0 || value.value === '';
    case 'Identifier':
      return value.name === 'undefined';
    case 'ArrayExpression':
      return value.elements.length === 0;
    case 'TemplateLiteral':
      return value.expressions.length === 0 && value.quasis.every((q) => q.value.raw === '');
    case 'ObjectExpression':
      // `{}` or a default shape: `{ items: [], total: 0 }`.
      return value.properties.every(
        (p) => p.type === 'Property' && !p.computed && p.kind === 'init' && isDefaultOrLiteral(p.value as AstNode),
      );
    default:
      return false;
  }
}

function isDefaultOrLiteral(node: AstNode): boolean {
  const value = unwrap(node);
  return value.type === 'Literal' || isDefaultData(value);
}

/** `prisma.user.findMany(...)`, `db.select().from(t)`: the identifiers along a call chain, root first. */
function chainNames(call: NodeOfType<'CallExpression'>): string[] {
  const names: string[] = [];
  let current: AstNode = unwrap(call.callee as AstNode);
  while (current.type === 'MemberExpression' || current.type === 'CallExpression') {
    if (current.type === 'MemberExpression') {
      const object = unwrap(current.object as AstNode);
      if (object.type === 'MemberExpression') {
        const name = propertyName(object);
        if (name !== null) names.push(name);
      }
      current = object;
    } else current = unwrap(current.callee as AstNode);
  }
  if (current.type === 'Identifier') names.push(current.name);
  return names.reverse();
}

/** A call that reaches a network service or a database, judged by its name and receiver. */
function ioCallName(call: NodeOfType<'CallExpression'>): string | null {
  const method = calleeMethod(call);
  if (method === null) return null;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'Identifier') {
    if (IO_FUNCTIONS.has(method)) return method;
    const words = nameWords(method);
    return IO_VERBS.has(words[0] ?? '') || words.includes('api') ? method : null;
  }
  const receivers = chainNames(call);
  if (IO_METHODS.has(method) || receivers.some((r) => IO_RECEIVER.test(r)))
    return calleeName(call) ?? `${receivers.join('.')}.${method}`;
  return null;
}

/** The first network or database call in the try block, awaited or not. */
function firstIo(block: AstNode): string | null {
  let found: string | null = null;
  forEachDescendant(block, (node) => {
    if (found !== null) return false;
    if (node.type === 'CallExpression') found = ioCallName(node);
    return found === null && !isFunctionLike(node);
  });
  return found;
}

/** The success path hands back a value (`return await res.json()`), so the default replaces a result. */
function returnsValue(block: AstNode): boolean {
  let found = false;
  forEachDescendant(block, (node) => {
    if (found || isFunctionLike(node)) return false;
    if (node.type === 'ReturnStatement' && node.argument) found = true;
    return !found;
  });
  return found;
}

export default defineRule({
  id: 'swallowed-error-default',
  meta: {
    description:
      'A catch block that returns empty or default data after a network or database call, without logging or rethrowing: failures silently become empty results.',
    category: 'reality',
    severity: 'medium',
    cwe: [390],
    messages: {
      swallowed:
        'Any failure of `{{operation}}` becomes `{{value}}` here, with nothing logged or rethrown: callers and operators cannot tell an outage from an empty result. Log or report the error, or let it propagate.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    return {
      CatchClause(node: NodeOfType<'CatchClause'>) {
        const statements = (node.body.body as AstNode[]).filter((s) => s.type !== 'EmptyStatement');
        const only = statements[0];
        if (statements.length !== 1 || only?.type !== 'ReturnStatement') return;
        if (node.param && node.param.type !== 'Identifier') return;
        const value = only.argument as AstNode | null;
        if (!isDefaultData(value)) return;
        if (context.source.commentsInside(node.body).some((c) => EXPECTED.test(c.value))) return;
        const fn = enclosingFunction(node);
        if (!fn) return;
        const name = functionName(fn);
        if (name !== null && FALLBACK_BY_NAME.test(name.slice(name.lastIndexOf('.') + 1))) return;
        const tryStatement = parentOf(node);
        if (tryStatement?.type !== 'TryStatement') return;
        if (!returnsValue(tryStatement.block)) return;
        const operation = firstIo(tryStatement.block);
        if (operation === null) return;
        const text = context.source.getText(value as AstNode).replace(/\s+/g, ' ');
        context.report({
          node: { start: node.start, end: node.body.start },
          messageId: 'swallowed',
          data: { operation, value: text.length > 40 ? `${text.slice(0, 37)}...` : text },
        });
      },
    };
  },
});
