import { visitorKeys } from 'oxc-parser';
import type { AstNode } from './rule.js';

type Handler = (node: AstNode) => void;

/** Handlers per node type for entering and leaving, merged from every rule's visitors. */
export class Dispatch {
  readonly enter = new Map<string, Handler[]>();
  readonly exit = new Map<string, Handler[]>();

  add(key: string, handler: Handler): void {
    const isExit = key.endsWith(':exit');
    const table = isExit ? this.exit : this.enter;
    const type = isExit ? key.slice(0, -5) : key;
    const list = table.get(type);
    if (list) list.push(handler);
    else table.set(type, [handler]);
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

/**
 * Walks the tree once, depth first, calling enter and exit handlers. Iterative, so deep trees
 * cannot overflow the stack. When a handler runs, `parent` is set on the node, its ancestors and
 * its direct children; after the walk every node has its `parent`.
 */
export function traverse(root: AstNode, dispatch: Dispatch, onHandlerError: (error: unknown) => void): void {
  (root as WithParent).parent = null;
  const nodes: AstNode[] = [root];
  const exiting: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes.pop() as AstNode;
    const isExit = exiting.pop() as boolean;
    if (isExit) {
      const handlers = dispatch.exit.get(node.type);
      if (handlers) run(handlers, node, onHandlerError);
      continue;
    }
    const children = childrenOf(node);
    const handlers = dispatch.enter.get(node.type);
    if (handlers) run(handlers, node, onHandlerError);
    nodes.push(node);
    exiting.push(true);
    for (let i = children.length - 1; i >= 0; i--) {
      nodes.push(children[i] as AstNode);
      exiting.push(false);
    }
  }
}

function run(handlers: Handler[], node: AstNode, onHandlerError: (error: unknown) => void): void {
  for (const handler of handlers) {
    try {
      handler(node);
    } catch (error) {
      onHandlerError(error);
    }
  }
}

/**
 * Visits every node below `node` (not `node` itself), setting parents on the way. `visit` returns
 * false to skip a node's subtree. For rules that inspect a subtree on their own.
 */
export function forEachDescendant(node: AstNode, visit: (child: AstNode) => boolean | undefined): void {
  const stack = childrenOf(node).reverse();
  while (stack.length > 0) {
    const current = stack.pop() as AstNode;
    if (visit(current) === false) continue;
    const children = childrenOf(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AstNode);
  }
}
