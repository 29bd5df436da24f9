import {
  bindingNames,
  declaresName,
  dottedName,
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  parentOf,
  unwrap,
} from '../ast.js';
import { type AstNode, defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** A local that holds a copy of shared state: `const v = counter.value`. */
interface Snapshot {
  name: string;
  location: string;
  end: number;
}

interface FunctionState {
  awaits: number[];
  snapshots: Snapshot[];
}

/** Logical assignments (`x ??= await load()`) are check-then-set, not a lost update. */
const COMPOUND = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=']);

export default defineRule({
  id: 'no-race-on-shared-state',
  meta: {
    description:
      'Shared state read before an await and written after it from the stale read loses updates made by concurrent calls meanwhile.',
    category: 'async',
    severity: 'medium',
    cwe: [362],
    messages: {
      staleCompound:
        '`{{target}}` is read, then the function awaits, then it is written from the old value: concurrent calls overwrite each other. Await first, then update in one step (`const d = await ...; {{target}} += d`).',
      staleSnapshot:
        '`{{target}}` is written from `{{local}}`, a copy taken before an await: changes made by concurrent calls in between are lost. Re-read `{{target}}` after the await, or serialise the updates.',
    },
  },
  create(context) {
    // Module-level `let`/`var` can be reassigned; any module-level binding can have members written.
    const reassignable = new Set<string>();
    const moduleBindings = new Set<string>();
    const states = new Map<FunctionLike, FunctionState>();

    const stateOf = (fn: FunctionLike): FunctionState => {
      let state = states.get(fn);
      if (!state) {
        state = { awaits: [], snapshots: [] };
        states.set(fn, state);
      }
      return state;
    };

    /** Cheap first test: the name could denote module state or instance state. */
    const mayBeShared = (name: string): boolean => {
      const dot = name.indexOf('.');
      if (dot === -1) return reassignable.has(name);
      const root = name.slice(0, dot);
      return root === 'this' || moduleBindings.has(root);
    };

    /** The dotted name of a shared location, or null for locals and dynamic targets. */
    const sharedLocation = (node: AstNode, at: AstNode): string | null => {
      const name = dottedName(unwrap(node));
      if (name === null || !mayBeShared(name)) return null;
      const dot = name.indexOf('.');
      const root = dot === -1 ? name : name.slice(0, dot);
      if (root === 'this') return isMethodThis(at) ? name : null;
      // The name must resolve to the module binding, not to a parameter or local of the same name.
      for (let current = parentOf(at); current && current.type !== 'Program'; current = parentOf(current)) {
        if (declaresName(current, root)) return null;
      }
      return name;
    };

    const asyncFunctionOf = (node: AstNode): FunctionLike | null => {
      const fn = enclosingFunction(node);
      return fn?.async ? fn : null;
    };

    const noteAwait = (node: AstNode): void => {
      const fn = asyncFunctionOf(node);
      if (fn) stateOf(fn).awaits.push(node.start);
    };

    return {
      Program(node) {
        for (const statement of node.body as AstNode[]) {
          const declaration =
            statement.type === 'ExportNamedDeclaration' && statement.declaration
              ? (statement.declaration as AstNode)
              : statement;
          if (declaration.type !== 'VariableDeclaration') continue;
          for (const declarator of declaration.declarations) {
            for (const name of bindingNames(declarator.id as AstNode)) {
              moduleBindings.add(name);
              if (declaration.kind === 'let' || declaration.kind === 'var') reassignable.add(name);
            }
          }
        }
      },
      AwaitExpression: noteAwait,
      ForOfStatement(node) {
        if (node.await) noteAwait(node);
      },
      VariableDeclarator(node) {
        if (!node.init || node.id.type !== 'Identifier') return;
        const declaration = parentOf(node);
        if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return;
        const init = unwrap(node.init as AstNode);
        if (init.type !== 'Identifier' && init.type !== 'MemberExpression') return;
        const name = dottedName(init);
        if (name === null || !mayBeShared(name)) return;
        const fn = asyncFunctionOf(node);
        if (!fn) return;
        const location = sharedLocation(init, node);
        if (location !== null) stateOf(fn).snapshots.push({ name: node.id.name, location, end: node.end });
      },
      AssignmentExpression(node) {
        const left = node.left as AstNode;
        if (left.type !== 'Identifier' && left.type !== 'MemberExpression') return;
        const compound = COMPOUND.has(node.operator);
        if (node.operator !== '=' && !compound) return;
        const target = dottedName(left);
        if (target === null || !mayBeShared(target)) return;
        const fn = asyncFunctionOf(node);
        if (!fn) return;
        const state = states.get(fn);
        const right = node.right as AstNode;

        // Same-expression race: `x += await f()`, `x = x + await f()`, `x = await merge(x, y)`.
        // `x = x || await init()` is lazy initialisation (like `x ||= ...`), not an update of the old value.
        if (!compound && isLazyInit(right, target)) return;
        const { awaitEnd, readStart } = scanRight(right, target);
        if (awaitEnd !== -1 && (compound || (readStart !== -1 && readStart < awaitEnd))) {
          if (sharedLocation(left, node) !== null) {
            context.report({ node, messageId: 'staleCompound', data: { target } });
            return;
          }
        }

        // Snapshot race: `const v = x; await y; x = v + 1`.
        if (!state || state.snapshots.length === 0) return;
        // `this.depth = saved` after the await restores a value on purpose; only a value computed
        // from the old copy (`saved + 1`, `saved.concat(x)`) loses concurrent updates.
        if (unwrap(right).type === 'Identifier') return;
        const used = identifiersIn(right);
        for (const snapshot of state.snapshots) {
          if (snapshot.location !== target || !used.has(snapshot.name)) continue;
          const awaitedBetween = state.awaits.some((at) => at > snapshot.end && at < node.start);
          if (!awaitedBetween || sharedLocation(left, node) === null) continue;
          context.report({ node, messageId: 'staleSnapshot', data: { target, local: snapshot.name } });
          return;
        }
      },
    };
  },
});

function isLazyInit(right: AstNode, target: string): boolean {
  const value = unwrap(right);
  if (value.type === 'LogicalExpression')
    return value.operator !== '&&' && dottedName(value.left as AstNode) === target;
  if (value.type === 'ConditionalExpression') return dottedName(value.consequent as AstNode) === target;
  return false;
}

/** `this` is an instance or singleton object: the nearest non-arrow function is a method. */
function isMethodThis(node: AstNode): boolean {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (current.type === 'PropertyDefinition') return true;
    if (isFunctionLike(current) && current.type !== 'ArrowFunctionExpression') {
      const owner = parentOf(current);
      return owner?.type === 'MethodDefinition' || (owner?.type === 'Property' && owner.value === current);
    }
  }
  return false;
}

/**
 * The end of the last await in `right` and the start of the first read of `target` there, each -1
 * when absent; nested functions run later and are skipped.
 */
function scanRight(right: AstNode, target: string): { awaitEnd: number; readStart: number } {
  let awaitEnd = -1;
  let readStart = -1;
  const visit = (node: AstNode): boolean => {
    if (isFunctionLike(node)) return false;
    if (node.type === 'AwaitExpression') awaitEnd = Math.max(awaitEnd, node.end);
    if ((node.type === 'Identifier' || node.type === 'MemberExpression') && readStart === -1) {
      if (dottedName(node) === target && !isPropertyKey(node)) {
        readStart = node.start;
        return false;
      }
    }
    return true;
  };
  const root = unwrap(right);
  if (visit(root)) forEachDescendant(root, visit);
  return { awaitEnd, readStart };
}

/** `b` in `a.b` or `{ b: 1 }` is a name, not a read. */
function isPropertyKey(node: AstNode): boolean {
  const parent = parentOf(node);
  if (parent?.type === 'MemberExpression') return parent.property === node && !parent.computed;
  if (parent?.type === 'Property') return parent.key === node && !parent.computed && !parent.shorthand;
  return false;
}

function identifiersIn(node: AstNode): Set<string> {
  const names = new Set<string>();
  const root = unwrap(node);
  if (root.type === 'Identifier') names.add(root.name);
  forEachDescendant(root, (child) => {
    if (child.type === 'Identifier' && !isPropertyKey(child)) names.add(child.name);
    return undefined;
  });
  return names;
}
