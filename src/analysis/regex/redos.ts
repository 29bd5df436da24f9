import { AmbiguityFinder, chainDegree, type Witness } from './ambiguity.js';
import { type Attack, buildAttack } from './attack.js';
import { countSteps } from './backtrack.js';
import { buildNfa, type Guard, type Nfa } from './nfa.js';
import { type ParsedRegex, parseRegex, type Quantifier } from './parse.js';
import { hasDescendant } from './structure.js';

/**
 * ReDoS analysis (CWE-1333) of JavaScript regular expressions.
 *
 * How: the pattern is parsed into an AST with exact character sets, turned into an automaton
 * that counts the ways a backtracking matcher can reach each state (`nfa.ts`), and searched for
 * exponential (EDA) and polynomial (IDA) ambiguity (`ambiguity.ts`). Each candidate becomes an
 * attack string (`attack.ts`) that is then run through a step-counting backtracking matcher that
 * follows the ECMAScript semantics (`backtrack.ts`): only a candidate whose step count really
 * grows faster than the input is reported. The automaton over-approximates lookarounds, `\b` and
 * backreferences; the confirmation run is what keeps those from turning into false reports.
 *
 * @example
 * analyzeRedos('^(a+)+$', '')
 * // { kind: 'exponential', start: 1, end: 6, attack: { prefix: 'a', pump: 'a', suffix: '0' }, ... }
 * analyzeRedos('^\\s+', '') // null: anchored, linear
 */

export interface RedosRisk {
  /** exponential: nested or overlapping quantifiers under a quantifier (catastrophic); polynomial: two overlapping unbounded quantifiers in sequence, or an unanchored unbounded quantifier whose failure restarts at every position (O(n^2) or worse). */
  kind: 'exponential' | 'polynomial';
  /** For polynomial, the degree (2 = quadratic); for exponential, undefined. */
  degree?: number;
  /** Offsets in the pattern source of the quantified part that backtracks (for the message). */
  start: number;
  end: number;
  /** One short sentence for the finding message, e.g. "`(a+)+` nests a quantifier in a quantifier that can match the same text in many ways". */
  explanation: string;
  /** An input that shows the blow-up: prefix + pump repeated + suffix. */
  attack: { prefix: string; pump: string; suffix: string };
}

/** Analyses a JavaScript regex (source without slashes, flags). Returns null when matching time is linear or the pattern cannot be parsed. Never throws. */
export function analyzeRedos(pattern: string, flags: string): RedosRisk | null {
  try {
    return analyze(pattern, flags);
  } catch {
    // NfaTooLarge (a pattern past the size limits) and a stack overflow on absurd nesting land here.
    return null;
  }
}

/** Patterns longer than this are not analysed (none of the real ones come close). */
const MAX_PATTERN_LENGTH = 20_000;
/** Step budgets of the confirmation runs, per run and per pattern. */
const RUN_BUDGET = 100_000;
const TOTAL_BUDGET = 600_000;
/** Longest pumped part, and longest prefix plus suffix, of a confirmation run's input. */
const MAX_PUMPED_LENGTH = 400;
const MAX_FIXED_LENGTH = 20_000;
/** From n to 2n pumps, steps must grow at least this much: beyond a cubic. */
const EXPONENTIAL_RATIO = 12;
/** From n to 2n pumps, steps must grow at least this much: clearly more than linear. */
const POLYNOMIAL_RATIO = 2.8;

function analyze(pattern: string, flags: string): RedosRisk | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return null;
  const regex = parseRegex(pattern, flags);
  if (!regex) return null;
  const nfa = buildNfa(regex);
  const confirmer = new Confirmer(regex);
  for (const { witness, degree } of rank(nfa, new AmbiguityFinder(nfa).find())) {
    const attack = buildAttack(nfa, witness);
    if (!attack) continue;
    const measured =
      witness.kind === 'exponential'
        ? confirmer.exponential(attack)
        : confirmer.polynomial(attack, witness.from === nfa.restart);
    const risk = measured === null ? null : describe(regex, nfa, witness, attack, Math.min(degree, measured));
    if (risk) return risk;
  }
  return null;
}

/**
 * Exponential witnesses first, then polynomial ones by degree, those inside the pattern before
 * restarts, then in pattern order.
 */
function rank(nfa: Nfa, witnesses: Witness[]): { witness: Witness; degree: number }[] {
  const ranked = witnesses.map((witness) => ({
    witness,
    degree:
      witness.kind === 'exponential'
        ? Number.POSITIVE_INFINITY
        : Math.max(2, chainDegree(nfa, witness.pump, witness.from)),
    restarts: witness.from === nfa.restart,
    at: Math.min(...witness.guards.map((g) => nfa.guards[g]?.quantifier.start ?? Number.POSITIVE_INFINITY)),
  }));
  return ranked.sort((a, b) => b.degree - a.degree || Number(a.restarts) - Number(b.restarts) || a.at - b.at);
}

/**
 * Runs attack strings through the step-counting matcher, within a budget per pattern. Growth is
 * measured on the steps beyond those of the attack without pumps, so a long prefix does not
 * hide it.
 */
class Confirmer {
  private readonly regex: ParsedRegex;
  private spent = 0;

  constructor(regex: ParsedRegex) {
    this.regex = regex;
  }

  /**
   * Steps for n pumps (the budget itself, a lower bound, when a run runs out), or null when the
   * input would be too long or the pattern's budget is spent. Exponential and in-pattern
   * polynomial attacks need only the attempt at the attack's start; restart attacks need all.
   */
  private steps(attack: Attack, n: number, anchored: boolean, cache: Map<number, Run | null>): Run | null {
    const known = cache.get(n);
    if (known !== undefined) return known;
    const pumped = attack.pump.repeat(n);
    let run: Run | null = null;
    const fixed = attack.prefix.length + attack.suffix.length;
    if (pumped.length <= MAX_PUMPED_LENGTH && fixed <= MAX_FIXED_LENGTH && this.spent < TOTAL_BUDGET) {
      const counted = countSteps(this.regex, attack.prefix + pumped + attack.suffix, RUN_BUDGET, anchored);
      this.spent += counted.steps;
      run = { steps: counted.steps, exhausted: counted.exhausted };
    }
    cache.set(n, run);
    return run;
  }

  /** Steps beyond the unpumped attack's; null when unmeasurable. */
  private growth(attack: Attack, n: number, anchored: boolean, cache: Map<number, Run | null>): Run | null {
    const base = this.steps(attack, 0, anchored, cache);
    const run = base && !base.exhausted ? this.steps(attack, n, anchored, cache) : null;
    return run && base ? { steps: Math.max(1, run.steps - base.steps), exhausted: run.exhausted } : null;
  }

  /**
   * Infinity when going from n to 2n pumps multiplies the steps beyond any polynomial of degree
   * three, for some n; else null.
   */
  exponential(attack: Attack): number | null {
    const cache = new Map<number, Run | null>();
    for (const n of [2, 3, 4, 6, 8, 12, 16, 24]) {
      const small = this.growth(attack, n, true, cache);
      if (!small || small.exhausted) return null;
      const large = this.growth(attack, 2 * n, true, cache);
      if (!large) return null;
      if (large.steps >= small.steps * EXPONENTIAL_RATIO) return Number.POSITIVE_INFINITY;
      if (large.exhausted) return null;
    }
    return null;
  }

  /**
   * The degree the step counts show from n to 2n pumps at the largest n measured (at least 2),
   * or null when they grow linearly.
   */
  polynomial(attack: Attack, restarts: boolean): number | null {
    const cache = new Map<number, Run | null>();
    let ratio: number | null = null;
    for (let n = 8; n <= 64; n *= 2) {
      const small = this.growth(attack, n, !restarts, cache);
      const large = small && !small.exhausted ? this.growth(attack, 2 * n, !restarts, cache) : null;
      if (!small || !large) break;
      ratio = large.steps / small.steps;
      // Enough steps that lower-order terms no longer hide the growth.
      if (large.exhausted || large.steps > 20_000) break;
    }
    if (ratio === null || ratio < POLYNOMIAL_RATIO) return null;
    return Math.max(2, Math.round(Math.log2(ratio)));
  }
}

interface Run {
  steps: number;
  exhausted: boolean;
}

const MAX_SNIPPET = 40;

/** The finding for a confirmed witness; null if it names no quantifier to point at. */
function describe(regex: ParsedRegex, nfa: Nfa, witness: Witness, attack: Attack, degree: number): RedosRisk | null {
  const quantifiers = witness.guards
    .map((g) => nfa.guards[g])
    .filter((g): g is Guard => g !== undefined)
    .map((g) => g.quantifier);
  if (quantifiers.length === 0) return null;
  const start = Math.min(...quantifiers.map((q) => q.start));
  const end = Math.max(...quantifiers.map((q) => q.end));
  const snippet = (q: Quantifier): string => {
    const text = regex.source.slice(q.start, q.end);
    return `\`${text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET - 1)}…` : text}\``;
  };
  const attackCopy = { prefix: attack.prefix, pump: attack.pump, suffix: attack.suffix };
  if (witness.kind === 'exponential') {
    const q = quantifiers[0] as Quantifier;
    return { kind: 'exponential', start, end, explanation: exponentialExplanation(q, snippet(q)), attack: attackCopy };
  }
  const order = degree === 2 ? 'quadratic' : `O(n^${degree})`;
  const explanation =
    quantifiers.length === 1 || witness.from === nfa.restart
      ? `${snippet(quantifiers[quantifiers.length - 1] as Quantifier)} is not anchored and what follows it can fail, so the search scans the same text again from every start position (${order})`
      : `${snippet(quantifiers[0] as Quantifier)} and ${snippet(quantifiers[1] as Quantifier)} can match the same text one after the other, so a failing match tries every way to split it (${order})`;
  return { kind: 'polynomial', degree, start, end, explanation, attack: attackCopy };
}

function exponentialExplanation(q: Quantifier, text: string): string {
  if (hasDescendant(q.body, (n) => n.type === 'quantifier' && n.max === Number.POSITIVE_INFINITY)) {
    return `${text} nests a quantifier in a quantifier that can match the same text in many ways`;
  }
  if (hasDescendant(q.body, (n) => n.type === 'alternation' && n.alternatives.length > 1)) {
    return `${text} repeats alternatives that can match the same text in many ways`;
  }
  return `${text} repeats a part that can match the same text in many ways`;
}
