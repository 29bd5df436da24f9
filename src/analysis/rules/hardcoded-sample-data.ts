import {
  calleeMethod,
  calleeName,
  type FunctionLike,
  functionName,
  isExported,
  isLoggingCall,
  isTestDoublePath,
  isVariableReference,
  parentOf,
  requestHandlerInfo,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const READ_NAME = /^(get|fetch|load|list|find|query|search|retrieve|read)([A-Z_]|$)/;
/** Demos, examples and docs hold sample data on purpose (mocks, fixtures and seeds too: see isTestDoublePath). */
const DEMO_PATH = /(^|\/)(demo|demos|examples?|docs?)\//i;
/** Values nobody stores for real. Kept short on purpose: `Alice` or `Widget` can be real. */
const SAMPLE_VALUES: readonly RegExp[] = [
  /^(john|jane)(\s+(doe|smith))?$/i,
  /\b(john|jane)\s+doe\b/i,
  /@example\.(com|org|net)$/i,
  /^https?:\/\/(www\.)?example\.(com|org|net)\b/i,
  /^(foo|bar|baz|qux)$/i,
  /\blorem ipsum\b|^lorem\b/i,
  /^test(user)?\d*@/i,
  /^(sample|dummy|fake|mock)\s+\w+/i,
  /^test\s+(user|item|product|project|customer|account|company|order)\b/i,
  /^(item|product|user|project|task|post|customer|order|company|category)\s*#?\d+$/i,
  /^acme(\s+(corp|corporation|inc|co|ltd))?\.?$/i,
  /\b555-\d{4}\b/,
];
const RESPONSE_METHODS = new Set(['json', 'send', 'jsonp']);
const WAIT_NAMES = new Set(['sleep', 'delay', 'wait']);
const INERT_METHODS = new Set(['slice', 'filter', 'map', 'concat', 'status', 'code', 'header', 'set', 'type']);

interface Candidate {
  fn: FunctionLike;
  name: string;
  outputs: AstNode[];
  locals: Map<string, AstNode>;
}

function sampleHits(array: NodeOfType<'ArrayExpression'>): string[] {
  const objects = array.elements.filter((e): e is NodeOfType<'ObjectExpression'> => e?.type === 'ObjectExpression');
  if (objects.length < 2 || objects.length !== array.elements.length) return [];
  const hits: string[] = [];
  for (const object of objects) {
    forEachDescendant(object, (node) => {
      const text = staticString(node);
      if (text !== null && SAMPLE_VALUES.some((p) => p.test(text))) hits.push(text);
      return node.type !== 'ArrayExpression' || hits.length < 8;
    });
  }
  return hits;
}

/** Calls whose first argument is the answer: `Promise.resolve(users)`, `Response.json(users)`. */
const ANSWER_CALLS = new Set(['Promise.resolve', 'Response.json', 'NextResponse.json']);

function isWait(node: AstNode): boolean {
  const value = unwrap(node);
  if (value.type === 'NewExpression') return value.callee.type === 'Identifier' && value.callee.name === 'Promise';
  if (value.type !== 'CallExpression') return false;
  const method = calleeMethod(value);
  return method !== null && WAIT_NAMES.has(method);
}

/** The initial values of the variables a function body declares at its top level. */
function localInitializers(body: AstNode): Map<string, AstNode> {
  const locals = new Map<string, AstNode>();
  if (body.type !== 'BlockStatement') return locals;
  for (const statement of body.body as AstNode[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations)
      if (d.id.type === 'Identifier' && d.init) locals.set(d.id.name, d.init as AstNode);
  }
  return locals;
}

export default defineRule({
  id: 'hardcoded-sample-data',
  meta: {
    description:
      'Data functions and GET handlers that return a literal list of sample records (John Doe, example.com, Item 1) without reading any source: canned data posing as real results.',
    category: 'reality',
    severity: 'medium',
    cwe: [684],
    messages: {
      sampleData:
        '`{{name}}` returns hard-coded sample records (e.g. "{{sample}}") instead of reading real data: every caller sees the same canned list.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || DEMO_PATH.test(context.filename))
      return {};
    const moduleArrays = new Map<string, AstNode>();
    const candidates: Candidate[] = [];

    /**
     * What the function hands back: returned values, arrow bodies and `res.json(...)` payloads.
     * Null when it does any work: reads a parameter (other than the response object), awaits
     * something other than a wait, or calls anything besides logging and answering.
     */
    const outputsOf = (fn: FunctionLike, responseName: string | null): Candidate['outputs'] | null => {
      const params = new Set<string>();
      for (const p of fn.params as AstNode[]) {
        if (p.type !== 'Identifier') return null;
        if (p.name !== responseName) params.add(p.name);
      }
      const outputs: AstNode[] = [];
      const body = fn.body as AstNode | null;
      if (!body) return null;
      if (body.type !== 'BlockStatement') outputs.push(body);
      let working = false;
      const visitCall = (node: NodeOfType<'CallExpression'>): boolean => {
        if (isLoggingCall(node) || isWait(node)) return false;
        const name = calleeName(node);
        const method = calleeMethod(node);
        if ((name !== null && ANSWER_CALLS.has(name)) || (method !== null && RESPONSE_METHODS.has(method))) {
          if (node.arguments[0]) outputs.push(node.arguments[0] as AstNode);
          return true;
        }
        if (method !== null && INERT_METHODS.has(method)) return true;
        working = true;
        return false;
      };
      const visit = (node: AstNode): boolean => {
        if (working) return false;
        switch (node.type) {
          case 'AwaitExpression':
            if (!isWait(node.argument as AstNode)) working = true;
            return false;
          case 'ReturnStatement':
            if (node.argument) outputs.push(node.argument as AstNode);
            return true;
          case 'NewExpression':
            if (!isWait(node)) working = true;
            return false;
          case 'CallExpression':
            return visitCall(node);
          case 'Identifier':
            if (params.has(node.name) && isVariableReference(node)) working = true;
            return false;
          default:
            // Nested callbacks (`.filter(u => ...)`) are scanned with the same rules.
            return true;
        }
      };
      if (visit(body)) forEachDescendant(body, visit);
      return working ? null : outputs;
    };

    const check = (fn: FunctionLike): void => {
      const full = functionName(fn);
      const name = full?.slice(full.lastIndexOf('.') + 1) ?? null;
      const route = requestHandlerInfo(fn);
      const readNamed = name !== null && READ_NAME.test(name);
      if (!(route?.method === 'GET' || (readNamed && (route !== null || isExported(fn))))) return;
      const second = fn.params[1];
      const responseName = route && second?.type === 'Identifier' ? second.name : null;
      const outputs = outputsOf(fn, responseName);
      if (!outputs || outputs.length === 0) return;
      const locals = localInitializers(fn.body as AstNode);
      const label = route?.path ? `${route.method ?? 'USE'} ${route.path}` : (name ?? 'handler');
      candidates.push({ fn, name: label, outputs, locals });
    };

    /** Follows an output to the array literal it is: `users`, `{ data: users }`, `USERS.slice(0, 10)`. */
    const resolveArray = (
      node: AstNode,
      locals: Map<string, AstNode>,
      depth = 0,
    ): NodeOfType<'ArrayExpression'> | null => {
      if (depth > 4) return null;
      const value = unwrap(node);
      switch (value.type) {
        case 'ArrayExpression':
          return value;
        case 'Identifier': {
          const target = locals.get(value.name) ?? moduleArrays.get(value.name);
          return target ? resolveArray(target, locals, depth + 1) : null;
        }
        case 'ObjectExpression':
          for (const p of value.properties) {
            if (p.type !== 'Property') continue;
            const found = resolveArray(p.value as AstNode, locals, depth + 1);
            if (found) return found;
          }
          return null;
        case 'CallExpression': {
          const callee = unwrap(value.callee as AstNode);
          if (callee.type === 'MemberExpression') return resolveArray(callee.object as AstNode, locals, depth + 1);
          return null;
        }
        default:
          return null;
      }
    };

    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
      VariableDeclarator(node) {
        if (node.id.type !== 'Identifier' || node.init?.type !== 'ArrayExpression') return;
        const declaration = parentOf(node);
        const holder = declaration ? parentOf(declaration) : null;
        if (holder?.type === 'Program' || holder?.type === 'ExportNamedDeclaration')
          moduleArrays.set(node.id.name, node.init);
      },
      'Program:exit'() {
        for (const candidate of candidates) {
          for (const output of candidate.outputs) {
            const array = resolveArray(output, candidate.locals);
            if (!array) continue;
            const hits = sampleHits(array);
            if (hits.length < 2) continue;
            const sample = (hits[0] as string).slice(0, 40);
            context.report({ node: array, messageId: 'sampleData', data: { name: candidate.name, sample } });
            break;
          }
        }
      },
    };
  },
});
