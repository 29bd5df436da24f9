import {
  bindingNames,
  dottedName,
  enclosingFunction,
  isFunctionLike,
  isLoggingCall,
  isSameReference,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

type State = 'nullish' | 'falsy';

interface Subject {
  node: AstNode;
  state: State;
}

// Calls through these only answer or log; they cannot fill in the checked value.
const HARMLESS_ROOTS = new Set(['res', 'reply', 'response', 'ctx', 'console', 'logger', 'log']);

function isNullish(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Literal') return target.raw === 'null';
  if (target.type === 'Identifier') return target.name === 'undefined';
  return target.type === 'UnaryExpression' && target.operator === 'void';
}

/** A variable or static member chain that a check can narrow: `user`, `req.user`, `this.conn`. */
function isSubject(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type !== 'Identifier' && target.type !== 'MemberExpression') return false;
  return dottedName(target) !== null;
}

const EQUALITY = new Set(['==', '===', '!=', '!==']);

/** `value == null` or `typeof value === 'undefined'`: `value` is the nullish one when the comparison holds. */
function addComparedSubject(value: AstNode, other: AstNode, out: Subject[]): void {
  if (isNullish(other) && isSubject(value)) out.push({ node: value, state: 'nullish' });
  if (
    value.type === 'UnaryExpression' &&
    value.operator === 'typeof' &&
    other.type === 'Literal' &&
    other.value === 'undefined' &&
    isSubject(value.argument as AstNode)
  )
    out.push({ node: unwrap(value.argument as AstNode), state: 'nullish' });
}

function narrowedByComparison(node: NodeOfType<'BinaryExpression'>, outcome: boolean, out: Subject[]): Subject[] {
  const equal = node.operator === '==' || node.operator === '===';
  if (equal !== outcome) return out;
  const left = unwrap(node.left as AstNode);
  const right = unwrap(node.right as AstNode);
  addComparedSubject(left, right, out);
  addComparedSubject(right, left, out);
  return out;
}

/** The values that are null, undefined (or falsy) when `test` evaluates to `outcome`. */
function narrowed(test: AstNode, outcome: boolean, out: Subject[] = []): Subject[] {
  const node = unwrap(test);
  if (node.type === 'UnaryExpression' && node.operator === '!')
    return narrowed(node.argument as AstNode, !outcome, out);
  if (node.type === 'LogicalExpression') {
    // Both sides hold only when `a && b` is true or `a || b` is false.
    if ((node.operator === '&&' && outcome) || (node.operator === '||' && !outcome)) {
      narrowed(node.left as AstNode, outcome, out);
      narrowed(node.right as AstNode, outcome, out);
    }
    return out;
  }
  if (node.type === 'BinaryExpression' && EQUALITY.has(node.operator)) return narrowedByComparison(node, outcome, out);
  if (!outcome && isSubject(node)) out.push({ node, state: 'falsy' });
  return out;
}

/** Writes that give `subject` (or an object on its chain) a new value: `x = ...`, `x.y ??= ...`, `let x`. */
function writes(target: AstNode, subject: AstNode): boolean {
  let current: AstNode = unwrap(subject);
  for (;;) {
    if (isSameReference(target, current)) return true;
    if (current.type !== 'MemberExpression') return false;
    current = unwrap(current.object as AstNode);
  }
}

/** True when `name` is a parameter or variable of the function around `node`, not assigned by a closure. */
function isLocal(name: string, node: AstNode): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  let declared = fn.params.some((p) => bindingNames(p as AstNode).includes(name));
  let assignedByClosure = false;
  forEachDescendant(fn.body as AstNode, (child) => {
    if (child.type === 'VariableDeclarator' && bindingNames(child.id as AstNode).includes(name)) declared = true;
    if (isFunctionLike(child)) {
      forEachDescendant(child, (inner) => {
        if (
          (inner.type === 'AssignmentExpression' && unwrap(inner.left as AstNode).type === 'Identifier') ||
          inner.type === 'UpdateExpression'
        ) {
          const target = unwrap((inner.type === 'AssignmentExpression' ? inner.left : inner.argument) as AstNode);
          if (target.type === 'Identifier' && target.name === name) assignedByClosure = true;
        }
        return undefined;
      });
      return false;
    }
    return undefined;
  });
  return declared && !assignedByClosure;
}

function rootName(node: AstNode): string | null {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
  if (current.type === 'Identifier') return current.name;
  return current.type === 'ThisExpression' ? 'this' : null;
}

/** One walk over a branch, looking for a dereference of the subject before it can change. */
interface BranchScan {
  branch: AstNode;
  subject: AstNode;
  /** The root variable of the subject: `user` for `user.profile`. */
  name: string;
  /** Whether the subject is a local variable no closure assigns; computed on the first call seen. */
  local: boolean | undefined;
  /** Offset from which the subject may hold something new; derefs before it are reported. */
  killedAt: number;
  found: AstNode | null;
}

function killAt(scan: BranchScan, offset: number): void {
  scan.killedAt = Math.min(scan.killedAt, offset);
}

function assignsSubject(node: NodeOfType<'AssignmentExpression'>, scan: BranchScan): boolean {
  const left = node.left as AstNode;
  const destructures = left.type === 'ObjectPattern' || left.type === 'ArrayPattern';
  return destructures ? bindingNames(left).includes(scan.name) : writes(left, scan.subject);
}

/** Logging, answering the request and building errors cannot fill in the checked value. */
function isHarmlessCall(node: NodeOfType<'CallExpression' | 'NewExpression' | 'AwaitExpression'>): boolean {
  if (node.type === 'CallExpression' && isLoggingCall(node)) return true;
  if (node.type === 'AwaitExpression') return false;
  const root = rootName(node.callee as AstNode);
  return root !== null && (HARMLESS_ROOTS.has(root) || root.endsWith('Error'));
}

function visitCallLike(
  node: NodeOfType<'CallExpression' | 'NewExpression' | 'AwaitExpression'>,
  scan: BranchScan,
): void {
  if (node.type === 'CallExpression' && isSameReference(node.callee as AstNode, scan.subject)) {
    if (!node.optional && !scan.found) scan.found = node;
    return;
  }
  if (isHarmlessCall(node)) return;
  // The branch, unlike nodes deep in the test, already has its parent set.
  scan.local ??= unwrap(scan.subject).type === 'Identifier' && isLocal(scan.name, scan.branch);
  // A call may initialise a shared value (`this.connect()` sets `this.conn`).
  if (!scan.local) killAt(scan, node.end);
}

function visitBranchNode(node: AstNode, scan: BranchScan): boolean | undefined {
  if (node.start >= scan.killedAt) return false;
  if (isFunctionLike(node) || node.type === 'ClassBody') return false;
  switch (node.type) {
    case 'AssignmentExpression':
      if (assignsSubject(node, scan)) killAt(scan, node.start);
      break;
    case 'UpdateExpression':
      if (writes(node.argument as AstNode, scan.subject)) killAt(scan, node.start);
      break;
    case 'VariableDeclarator':
      if (bindingNames(node.id as AstNode).includes(scan.name)) killAt(scan, node.start);
      break;
    case 'CallExpression':
    case 'NewExpression':
    case 'AwaitExpression':
      visitCallLike(node, scan);
      break;
    case 'MemberExpression':
      if (!node.optional && !scan.found && isSameReference(node.object as AstNode, scan.subject)) scan.found = node;
      break;
    default:
      break;
  }
  return undefined;
}

/** The first dereference of `subject` in `branch` that runs before anything may give it a new value. */
function firstDereference(branch: AstNode, subject: AstNode, name: string): AstNode | null {
  const scan: BranchScan = { branch, subject, name, local: undefined, killedAt: Number.POSITIVE_INFINITY, found: null };
  const visit = (node: AstNode): boolean | undefined => visitBranchNode(node, scan);
  if (visit(branch) !== false) forEachDescendant(branch, visit);
  return scan.found && scan.found.start < scan.killedAt ? scan.found : null;
}

export default defineRule({
  id: 'no-inverted-null-check',
  meta: {
    description:
      'Dereferencing a value in the very branch where a check found it null, undefined or falsy: it throws a TypeError, so the check is probably inverted.',
    category: 'logic',
    severity: 'high',
    cwe: [476],
    messages: {
      nullish:
        '`{{name}}` was just checked to be null or undefined, and this branch dereferences it: it throws a TypeError. Is the condition inverted?',
      falsy:
        '`{{name}}` was just checked to be falsy (null or undefined when it is an object), and this branch dereferences it. Is the condition inverted?',
    },
  },
  create(context) {
    const checkBranch = (branch: AstNode | null | undefined, subjects: Subject[]): void => {
      if (!branch || subjects.length === 0) return;
      const branchText = context.source.getText(branch);
      for (const subject of subjects) {
        const name = rootName(subject.node);
        if (name === null) continue;
        // Cheap text test first: most branches never mention `x.`, `x[` or `x(`.
        const text = context.source.getText(subject.node);
        if (!branchText.includes(`${text}.`) && !branchText.includes(`${text}[`) && !branchText.includes(`${text}(`))
          continue;
        const found = firstDereference(branch, subject.node, name);
        if (found) {
          context.report({
            node: found,
            messageId: subject.state,
            data: { name: context.source.getText(subject.node) },
          });
          return;
        }
      }
    };
    return {
      IfStatement(node) {
        checkBranch(node.consequent as AstNode, narrowed(node.test as AstNode, true));
        checkBranch(node.alternate as AstNode | null, narrowed(node.test as AstNode, false));
      },
      ConditionalExpression(node) {
        checkBranch(node.consequent as AstNode, narrowed(node.test as AstNode, true));
        checkBranch(node.alternate as AstNode, narrowed(node.test as AstNode, false));
      },
      LogicalExpression(node) {
        if (node.operator === '??') return;
        // `a && b` runs b when a is truthy; `a || b` when a is falsy.
        checkBranch(node.right as AstNode, narrowed(node.left as AstNode, node.operator === '&&'));
      },
    };
  },
});
