import {
  calleeMethod,
  calleeName,
  enclosingFunction,
  enclosingLoop,
  type FunctionLike,
  functionName,
  isFunctionLike,
  isLoggingCall,
  isTestDoublePath,
  nameWords,
  parentOf,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const WORK_VERBS = new Set([
  'process',
  'generate',
  'deploy',
  'build',
  'analyze',
  'analyse',
  'train',
  'sync',
  'upload',
  'send',
  'save',
  'compile',
  'scan',
  'submit',
  'publish',
  'provision',
  'execute',
  'import',
  'export',
  'convert',
  'charge',
  'migrate',
  'backup',
]);
const SLEEP_NAMES = new Set(['sleep', 'delay', 'wait', 'pause', 'setTimeout']);
const SIMULATION_NOTE = /\bsimulat\w*|\bfake\b|\bpretend\w*|\bartificial\b|\bmock\w*\b|\bimitat\w*/i;
const SIMULATION_NAME = /simulat|fake|artificial|mock/i;
/** Calls that compute, log or update UI state: none of them is the work a `saveX` promises. */
const INERT_ROOTS = new Set(['Math', 'Date', 'JSON', 'Object', 'Array', 'Number', 'String', 'Boolean', 'console']);
const INERT_CALLS = new Set([
  'Promise.resolve',
  'crypto.randomUUID',
  'randomUUID',
  'uuid',
  'uuidv4',
  'nanoid',
  'parseInt',
  'parseFloat',
  'alert',
  'toast',
  'notify',
  'enqueueSnackbar',
  'navigate',
  'router.push',
  'router.replace',
]);
const INERT_METHODS = new Set([
  'push',
  'slice',
  'join',
  'split',
  'replace',
  'includes',
  'toFixed',
  'toString',
  'toISOString',
  'toUpperCase',
  'toLowerCase',
  'trim',
  'concat',
  'padStart',
  'substring',
  'indexOf',
  'startsWith',
  'endsWith',
  'getTime',
  'keys',
  'values',
  'entries',
]);
/** Array methods that run a callback: inert only when the callback is written inline (and scanned). */
const CALLBACK_METHODS = new Set([
  'map',
  'filter',
  'reduce',
  'forEach',
  'find',
  'some',
  'every',
  'sort',
  'flatMap',
  'findIndex',
]);
const UI_RECEIVERS = /^(toast|message|notification|notify|snackbar)$/;

const IRREGULAR: Record<string, string> = { scan: 'scanning', submit: 'submitting', backup: 'a backup' };

function gerund(verb: string): string {
  return IRREGULAR[verb] ?? (verb.endsWith('e') ? `${verb.slice(0, -1)}ing` : `${verb}ing`);
}

const TIMER_NAMES = new Set(['setTimeout', 'window.setTimeout', 'globalThis.setTimeout']);

/** The single expression a function runs: its expression body, or the one expression statement of its block. */
function onlyExpression(fn: FunctionLike): AstNode | null {
  const body = fn.body as AstNode | null;
  if (body?.type !== 'BlockStatement') return body;
  const only = body.body.length === 1 ? (body.body[0] as AstNode) : null;
  return only?.type === 'ExpressionStatement' ? (only.expression as AstNode) : null;
}

/** `new Promise((resolve) => setTimeout(resolve, ms))`: the `ms`, or null when it is another promise. */
function promiseTimerDuration(promise: NodeOfType<'NewExpression'>): AstNode | undefined | null {
  if (promise.callee.type !== 'Identifier' || promise.callee.name !== 'Promise') return null;
  const executor = promise.arguments[0] as AstNode | undefined;
  if (!isFunctionLike(executor)) return null;
  const resolve = executor.params[0];
  if (resolve?.type !== 'Identifier') return null;
  const inner = onlyExpression(executor);
  if (inner?.type !== 'CallExpression') return null;
  const timer = calleeName(inner);
  if (timer === null || !TIMER_NAMES.has(timer)) return null;
  const callback = inner.arguments[0] as AstNode | undefined;
  const resolves =
    (callback?.type === 'Identifier' && callback.name === resolve.name) ||
    (isFunctionLike(callback) && callsName(callback, resolve.name));
  return resolves ? (inner.arguments[1] as AstNode | undefined) : null;
}

/** `await sleep(ms)`, `delay(ms)`: the `ms`, or null when the call schedules a callback instead. */
function sleepCallDuration(call: NodeOfType<'CallExpression'>): AstNode | null {
  const method = calleeMethod(call);
  if (method === null || !SLEEP_NAMES.has(method)) return null;
  const first = call.arguments[0] as AstNode | undefined;
  if (!first || isFunctionLike(first) || call.arguments.length > 2) return null;
  // `_.delay(flush, 500)` schedules a callback; the time is the second argument.
  const second = call.arguments[1] as AstNode | undefined;
  const secondValue = second ? unwrap(second) : null;
  if (secondValue?.type === 'Literal' && typeof secondValue.value === 'number') return null;
  const root = calleeName(call)?.split('.')[0];
  if (root === '_' || root === 'lodash') return null;
  return first;
}

/** The time argument of an artificial wait, or null when `node` is not one. Undefined: a wait without a time. */
function waitDuration(node: AstNode): AstNode | undefined | null {
  const value = unwrap(node);
  if (value.type === 'NewExpression') return promiseTimerDuration(value);
  return value.type === 'CallExpression' ? sleepCallDuration(value) : null;
}

function callsName(fn: FunctionLike, name: string): boolean {
  const body = unwrap(fn.body as AstNode);
  const expression =
    body.type === 'BlockStatement' && body.body.length === 1 && body.body[0]?.type === 'ExpressionStatement'
      ? (body.body[0].expression as AstNode)
      : body;
  return (
    expression.type === 'CallExpression' && expression.callee.type === 'Identifier' && expression.callee.name === name
  );
}

/** A call that may do real work: anything that is not logging, arithmetic, formatting or UI state. */
function isRealCall(call: NodeOfType<'CallExpression'>): boolean {
  if (isLoggingCall(call)) return false;
  const name = calleeName(call);
  const method = calleeMethod(call);
  if (name !== null) {
    const root = name.split('.')[0] ?? '';
    if (INERT_ROOTS.has(root) || INERT_CALLS.has(name)) return false;
    if (!name.includes('.') && (/^set[A-Z]/.test(name) || /^on[A-Z]/.test(name))) return false;
    const receiver = name.includes('.') ? name.slice(0, name.lastIndexOf('.')).split('.').pop() : undefined;
    if (receiver !== undefined && UI_RECEIVERS.test(receiver)) return false;
  }
  if (method === null) return true;
  if (nameWords(method).includes('progress')) return false;
  if (INERT_METHODS.has(method)) return false;
  if (CALLBACK_METHODS.has(method)) {
    const callback = call.arguments[0] as AstNode | undefined;
    return !isFunctionLike(callback);
  }
  return true;
}

export default defineRule({
  id: 'simulated-delay',
  meta: {
    description:
      'Artificial waits (`await sleep(2000)`, `new Promise(r => setTimeout(r, ms))`) that imitate work: in a function named for work that does none, or marked as simulated.',
    category: 'reality',
    severity: 'medium',
    cwe: [684],
    messages: {
      theatre:
        '`{{name}}` only waits here and does no other work: the delay imitates {{verb}} that never happens. Do the real work, or remove the wait.',
      marked:
        'This wait is marked as simulated: it imitates work that is not done. Do the real work, or remove the wait.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const source = context.source;
    const analysed = new WeakMap<FunctionLike, boolean>();

    /** Real calls or other awaits in `scope` outside artificial waits; nested functions are included. */
    const doesWork = (scope: AstNode): boolean => {
      let work = false;
      forEachDescendant(scope, (node) => {
        if (work) return false;
        if (node.type === 'AwaitExpression') {
          if (waitDuration(node.argument as AstNode) !== null) return false;
          work = true;
          return false;
        }
        if (node.type === 'NewExpression') {
          if (waitDuration(node) !== null) return false;
          const name = calleeName(node);
          if (name !== 'Date' && name !== 'Error' && name !== 'Map' && name !== 'Set') work = true;
          return !work;
        }
        if (node.type === 'ForOfStatement' && node.await) work = true;
        if (node.type === 'CallExpression') {
          if (waitDuration(node) !== null) return false;
          if (isRealCall(node)) work = true;
        }
        return !work;
      });
      return work;
    };

    const markedAsSimulation = (await_: AstNode, duration: AstNode | undefined): boolean => {
      if (duration && duration.type === 'Identifier' && SIMULATION_NAME.test(duration.name)) return true;
      let statement: AstNode = await_;
      for (
        let p = parentOf(statement);
        p && !isFunctionLike(p) && p.type !== 'BlockStatement' && p.type !== 'Program';
        p = parentOf(p)
      )
        statement = p;
      const firstLine = Math.max(1, source.position(statement.start).line - 1);
      const lastLine = source.position(statement.end).line;
      const from = source.offset(firstLine, 1);
      const to = source.offset(lastLine + 1, 1);
      const comments = source.comments;
      let lo = 0;
      let hi = comments.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((comments[mid]?.start ?? 0) < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < comments.length; i++) {
        const comment = comments[i];
        if (!comment || comment.start >= to) break;
        if (SIMULATION_NOTE.test(comment.value)) return true;
      }
      return false;
    };

    return {
      AwaitExpression(node) {
        const duration = waitDuration(node.argument as AstNode);
        if (duration === null) return;
        const ms = duration ? unwrap(duration) : null;
        if (ms?.type === 'Literal' && typeof ms.value === 'number' && ms.value < 50) return;
        // A wait inside a loop that also does real work is polling, pacing or backoff.
        const loop = enclosingLoop(node);
        if (loop && doesWork(loop)) return;
        const fn = enclosingFunction(node);
        if (fn && !analysed.has(fn)) {
          const name = functionName(fn);
          const short = name?.slice(name.lastIndexOf('.') + 1) ?? null;
          const verb = short === null ? undefined : nameWords(short)[0];
          const theatre = verb !== undefined && WORK_VERBS.has(verb) && !doesWork(fn);
          analysed.set(fn, theatre);
          if (theatre) {
            context.report({ node, messageId: 'theatre', data: { name: short as string, verb: gerund(verb) } });
            return;
          }
        }
        if (fn && analysed.get(fn)) return;
        if (markedAsSimulation(node, duration ?? undefined)) context.report({ node, messageId: 'marked' });
      },
    };
  },
});
