import { dottedName, isFunctionLike, isLoop, parentOf } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Jump = NodeOfType<'ReturnStatement' | 'ThrowStatement' | 'BreakStatement' | 'ContinueStatement'>;

const KEYWORD: Record<Jump['type'], string> = {
  ReturnStatement: 'return',
  ThrowStatement: 'throw',
  BreakStatement: 'break',
  ContinueStatement: 'continue',
};

/** True when `node` is where a break or continue lands: its label, or the nearest loop (or switch, for break). */
function landsAt(jump: Jump, label: string | null, node: AstNode): boolean {
  if (jump.type !== 'BreakStatement' && jump.type !== 'ContinueStatement') return false;
  if (label !== null) return node.type === 'LabeledStatement' && node.label.name === label;
  return isLoop(node) || (jump.type === 'BreakStatement' && node.type === 'SwitchStatement');
}

/**
 * The try statement whose `finally` the jump escapes from, or null when the jump stays inside the
 * finally block (its target loop, switch or label is inside it, or a surrounding try catches it).
 */
function escapedFinally(jump: Jump): AstNode | null {
  const label = jump.type === 'BreakStatement' || jump.type === 'ContinueStatement' ? (jump.label?.name ?? null) : null;
  let child: AstNode = jump;
  for (let current = parentOf(jump); current; current = parentOf(current)) {
    if (isFunctionLike(current) || current.type === 'ClassBody') return null;
    if (current.type === 'TryStatement') {
      if (current.finalizer === child) return current;
      if (jump.type === 'ThrowStatement' && current.block === child && current.handler) return null;
    }
    if (landsAt(jump, label, current)) return null;
    child = current;
  }
  return null;
}

export default defineRule({
  id: 'no-unsafe-finally',
  meta: {
    description:
      'return, throw, break or continue in a finally block discards the exception or return value of the try/catch.',
    category: 'correctness',
    severity: 'high',
    cwe: [584],
    messages: {
      unsafeFinally:
        '`{{keyword}}` inside `finally` overrides the outcome of the try/catch: a thrown error or returned value is silently lost.',
    },
  },
  create(context) {
    // Jumps are only examined while inside some finally block; most code never pays for the walk up.
    let finallyDepth = 0;
    const isFinalizer = (node: AstNode): boolean => {
      const parent = parentOf(node);
      return parent?.type === 'TryStatement' && parent.finalizer === node;
    };
    const check = (node: Jump): void => {
      if (finallyDepth === 0) return;
      // `finally { if (saved) throw saved; }` re-throws an error kept from the catch block on purpose
      // (down-level iterator helpers do exactly this); only new errors thrown there are reported.
      if (node.type === 'ThrowStatement' && dottedName(node.argument as AstNode) !== null) return;
      if (escapedFinally(node) === null) return;
      context.report({ node, messageId: 'unsafeFinally', data: { keyword: KEYWORD[node.type] } });
    };
    return {
      BlockStatement(node) {
        if (isFinalizer(node)) finallyDepth++;
      },
      'BlockStatement:exit'(node) {
        if (isFinalizer(node)) finallyDepth--;
      },
      ReturnStatement: check,
      ThrowStatement: check,
      BreakStatement: check,
      ContinueStatement: check,
    };
  },
});
