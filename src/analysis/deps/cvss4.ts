/**
 * CVSS v4.0 scoring (FIRST, CVSS v4.0 Specification, section 8): a vector falls into a
 * MacroVector (six equivalence classes, EQ1-EQ6) whose score comes from the specification's
 * lookup table; the vector's score is that value minus the mean proportional distance to the
 * highest-severity vectors of its MacroVector, interpolated towards the next lower MacroVectors.
 * Threat and environmental metrics are honoured when present, as the specification's calculator
 * does (the score is then CVSS-BT, -BE or -BTE rather than CVSS-B).
 */

/** Values each metric may take; the first 11 are the mandatory base metrics. */
const METRIC_VALUES: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};
const BASE_METRICS = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

/**
 * The specification's MacroVector scores. Key: EQ1 EQ2 EQ3; value: the scores for EQ4, EQ5, EQ6
 * in nested order (EQ4 0-2, EQ5 0-2, EQ6 0-1), EQ3 = 2 having EQ6 = 1 only.
 */
const MACRO_SCORE_ROWS: Record<string, string> = {
  '000': '10 9.9 9.8 9.5 9.5 9.2 10 9.6 9.3 8.7 9.1 8.1 9.3 9 8.9 8 8.1 6.8',
  '001': '9.8 9.5 9.5 9.2 9 8.4 9.3 9.2 8.9 8.1 8.1 6.5 8.8 8 7.8 7 6.9 4.8',
  '002': '9.2 8.2 7.2 7.9 6.9 5 6.9 5.5 2.7',
  '010': '9.9 9.7 9.5 9.2 9.2 8.5 9.5 9.1 9 8.3 8.4 7.1 9.2 8.1 8.2 7.1 7.2 5.3',
  '011': '9.5 9.3 9.2 8.5 8.5 7.3 9.2 8.2 8 7.2 7 5.9 8.4 7 7.1 5.2 5 3',
  '012': '8.6 7.5 5.2 7.1 5.2 2.9 6.3 2.9 1.7',
  '100': '9.8 9.5 9.4 8.7 9.1 8.1 9.4 8.9 8.6 7.4 7.7 6.4 8.7 7.5 7.4 6.3 6.3 4.9',
  '101': '9.4 8.9 8.8 7.7 7.6 6.7 8.6 7.6 7.4 5.8 5.9 5 7.2 5.7 5.7 5.2 5.2 2.5',
  '102': '8.3 7 5.4 6.5 5.8 2.6 5.3 2.1 1.3',
  '110': '9.5 9 8.8 7.6 7.6 7 9 7.7 7.5 6.2 6.1 5.3 7.7 6.6 6.8 5.9 5.2 3',
  '111': '8.9 7.8 7.6 6.7 6.2 5.8 7.4 5.9 5.7 5.7 4.7 2.3 6.1 5.2 5.7 2.9 2.4 1.6',
  '112': '7.1 5.9 3 5.8 2.6 1.5 2.3 1.3 0.6',
  '200': '9.3 8.7 8.6 7.2 7.5 5.8 8.6 7.4 7.4 6.1 5.6 3.4 7 5.4 5.2 4 4 2.2',
  '201': '8.5 7.5 7.4 5.5 6.2 5.1 7.2 5.7 5.5 4.1 4.6 1.9 5.3 3.6 3.4 1.9 1.9 0.8',
  '202': '6.4 5.1 2 4.7 2.1 1.1 2.4 0.9 0.4',
  '210': '8.8 7.5 7.3 5.3 6 5 7.3 5.5 5.9 4 4.1 2 5.4 4.3 4.5 2.2 2 1.1',
  '211': '7.5 5.5 5.8 4.5 4 2.1 6.1 5.1 4.8 1.8 2 0.9 4.6 1.8 1.7 0.7 0.8 0.2',
  '212': '5.3 2.4 1.4 2.4 1.2 0.5 1 0.3 0.1',
};

function expandMacroScores(): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [prefix, row] of Object.entries(MACRO_SCORE_ROWS)) {
    const values = row.split(' ').map(Number);
    let i = 0;
    for (const eq4 of [0, 1, 2]) {
      for (const eq5 of [0, 1, 2]) {
        for (const eq6 of prefix[2] === '2' ? [1] : [0, 1]) scores.set(`${prefix}${eq4}${eq5}${eq6}`, values[i++]!);
      }
    }
  }
  return scores;
}

const MACRO_SCORES = expandMacroScores();

/**
 * Severity levels in tenths, as the specification's reference calculator defines them; the
 * distances below add these same floating-point values so scores round exactly as FIRST's do.
 */
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
};

/** The highest-severity vectors of each EQ level (EQ3 is keyed by EQ3 then EQ6). */
const MAX_VECTORS = {
  eq1: [
    ['AV:N/PR:N/UI:N'],
    ['AV:A/PR:N/UI:N', 'AV:N/PR:L/UI:N', 'AV:N/PR:N/UI:P'],
    ['AV:P/PR:N/UI:N', 'AV:A/PR:L/UI:P'],
  ],
  eq2: [['AC:L/AT:N'], ['AC:H/AT:N', 'AC:L/AT:P']],
  eq3: [
    [['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H'], ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M']],
    [
      ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H'],
      [
        'VC:L/VI:H/VA:L/CR:H/IR:M/AR:H',
        'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M',
        'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M',
        'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H',
        'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M',
      ],
    ],
    [[], ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H']],
  ],
  eq4: [['SC:H/SI:S/SA:S'], ['SC:H/SI:H/SA:H'], ['SC:L/SI:L/SA:L']],
} as const;

/** The depth of each MacroVector in severity steps (the specification's "max severity" + 1). */
const DEPTH = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: [
    [7, 6],
    [8, 8],
    [Number.NaN, 10],
  ],
  eq4: [6, 5, 4],
};

type Metrics = Map<string, string>;

function parseVector(vector: string): Metrics | null {
  const parts = vector.trim().split('/');
  if (parts.shift() !== 'CVSS:4.0') return null;
  const metrics: Metrics = new Map();
  for (const part of parts) {
    const colon = part.indexOf(':');
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const allowed = Object.hasOwn(METRIC_VALUES, key) ? METRIC_VALUES[key] : undefined;
    if (colon <= 0 || !allowed?.includes(value) || metrics.has(key)) return null;
    metrics.set(key, value);
  }
  return BASE_METRICS.every((m) => metrics.has(m)) ? metrics : null;
}

/** A metric's value after environmental overrides and the worst-case defaults of section 8. */
function effective(metrics: Metrics, metric: string): string {
  const value = metrics.get(metric) ?? 'X';
  if (metric === 'E' && value === 'X') return 'A';
  if ((metric === 'CR' || metric === 'IR' || metric === 'AR') && value === 'X') return 'H';
  const modified = metrics.get(`M${metric}`);
  return modified !== undefined && modified !== 'X' ? modified : value;
}

type Lookup = (metric: string) => string;

/** EQ1: AV/PR/UI all None (0); some None but not physical (1); otherwise (2). */
function eq1(m: Lookup): number {
  const [av, pr, ui] = [m('AV'), m('PR'), m('UI')];
  if (av === 'N' && pr === 'N' && ui === 'N') return 0;
  return (av === 'N' || pr === 'N' || ui === 'N') && av !== 'P' ? 1 : 2;
}

/** EQ3: VC and VI high (0); any of VC/VI/VA high (1); none high (2). */
function eq3(m: Lookup): number {
  if (m('VC') === 'H' && m('VI') === 'H') return 0;
  return m('VC') === 'H' || m('VI') === 'H' || m('VA') === 'H' ? 1 : 2;
}

/** EQ4: a subsequent system's safety impact (0); any subsequent impact high (1); otherwise (2). */
function eq4(m: Lookup): number {
  if (m('MSI') === 'S' || m('MSA') === 'S') return 0;
  return m('SC') === 'H' || m('SI') === 'H' || m('SA') === 'H' ? 1 : 2;
}

/** EQ6: a high requirement meets a high impact on the vulnerable system (0), or not (1). */
function eq6(m: Lookup): number {
  const high = (requirement: string, impact: string) => m(requirement) === 'H' && m(impact) === 'H';
  return high('CR', 'VC') || high('IR', 'VI') || high('AR', 'VA') ? 0 : 1;
}

function macroVector(m: Lookup): number[] {
  const eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
  const eq5 = { A: 0, P: 1, U: 2 }[m('E')] ?? 0;
  return [eq1(m), eq2, eq3(m), eq4(m), eq5, eq6(m)];
}

function score(eqs: readonly number[]): number {
  return MACRO_SCORES.get(eqs.join('')) ?? Number.NaN;
}

function lowered(eqs: readonly number[], index: number): number[] {
  const copy = [...eqs];
  copy[index] = copy[index]! + 1;
  return copy;
}

/** Score of the next lower MacroVector along EQ3+EQ6, which move together. */
function lowerEq3Eq6(eqs: readonly number[]): number {
  const [eq3, eq6] = [eqs[2], eqs[5]];
  if (eq3 === 0 && eq6 === 0) return Math.max(score(lowered(eqs, 5)), score(lowered(eqs, 2)));
  if (eq3 === 1 && eq6 === 0) return score(lowered(eqs, 5));
  if (eq6 === 1 && eq3 !== 2) return score(lowered(eqs, 2));
  return Number.NaN;
}

const maxVectorCache = new Map<string, Metrics[]>();

/** The highest-severity vectors of the vector's MacroVector, as metric maps, in the specification's order. */
function maxVectors(eqs: readonly number[]): Metrics[] {
  const key = eqs.join('');
  let cached = maxVectorCache.get(key);
  if (!cached) {
    cached = composeMaxVectors(eqs);
    maxVectorCache.set(key, cached);
  }
  return cached;
}

function composeMaxVectors(eqs: readonly number[]): Metrics[] {
  const [eq1, eq2, eq3, eq4, , eq6] = eqs as [number, number, number, number, number, number];
  const result: Metrics[] = [];
  for (const a of MAX_VECTORS.eq1[eq1]!) {
    for (const b of MAX_VECTORS.eq2[eq2]!) {
      for (const c of MAX_VECTORS.eq3[eq3]![eq6]!) {
        for (const d of MAX_VECTORS.eq4[eq4]!) {
          result.push(
            new Map(
              [a, b, c, d]
                .join('/')
                .split('/')
                .map((p) => p.split(':') as [string, string]),
            ),
          );
        }
      }
    }
  }
  return result;
}

/** Per-metric severity distances from the first max vector that is at least as severe everywhere. */
function distances(m: (metric: string) => string, eqs: readonly number[]): Record<string, number> {
  let found: Record<string, number> = {};
  for (const max of maxVectors(eqs)) {
    found = {};
    for (const metric of Object.keys(LEVELS)) {
      const levels = LEVELS[metric]!;
      found[metric] = levels[m(metric)]! - levels[max.get(metric)!]!;
    }
    if (Object.values(found).every((d) => d >= 0)) break;
  }
  return found;
}

/**
 * Round half up to one decimal. The interpolation works in binary floating point, so an exact
 * tie such as 8.55 arrives as 8.549999999999999; the reference calculator lifts values by 1e-6
 * before rounding so that ties go up, and so does this.
 */
function roundToTenth(value: number): number {
  return Math.round((value + 1e-6) * 10) / 10;
}

function interpolate(metrics: Metrics): number {
  const m = (metric: string) => effective(metrics, metric);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((metric) => m(metric) === 'N')) return 0;
  const eqs = macroVector(m);
  const value = score(eqs);
  const d = distances(m, eqs);
  const [eq1, eq2, eq3, eq4, , eq6] = eqs as [number, number, number, number, number, number];
  const step = 0.1;
  // [distance within this EQ, depth of the MacroVector, score of the next lower MacroVector]
  const parts: [number, number, number][] = [
    [d.AV! + d.PR! + d.UI!, DEPTH.eq1[eq1]! * step, score(lowered(eqs, 0))],
    [d.AC! + d.AT!, DEPTH.eq2[eq2]! * step, score(lowered(eqs, 1))],
    [d.VC! + d.VI! + d.VA! + d.CR! + d.IR! + d.AR!, DEPTH.eq3eq6[eq3]![eq6]! * step, lowerEq3Eq6(eqs)],
    [d.SC! + d.SI! + d.SA!, DEPTH.eq4[eq4]! * step, score(lowered(eqs, 3))],
    // EQ5 (exploit maturity) has no distance inside a MacroVector; it still counts in the mean.
    [0, 1, score(lowered(eqs, 4))],
  ];
  let total = 0;
  let existing = 0;
  for (const [distance, depth, lower] of parts) {
    const available = value - lower;
    if (Number.isNaN(available)) continue;
    existing++;
    total += available * (distance / depth);
  }
  const mean = existing === 0 ? 0 : total / existing;
  return roundToTenth(Math.max(0, Math.min(10, value - mean)));
}

/**
 * The CVSS v4.0 score of a vector (`CVSS:4.0/AV:N/AC:L/...`), or null when the vector is not a
 * valid v4.0 vector (wrong prefix, a mandatory base metric missing, an unknown metric or value,
 * a metric given twice).
 *
 * @example
 * cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'); // 9.3
 */
export function cvss4Score(vector: string): number | null {
  const metrics = parseVector(vector);
  return metrics === null ? null : interpolate(metrics);
}
