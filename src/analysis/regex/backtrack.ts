import { LINE_TERMINATOR, WORD } from './char-set.js';
import type { Backreference, CharNode, Lookaround, ParsedRegex, Quantifier, RegexNode, Term } from './parse.js';
import { captureRange, hasDescendant } from './structure.js';

/**
 * A backtracking matcher that follows the ECMAScript specification's matcher semantics (greedy and
 * lazy quantifiers, empty-iteration checks, captures reset per iteration, atomic lookarounds,
 * backward lookbehinds, backreferences) and counts its steps instead of timing them. The ReDoS
 * analysis runs candidate attack strings through it to confirm that the number of steps really
 * grows faster than the input, which no wall-clock measurement could show reliably.
 */

export interface StepCount {
  /** Matcher steps taken (one per attempt to match a node at a position). */
  steps: number;
  matched: boolean;
  /** The budget ran out before the search finished. */
  exhausted: boolean;
}

/**
 * Runs a search of `input` the way `RegExp.prototype.exec` does (every start position, or only
 * position 0 for sticky regexes or with `anchored`) and counts steps, stopping after `budget`
 * steps.
 */
export function countSteps(regex: ParsedRegex, input: string, budget: number, anchored = false): StepCount {
  const machine = new Machine(regex, input, budget, anchored);
  try {
    return machine.search();
  } catch (error) {
    // A deep enough recursion is itself a sign of heavy backtracking; report it as exhaustion.
    if (error instanceof RangeError) return { steps: budget, matched: false, exhausted: true };
    throw error;
  }
}

type Cont = (pos: number) => boolean;
type Matcher = (pos: number, k: Cont) => boolean;

const accept: Cont = () => true;

class Machine {
  private readonly regex: ParsedRegex;
  private readonly text: number[];
  private readonly budget: number;
  private readonly anchored: boolean;
  private steps = 0;
  private exhausted = false;
  /** Start and end index of each capture; -1 when unset. */
  private readonly caps: number[];
  /** Captures are recorded only when a backreference can read them. */
  private readonly tracksCaptures: boolean;

  constructor(regex: ParsedRegex, input: string, budget: number, anchored: boolean) {
    this.regex = regex;
    this.budget = budget;
    this.anchored = anchored;
    this.text = regex.unicode ? [...input].map((c) => c.codePointAt(0) as number) : toCodeUnits(input);
    this.caps = new Array((regex.groupCount + 1) * 2).fill(-1);
    this.tracksCaptures = hasDescendant(regex.root, (n) => n.type === 'backreference');
  }

  search(): StepCount {
    const matcher = this.compile(this.regex.root, 1);
    const last = this.regex.sticky || this.anchored ? 0 : this.text.length;
    for (let start = 0; start <= last && !this.exhausted; start++) {
      this.caps.fill(-1);
      if (matcher(start, accept)) return { steps: this.steps, matched: true, exhausted: false };
    }
    return { steps: Math.min(this.steps, this.budget), matched: false, exhausted: this.exhausted };
  }

  private tick(): boolean {
    if (++this.steps > this.budget) this.exhausted = true;
    return !this.exhausted;
  }

  private compile(node: RegexNode, dir: 1 | -1): Matcher {
    switch (node.type) {
      case 'char':
        return this.char(node, dir);
      case 'sequence': {
        const parts = this.literalRuns(node.elements, dir);
        return sequence(dir === 1 ? parts : parts.reverse());
      }
      case 'alternation': {
        const alternatives = node.alternatives.map((a) => this.compile(a, dir));
        if (alternatives.length === 1) return alternatives[0] as Matcher;
        return (pos, k) => alternatives.some((m) => this.tick() && m(pos, k));
      }
      case 'group':
        return node.capture === null || !this.tracksCaptures
          ? this.compile(node.body, dir)
          : this.capture(node.capture, this.compile(node.body, dir), dir);
      case 'quantifier':
        return this.quantifier(node, dir);
      case 'lookaround':
        return this.lookaround(node);
      case 'assertion':
        return this.assertion(node.kind, node.multiline);
      case 'backreference':
        return this.backreference(node, dir);
    }
  }

  /**
   * Compiles a sequence's elements, with runs of single characters matched in one loop: a long
   * literal then costs no recursion depth.
   */
  private literalRuns(elements: readonly Term[], dir: 1 | -1): Matcher[] {
    const parts: Matcher[] = [];
    for (let i = 0; i < elements.length; ) {
      let j = i;
      while (j < elements.length && elements[j]?.type === 'char') j++;
      if (j - i > 1) {
        parts.push(this.chars(elements.slice(i, j) as CharNode[], dir));
        i = j;
      } else {
        parts.push(this.compile(elements[i] as Term, dir));
        i++;
      }
    }
    return parts;
  }

  private chars(nodes: CharNode[], dir: 1 | -1): Matcher {
    const sets = (dir === 1 ? nodes : [...nodes].reverse()).map((n) => n.set);
    return (pos, k) => {
      let at = pos;
      for (const set of sets) {
        if (!this.tick()) return false;
        const c = this.text[dir === 1 ? at : at - 1];
        if (c === undefined || !set.has(c)) return false;
        at += dir;
      }
      return k(at);
    };
  }

  private char(node: CharNode, dir: 1 | -1): Matcher {
    return this.chars([node], dir);
  }

  private capture(index: number, body: Matcher, dir: 1 | -1): Matcher {
    return (pos, k) =>
      body(pos, (end) => {
        const oldStart = this.caps[2 * index] as number;
        const oldEnd = this.caps[2 * index + 1] as number;
        this.caps[2 * index] = dir === 1 ? pos : end;
        this.caps[2 * index + 1] = dir === 1 ? end : pos;
        if (k(end)) return true;
        this.caps[2 * index] = oldStart;
        this.caps[2 * index + 1] = oldEnd;
        return false;
      });
  }

  /** The specification's RepeatMatcher. */
  private quantifier(node: Quantifier, dir: 1 | -1): Matcher {
    const body = this.compile(node.body, dir);
    // Captures only matter to backreferences: without any, skip resetting them per iteration.
    const range = this.tracksCaptures ? captureRange(node.body) : null;
    const { greedy } = node;
    const repeat = (pos: number, k: Cont, min: number, max: number): boolean => {
      if (!this.tick()) return false;
      if (max === 0) return k(pos);
      const next: Cont = (end) => (min === 0 && end === pos ? false : repeat(end, k, min === 0 ? 0 : min - 1, max - 1));
      if (min === 0 && !greedy && (k(pos) || this.exhausted)) return !this.exhausted;
      const saved = range ? this.clearCaptures(range) : null;
      if (body(pos, next)) return true;
      if (saved && range) this.restoreCaptures(range, saved);
      return min === 0 && greedy && !this.exhausted && k(pos);
    };
    return (pos, k) => repeat(pos, k, node.min, node.max);
  }

  private clearCaptures([lo, hi]: [number, number]): number[] {
    const saved = this.caps.slice(2 * lo, 2 * hi + 2);
    this.caps.fill(-1, 2 * lo, 2 * hi + 2);
    return saved;
  }

  /** Puts captures back; returns false so it can end a failed alternative. */
  private restoreCaptures([lo]: [number, number], saved: number[]): false {
    for (let i = 0; i < saved.length; i++) this.caps[2 * lo + i] = saved[i] as number;
    return false;
  }

  private lookaround(node: Lookaround): Matcher {
    const body = this.compile(node.body, node.behind ? -1 : 1);
    return (pos, k) => {
      if (!this.tick()) return false;
      const saved = this.tracksCaptures ? this.caps.slice() : null;
      const found = body(pos, accept);
      if (node.negate || !found) {
        if (saved) this.restoreAll(saved);
        return node.negate && !found && !this.exhausted && k(pos);
      }
      if (k(pos)) return true;
      if (saved) this.restoreAll(saved);
      return false;
    };
  }

  private restoreAll(saved: number[]): void {
    for (let i = 0; i < saved.length; i++) this.caps[i] = saved[i] as number;
  }

  private assertion(kind: string, multiline: boolean): Matcher {
    const isLineEnd = (c: number | undefined): boolean => c !== undefined && multiline && LINE_TERMINATOR.has(c);
    const isWord = (c: number | undefined): boolean => c !== undefined && WORD.has(c);
    const test = (pos: number): boolean => {
      const before = this.text[pos - 1];
      const after = this.text[pos];
      if (kind === 'start') return pos === 0 || isLineEnd(before);
      if (kind === 'end') return pos === this.text.length || isLineEnd(after);
      return (isWord(before) !== isWord(after)) === (kind === 'word-boundary');
    };
    return (pos, k) => this.tick() && test(pos) && k(pos);
  }

  private backreference(node: Backreference, dir: 1 | -1): Matcher {
    return (pos, k) => {
      if (!this.tick()) return false;
      const group = node.groups.find((g) => (this.caps[2 * g] as number) >= 0);
      if (group === undefined) return k(pos);
      const start = this.caps[2 * group] as number;
      const length = (this.caps[2 * group + 1] as number) - start;
      const from = dir === 1 ? pos : pos - length;
      if (from < 0 || from + length > this.text.length) return false;
      for (let i = 0; i < length; i++) {
        if (!sameChar(this.text[start + i] as number, this.text[from + i] as number, node.ignoreCase)) return false;
      }
      return k(dir === 1 ? pos + length : from);
    };
  }
}

function sequence(parts: Matcher[]): Matcher {
  if (parts.length === 0) return (pos, k) => k(pos);
  let matcher = parts[parts.length - 1] as Matcher;
  for (let i = parts.length - 2; i >= 0; i--) {
    const part = parts[i] as Matcher;
    const rest = matcher;
    matcher = (pos, k) => part(pos, (next) => rest(next, k));
  }
  return matcher;
}

function sameChar(a: number, b: number, ignoreCase: boolean): boolean {
  if (a === b) return true;
  if (!ignoreCase) return false;
  return String.fromCodePoint(a).toLowerCase() === String.fromCodePoint(b).toLowerCase();
}

function toCodeUnits(input: string): number[] {
  const units = new Array<number>(input.length);
  for (let i = 0; i < input.length; i++) units[i] = input.charCodeAt(i);
  return units;
}
