import { parseSource } from '../parse.js';
import type { AstNode, NodeOfType, NodeType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/**
 * Parses a snippet for tests of AST helpers and sets `parent` on every node, as the engine's walk
 * does by the time `Program:exit` runs.
 */
export function parseFixture(code: string, filename = 'src/example.ts'): AstNode {
  const parsed = parseSource(filename, code);
  if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.diagnostic.message}`);
  const program = parsed.program as AstNode;
  (program as { parent?: AstNode | null }).parent = null;
  forEachDescendant(program, () => undefined);
  return program;
}

/** Every node of `type` in source order, optionally narrowed by `where`; `source` gives its text. */
export function nodesOf<T extends NodeType>(
  program: AstNode,
  type: T,
  where: (node: NodeOfType<T>, text: string) => boolean = () => true,
  source?: string,
): NodeOfType<T>[] {
  const found: NodeOfType<T>[] = [];
  forEachDescendant(program, (node) => {
    if (node.type === type) {
      const typed = node as NodeOfType<T>;
      const text = source ? source.slice(node.start, node.end) : '';
      if (where(typed, text)) found.push(typed);
    }
    return undefined;
  });
  return found;
}

/** The first node of `type` whose source text is exactly `text`. */
export function nodeWithText<T extends NodeType>(code: string, program: AstNode, type: T, text: string): NodeOfType<T> {
  const [node] = nodesOf(program, type, (_, t) => t === text, code);
  if (!node) throw new Error(`no ${type} with text ${text}`);
  return node;
}
