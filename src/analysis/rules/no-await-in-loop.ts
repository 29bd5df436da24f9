import {
  bindingNames,
  calleeMethod,
  dottedName,
  enclosingLoop,
  isFunctionLike,
  isLoop,
  parentOf,
  unwrap,
} from '../ast.js';
import { type AstNode, defineRule, type NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** Awaiting one of these paces the loop on purpose (rate limits, polling, back-off). */
const PACING = /sleep|delay|wait|timeout|backoff|throttle|pause|ratelimit|tick/i;
/** Writes and runs: their order and concurrency usually matter (inserts with references, builds, hooks). */
const EFFECT =
  /^(write|save|insert|update|upsert|delete|remove|create|put|post|patch|send|publish|emit|run|exec|apply|install|build|deploy|register|commit|upload|migrate|process|handle|invoke|call)/i;
/** Collections that are pipelines by name: each element runs after the previous one. */
const PIPELINE =
  /hook|plugin|middleware|migration|step|stage|phase|task|job|command|script|handler|listener|interceptor|transform/i;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const MUTATORS = new Set(['push', 'unshift', 'splice', 'add', 'set', 'delete', 'shift', 'pop']);
const WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ChainExpression']);

interface LoopFacts {
  /** Names the loop declares per iteration (`for (const x of ...)`, `for (let i = 0; ...)`). */
  variables: Set<string>;
  /** Names (or roots of member chains) assigned in the body: state carried between iterations. */
  assigned: Set<string>;
  /** The loop exits early, paces itself, or its continuation depends on the iterations. */
  serial: boolean;
}

/** The variable at the base of a member chain, computed or not: `cache` in `cache[key].value`. */
function rootOf(node: AstNode): string | null {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
  if (current.type === 'Identifier') return current.name;
  return current.type === 'ThisExpression' ? 'this' : null;
}

function collectNames(node: AstNode | null | undefined, into: Set<string>): void {
  if (!node) return;
  const target = unwrap(node);
  if (target.type === 'Identifier') {
    into.add(target.name);
    return;
  }
  forEachDescendant(target, (child) => {
    if (child.type === 'Identifier') into.add(child.name);
    return undefined;
  });
}

/** True when an unlabelled break at `node` leaves `loop` (not an inner loop or switch). */
function breaksOut(node: AstNode, loop: AstNode): boolean {
  if (node.type === 'BreakStatement' && node.label) return true;
  for (let current = parentOf(node); current && current !== loop; current = parentOf(current)) {
    if (isLoop(current) || (node.type === 'BreakStatement' && current.type === 'SwitchStatement')) return false;
  }
  return true;
}

function addBindings(pattern: AstNode, into: Set<string>): void {
  for (const name of bindingNames(pattern)) into.add(name);
}

interface LoopHeader {
  variables: Set<string>;
  /** The collection a for-of/for-in loop walks: `queue` in `for (const job of queue)`. */
  iterated: string | null;
}

/** `for (const x of items)`: null for `for await`, pipelines and fixed lists, where order is the point. */
function iterationHeader(loop: NodeOfType<'ForOfStatement' | 'ForInStatement'>): LoopHeader | null {
  if (loop.type === 'ForOfStatement' && loop.await) return null;
  const variables = new Set<string>();
  const left = loop.left as AstNode;
  if (left.type === 'VariableDeclaration') for (const d of left.declarations) addBindings(d.id as AstNode, variables);
  else addBindings(left, variables);
  const iterated = rootOf(loop.right as AstNode);
  if (iterated !== null && PIPELINE.test(iterated)) return null;
  // A fixed list written in the source (`for (const name of CONFIG_FILES)`) is short; order may matter.
  const right = unwrap(loop.right as AstNode);
  const listName = dottedName(right)?.split('.').pop() ?? '';
  if (right.type === 'ArrayExpression' || CONSTANT_NAME.test(listName)) return null;
  return { variables, iterated };
}

/** `for (let i = 0; i < n; i++)`; null for `for (;;)`. */
function counterHeader(loop: NodeOfType<'ForStatement'>): LoopHeader | null {
  // `for (;;)` and loops whose test is not a plain bound run until something inside says stop.
  if (!loop.test) return null;
  const variables = new Set<string>();
  const init = loop.init as AstNode | null;
  if (init?.type === 'VariableDeclaration') for (const d of init.declarations) addBindings(d.id as AstNode, variables);
  else if (init?.type === 'AssignmentExpression') addBindings(init.left as AstNode, variables);
  return { variables, iterated: null };
}

function loopHeader(loop: AstNode): LoopHeader | null {
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return iterationHeader(loop);
  return loop.type === 'ForStatement' ? counterHeader(loop) : null;
}

/** What one walk over a loop's body gathers. */
interface BodyScan {
  loop: AstNode;
  iterated: string | null;
  assigned: Set<string>;
  /** Names the conditions in the body read. */
  tested: Set<string>;
  /** Names the awaited expressions read. */
  awaited: Set<string>;
  serial: boolean;
}

function addRoot(node: AstNode, into: Set<string>): void {
  const root = rootOf(node);
  if (root) into.add(root);
}

function visitAwait(node: NodeOfType<'AwaitExpression'>, scan: BodyScan): void {
  const argument = unwrap(node.argument as AstNode);
  if (argument.type === 'NewExpression') scan.serial = true;
  collectNames(argument, scan.awaited);
  const method = argument.type === 'CallExpression' ? (calleeMethod(argument) ?? '') : '';
  if (PACING.test(method) || EFFECT.test(method) || PIPELINE.test(method)) scan.serial = true;
  // An awaited write in the same loop (`await fs.writeFile(...)`) makes it a read-modify-write
  // pipeline, where running everything at once changes resource use and the order of effects.
  if (parentOf(node)?.type === 'ExpressionStatement') scan.serial = true;
}

/** Processing a queue that grows while it is walked: each iteration may feed the next. */
function growsIterated(call: NodeOfType<'CallExpression'>, scan: BodyScan): boolean {
  if (scan.iterated === null || !MUTATORS.has(calleeMethod(call) ?? '')) return false;
  return call.callee.type === 'MemberExpression' && rootOf(call.callee.object as AstNode) === scan.iterated;
}

function visitBodyNode(child: AstNode, scan: BodyScan): boolean | undefined {
  if (isFunctionLike(child)) return false;
  switch (child.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    // A generator that yields per item streams results in order on purpose.
    case 'YieldExpression':
      scan.serial = true;
      break;
    case 'BreakStatement':
      if (breaksOut(child, scan.loop)) scan.serial = true;
      break;
    case 'ContinueStatement':
      if (child.label) scan.serial = true;
      break;
    case 'AssignmentExpression': {
      const left = child.left as AstNode;
      if (left.type === 'MemberExpression') addRoot(left, scan.assigned);
      else addBindings(left, scan.assigned);
      break;
    }
    case 'UpdateExpression':
      addRoot(child.argument as AstNode, scan.assigned);
      break;
    case 'AwaitExpression':
      visitAwait(child, scan);
      break;
    case 'IfStatement':
    case 'ConditionalExpression':
      collectNames(child.test as AstNode, scan.tested);
      break;
    case 'CallExpression':
      if (growsIterated(child, scan)) scan.serial = true;
      break;
    default:
      break;
  }
  return scan.serial ? false : undefined;
}

function loopFacts(loop: AstNode): LoopFacts | null {
  const header = loopHeader(loop);
  if (!header) return null;
  const scan: BodyScan = {
    loop,
    iterated: header.iterated,
    assigned: new Set(),
    tested: new Set(),
    awaited: new Set(),
    serial: false,
  };
  const visit = (child: AstNode): boolean | undefined => visitBodyNode(child, scan);
  // The body itself may be a single statement (`for (...) if (...) x = await f()`).
  const body = (loop as { body: AstNode }).body;
  if (visit(body) !== false) forEachDescendant(body, visit);
  // The loop's test, or a condition in its body, reads state the body writes: iterations feed each other
  // (`if (cache[key] === undefined) cache[key] = await resolve(key)`).
  if (loop.type === 'ForStatement') collectNames(loop.test as AstNode, scan.tested);
  // Or some awaited call reads what the loop writes (`await resolve(fixture, context)`, then `context[k] = v`).
  const feedsBack = (name: string): boolean => scan.assigned.has(name);
  const serial = scan.serial || [...scan.tested].some(feedsBack) || [...scan.awaited].some(feedsBack);
  return { variables: header.variables, assigned: scan.assigned, serial };
}

export default defineRule({
  id: 'no-await-in-loop',
  meta: {
    description:
      'Awaiting independent operations one by one inside a loop serialises work that could run concurrently.',
    category: 'async',
    severity: 'low',
    messages: {
      awaitInLoop:
        'Each iteration waits for `{{call}}` before the next starts, though the iterations look independent. Start them together: `await Promise.all(items.map(async (item) => ...))`.',
    },
  },
  create(context) {
    // Tests run steps in order on purpose; speed there is not worth the noise.
    if (context.settings.isTestFile) return {};
    const facts = new Map<AstNode, LoopFacts | null>();
    return {
      AwaitExpression(node) {
        const call = unwrap(node.argument as AstNode);
        if (call.type !== 'CallExpression') return;
        const callee = dottedName(call.callee as AstNode);
        if (callee?.startsWith('Promise.')) return;
        // A discarded result is usually a write, where order tends to matter (migrations, plugins, steps).
        let parent = parentOf(node);
        while (parent && WRAPPERS.has(parent.type)) parent = parentOf(parent);
        if (!parent || parent.type === 'ExpressionStatement' || parent.type === 'ReturnStatement') return;
        const loop = enclosingLoop(node);
        if (!loop) return;
        const body = (loop as { body?: AstNode }).body;
        if (!body || node.start < body.start || node.end > body.end) return;
        let loopInfo = facts.get(loop);
        if (loopInfo === undefined) {
          loopInfo = loopFacts(loop);
          facts.set(loop, loopInfo);
        }
        if (!loopInfo || loopInfo.serial) return;
        const used = new Set<string>();
        collectNames(call, used);
        let perItem = false;
        for (const name of used) {
          if (loopInfo.assigned.has(name)) return;
          if (loopInfo.variables.has(name)) perItem = true;
        }
        if (!perItem) return;
        // One finding per loop is enough to make the point.
        facts.set(loop, null);
        const text = context.source.getText(call.callee as AstNode);
        context.report({
          node,
          messageId: 'awaitInLoop',
          data: { call: text.length > 40 ? `${text.slice(0, 37)}...` : text },
        });
      },
    };
  },
});
