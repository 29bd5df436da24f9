import { CharSet, LINE_TERMINATOR, WORD } from './char-set.js';
import type { CharNode, Lookaround, ParsedRegex, Quantifier, RegexNode } from './parse.js';
import { firstChars, nullable, positionCount, singleChar } from './structure.js';

/**
 * An epsilon-free automaton that models how a backtracking matcher explores a regex: one state per
 * character position of the pattern, edges labelled with the characters that lead there, and, for
 * each edge, the characters for which the matcher has more than one way (more than one epsilon
 * path) to get there. Counting epsilon paths is what makes `(a*)*` ambiguous here even though its
 * position automaton has a single `a` state.
 *
 * The model follows ECMAScript rules where they matter for backtracking: an iteration of `*`,
 * `+`, `?` or `{n,m}` beyond the minimum that matches the empty string fails, so epsilon paths may
 * not go around a loop without reading a character. Assertions become conditions on the next
 * character (`$`, lookaheads with a simple body) or are assumed to pass (`\b`, lookbehinds,
 * backreferences), which over-approximates: the caller confirms findings on the real semantics.
 */

/** Accept or move on only when the next character is in `chars`, or the input ends (if `end`). */
export interface Cond {
  chars: CharSet;
  end: boolean;
}

/** A quantifier copy whose iterations may not be empty: a loop (`*`, `+`, `{n,}`) or an optional copy. */
export interface Guard {
  id: number;
  quantifier: Quantifier;
  /** Nesting depth of the quantifier in the pattern: smaller is further out. */
  depth: number;
  loop: boolean;
  /** The guard whose body holds this one, or -1; `level` counts such ancestors. */
  parent: number;
  level: number;
}

export interface NfaEdge {
  to: number;
  label: CharSet;
  /** Characters of `label` reached along two or more epsilon paths: ambiguity on its own. */
  multi: CharSet;
  /** The outermost loop whose repetition the edge goes through, or -1. */
  backGuard: number;
}

export interface NfaState {
  id: number;
  kind: 'initial' | 'restart' | 'position';
  /** The pattern character this state has just read (positions only). */
  node: CharNode | null;
  out: NfaEdge[];
  /** The match succeeds from this state under any of these conditions. */
  accepts: Cond[];
}

export interface Nfa {
  states: NfaState[];
  guards: Guard[];
  initial: number;
  /** The state of a search that has skipped at least one character, or -1 for sticky regexes. */
  restart: number;
  /** Every character the regex can read (`0..0xFFFF` without `u`/`v`). */
  any: CharSet;
  /** The pattern uses backreferences or lookarounds, which the model only approximates. */
  approximate: boolean;
}

/** Thrown when a pattern would need more states or work than the analysis allows. */
export class NfaTooLarge extends Error {}

const MAX_POSITIONS = 20_000;
const MAX_CLOSURE_WORK = 200_000;
/** A counted quantifier is unrolled exactly while its copies stay this small. */
const MAX_EXACT_UNROLL = 64;

enum EpsKind {
  Plain = 0,
  BodyEnd = 1,
  Back = 2,
  Start = 3,
  Condition = 4,
  /** `^` with `m`, or a one-character lookbehind: depends on the previous character. */
  Behind = 5,
  /** `\b`: depends on the previous and the next character. */
  WordBoundary = 6,
  /** `\B` */
  NotWordBoundary = 7,
}

/** A test of the character before the current position. */
interface PrevTest {
  set: CharSet;
  negate: boolean;
  /** The outcome at the start of the input, where there is no previous character. */
  atStart: boolean;
}

interface Eps {
  to: number;
  kind: EpsKind;
  guard: number;
  cond: Cond | null;
  prev: PrevTest | null;
}

interface GraphNode {
  eps: Eps[];
  /** The position whose character is read from this node, or -1. */
  position: number;
  /** The innermost guard whose body holds this node, or -1. */
  guard: number;
}

interface Position {
  node: CharNode;
  exit: number;
  /** Enclosing guards, outermost first. */
  guards: number[];
}

interface Entry {
  /** A position, or FINAL. */
  target: number;
  cond: Cond | null;
  count: number;
  backGuard: number;
}

const FINAL = -1;

/** Builds the automaton for a parsed regex; throws NfaTooLarge past the size limits. */
export function buildNfa(regex: ParsedRegex): Nfa {
  const any = CharSet.range(0, regex.unicode ? 0x10ffff : 0xffff);
  const graph = new GraphBuilder(any);
  const start = graph.newNode();
  const end = graph.build(regex.root, start, 0);
  return new Closer(graph, start, end, any, !regex.sticky).run();
}

class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly positions: Position[] = [];
  readonly guards: Guard[] = [];
  approximate = false;
  private readonly guardStack: number[] = [];
  private readonly any: CharSet;

  constructor(any: CharSet) {
    this.any = any;
  }

  newNode(): number {
    this.nodes.push({ eps: [], position: -1, guard: this.guardStack[this.guardStack.length - 1] ?? -1 });
    return this.nodes.length - 1;
  }

  private edge(
    from: number,
    to: number,
    kind: EpsKind,
    guard = -1,
    cond: Cond | null = null,
    prev: PrevTest | null = null,
  ): void {
    (this.nodes[from] as GraphNode).eps.push({ to, kind, guard, cond, prev });
  }

  private prevDependent(from: number, kind: EpsKind, prev: PrevTest | null): number {
    const next = this.newNode();
    this.edge(from, next, kind, -1, null, prev);
    return next;
  }

  /** Builds `node` starting at graph node `from`; returns the node where it ends. */
  build(node: RegexNode, from: number, depth: number): number {
    switch (node.type) {
      case 'char':
        return this.position(node, from);
      case 'sequence':
        return node.elements.reduce((at, element) => this.build(element, at, depth), from);
      case 'alternation': {
        if (node.alternatives.length === 1) return this.build(node.alternatives[0] as RegexNode, from, depth);
        const out = this.newNode();
        for (const alt of node.alternatives) this.edge(this.build(alt, from, depth), out, EpsKind.Plain);
        return out;
      }
      case 'group':
        return this.build(node.body, from, depth);
      case 'quantifier':
        return this.quantifier(node, from, depth + 1);
      case 'lookaround':
        return this.lookaround(node, from);
      case 'assertion':
        if (node.kind === 'start') {
          if (node.multiline)
            return this.prevDependent(from, EpsKind.Behind, { set: LINE_TERMINATOR, negate: false, atStart: true });
          const next = this.newNode();
          this.edge(from, next, EpsKind.Start);
          return next;
        }
        if (node.kind === 'end') {
          return this.conditional(from, { chars: node.multiline ? LINE_TERMINATOR : CharSet.empty, end: true });
        }
        return this.prevDependent(
          from,
          node.kind === 'word-boundary' ? EpsKind.WordBoundary : EpsKind.NotWordBoundary,
          null,
        );
      case 'backreference':
        this.approximate = true;
        return from;
    }
  }

  private position(node: CharNode, from: number): number {
    if (this.positions.length >= MAX_POSITIONS) throw new NfaTooLarge('too many positions');
    const entry = this.newNode();
    const exit = this.newNode();
    this.edge(from, entry, EpsKind.Plain);
    (this.nodes[entry] as GraphNode).position = this.positions.length;
    this.positions.push({ node, exit, guards: [...this.guardStack] });
    return exit;
  }

  private conditional(from: number, cond: Cond | null): number {
    if (!cond) return from;
    const next = this.newNode();
    this.edge(from, next, EpsKind.Condition, -1, cond);
    return next;
  }

  /**
   * A lookahead whose body starts with known characters restricts the next one, a one-character
   * lookbehind tests the previous one; other lookarounds are assumed to pass.
   */
  private lookaround(node: Lookaround, from: number): number {
    this.approximate = true;
    const single = singleChar(node.body);
    if (node.behind) {
      if (!single) return from;
      return this.prevDependent(from, EpsKind.Behind, { set: single.set, negate: node.negate, atStart: node.negate });
    }
    if (!node.negate) {
      return nullable(node.body)
        ? from
        : this.conditional(from, { chars: firstChars(node.body, this.any), end: false });
    }
    return single ? this.conditional(from, { chars: single.set.complement(this.any.ranges[1]), end: true }) : from;
  }

  private quantifier(node: Quantifier, from: number, depth: number): number {
    const loop = node.max === Number.POSITIVE_INFINITY;
    const size = Math.max(1, positionCount(node.body));
    const exact = size * (loop ? node.min + 1 : node.max) <= MAX_EXACT_UNROLL;
    // Large counts keep their shape (mandatory part, optional part, loop) with at most two copies each.
    // `x+` with a body that cannot match empty is one loop entered without a skip edge: no copy of
    // the body, so attack strings stay minimal.
    const plus = loop && node.min > 0 && !nullable(node.body);
    const mandatory = (exact ? node.min : Math.min(node.min, 2)) - (plus ? 1 : 0);
    const optional = loop ? 0 : exact ? node.max - node.min : Math.min(node.max - node.min, 2);
    let at = from;
    for (let i = 0; i < mandatory; i++) at = this.build(node.body, at, depth);
    if (optional === 0 && !loop) return at;
    const out = this.newNode();
    if (loop) {
      const guard = this.newGuard(node, depth, true);
      const bodyStart = this.newNode();
      const head = this.newNode();
      // The loop head still belongs to the loop: its back edge needs the loop's iteration open.
      (this.nodes[head] as GraphNode).guard = guard;
      this.edge(at, bodyStart, EpsKind.Plain);
      if (!plus) this.edge(at, out, EpsKind.Plain);
      this.edge(this.guarded(guard, node.body, bodyStart, depth), head, EpsKind.BodyEnd, guard);
      this.edge(head, bodyStart, EpsKind.Back, guard);
      this.edge(head, out, EpsKind.Plain);
      return out;
    }
    // x{0,2} is (?:x(?:x)?)?: each optional copy is reachable only after the previous one.
    for (let i = 0; i < optional; i++) {
      const guard = this.newGuard(node, depth, false);
      const bodyStart = this.newNode();
      const next = this.newNode();
      this.edge(at, bodyStart, EpsKind.Plain);
      this.edge(at, out, EpsKind.Plain);
      this.edge(this.guarded(guard, node.body, bodyStart, depth), next, EpsKind.BodyEnd, guard);
      at = next;
    }
    this.edge(at, out, EpsKind.Plain);
    return out;
  }

  private newGuard(quantifier: Quantifier, depth: number, loop: boolean): number {
    const parent = this.guardStack[this.guardStack.length - 1] ?? -1;
    this.guards.push({ id: this.guards.length, quantifier, depth, loop, parent, level: this.guardStack.length });
    return this.guards.length - 1;
  }

  private guarded(guard: number, body: RegexNode, from: number, depth: number): number {
    this.guardStack.push(guard);
    const end = this.build(body, from, depth);
    this.guardStack.pop();
    return end;
  }
}

/** Computes epsilon closures and turns the graph into the epsilon-free automaton. */
class Closer {
  private readonly graph: GraphBuilder;
  private readonly start: number;
  private readonly final: number;
  private readonly any: CharSet;
  private readonly search: boolean;
  private work = 0;
  /** Graph nodes from which an edge that tests the previous character can be reached. */
  private readonly prevSensitive: Uint8Array;
  /**
   * Closure results shared by all walks, for nodes whose result does not depend on the previous
   * character, keyed by node and the innermost loop whose iteration may still end.
   */
  private readonly shared = new Map<number, Entry[]>();

  constructor(graph: GraphBuilder, start: number, final: number, any: CharSet, search: boolean) {
    this.graph = graph;
    this.start = start;
    this.final = final;
    this.any = any;
    this.search = search;
    this.prevSensitive = markPrevSensitive(graph.nodes);
  }

  run(): Nfa {
    const { positions } = this.graph;
    const offset = this.search ? 2 : 1;
    const states: NfaState[] = [];
    const initial = this.state(0, 'initial', null, this.closure(this.start, [], null), offset);
    states.push(initial);
    if (this.search) {
      const restart = this.state(1, 'restart', null, this.closure(this.start, [], this.any), offset);
      const self: NfaEdge = { to: 1, label: this.any, multi: CharSet.empty, backGuard: -1 };
      restart.out.unshift(self);
      initial.out.unshift({ ...self });
      states.push(restart);
    }
    positions.forEach((p, i) => {
      states.push(this.state(i + offset, 'position', p.node, this.closure(p.exit, p.guards, p.node.set), offset));
    });
    return {
      states,
      guards: this.graph.guards,
      initial: 0,
      restart: this.search ? 1 : -1,
      any: this.any,
      approximate: this.graph.approximate,
    };
  }

  private state(id: number, kind: NfaState['kind'], node: CharNode | null, entries: Entry[], offset: number): NfaState {
    const accepts: Cond[] = [];
    const byTarget = new Map<number, Entry[]>();
    for (const entry of entries) {
      if (entry.target === FINAL) accepts.push(entry.cond ?? { chars: this.any, end: true });
      else {
        const group = byTarget.get(entry.target);
        if (group) group.push(entry);
        else byTarget.set(entry.target, [entry]);
      }
    }
    const out: NfaEdge[] = [];
    for (const [target, group] of byTarget) {
      const edge = this.edge(target + offset, (this.graph.positions[target] as Position).node.set, group);
      if (edge) out.push(edge);
    }
    return { id, kind, node, out, accepts };
  }

  private edge(to: number, set: CharSet, entries: Entry[]): NfaEdge | null {
    let label = CharSet.empty;
    let multi = CharSet.empty;
    let backGuard = -1;
    for (const entry of entries) {
      const part = entry.cond ? set.intersect(entry.cond.chars) : set;
      if (part.isEmpty) continue;
      multi = multi.union(entry.count > 1 ? part : label.intersect(part));
      label = label.union(part);
      backGuard = this.outer(backGuard, entry.backGuard);
    }
    return label.isEmpty ? null : { to, label, multi, backGuard };
  }

  /**
   * `\b` and `\B` as a condition on the next character, when the previous one is known to be a
   * word character or known not to be (the start of the input counts as not).
   */
  private boundaryCond(kind: EpsKind, prev: CharSet | null): Cond | null {
    if (kind !== EpsKind.WordBoundary && kind !== EpsKind.NotWordBoundary) return null;
    // The start of the input counts as after a non-word character.
    const afterWord = prev?.subtract(WORD).isEmpty ?? false;
    if (!afterWord && prev?.overlaps(WORD)) return null;
    const wantWord = afterWord === (kind === EpsKind.NotWordBoundary);
    return wantWord ? { chars: WORD, end: false } : { chars: this.any.subtract(WORD), end: true };
  }

  private outer(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    return (this.graph.guards[a] as Guard).depth <= (this.graph.guards[b] as Guard).depth ? a : b;
  }

  /**
   * Every way epsilon edges lead from `from` to a position or to the end, for a walk that has just
   * read a character inside the loops `chain` (outermost first). A walk may end an iteration only
   * of a loop in that chain (others have read nothing yet), and going around a loop starts an
   * empty iteration of it and of every loop inside it. `prev` is the set the character just read
   * belongs to, or null at the start of the input.
   */
  private closure(from: number, chain: readonly number[], prev: CharSet | null): Entry[] {
    const walk: Walk = { chain, prev, index: new Map(chain.map((g, i) => [g, i])), memo: new Map() };
    // An explicit stack: long patterns make long epsilon paths, deeper than the call stack allows.
    const frames: Frame[] = [{ node: from, open: chain.length, edge: 0, lists: [] }];
    let returned: Entry[] = [];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const g = this.graph.nodes[frame.node] as GraphNode;
      const leaf = this.leaf(frame.node, g);
      if (leaf) {
        frames.pop();
        returned = leaf;
        if (frames.length > 0) this.accept(frames[frames.length - 1] as Frame, returned, walk);
        continue;
      }
      const child = this.advance(frame, g, walk);
      if (child) {
        frames.push(child);
        continue;
      }
      returned =
        frame.lists.length === 1 ? (frame.lists[0] as Entry[]) : mergeEntries(frame.lists, this.graph.guards.length);
      this.store(walk, frame.node, frame.open, returned);
      frames.pop();
      if (frames.length > 0) this.accept(frames[frames.length - 1] as Frame, returned, walk);
    }
    return returned;
  }

  private leaf(node: number, g: GraphNode): Entry[] | null {
    if (g.position >= 0) return [{ target: g.position, cond: null, count: 1, backGuard: -1 }];
    if (node === this.final) return [{ target: FINAL, cond: null, count: 1, backGuard: -1 }];
    return null;
  }

  /**
   * Moves a frame past the edges it can take from results already known; returns the frame for
   * the next edge whose target still has to be walked, or null when every edge is done.
   */
  private advance(frame: Frame, g: GraphNode, walk: Walk): Frame | null {
    while (frame.edge < g.eps.length) {
      const eps = g.eps[frame.edge] as Eps;
      const open = this.passable(eps, frame.open, walk);
      if (open === null) {
        frame.edge++;
        continue;
      }
      const known = this.lookup(walk, eps.to, open);
      if (!known) return { node: eps.to, open: this.narrow(walk, eps.to, open), edge: 0, lists: [] };
      this.accept(frame, known, walk);
    }
    return null;
  }

  /**
   * Whether the walk may take an epsilon edge, and how many of its loops may still end an
   * iteration afterwards (going around a loop starts empty iterations of it and those inside).
   */
  private passable(eps: Eps, open: number, walk: Walk): number | null {
    if (++this.work > MAX_CLOSURE_WORK) throw new NfaTooLarge('closure work');
    const at = eps.guard >= 0 ? (walk.index.get(eps.guard) ?? Number.POSITIVE_INFINITY) : -1;
    if (eps.kind === EpsKind.Start && walk.prev !== null) return null;
    if ((eps.kind === EpsKind.BodyEnd || eps.kind === EpsKind.Back) && at >= open) return null;
    if (eps.kind === EpsKind.Behind && eps.prev && !behindPasses(eps.prev, walk.prev)) return null;
    return eps.kind === EpsKind.Back ? at : open;
  }

  /** Adds the result of the frame's current edge to the frame and moves to its next edge. */
  private accept(frame: Frame, next: Entry[], walk: Walk): void {
    const eps = (this.graph.nodes[frame.node] as GraphNode).eps[frame.edge] as Eps;
    frame.edge++;
    this.work += next.length;
    if (this.work > MAX_CLOSURE_WORK) throw new NfaTooLarge('closure work');
    const cond = eps.cond ?? this.boundaryCond(eps.kind, walk.prev);
    if (!cond && eps.kind !== EpsKind.Back) {
      frame.lists.push(next);
      return;
    }
    frame.lists.push(
      next.map((entry) => ({
        target: entry.target,
        cond: cond ? intersectCond(entry.cond, cond) : entry.cond,
        count: entry.count,
        backGuard: eps.kind === EpsKind.Back ? this.outer(entry.backGuard, eps.guard) : entry.backGuard,
      })),
    );
  }

  /**
   * Results that do not depend on the previous character are shared by all walks, keyed by node
   * and by the loops whose iteration may end: chain[0..open), a path in the loop tree named by its
   * last loop. The others are kept for this walk only.
   */
  private sharedKey(walk: Walk, node: number, open: number): number {
    if (this.prevSensitive[node]) return -1;
    return node * (this.graph.guards.length + 1) + (open > 0 ? (walk.chain[open - 1] as number) + 1 : 0);
  }

  /**
   * Drops from chain[0..open) the loops whose bodies do not hold the node: a walk that has left a
   * loop's body cannot end an iteration of it any more, so results can be shared with walks that
   * were never inside it. The chain and the node's enclosing loops are both paths from the root of
   * the loop tree; what counts is their common prefix.
   */
  private narrow(walk: Walk, node: number, open: number): number {
    const { guards } = this.graph;
    let g = (this.graph.nodes[node] as GraphNode).guard;
    while (g >= 0 && (guards[g] as Guard).level >= open) g = (guards[g] as Guard).parent;
    while (g >= 0 && walk.chain[(guards[g] as Guard).level] !== g) g = (guards[g] as Guard).parent;
    return g < 0 ? 0 : (guards[g] as Guard).level + 1;
  }

  private lookup(walk: Walk, node: number, open: number): Entry[] | undefined {
    const narrowed = this.narrow(walk, node, open);
    const shared = this.sharedKey(walk, node, narrowed);
    return shared >= 0 ? this.shared.get(shared) : walk.memo.get(node * (walk.chain.length + 1) + narrowed);
  }

  private store(walk: Walk, node: number, open: number, result: Entry[]): void {
    const narrowed = this.narrow(walk, node, open);
    const shared = this.sharedKey(walk, node, narrowed);
    if (shared >= 0) this.shared.set(shared, result);
    else walk.memo.set(node * (walk.chain.length + 1) + narrowed, result);
  }
}

/** One epsilon closure being computed. */
interface Walk {
  /** Loops around the character just read, outermost first. */
  chain: readonly number[];
  /** The set of that character, or null at the start of the input. */
  prev: CharSet | null;
  index: Map<number, number>;
  memo: Map<number, Entry[]>;
}

/** A node of the walk whose edges are being followed; `edge` is the next one. */
interface Frame {
  node: number;
  open: number;
  edge: number;
  lists: Entry[][];
}

/** Nodes from which an epsilon path leads to an edge whose outcome depends on the previous character. */
function markPrevSensitive(nodes: readonly GraphNode[]): Uint8Array {
  const incoming: number[][] = nodes.map(() => []);
  const marked = new Uint8Array(nodes.length);
  const queue: number[] = [];
  nodes.forEach((node, id) => {
    for (const eps of node.eps) {
      incoming[eps.to]?.push(id);
      const dependent =
        eps.kind === EpsKind.Start ||
        eps.kind === EpsKind.Behind ||
        eps.kind === EpsKind.WordBoundary ||
        eps.kind === EpsKind.NotWordBoundary;
      if (dependent && !marked[id]) {
        marked[id] = 1;
        queue.push(id);
      }
    }
  });
  for (let head = 0; head < queue.length; head++) {
    for (const from of incoming[queue[head] as number] ?? []) {
      if (marked[from]) continue;
      marked[from] = 1;
      queue.push(from);
    }
  }
  return marked;
}

/** Whether a previous-character test can pass after a character of `prev` (null: at the start). */
function behindPasses(test: PrevTest, prev: CharSet | null): boolean {
  if (prev === null) return test.atStart;
  if (prev.subtract(test.set).isEmpty) return !test.negate;
  if (!prev.overlaps(test.set)) return test.negate;
  return true;
}

function intersectCond(a: Cond | null, b: Cond): Cond {
  if (!a) return b;
  return { chars: a.chars.intersect(b.chars), end: a.end && b.end };
}

/**
 * Entries for the same target, condition and loop add up their path counts (capped at 2).
 * Entries for the same target under different conditions stay apart: `edge` intersects them.
 * `guards` bounds the loop ids, so that keys stay small integers.
 */
function mergeEntries(lists: Entry[][], guards: number): Entry[] {
  const first = new Map<number, number>();
  const merged: Entry[] = [];
  for (const list of lists) {
    for (const entry of list) {
      const key = entry.target * (guards + 1) + entry.backGuard + 1;
      const at = first.get(key);
      const same = at === undefined ? undefined : merged[at];
      if (at === undefined || !same) {
        first.set(key, merged.length);
        merged.push(entry);
      } else if (sameCond(same.cond, entry.cond)) {
        merged[at] = { ...same, count: Math.min(2, same.count + entry.count) };
      } else merged.push(entry);
    }
  }
  return merged;
}

function sameCond(a: Cond | null, b: Cond | null): boolean {
  if (a === b) return true;
  return !!a && !!b && a.end === b.end && a.chars.equals(b.chars);
}
