import {
  bindingNames,
  calleeName,
  enclosingFunction,
  type FunctionLike,
  functionName,
  isRequestHandler,
  parentOf,
  probablyExits,
  unwrap,
} from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

// `return next()`, `return cb(err)`, `return res.status(404).end()`: a return used to stop, not to answer.
const CONTINUATIONS = /^(next|cb|callback|done|resolve|reject|fail|fn)$/;
const RESPONSES = new Set(['res', 'reply', 'response', 'ctx', 'h']);

function isUndefinedValue(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name === 'undefined';
  return target.type === 'UnaryExpression' && target.operator === 'void';
}

function rootName(node: AstNode): string | null {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
    else if (current.type === 'CallExpression') current = unwrap(current.callee as AstNode);
    else break;
  }
  return current.type === 'Identifier' ? current.name : null;
}

/**
 * A return whose value is a call made only to hand control on: a callback parameter (`cb(err)`) or
 * the response object a handler received (`res.status(404).end()`; not a `res` from `fetch`).
 */
function isControlFlowReturn(argument: AstNode, params: ReadonlySet<string>): boolean {
  let target = unwrap(argument);
  if (target.type === 'AwaitExpression') target = unwrap(target.argument as AstNode);
  if (target.type === 'ConditionalExpression')
    return (
      isControlFlowReturn(target.consequent as AstNode, params) &&
      isControlFlowReturn(target.alternate as AstNode, params)
    );
  if (target.type !== 'CallExpression') return false;
  const isResponse = (name: string | null): boolean => name !== null && RESPONSES.has(name) && params.has(name);
  // `notFound(req, res)`: handing the response to a helper answers the request too.
  if (target.arguments.some((a) => a.type === 'Identifier' && isResponse(a.name))) return true;
  const callee = unwrap(target.callee as AstNode);
  if (callee.type === 'Identifier') return params.has(callee.name) || CONTINUATIONS.test(callee.name);
  return isResponse(rootName(target));
}

/** `function Ajv(opts) { if (!(this instanceof Ajv)) return new Ajv(opts); ... }`: a constructor. */
function isFactoryConstructor(fn: FunctionLike, values: AstNode[]): boolean {
  const name = functionName(fn);
  return (
    name !== null &&
    values.every((v) => {
      const target = unwrap(v);
      return target.type === 'NewExpression' && calleeName(target) === name;
    })
  );
}

/**
 * True when what the function returns is defined by whoever calls it: a callback passed to another
 * function (`walk(node => { if (x) return false; })` stops a walk; hooks return undefined to pass),
 * or an Express-style handler, whose return value nobody reads.
 */
function returnIsCallersBusiness(fn: FunctionLike): boolean {
  const parent = parentOf(fn);
  if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== fn) return true;
  return isRequestHandler(fn) && fn.params.some((p) => p.type === 'Identifier' && RESPONSES.has(p.name));
}

export default defineRule({
  id: 'no-inconsistent-return',
  meta: {
    description:
      'A function that returns a value on some paths and nothing (a bare `return;` or the end of the body) on others.',
    category: 'logic',
    severity: 'low',
    messages: {
      fallsOff:
        '{{name}} returns a value on some paths but reaches the end of its body on others, returning undefined there; return a value (or null) explicitly.',
      bareReturn:
        '{{name}} returns a value on some paths but uses a bare `return;` on others; return a value (or null) explicitly.',
    },
  },
  create(context) {
    // One frame per function being walked; a return belongs to the innermost one.
    const frames: { values: AstNode[]; bare: AstNode | null }[] = [];
    const enter = (): void => {
      frames.push({ values: [], bare: null });
    };
    const check = (fn: FunctionLike): void => {
      const found = frames.pop();
      if (!found) return;
      if (found.values.length === 0 || fn.generator || fn.returnType) return;
      const body = fn.body as AstNode | null;
      if (body?.type !== 'BlockStatement') return;
      const owner = parentOf(fn);
      if (owner?.type === 'MethodDefinition' && (owner.kind === 'constructor' || owner.kind === 'set')) return;
      if (returnIsCallersBusiness(fn)) return;
      // Parameters of this function and the ones around it (a helper closure inside a handler).
      const params = new Set<string>();
      for (let scope: FunctionLike | null = fn; scope; scope = enclosingFunction(scope))
        for (const param of scope.params) for (const name of bindingNames(param as AstNode)) params.add(name);
      // Returns that only stop the function early (`return next()`) are not values anyone reads.
      const values = found.values.filter((a) => !isControlFlowReturn(a, params) && !isUndefinedValue(a));
      if (values.length === 0 || isFactoryConstructor(fn, values)) return;
      const named = functionName(fn);
      const name = named === null ? 'This function' : `\`${named}\``;
      if (found.bare) context.report({ node: found.bare, messageId: 'bareReturn', data: { name } });
      else if (!probablyExits(body)) {
        context.report({ node: { start: fn.start, end: body.start }, messageId: 'fallsOff', data: { name } });
      }
    };
    return {
      FunctionDeclaration: enter,
      FunctionExpression: enter,
      ArrowFunctionExpression: enter,
      ReturnStatement(node) {
        const frame = frames[frames.length - 1];
        if (!frame) return;
        if (node.argument) frame.values.push(node.argument as AstNode);
        else frame.bare ??= node;
      },
      'FunctionDeclaration:exit': check,
      'FunctionExpression:exit': check,
      'ArrowFunctionExpression:exit': check,
    };
  },
});
