import {
  calleeMethod,
  calleeName,
  type FunctionLike,
  isFunctionLike,
  isInvariantIn,
  isLoop,
  isRequestHandler,
  iterationCallOf,
  namesBoundIn,
  normalizedText,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const ADD = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener']);
const ONCE = new Set(['once', 'prependOnceListener']);
const REMOVE = new Set(['off', 'removeListener', 'removeEventListener', 'removeAllListeners']);
// Events that fire once: a listener added from their callback is added once.
const ONCE_EVENTS = new Set([
  'load',
  'DOMContentLoaded',
  'ready',
  'listening',
  'open',
  'connect',
  'close',
  'end',
  'finish',
  'exit',
  'beforeExit',
  'SIGINT',
  'SIGTERM',
]);

type Mode = 'loop' | 'request' | 'event' | 'tick';

interface Repeated {
  region: AstNode;
  mode: Mode;
}

/** A function run again and again by an event, a request or a timer, or null. */
function repeatedFunction(fn: FunctionLike): Mode | 'stop' | null {
  if (iterationCallOf(fn)) return 'loop';
  if (isRequestHandler(fn)) return 'request';
  const parent = parentOf(fn);
  if (parent?.type === 'NewExpression' && calleeName(parent) === 'Promise') return 'stop';
  if (parent?.type !== 'CallExpression') return null;
  const name = calleeName(parent);
  if ((name === 'setInterval' || name === 'window.setInterval') && parent.arguments[0] === fn) return 'tick';
  const method = calleeMethod(parent);
  if (method === null || !ADD.has(method) || ONCE.has(method) || parent.arguments[1] !== fn) return null;
  const event = staticString(parent.arguments[0] as AstNode | undefined);
  return event !== null && !ONCE_EVENTS.has(event) ? 'event' : null;
}

/** The innermost loop, iteration callback, handler or repeated callback that runs `node` repeatedly. */
function repeatedRegion(node: AstNode): Repeated | null {
  let child = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) {
      const mode = repeatedFunction(current);
      if (mode === 'stop') return null;
      if (mode) return { region: current, mode };
    } else if (isLoop(current)) {
      const loop = current as unknown as Record<string, unknown>;
      const once =
        (current.type === 'ForStatement' && loop.init === child) ||
        ((current.type === 'ForInStatement' || current.type === 'ForOfStatement') && loop.right === child);
      if (!once) return { region: current, mode: 'loop' };
    }
    child = current;
  }
  return null;
}

/** True when an identifier in `expression` (or `this`) may change per run of the region. */
function dependsOn(expression: AstNode, changed: ReadonlySet<string>, local: ReadonlySet<string> = new Set()): boolean {
  const test = (node: AstNode): boolean => {
    if (node.type === 'ThisExpression') return changed.has('this');
    return node.type === 'Identifier' && changed.has(node.name) && !local.has(node.name);
  };
  if (test(expression)) return true;
  let found = false;
  forEachDescendant(expression, (node) => {
    if (found) return false;
    const parent = parentOf(node);
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return undefined;
    if (parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return undefined;
    if (test(node)) found = true;
    return undefined;
  });
  return found;
}

/** The object a listener is added to, through chains like `stream.on('a', f).on('b', g)`. */
function listenerTarget(call: NodeOfType<'CallExpression'>): AstNode | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  let target = unwrap(callee.object as AstNode);
  while (target.type === 'CallExpression' && ADD.has(calleeMethod(target) ?? '')) {
    const inner = unwrap(target.callee as AstNode);
    if (inner.type !== 'MemberExpression') return null;
    target = unwrap(inner.object as AstNode);
  }
  // Objects made by the expression itself (`fs.createReadStream(p).on(...)`) are fresh each time.
  let root = target;
  while (root.type === 'MemberExpression') root = unwrap(root.object as AstNode);
  return root.type === 'Identifier' || root.type === 'ThisExpression' ? target : null;
}

/**
 * Options that bound the listener's life: `{ once: true }`, `{ signal }`. An options variable may
 * hold either, so it counts too; a `useCapture` boolean does not.
 */
function hasLifetimeOption(options: AstNode | undefined): boolean {
  if (!options) return false;
  if (options.type !== 'ObjectExpression') return options.type !== 'Literal';
  return options.properties.some((p) => p.type === 'Property' && ['once', 'signal'].includes(propertyName(p) ?? ''));
}

/** `x.on(event, listener[, options])` whose options do not bound the listener's life. */
function isUnboundedListenerCall(node: NodeOfType<'CallExpression'>): boolean {
  const [event, listener, options] = node.arguments as AstNode[];
  if (!event || !listener || event.type === 'SpreadElement' || node.arguments.length > 3) return false;
  // knex's `join.on('a.id', '=', 'b.id')` is not an event listener.
  if (options?.type === 'Literal' && typeof options.value === 'string') return false;
  return !hasLifetimeOption(options);
}

/** Different events or per-item listeners in a loop are deliberate, bounded registrations. */
function variesPerIteration(event: AstNode, listener: AstNode, region: AstNode, changed: ReadonlySet<string>): boolean {
  if (!isInvariantIn(event, region)) return true;
  if (isFunctionLike(listener)) return dependsOn(listener, changed, namesBoundIn(listener));
  return !isInvariantIn(listener, region);
}

export default defineRule({
  id: 'no-listener-in-loop',
  meta: {
    description:
      'Adding an event listener inside a loop, a request handler or another listener to an object that outlives it piles up listeners.',
    category: 'resources',
    severity: 'medium',
    cwe: [401],
    messages: {
      loop: '`{{call}}` adds the same listener to `{{target}}` on every iteration; register it once, outside the loop.',
      repeated:
        '`{{call}}` adds a listener to `{{target}}` on every {{when}} and never removes it: listeners pile up, leaking memory and running more times each {{when}}. Register it once, or remove it when done.',
    },
  },
  create(context) {
    const removals = new Map<AstNode, Set<string>>();
    const removedIn = (region: AstNode): Set<string> => {
      let found = removals.get(region);
      if (found) return found;
      found = new Set();
      const targets = found;
      forEachDescendant(region, (node) => {
        if (node.type !== 'CallExpression' || !REMOVE.has(calleeMethod(node) ?? '')) return undefined;
        const callee = unwrap(node.callee as AstNode);
        if (callee.type === 'MemberExpression')
          targets.add(normalizedText(context.source.getText(callee.object as AstNode)));
        return undefined;
      });
      removals.set(region, found);
      return found;
    };

    return {
      CallExpression(node) {
        const method = calleeMethod(node);
        if (method === null || !ADD.has(method)) return;
        if (!isUnboundedListenerCall(node)) return;
        const [event, listener] = node.arguments as [AstNode, AstNode];
        const target = listenerTarget(node);
        if (!target) return;
        const repeated = repeatedRegion(node);
        if (!repeated) return;
        const { region, mode } = repeated;
        // Outside loops, `.once` is the usual way to wait for one event (`drain`, a job's `done`):
        // it removes itself when the event fires.
        if (mode !== 'loop' && ONCE.has(method)) return;
        const changed = namesBoundIn(region);
        if (dependsOn(target, changed)) return;
        if (mode === 'loop' && variesPerIteration(event, listener, region, changed)) return;
        const targetText = normalizedText(context.source.getText(target));
        if (removedIn(region).has(targetText)) return;
        const eventText = context.source.getText(event);
        const call = `${targetText}.${method}(${eventText.length > 30 ? '...' : eventText}, ...)`;
        if (mode === 'loop') context.report({ node, messageId: 'loop', data: { call, target: targetText } });
        // The other modes name what repeats: a request, a tick or an event.
        else context.report({ node, messageId: 'repeated', data: { call, target: targetText, when: mode } });
      },
    };
  },
});
