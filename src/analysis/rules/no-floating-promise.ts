import {
  bindingNames,
  calleeMethod,
  dottedName,
  enclosingFunction,
  isFunctionLike,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import { type AstNode, defineRule, type NodeOfType } from '../rule.js';

type Kind = 'async' | 'other';

const PROMISE_MODULES = new Set([
  'fs/promises',
  'node:fs/promises',
  'stream/promises',
  'node:stream/promises',
  'dns/promises',
  'node:dns/promises',
]);
/** Promise combinators that reject when an input does (`allSettled` never rejects). */
const REJECTING_COMBINATORS = new Set(['Promise.all', 'Promise.race', 'Promise.any', 'Promise.reject']);
/** Chains rooted here are not promises: Cypress commands queue, they do not return promises. */
const NON_PROMISE_ROOTS = new Set(['cy']);

function record(map: Map<string, Kind>, name: string, kind: Kind): void {
  const previous = map.get(name);
  // A name bound more than once in the file only counts as async when every binding is.
  map.set(name, previous === undefined || previous === kind ? kind : 'other');
}

function requireSource(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  const target = unwrap(node);
  if (target.type !== 'CallExpression' || target.callee.type !== 'Identifier' || target.callee.name !== 'require')
    return null;
  return staticString(target.arguments[0] as AstNode | undefined);
}

/** The `this` inside the statement is a class instance: the nearest non-arrow function is a class member. */
function thisIsInstance(node: AstNode): boolean {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (current.type === 'PropertyDefinition') return true;
    if (isFunctionLike(current) && current.type !== 'ArrowFunctionExpression') {
      return parentOf(current)?.type === 'MethodDefinition';
    }
  }
  return false;
}

export default defineRule({
  id: 'no-floating-promise',
  meta: {
    description:
      'A promise created and dropped without await, return, .catch() or void: the caller does not wait for it and its rejection goes unhandled.',
    category: 'async',
    severity: 'medium',
    cwe: [755],
    messages: {
      floating:
        'The promise from `{{name}}` is neither awaited, returned nor handled: the code after it does not wait, and a rejection is unhandled. Await it, return it, add .catch(), or write `void` if fire-and-forget is intended.',
    },
  },
  create(context) {
    const functions = new Map<string, Kind>();
    const methods = new Map<string, Kind>();
    const promiseFunctions = new Set<string>();
    const promiseNamespaces = new Set<string>();
    const candidates: NodeOfType<'ExpressionStatement'>[] = [];

    const bindPattern = (pattern: AstNode | null | undefined): void => {
      for (const name of bindingNames(pattern)) record(functions, name, 'other');
    };

    const bindFunctionParams = (fn: { params: unknown[] }): void => {
      for (const param of fn.params) bindPattern(param as AstNode);
    };

    /** `Promise.all(...)`, `fs.promises.readFile(...)`, `fsp.writeFile(...)`: calls known to return a promise. */
    const isPromiseApi = (name: string): boolean => {
      if (REJECTING_COMBINATORS.has(name)) return true;
      if (name.startsWith('fs.promises.') || name.startsWith('fsPromises.')) return true;
      const dot = name.indexOf('.');
      return dot !== -1 && promiseNamespaces.has(name.slice(0, dot)) && name.indexOf('.', dot + 1) === -1;
    };

    /** `.then(...)` / `.finally(...)`: the chain floats unless a handler sits somewhere down it. */
    const chainSource = (
      call: NodeOfType<'CallExpression'>,
      callee: NodeOfType<'MemberExpression'>,
      method: 'then' | 'finally',
      statement: AstNode,
    ): string | null => {
      if (method === 'then' && call.arguments.length >= 2) return null;
      const object = unwrap(callee.object as AstNode);
      if (object.type === 'CallExpression' || object.type === 'NewExpression') {
        if (hasHandler(object)) return null;
        const inner = promiseSource(object, statement);
        if (inner !== null) return inner;
      }
      if (method === 'finally') return null;
      const root = dottedName(chainRoot(object))?.split('.')[0];
      return root !== undefined && NON_PROMISE_ROOTS.has(root) ? null : '.then(...)';
    };

    const methodCallSource = (
      call: NodeOfType<'CallExpression'>,
      callee: NodeOfType<'MemberExpression'>,
      statement: AstNode,
    ): string | null => {
      const method = propertyName(callee);
      if (method === 'catch') return null;
      if (method === 'then' || method === 'finally') return chainSource(call, callee, method, statement);
      const name = dottedName(callee);
      if (name === null) return null;
      if (isPromiseApi(name)) return `${name}(...)`;
      if (callee.object.type === 'ThisExpression' && method !== null && methods.get(method) === 'async') {
        return thisIsInstance(statement) ? `${name}(...)` : null;
      }
      return null;
    };

    const functionCallSource = (name: string): string | null => {
      if (name === 'fetch' && !functions.has('fetch')) return 'fetch(...)';
      if (promiseFunctions.has(name) || functions.get(name) === 'async') return `${name}(...)`;
      return null;
    };

    /** Describes the promise an expression creates, or null when it is not one or is handled. */
    const promiseSource = (expression: AstNode, statement: AstNode): string | null => {
      const target = unwrap(expression);
      if (target.type === 'NewExpression') {
        return target.callee.type === 'Identifier' && target.callee.name === 'Promise' ? 'new Promise(...)' : null;
      }
      if (target.type !== 'CallExpression') return null;
      const callee = unwrap(target.callee as AstNode);
      if (callee.type === 'MemberExpression') return methodCallSource(target, callee, statement);
      return callee.type === 'Identifier' ? functionCallSource(callee.name) : null;
    };

    /**
     * `const fsp = require('fs/promises')`, `const { readFile } = require('fs/promises')`,
     * `const fsp = require('fs').promises`, `const { promises: fsp } = require('fs')`.
     */
    const bindRequiredPromises = (id: AstNode, init: AstNode | null): void => {
      const source = requireSource(init);
      if (source !== null && PROMISE_MODULES.has(source)) {
        if (id.type === 'Identifier') promiseNamespaces.add(id.name);
        else for (const name of bindingNames(id)) promiseFunctions.add(name);
      } else if ((source === 'fs' || source === 'node:fs') && id.type === 'ObjectPattern') {
        for (const property of id.properties) {
          if (
            property.type === 'Property' &&
            propertyName(property) === 'promises' &&
            property.value.type === 'Identifier'
          )
            promiseNamespaces.add(property.value.name);
        }
      } else if (init?.type === 'MemberExpression' && propertyName(init) === 'promises' && id.type === 'Identifier') {
        const fsSource = requireSource(init.object as AstNode);
        if (fsSource === 'fs' || fsSource === 'node:fs') promiseNamespaces.add(id.name);
      }
    };

    return {
      ImportDeclaration(node) {
        const fromPromises = PROMISE_MODULES.has(node.source.value);
        for (const specifier of node.specifiers) {
          const local = specifier.local.name;
          record(functions, local, 'other');
          if (!fromPromises) continue;
          if (specifier.type === 'ImportSpecifier') promiseFunctions.add(local);
          else promiseNamespaces.add(local);
        }
      },
      FunctionDeclaration(node) {
        const id = (node as { id?: { name: string } | null }).id;
        const fn = node as { async?: boolean; generator?: boolean };
        // An async generator returns an iterator, not a promise.
        if (id) record(functions, id.name, fn.async && !fn.generator ? 'async' : 'other');
        bindFunctionParams(node as unknown as { params: unknown[] });
      },
      FunctionExpression(node) {
        bindFunctionParams(node as unknown as { params: unknown[] });
      },
      ArrowFunctionExpression(node) {
        bindFunctionParams(node);
      },
      CatchClause(node) {
        bindPattern(node.param as AstNode | null);
      },
      ClassDeclaration(node) {
        // Class node types are unions in the parser's typings, so the visitor parameter is untyped here.
        const id = (node as { id?: { name: string } | null }).id;
        if (id) record(functions, id.name, 'other');
      },
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        const init = node.init ? unwrap(node.init as AstNode) : null;
        if (id.type === 'Identifier' && init && isFunctionLike(init)) {
          record(functions, id.name, init.async && !init.generator ? 'async' : 'other');
          return;
        }
        bindPattern(id);
        bindRequiredPromises(id, init);
      },
      MethodDefinition(node) {
        const name = propertyName(node);
        if (name === null) return;
        const member = node as unknown as { kind: string; value: { async?: boolean; generator?: boolean } | null };
        const isAsync = member.kind === 'method' && member.value?.async === true && !member.value.generator;
        record(methods, name, isAsync ? 'async' : 'other');
      },
      PropertyDefinition(node) {
        const name = propertyName(node);
        if (name === null) return;
        const initial = (node as unknown as { value: AstNode | null }).value;
        const value = initial ? unwrap(initial) : null;
        record(methods, name, value && isFunctionLike(value) && value.async ? 'async' : 'other');
      },
      ExpressionStatement(node) {
        const expression = unwrap(node.expression as AstNode);
        const type = expression.type;
        if (
          type !== 'CallExpression' &&
          type !== 'NewExpression' &&
          type !== 'LogicalExpression' &&
          type !== 'ConditionalExpression'
        )
          return;
        const fn = enclosingFunction(node);
        if (fn !== null && !fn.async) return;
        candidates.push(node);
      },
      'Program:exit'() {
        for (const statement of candidates) {
          const expression = unwrap(statement.expression as AstNode);
          const parts: AstNode[] = [];
          if (expression.type === 'LogicalExpression') parts.push(expression.right as AstNode);
          else if (expression.type === 'ConditionalExpression')
            parts.push(expression.consequent as AstNode, expression.alternate as AstNode);
          else parts.push(expression);
          for (const part of parts) {
            const name = promiseSource(part, statement);
            if (name !== null) {
              context.report({ node: part, messageId: 'floating', data: { name } });
              break;
            }
          }
        }
      },
    };
  },
});

/** True when a `.catch(...)` or two-argument `.then(...)` appears anywhere down the chain. */
function hasHandler(call: AstNode): boolean {
  let current: AstNode = unwrap(call);
  while (current.type === 'CallExpression') {
    const method = calleeMethod(current);
    if (method === 'catch' || (method === 'then' && current.arguments.length >= 2)) return true;
    const callee = unwrap(current.callee as AstNode);
    if (callee.type !== 'MemberExpression') return false;
    current = unwrap(callee.object as AstNode);
  }
  return false;
}

/** The innermost object of a call chain: `api` in `api.get(url).then(a).then(b)`. */
function chainRoot(node: AstNode): AstNode {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'CallExpression') current = unwrap(current.callee as AstNode);
    else if (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
    else return current;
  }
}
