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
import { type AstNode, defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** Awaiting one of these paces the loop on purpose (rate limits, polling, back-off). */
const PACING = /sleep|delay|wait|timeout|backoff|throttle|pause|ratelimit|tick/i;
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

function rootOf(node: AstNode): string | null {
  const name = dottedName(node);
  return name === null ? null : (name.split('.')[0] ?? null);
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

function loopFacts(loop: AstNode): LoopFacts | null {
  const variables = new Set<string>();
  const assigned = new Set<string>();
  let serial = false;
  let iterated: string | null = null;
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') {
    if (loop.type === 'ForOfStatement' && loop.await) return null;
    const left = loop.left as AstNode;
    if (left.type === 'VariableDeclaration') for (const d of left.declarations) addBindings(d.id as AstNode, variables);
    else addBindings(left, variables);
    iterated = rootOf(loop.right as AstNode);
  } else if (loop.type === 'ForStatement') {
    // `for (;;)` and loops whose test is not a plain bound run until something inside says stop.
    if (!loop.test) return null;
    const init = loop.init as AstNode | null;
    if (init?.type === 'VariableDeclaration')
      for (const d of init.declarations) addBindings(d.id as AstNode, variables);
    else if (init?.type === 'AssignmentExpression') addBindings(init.left as AstNode, variables);
  } else return null;

  forEachDescendant(loop.body as AstNode, (child) => {
    if (isFunctionLike(child)) return false;
    switch (child.type) {
      case 'ReturnStatement':
      case 'ThrowStatement':
        serial = true;
        break;
      case 'BreakStatement':
        if (breaksOut(child, loop)) serial = true;
        break;
      case 'ContinueStatement':
        if (child.label) serial = true;
        break;
      case 'AssignmentExpression': {
        const left = child.left as AstNode;
        if (left.type === 'MemberExpression') {
          const root = rootOf(left);
          if (root) assigned.add(root);
        } else addBindings(left, assigned);
        break;
      }
      case 'UpdateExpression': {
        const root = rootOf(child.argument as AstNode);
        if (root) assigned.add(root);
        break;
      }
      case 'AwaitExpression': {
        const argument = unwrap(child.argument as AstNode);
        if (argument.type === 'NewExpression') serial = true;
        if (argument.type === 'CallExpression' && PACING.test(calleeMethod(argument) ?? '')) serial = true;
        break;
      }
      case 'CallExpression':
        // Processing a queue that grows while it is walked: each iteration may feed the next.
        if (iterated !== null && MUTATORS.has(calleeMethod(child) ?? '') && child.callee.type === 'MemberExpression') {
          if (rootOf(child.callee.object as AstNode) === iterated) serial = true;
        }
        break;
      default:
        break;
    }
    return serial ? false : undefined;
  });
  if (loop.type === 'ForStatement') {
    const tested = new Set<string>();
    collectNames(loop.test as AstNode, tested);
    for (const name of tested) if (assigned.has(name)) serial = true;
  }
  return { variables, assigned, serial };
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
