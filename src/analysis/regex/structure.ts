import { CharSet } from './char-set.js';
import type { CharNode, RegexNode } from './parse.js';

/** Structural questions about a parsed regex that do not need an automaton. */

/** True when the node can match the empty string (assertions and lookarounds count as empty). */
export function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case 'alternation':
      return node.alternatives.some(nullable);
    case 'sequence':
      return node.elements.every(nullable);
    case 'char':
      return false;
    case 'group':
      return nullable(node.body);
    case 'quantifier':
      return node.min === 0 || nullable(node.body);
    default:
      return true;
  }
}

/**
 * The characters a non-empty match of the node can start with. Backreferences count as any
 * character (they repeat text from elsewhere); lookarounds and assertions read nothing.
 */
export function firstChars(node: RegexNode, any: CharSet): CharSet {
  switch (node.type) {
    case 'alternation':
      return node.alternatives.reduce((set, alt) => set.union(firstChars(alt, any)), CharSet.empty);
    case 'sequence': {
      let set = CharSet.empty;
      for (const element of node.elements) {
        set = set.union(firstChars(element, any));
        if (!nullable(element)) break;
      }
      return set;
    }
    case 'char':
      return node.set;
    case 'group':
      return firstChars(node.body, any);
    case 'quantifier':
      return node.max === 0 ? CharSet.empty : firstChars(node.body, any);
    case 'backreference':
      return any;
    default:
      return CharSet.empty;
  }
}

/** The single character node a node amounts to (`a`, `(?:[ab])`, `(x)`), or null. */
export function singleChar(node: RegexNode): CharNode | null {
  switch (node.type) {
    case 'char':
      return node;
    case 'alternation':
      return node.alternatives.length === 1 ? singleChar(node.alternatives[0] as RegexNode) : null;
    case 'sequence':
      return node.elements.length === 1 ? singleChar(node.elements[0] as RegexNode) : null;
    case 'group':
      return singleChar(node.body);
    default:
      return null;
  }
}

/** True when some node below (not the node itself) satisfies the test. */
export function hasDescendant(node: RegexNode, test: (n: RegexNode) => boolean): boolean {
  for (const child of children(node)) if (test(child) || hasDescendant(child, test)) return true;
  return false;
}

export function children(node: RegexNode): readonly RegexNode[] {
  switch (node.type) {
    case 'alternation':
      return node.alternatives;
    case 'sequence':
      return node.elements;
    case 'group':
    case 'lookaround':
      return [node.body];
    case 'quantifier':
      return [node.body];
    default:
      return [];
  }
}

/** Capture numbers of the groups inside a node (for resetting them on each repetition). */
export function captureRange(node: RegexNode): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  const visit = (n: RegexNode): void => {
    if (n.type === 'group' && n.capture !== null) {
      lo = Math.min(lo, n.capture);
      hi = Math.max(hi, n.capture);
    }
    for (const child of children(n)) visit(child);
  };
  visit(node);
  return hi === 0 ? null : [lo, hi];
}

/** Number of character positions a node contributes to an automaton, with quantifiers counted once. */
export function positionCount(node: RegexNode): number {
  if (node.type === 'char') return 1;
  if (node.type === 'lookaround') return 0;
  let n = 0;
  for (const child of children(node)) n += positionCount(child);
  return n;
}
