import { visitorKeys } from 'oxc-parser';
import type { AstNode } from './rule.js';

type Handler = (node: AstNode) => void;

/** The handlers of one node type and, in step, who registered each (a rule id). */
interface HandlerList {
  handlers: Handler[];
  owners: string[];
}

const NOOP: Handler = () => undefined;

/** Node types of `Type:exit` keys, sliced once: every rule of every file registers its handlers. */
const exitTypes = new Map<string, string>();

function exitType(key: string): string {
  let type = exitTypes.get(key);
  if (type === undefined) {
    type = key.slice(0, -5);
    exitTypes.set(key, type);
  }
  return type;
}

/**
 * Handlers per node type for entering and leaving, merged from every rule's visitors. A handler
 * that throws is reported once through `onError` and its owner is switched off for the rest of
 * the file (its other handlers become no-ops), so one broken rule cannot spoil the others.
 */
export class Dispatch {
  readonly enter = new Map<string, HandlerList>();
  readonly exit = new Map<string, HandlerList>();
  private readonly onError: (owner: string, error: unknown) => void;

  constructor(onError: (owner: string, error: unknown) => void) {
    this.onError = onError;
  }

  add(key: string, handler: Handler, owner: string): void {
    const isExit = key.endsWith(':exit');
    const table = isExit ? this.exit : this.enter;
    const type = isExit ? exitType(key) : key;
    const list = table.get(type);
    if (list) {
      list.handlers.push(handler);
      list.owners.push(owner);
    } else table.set(type, { handlers: [handler], owners: [owner] });
  }

  run(list: HandlerList, node: AstNode): void {
    const { handlers } = list;
    for (let i = 0; i < handlers.length; i++) {
      try {
        (handlers[i] as Handler)(node);
      } catch (error) {
        this.disable(list.owners[i] as string, error);
      }
    }
  }

  private disable(owner: string, error: unknown): void {
    for (const table of [this.enter, this.exit]) {
      for (const list of table.values()) {
        list.owners.forEach((o, i) => {
          if (o === owner) list.handlers[i] = NOOP;
        });
      }
    }
    this.onError(owner, error);
  }
}

interface WithParent {
  parent?: AstNode | null;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Sets `parent` on the direct children of `node` and returns them in source order. */
export function childrenOf(node: AstNode): AstNode[] {
  const keys = (visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
  const children: AstNode[] = [];
  if (!keys) return children;
  const record = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (isNode(item)) {
          (item as WithParent).parent = node;
          children.push(item);
        }
      }
    } else if (isNode(value)) {
      (value as WithParent).parent = node;
      children.push(value);
    }
  }
  return children;
}

const KEYS = visitorKeys as Record<string, readonly string[] | undefined>;

/**
 * Pushes the children of `node` onto `stack` in reverse source order (so they pop in source
 * order), setting their `parent`. Allocation-free: this runs for every node of every file.
 */
function pushChildren(node: AstNode, stack: AstNode[], phases: boolean[] | null): void {
  const keys = KEYS[node.type];
  if (!keys) return;
  const record = node as unknown as Record<string, unknown>;
  for (let k = keys.length - 1; k >= 0; k--) {
    const value = record[keys[k] as string];
    if (value === null || value === undefined || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i];
        if (item !== null && typeof item === 'object' && typeof item.type === 'string') {
          item.parent = node;
          stack.push(item);
          phases?.push(false);
        }
      }
    } else if (typeof (value as { type?: unknown }).type === 'string') {
      (value as WithParent).parent = node;
      stack.push(value as AstNode);
      phases?.push(false);
    }
  }
}

/**
 * Walks the tree once, depth first, calling enter and exit handlers. Iterative, so deep trees
 * cannot overflow the stack. When a handler runs, `parent` is set on the node, its ancestors and
 * its direct children; after the walk every node has its `parent`.
 */
export function traverse(root: AstNode, dispatch: Dispatch): void {
  (root as WithParent).parent = null;
  const nodes: AstNode[] = [root];
  const exiting: boolean[] = [false];
  const enter = dispatch.enter;
  const exit = dispatch.exit;
  while (nodes.length > 0) {
    const node = nodes.pop() as AstNode;
    if (exiting.pop() === true) {
      const handlers = exit.get(node.type);
      if (handlers) dispatch.run(handlers, node);
      continue;
    }
    // The exit marker goes below the children, which are pushed (with parents set) before the
    // enter handlers run and popped only after them.
    const handlers = enter.get(node.type);
    if (handlers || exit.has(node.type)) {
      nodes.push(node);
      exiting.push(true);
    }
    pushChildren(node, nodes, exiting);
    if (handlers) dispatch.run(handlers, node);
  }
}

/**
 * Visits every node below `node` (not `node` itself), setting parents on the way. `visit` returns
 * false to skip a node's subtree. For rules that inspect a subtree on their own.
 */
export function forEachDescendant(node: AstNode, visit: (child: AstNode) => boolean | undefined): void {
  const stack: AstNode[] = [];
  pushChildren(node, stack, null);
  while (stack.length > 0) {
    const current = stack.pop() as AstNode;
    if (visit(current) === false) continue;
    pushChildren(current, stack, null);
  }
}
