import { type Witness, wordAlong } from './ambiguity.js';
import { CharSet } from './char-set.js';
import type { Nfa } from './nfa.js';

/**
 * Turns an ambiguity witness into an attack string `prefix + pump * n + suffix`: the prefix leads
 * from the start to the ambiguous loop, and the suffix makes every match attempt fail, which is
 * what forces a backtracking matcher through all the ways of matching the pumped part. A
 * witness whose pumped part lets the match succeed early (`(a+)+` alone, `\s+` alone) yields no
 * attack: there the matcher stops at the first success.
 */

export interface Attack {
  prefix: string;
  pump: string;
  suffix: string;
}

const PUMP_ROUNDS = 4;
const MAX_SUFFIX_LENGTH = 3;
const MAX_SUFFIX_NODES = 200;
const MAX_CANDIDATE_CHARS = 12;

/** The attack for a witness, or null when none was found within the simulation budget. */
export function buildAttack(nfa: Nfa, witness: Witness): Attack | null {
  try {
    return attackFor(nfa, witness);
  } catch (error) {
    if (error instanceof SimulationBudget) return null;
    throw error;
  }
}

/** Work (edges followed) one attack construction may spend on simulating the automaton. */
const MAX_SIMULATION_WORK = 100_000;

class SimulationBudget extends Error {}

function attackFor(nfa: Nfa, witness: Witness): Attack | null {
  // A polynomial witness through the restart state needs a fresh attempt at each position; its
  // prefix may need a character that keeps an anchored alternative from matching (`^\s+|\s+$`).
  const restarts = witness.from === nfa.restart;
  const budget = { work: 0 };
  const sim = new Simulator(nfa, restarts, budget);
  const prefixes = restarts
    ? ['', ...sim.candidates(new Set([nfa.initial])).slice(0, 4)]
    : [shortestWord(nfa, witness.from)];
  for (const prefix of prefixes) {
    if (prefix === null) continue;
    let set: Set<number> | null = sim.read(new Set([nfa.initial]), prefix);
    for (let i = 0; i < PUMP_ROUNDS && set; i++) set = sim.read(set, witness.pump);
    if (!set) continue;
    set.delete(nfa.restart);
    const wide = needsWideCharacter(nfa, prefix + witness.pump);
    const suffix = findSuffix(new Simulator(nfa, false, budget), set, wide);
    if (suffix !== null) return { prefix, pump: witness.pump, suffix };
  }
  return null;
}

const LATIN1 = CharSet.range(0, 0xff);
const BEYOND_LATIN1 = CharSet.range(0x100, 0x10ffff);

/**
 * V8 compiles a regex separately for strings of one-byte characters, where a pattern character
 * beyond Latin-1 can never match: when such a character is required, the match fails at once.
 * The attack then needs one character beyond Latin-1 to take the two-byte path.
 */
function needsWideCharacter(nfa: Nfa, text: string): boolean {
  if ([...text].some((c) => (c.codePointAt(0) as number) > 0xff)) return false;
  return nfa.states.some((s) => s.node !== null && !s.node.set.overlaps(LATIN1));
}

/** Subset simulation of the automaton that notices when a match would succeed. */
class Simulator {
  private readonly nfa: Nfa;
  private readonly restarts: boolean;
  private readonly budget: { work: number };

  constructor(nfa: Nfa, restarts: boolean, budget: { work: number }) {
    this.nfa = nfa;
    this.restarts = restarts;
    this.budget = budget;
  }

  /** The states after reading the word, or null when a match succeeds on the way. */
  read(start: Set<number>, word: string): Set<number> | null {
    let set = start;
    for (const ch of word) {
      const cp = ch.codePointAt(0) as number;
      if (this.acceptsBefore(set, cp)) return null;
      set = this.step(set, cp);
    }
    return set;
  }

  step(set: Set<number>, cp: number): Set<number> {
    const next = new Set<number>();
    for (const s of set) {
      const out = this.nfa.states[s]?.out ?? [];
      this.budget.work += out.length + 1;
      if (this.budget.work > MAX_SIMULATION_WORK) throw new SimulationBudget();
      for (const e of out) {
        if (e.to === this.nfa.restart && !this.restarts) continue;
        if (e.label.has(cp)) next.add(e.to);
      }
    }
    return next;
  }

  acceptsBefore(set: Set<number>, cp: number): boolean {
    for (const s of set) if (this.nfa.states[s]?.accepts.some((c) => c.chars.has(cp))) return true;
    return false;
  }

  acceptsAtEnd(set: Set<number>): boolean {
    for (const s of set) if (this.nfa.states[s]?.accepts.some((c) => c.end)) return true;
    return false;
  }

  /**
   * A few characters that exercise every edge out of the set, starting with one none of them
   * reads; with `wide`, characters beyond Latin-1 only.
   */
  candidates(set: Set<number>, wide = false): string[] {
    const allowed = wide ? BEYOND_LATIN1 : this.nfa.any;
    let used = CharSet.empty;
    const picks: string[] = [];
    for (const s of set) {
      const state = this.nfa.states[s];
      for (const label of [...(state?.out ?? []).map((e) => e.label), ...(state?.accepts ?? []).map((c) => c.chars)]) {
        used = used.union(label);
        const ch = label.intersect(allowed).pick();
        if (ch !== undefined && !picks.includes(ch)) picks.push(ch);
      }
    }
    const outside = this.nfa.any.intersect(allowed).subtract(used).pick();
    return (outside === undefined ? picks : [outside, ...picks]).slice(0, MAX_CANDIDATE_CHARS);
  }
}

/** The shortest word from the initial state to a state, avoiding restarts when possible. */
function shortestWord(nfa: Nfa, target: number): string | null {
  for (const allowRestart of [false, true]) {
    const prev = new Map<number, [number, string]>([[nfa.initial, [-1, '']]]);
    const queue = [nfa.initial];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      if (s === target) return wordAlong(prev, target);
      for (const e of nfa.states[s]?.out ?? []) {
        if ((e.to === nfa.restart && !allowRestart) || prev.has(e.to)) continue;
        prev.set(e.to, [s, e.label.pick() as string]);
        queue.push(e.to);
      }
    }
  }
  return null;
}

/**
 * The shortest suffix (up to three characters) after which no match attempt succeeds; with
 * `wide`, one that contains a character beyond Latin-1.
 */
function findSuffix(sim: Simulator, pumped: Set<number>, wide: boolean): string | null {
  const queue: [Set<number>, string][] = [[pumped, '']];
  for (let head = 0; head < queue.length && head < MAX_SUFFIX_NODES; head++) {
    const [set, suffix] = queue[head] as [Set<number>, string];
    const hasWide = [...suffix].some((c) => (c.codePointAt(0) as number) > 0xff);
    if ((!wide || hasWide) && !sim.acceptsAtEnd(set)) return suffix;
    if ([...suffix].length >= MAX_SUFFIX_LENGTH) continue;
    for (const ch of [...sim.candidates(set, wide && !hasWide), ...sim.candidates(set)]) {
      const cp = ch.codePointAt(0) as number;
      if (sim.acceptsBefore(set, cp)) continue;
      queue.push([sim.step(set, cp), suffix + ch]);
    }
  }
  return null;
}
