import { cvss4Score } from './cvss4.js';
import type { CvssScore } from './model.js';

/**
 * CVSS scoring from vector strings: v3.0 and v3.1 base scores (FIRST, CVSS v3.1 Specification,
 * section 7) and v4.0 scores (see cvss4.ts), with the qualitative severity rating scale shared by
 * both versions.
 */

const V3_WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};
/** Privileges Required weighs more when the scope changes. */
const V3_PR = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } } as const;

/** Values of every v3 metric; temporal and environmental ones are accepted and do not change the base score. */
const V3_VALUES: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'N', 'L', 'H'],
  MI: ['X', 'N', 'L', 'H'],
  MA: ['X', 'N', 'L', 'H'],
};
const V3_BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];

/**
 * CVSS v3.1 Roundup (Appendix A): the smallest number with one decimal that is at least the
 * input, computed on integers so that 4.000000000000001 gives 4.0, not 4.1.
 */
export function roundUp31(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** CVSS v3.0 round up, as the 3.0 specification defines it (a plain ceiling at one decimal). */
export function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

function parseMetrics(parts: string[], allowed: Record<string, readonly string[]>): Map<string, string> | null {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const values = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (colon <= 0 || !values?.includes(value) || metrics.has(key)) return null;
    metrics.set(key, value);
  }
  return metrics;
}

/**
 * The base score of a CVSS v3.0 or v3.1 vector, or null when it is not a valid v3 vector.
 *
 * @example
 * cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'); // 9.8
 */
export function cvss3BaseScore(vector: string): number | null {
  const parts = vector.trim().split('/');
  const prefix = parts.shift();
  if (prefix !== 'CVSS:3.0' && prefix !== 'CVSS:3.1') return null;
  const metrics = parseMetrics(parts, V3_VALUES);
  if (metrics === null || !V3_BASE.every((m) => metrics.has(m))) return null;
  const w = (metric: string) => V3_WEIGHTS[metric]![metrics.get(metric)!]!;
  const changed = metrics.get('S') === 'C';
  const iss = 1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const pr = V3_PR[changed ? 'C' : 'U'][metrics.get('PR') as 'N' | 'L' | 'H'];
  const exploitability = 8.22 * w('AV') * w('AC') * pr * w('UI');
  if (impact <= 0) return 0;
  const roundUp = prefix === 'CVSS:3.1' ? roundUp31 : roundUp30;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

/** The qualitative rating of a score (the same scale in v3.x and v4.0). */
export function cvssSeverity(score: number): CvssScore['severity'] {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/**
 * Scores a CVSS vector of version 3.0, 3.1 or 4.0; null for other versions (v2) and invalid vectors.
 *
 * @example
 * parseCvss('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H');
 * // { version: '3.1', vector: 'CVSS:3.1/AV:N/...', score: 7.4, severity: 'high' }
 */
export function parseCvss(vector: string): CvssScore | null {
  const text = vector.trim();
  const version = text.startsWith('CVSS:3.0/')
    ? '3.0'
    : text.startsWith('CVSS:3.1/')
      ? '3.1'
      : text.startsWith('CVSS:4.0/')
        ? '4.0'
        : null;
  if (version === null) return null;
  const score = version === '4.0' ? cvss4Score(text) : cvss3BaseScore(text);
  return score === null ? null : { version, vector: text, score, severity: cvssSeverity(score) };
}
