import {
  calleeMethod,
  calleeName,
  enclosingFunction,
  type FunctionLike,
  parentOf,
  propertyName,
  staticString,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const INTERVAL = new Set(['setInterval', 'window.setInterval', 'globalThis.setInterval', 'global.setInterval']);
const EFFECTS = new Set(['useEffect', 'useLayoutEffect', 'React.useEffect', 'React.useLayoutEffect']);
// Functions that run once when a program starts; an interval started there lives as long as the process.
const STARTUP_NAMES = /^(main|bootstrap)$/;
const ONCE_EVENTS = new Set(['listening', 'ready', 'ready-to-show', 'load', 'DOMContentLoaded', 'open']);

function effectOf(fn: FunctionLike): boolean {
  const call = parentOf(fn);
  return call?.type === 'CallExpression' && call.arguments[0] === fn && EFFECTS.has(calleeName(call) ?? '');
}

/** Code that runs once per process: a top-level IIFE, `main()`, a `listen` or `once` callback. */
function runsOnce(fn: FunctionLike): boolean {
  const parent = parentOf(fn);
  if (!parent) return false;
  if (parent.type === 'CallExpression') {
    if (parent.callee === fn) return enclosingFunction(parent) === null;
    const method = calleeMethod(parent);
    if (method === 'listen' || method === 'once') return true;
    if (method === 'on' || method === 'addEventListener')
      return ONCE_EVENTS.has(staticString(parent.arguments[0] as AstNode | undefined) ?? '');
    return false;
  }
  const declaration = fn as AstNode;
  const name = declaration.type === 'FunctionDeclaration' ? (declaration.id?.name ?? '') : '';
  return STARTUP_NAMES.test(name) && enclosingFunction(fn) === null;
}

/** How a variable holding the interval id is used in `scope`: at all, and in a way that can clear it. */
function usesOf(name: string, declared: AstNode, scope: AstNode): { any: boolean; clears: boolean } {
  const result = { any: false, clears: false };
  forEachDescendant(scope, (node) => {
    if (node === declared) return false;
    if (node.type !== 'Identifier' || node.name !== name) return undefined;
    const parent = parentOf(node);
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return undefined;
    if (parent?.type === 'Property' && parent.key === node && !parent.shorthand && !parent.computed) return undefined;
    result.any = true;
    // Passed on (clearInterval(id), timers.push(id)), stored (ref.current = id) or kept in a literal.
    if (
      (parent?.type === 'CallExpression' && parent.callee !== node) ||
      (parent?.type === 'AssignmentExpression' && parent.right === node) ||
      parent?.type === 'ArrayExpression' ||
      parent?.type === 'Property'
    )
      result.clears = true;
    return undefined;
  });
  return result;
}

export default defineRule({
  id: 'no-unbounded-interval',
  meta: {
    description:
      'setInterval() whose id is never kept inside a function, class or React effect: the timer can never be cleared and piles up on every call.',
    category: 'resources',
    severity: 'medium',
    cwe: [772],
    messages: {
      discarded:
        'The id of this setInterval() is thrown away, so it can never be cleared; every call of the enclosing function adds a timer that runs forever. Keep the id and clearInterval() it when done.',
      unused:
        '`{{name}}` holds the setInterval() id but is never used, so the timer can never be cleared; clearInterval({{name}}) when done.',
      effectWithoutCleanup:
        'This effect starts an interval but never clears it: it keeps running after unmount and piles up on every re-run. Return a cleanup: `return () => clearInterval(id)`.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    return {
      CallExpression(node: NodeOfType<'CallExpression'>) {
        // Cheap shape test first: this runs for every call in the file.
        const callee = node.callee as AstNode;
        const last =
          callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : null;
        if (last !== 'setInterval' || !INTERVAL.has(calleeName(node) ?? '')) return;
        const fn = enclosingFunction(node);
        if (!fn || runsOnce(fn)) return;
        const effect = effectOf(fn);
        const parent = parentOf(node);
        if (!parent) return;
        if (
          parent.type === 'ExpressionStatement' ||
          (parent.type === 'UnaryExpression' && parent.operator === 'void')
        ) {
          context.report({ node, messageId: effect ? 'effectWithoutCleanup' : 'discarded' });
          return;
        }
        // `useEffect(() => setInterval(tick, 1000))` hands React a number as its cleanup.
        if (parent === fn) {
          if (effect) context.report({ node, messageId: 'effectWithoutCleanup' });
          return;
        }
        if (parent.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return;
        if (enclosingFunction(parent) !== fn) return;
        const name = parent.id.name;
        const uses = usesOf(name, parent.id, fn);
        if (!uses.any) context.report({ node, messageId: 'unused', data: { name } });
        else if (effect && !uses.clears) context.report({ node, messageId: 'effectWithoutCleanup' });
      },
    };
  },
});
