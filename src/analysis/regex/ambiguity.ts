import { CharSet } from './char-set.js';
import type { Nfa, NfaEdge } from './nfa.js';

/**
 * Finds the two shapes of ambiguity that make a backtracking matcher super-linear
 * (Weideman et al., "Analyzing Matching Time Behavior of Backtracking Regular Expression
 * Matchers by Using Ambiguity of NFA"):
 *
 * - EDA (exponential): a state with two different cycles that read the same word, found as a
 *   multi-path edge inside a strongly connected component, or as two paths that leave the
 *   diagonal of the product automaton and come back to it within one component;
 * - IDA (polynomial): two different loop states p and q and a word w with p -w-> p, p -w-> q and
 *   q -w-> q, found by a search of the triple product automaton from (p, p, q) to (p, q, q). The
 *   search's restart state (a match attempt at each position) takes part as an ordinary loop,
 *   which is what makes an unanchored `\s+$` quadratic.
 *
 * All searches share a work budget, so large patterns stay fast (and may go unanalysed).
 */

export interface Witness {
  kind: 'exponential' | 'polynomial';
  /** For exponential: the state both cycles start from; for polynomial: p. */
  from: number;
  /** For polynomial: q; for exponential: equal to from. */
  to: number;
  /** The pumped word. */
  pump: string;
  /** Guard ids of the loops to report: one for exponential, p's and q's for polynomial (-1 for the restart). */
  guards: number[];
}

const MAX_WORK = 200_000;
const MAX_WITNESSES = 8;

export class AmbiguityFinder {
  private readonly nfa: Nfa;
  private readonly sccOf: Int32Array;
  private readonly sccs: number[][];
  /** For each state, its edges that stay inside its component. */
  private readonly inside: NfaEdge[][];
  private incoming: number[][] | null = null;
  private work = 0;

  constructor(nfa: Nfa) {
    this.nfa = nfa;
    const { sccOf, sccs } = stronglyConnected(nfa);
    this.sccOf = sccOf;
    this.sccs = sccs;
    this.inside = nfa.states.map((s) => s.out.filter((e) => sccOf[e.to] === sccOf[s.id]));
  }

  /** Exponential witnesses first (multi-path edges, then product-automaton cycles), then polynomial ones. */
  find(): Witness[] {
    const witnesses: Witness[] = [];
    try {
      for (const scc of this.loopSccs()) {
        const w = this.multiPathWitness(scc) ?? this.productWitness(scc);
        if (w) witnesses.push(w);
        if (witnesses.length >= MAX_WITNESSES) return witnesses;
      }
      witnesses.push(...this.polynomialWitnesses(MAX_WITNESSES - witnesses.length));
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
    }
    return witnesses;
  }

  private spend(amount = 1): void {
    this.work += amount;
    if (this.work > MAX_WORK) throw new BudgetExceeded();
  }

  /** Components with at least one edge inside them (states on a cycle). */
  private loopSccs(): number[][] {
    return this.sccs.filter((scc) => scc.some((s) => this.internal(s, this.sccOf[s] as number).length > 0));
  }

  /** Edges from a state that stay in the given component (none when the state is elsewhere). */
  private internal(state: number, scc: number): NfaEdge[] {
    return this.sccOf[state] === scc ? (this.inside[state] ?? []) : [];
  }

  /** The outermost loop that edges inside the component go around. */
  private sccGuard(scc: number[]): number {
    let best = -1;
    for (const s of scc) {
      for (const e of this.internal(s, this.sccOf[s] as number)) best = this.outer(best, e.backGuard);
    }
    return best;
  }

  private outer(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const ga = this.nfa.guards[a];
    const gb = this.nfa.guards[b];
    return ga && gb && gb.depth < ga.depth ? b : a;
  }

  private multiPathWitness(scc: number[]): Witness | null {
    const id = this.sccOf[scc[0] as number] as number;
    for (const s of scc) {
      for (const e of this.internal(s, id)) {
        this.spend();
        if (e.multi.isEmpty) continue;
        const back = this.path(e.to, s, id);
        if (back === null) continue;
        const guard = e.backGuard >= 0 ? e.backGuard : this.sccGuard(scc);
        return { kind: 'exponential', from: s, to: s, pump: (e.multi.pick() as string) + back, guards: [guard] };
      }
    }
    return null;
  }

  /** Shortest word from one state to another inside a component ('' when equal), or null. */
  private path(from: number, to: number, scc: number): string | null {
    if (from === to) return '';
    const prev = new Map<number, [number, string]>([[from, [-1, '']]]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      for (const e of this.internal(s, scc)) {
        this.spend();
        if (prev.has(e.to)) continue;
        prev.set(e.to, [s, e.label.pick() as string]);
        if (e.to === to) return wordAlong(prev, to);
        queue.push(e.to);
      }
    }
    return null;
  }

  /**
   * Two paths from a state back to itself that read the same word but differ somewhere: a walk in
   * the product automaton that leaves the diagonal and returns to it, inside one component.
   */
  private productWitness(scc: number[]): Witness | null {
    const id = this.sccOf[scc[0] as number] as number;
    const n = this.nfa.states.length;
    const prev = new Map<number, [number, string]>();
    const queue: number[] = [];
    for (const q of [...scc].sort((a, b) => a - b)) {
      prev.set(q * n + q, [-1, '']);
      queue.push(q * n + q);
    }
    for (let head = 0; head < queue.length; head++) {
      const key = queue[head] as number;
      for (const [to1, to2, ch] of this.pairSteps(Math.floor(key / n), key % n, id)) {
        if (to1 === to2) {
          const witness = this.mergeWitness(scc, prev, key, to1, ch);
          if (witness) return witness;
          continue;
        }
        const next = Math.min(to1, to2) * n + Math.max(to1, to2);
        if (prev.has(next)) continue;
        prev.set(next, [key, ch]);
        queue.push(next);
      }
    }
    return null;
  }

  /**
   * Moves of a pair of states on a common character inside a component, except the diagonal
   * moving along itself: [first state's target, second state's target, character].
   */
  private pairSteps(x: number, y: number, id: number): [number, number, string][] {
    const steps: [number, number, string][] = [];
    for (const e1 of this.internal(x, id)) {
      for (const e2 of this.internal(y, id)) {
        this.spend();
        if (e1 === e2 || (x === y && e1.to === e2.to) || !e1.label.overlaps(e2.label)) continue;
        steps.push([e1.to, e2.to, e1.label.intersect(e2.label).pick() as string]);
      }
    }
    return steps;
  }

  /** The pump of a product walk that left the diagonal and now rejoins it at `merge`. */
  private mergeWitness(
    scc: number[],
    prev: Map<number, [number, string]>,
    key: number,
    merge: number,
    ch: string,
  ): Witness | null {
    const n = this.nfa.states.length;
    if (Math.floor(key / n) === key % n) return null;
    const head = unwindPairs(prev, key, n);
    const back = this.path(merge, head.start, this.sccOf[merge] as number);
    if (back === null) return null;
    const guards = [this.sccGuard(scc)];
    return { kind: 'exponential', from: head.start, to: head.start, pump: head.word + ch + back, guards };
  }

  private polynomialWitnesses(limit: number): Witness[] {
    const loops = this.loopSccs();
    const found: Witness[] = [];
    for (const a of loops) {
      const reachable = this.reachableFrom(a);
      const labelA = this.loopLabel(a);
      for (const b of loops) {
        if (a === b || !reachable[b[0] as number]) continue;
        if (!labelA.overlaps(this.loopLabel(b))) continue;
        const w = this.tripleWitness(a, b, reachable);
        if (w) found.push(w);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  private loopLabel(scc: number[]): CharSet {
    const id = this.sccOf[scc[0] as number] as number;
    let label = CharSet.empty;
    for (const s of scc) for (const e of this.internal(s, id)) label = label.union(e.label);
    return label;
  }

  private reachableFrom(scc: number[]): Uint8Array {
    const seen = new Uint8Array(this.nfa.states.length);
    const queue = [...scc];
    for (const s of scc) seen[s] = 1;
    for (let head = 0; head < queue.length; head++) {
      for (const e of this.nfa.states[queue[head] as number]?.out ?? []) {
        this.spend();
        if (seen[e.to]) continue;
        seen[e.to] = 1;
        queue.push(e.to);
      }
    }
    return seen;
  }

  /** Searches the triple product for p in a, q in b and w with p -w-> p, p -w-> q, q -w-> q. */
  private tripleWitness(a: number[], b: number[], reachable: Uint8Array): Witness | null {
    const toB = this.reaching(b);
    const context: TripleContext = {
      idA: this.sccOf[a[0] as number] as number,
      idB: this.sccOf[b[0] as number] as number,
      between: (s) => reachable[s] === 1 && toB[s] === 1,
    };
    for (const p of a) {
      for (const q of b) {
        const pump = this.tripleSearch(p, q, context);
        if (pump !== null)
          return { kind: 'polynomial', from: p, to: q, pump, guards: [this.sccGuard(a), this.sccGuard(b)] };
      }
    }
    return null;
  }

  /** A word leading from (p, p, q) to (p, q, q) in the triple product, or null. */
  private tripleSearch(p: number, q: number, context: TripleContext): string | null {
    const n = this.nfa.states.length;
    const start = (p * n + p) * n + q;
    const target = (p * n + q) * n + q;
    const prev = new Map<number, [number, string]>([[start, [-1, '']]]);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const key = queue[head] as number;
      for (const [next, ch] of this.tripleSteps(key, context)) {
        if (prev.has(next)) continue;
        prev.set(next, [key, ch]);
        if (next === target) return wordAlong(prev, next);
        queue.push(next);
      }
    }
    return null;
  }

  /** Moves of a triple on a common character: the first in a, the second between, the third in b. */
  private tripleSteps(key: number, { idA, idB, between }: TripleContext): [number, string][] {
    const n = this.nfa.states.length;
    const z = key % n;
    const y = Math.floor(key / n) % n;
    const x = Math.floor(key / n / n);
    const steps: [number, string][] = [];
    for (const e1 of this.internal(x, idA)) {
      for (const e2 of this.nfa.states[y]?.out ?? []) {
        if (!between(e2.to) || !e1.label.overlaps(e2.label)) continue;
        const both = e1.label.intersect(e2.label);
        for (const e3 of this.internal(z, idB)) {
          this.spend();
          if (both.overlaps(e3.label))
            steps.push([(e1.to * n + e2.to) * n + e3.to, both.intersect(e3.label).pick() as string]);
        }
      }
    }
    return steps;
  }

  private incomingEdges(): number[][] {
    if (!this.incoming) {
      const incoming: number[][] = this.nfa.states.map(() => []);
      for (const s of this.nfa.states) for (const e of s.out) incoming[e.to]?.push(s.id);
      this.incoming = incoming;
    }
    return this.incoming;
  }

  /** States from which some state of the component can be reached. */
  private reaching(scc: number[]): Uint8Array {
    const incoming = this.incomingEdges();
    const seen = new Uint8Array(this.nfa.states.length);
    const queue = [...scc];
    for (const s of scc) seen[s] = 1;
    for (let head = 0; head < queue.length; head++) {
      for (const s of incoming[queue[head] as number] ?? []) {
        this.spend();
        if (seen[s]) continue;
        seen[s] = 1;
        queue.push(s);
      }
    }
    return seen;
  }
}

class BudgetExceeded extends Error {}

interface TripleContext {
  idA: number;
  idB: number;
  /** States the middle track may use: reachable from a and able to reach b. */
  between: (state: number) => boolean;
}

/** The word read along a breadth-first search's back pointers (state -> [previous, character]). */
export function wordAlong(prev: Map<number, [number, string]>, end: number): string {
  const chars: string[] = [];
  for (let at = end; ; ) {
    const step = prev.get(at);
    if (!step || step[0] < 0) break;
    chars.push(step[1]);
    at = step[0];
  }
  return chars.reverse().join('');
}

/** The word along a product path and the diagonal state it started from. */
function unwindPairs(prev: Map<number, [number, string]>, end: number, n: number): { start: number; word: string } {
  let at = end;
  for (let step = prev.get(at); step && step[0] >= 0; step = prev.get(at)) at = step[0];
  return { start: Math.floor(at / n), word: wordAlong(prev, end) };
}

/** Tarjan's algorithm, iterative so that long patterns cannot overflow the stack. */
function stronglyConnected(nfa: Nfa): { sccOf: Int32Array; sccs: number[][] } {
  const n = nfa.states.length;
  const t: Tarjan = {
    index: new Int32Array(n).fill(-1),
    low: new Int32Array(n),
    onStack: new Uint8Array(n),
    sccOf: new Int32Array(n).fill(-1),
    stack: [],
    sccs: [],
  };
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (t.index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [v, i] = frame;
      if (i === 0) {
        t.index[v] = t.low[v] = counter++;
        t.stack.push(v);
        t.onStack[v] = 1;
      }
      const out = nfa.states[v]?.out ?? [];
      if (i < out.length) {
        frame[1]++;
        const w = (out[i] as NfaEdge).to;
        if (t.index[w] === -1) work.push([w, 0]);
        else if (t.onStack[w]) t.low[v] = Math.min(t.low[v] as number, t.index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) t.low[parent[0]] = Math.min(t.low[parent[0]] as number, t.low[v] as number);
      if (t.low[v] === t.index[v]) popComponent(t, v);
    }
  }
  return { sccOf: t.sccOf, sccs: t.sccs };
}

interface Tarjan {
  index: Int32Array;
  low: Int32Array;
  onStack: Uint8Array;
  sccOf: Int32Array;
  stack: number[];
  sccs: number[][];
}

/** Pops the component whose root is v off Tarjan's stack. */
function popComponent(t: Tarjan, v: number): void {
  const scc: number[] = [];
  let w: number;
  do {
    w = t.stack.pop() as number;
    t.onStack[w] = 0;
    t.sccOf[w] = t.sccs.length;
    scc.push(w);
  } while (w !== v);
  t.sccs.push(scc);
}

const MAX_DEGREE_STATES = 200;

/**
 * The number of loops in the longest chain that all pump the word, starting at `from`: each loop
 * reads the word back to itself and into the next loop. Every extra loop in such a chain
 * multiplies the work of a failing match by the input length, so the chain length is the degree
 * of the polynomial.
 */
export function chainDegree(nfa: Nfa, pump: string, from: number): number {
  const codePoints = [...pump].map((c) => c.codePointAt(0) as number);
  const after = (s: number): Set<number> => {
    let set = new Set([s]);
    for (const cp of codePoints) {
      const next = new Set<number>();
      for (const t of set) for (const e of nfa.states[t]?.out ?? []) if (e.label.has(cp)) next.add(e.to);
      set = next;
    }
    return set;
  };
  const loops = new Map<number, Set<number>>();
  for (const state of nfa.states) {
    if (loops.size >= MAX_DEGREE_STATES) break;
    const reach = after(state.id);
    if (reach.has(state.id)) loops.set(state.id, reach);
  }
  const longest = new Map<number, number>();
  const visit = (s: number, seen: Set<number>): number => {
    const known = longest.get(s);
    if (known !== undefined) return known;
    let best = 0;
    for (const t of loops.get(s) ?? []) {
      // A loop that can also reach back is the same stage of the chain (or exponential).
      if (t === s || seen.has(t) || !loops.has(t) || loops.get(t)?.has(s)) continue;
      best = Math.max(best, visit(t, new Set([...seen, t])));
    }
    longest.set(s, best + 1);
    return best + 1;
  };
  return loops.has(from) ? visit(from, new Set([from])) : 1;
}
