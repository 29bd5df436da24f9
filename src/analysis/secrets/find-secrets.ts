import type { Severity } from '../types.js';
import { severityRank } from '../types.js';
import { isPlaceholder } from './allow-list.js';
import { looksRandom } from './entropy.js';
import { findNamedSecrets } from './generic.js';
import type { Assessment, Confidence, SecretFormat } from './providers.js';
import { SECRET_FORMATS } from './providers.js';

export type { Confidence } from './providers.js';

/** One secret found in a text. Offsets are UTF-16 code units into the scanned text, end exclusive. */
export interface SecretMatch {
  /** Start of the secret value (after a label such as `AccountKey=`). */
  start: number;
  end: number;
  /** The format that matched: `github-token`, `aws-access-key`, `generic-secret`... */
  formatId: string;
  /** `GitHub`, `AWS`...; empty for provider-neutral formats (private keys, JWTs, connection URLs). */
  provider: string;
  kind: string;
  /** Provider and kind for messages: `GitHub personal access token`. */
  label: string;
  confidence: Confidence;
  /** `critical` when verified, `high` for a format match, `medium` for entropy alone; lower for test keys. */
  severity: Severity;
  /** For the secret half of a pair: where the other half (an AWS access key id) is, and what it is. */
  pairedWith?: { start: number; end: number; kind: string };
  /** A generic credential (connection URL, named high-entropy value) rather than a provider key. */
  generic: boolean;
}

export interface FindSecretsOptions {
  /** Also look for high-entropy values assigned to secret-like names (`API_SECRET=...`). Default true. */
  generic?: boolean;
}

const SEVERITY_BY_CONFIDENCE: Readonly<Record<Confidence, Severity>> = {
  verified: 'critical',
  format: 'high',
  entropy: 'medium',
};

/** No format is shorter (an AWS access key id has 20 characters). */
export const MIN_SECRET_LENGTH = 20;

/** A character that would continue a token: a match right after one is the middle of something longer. */
const TOKEN_CHAR = /[A-Za-z0-9_+/-]/;

const PREFIXED = SECRET_FORMATS.filter((f) => f.prefixes !== undefined);
const MARKED = SECRET_FORMATS.filter((f) => f.marker !== undefined);
const BY_PREFIX = new Map<string, SecretFormat[]>();
for (const format of PREFIXED) {
  for (const prefix of format.prefixes ?? []) BY_PREFIX.set(prefix, [...(BY_PREFIX.get(prefix) ?? []), format]);
}
/** Every prefix in one alternation, longest first so `sk-ant-` wins over `sk-`: one pass finds all candidates. */
const PREFIX_SCAN = new RegExp(
  [...BY_PREFIX.keys()]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);

/** True when a token may start at `index`: not glued to a preceding token character (an escape like `\n` does not count). */
function startsToken(text: string, index: number, format?: SecretFormat): boolean {
  if (index === 0) return true;
  if (format?.after && text.endsWith(format.after, index)) return true;
  const before = text[index - 1] ?? '';
  if (!TOKEN_CHAR.test(before)) return true;
  return text[index - 2] === '\\' && /[nrtbfv0]/.test(before);
}

function prefixOf(format: SecretFormat, token: string): string {
  return format.prefixes?.find((p) => token.startsWith(p)) ?? '';
}

/** Default grading: the random part must look random and not be a placeholder. */
function defaultAssessment(format: SecretFormat, token: string): Assessment | null {
  const random = format.randomPart
    ? format.randomPart(token)
    : token.slice(format.labelLength ?? prefixOf(format, token).length);
  // Hex is random over 16 symbols, whatever else the format allows (Slack user tokens end in hex).
  const symbols = /^[0-9a-f]+$/i.test(random) ? 16 : (format.symbols ?? 62);
  if (isPlaceholder(random) || !looksRandom(random, symbols)) return null;
  return { confidence: 'format' };
}

function toMatch(format: SecretFormat, start: number, end: number, assessment: Assessment): SecretMatch {
  const kind = assessment.kind ?? format.kind;
  const provider = assessment.provider ?? format.provider;
  return {
    start: start + (format.labelLength ?? 0),
    end,
    formatId: format.id,
    provider,
    kind,
    label: provider ? `${provider} ${kind}` : kind,
    confidence: assessment.confidence,
    severity: assessment.severity ?? SEVERITY_BY_CONFIDENCE[assessment.confidence],
    generic: format.generic === true,
  };
}

/** Grades one pattern match; an id that needs a partner is reported as the pair, or alone at `medium`. */
function evaluate(format: SecretFormat, text: string, found: RegExpExecArray): SecretMatch | null {
  const token = found[0];
  if (format.extend) {
    const extended = format.extend(text, found);
    return extended ? toMatch(format, found.index, extended.end, extended.assessment) : null;
  }
  if (format.prefixes && isPlaceholder(token.slice(prefixOf(format, token).length))) return null;
  const assessment = format.assess ? format.assess(token) : defaultAssessment(format, token);
  if (!assessment) return null;
  const match = toMatch(format, found.index, found.index + token.length, assessment);
  if (!format.partner) return match;
  return completePair(text, match) ?? { ...match, severity: 'medium' };
}

function scanPrefixes(text: string, out: SecretMatch[]): void {
  PREFIX_SCAN.lastIndex = 0;
  for (let hit = PREFIX_SCAN.exec(text); hit !== null; hit = PREFIX_SCAN.exec(text)) {
    const at = hit.index;
    if (!startsToken(text, at)) continue;
    for (const format of BY_PREFIX.get(hit[0]) ?? []) {
      format.pattern.lastIndex = at;
      const found = format.pattern.exec(text);
      const match = found ? evaluate(format, text, found) : null;
      if (match) {
        out.push(match);
        PREFIX_SCAN.lastIndex = Math.max(PREFIX_SCAN.lastIndex, match.end);
        break;
      }
    }
  }
}

function scanMarkers(text: string, out: SecretMatch[]): void {
  for (const format of MARKED) {
    if (text.length < (format.minLength ?? MIN_SECRET_LENGTH) || !text.includes(format.marker ?? '')) continue;
    format.pattern.lastIndex = 0;
    for (let found = format.pattern.exec(text); found !== null; found = format.pattern.exec(text)) {
      if (!startsToken(text, found.index, format)) continue;
      const match = evaluate(format, text, found);
      if (match) out.push(match);
    }
  }
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Keeps the strongest of overlapping matches (a provider key inside a generic assignment, a JWT inside a URL). */
function strongestFirst(matches: SecretMatch[]): SecretMatch[] {
  const ranked = [...matches].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || Number(a.generic) - Number(b.generic),
  );
  const kept: SecretMatch[] = [];
  for (const match of ranked) if (!kept.some((k) => overlaps(k, match))) kept.push(match);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Finds secrets in any text: source code, comments, `.env`, JSON or YAML. Provider formats are
 * found through one scan for all their prefixes (plus a few marker formats), checked on their
 * structure (length, alphabet, checksum, decodable payload) and on an allow-list of placeholders
 * and vendor examples. With `generic` (the default) high-entropy values assigned to secret-like
 * names are reported too, at `entropy` confidence.
 *
 * @example
 * for (const m of findSecrets(envFileText)) console.log(m.label, m.severity, m.start, m.end);
 */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  if (text.length < MIN_SECRET_LENGTH) return [];
  const matches: SecretMatch[] = [];
  scanPrefixes(text, matches);
  scanMarkers(text, matches);
  if (options.generic !== false) matches.push(...findNamedSecrets(text));
  return matches.length > 1 ? strongestFirst(matches) : matches;
}

function partnerCandidates(text: string, id: SecretMatch, format: SecretFormat): SecretMatch[] {
  const partner = format.partner;
  if (!partner) return [];
  const from = Math.max(0, id.start - partner.window);
  const window = text.slice(from, Math.min(text.length, id.end + partner.window));
  const found: SecretMatch[] = [];
  partner.pattern.lastIndex = 0;
  for (let hit = partner.pattern.exec(window); hit !== null; hit = partner.pattern.exec(window)) {
    const start = from + hit.index;
    const end = start + hit[0].length;
    const value = hit[0];
    if (overlaps({ start, end }, id)) continue;
    if (partner.alphabet.test(text[start - 1] ?? '') || partner.alphabet.test(text[end] ?? '')) continue;
    if (isPlaceholder(value) || !looksRandom(value, partner.symbols) || !/[a-z]/.test(value)) continue;
    if (partner.symbols > 16 && !/[A-Z]/.test(value)) continue;
    found.push({
      ...id,
      start,
      end,
      kind: partner.kind,
      label: `${format.provider} ${partner.kind}`,
      severity: 'critical',
      pairedWith: { start: id.start, end: id.end, kind: id.kind },
    });
  }
  return found;
}

/**
 * For an id that is half of a credential (an AWS access key id, a Twilio SID): the secret half
 * found within the format's window of `text`, nearest first, as a critical match that points at
 * the secret and remembers the id. Null when no such value is near.
 */
export function completePair(text: string, id: SecretMatch): SecretMatch | null {
  const format = SECRET_FORMATS.find((f) => f.id === id.formatId);
  if (!format?.partner || id.pairedWith) return null;
  const candidates = partnerCandidates(text, id, format);
  const distance = (m: SecretMatch) => Math.min(Math.abs(m.start - id.end), Math.abs(id.start - m.end));
  return candidates.sort((a, b) => distance(a) - distance(b))[0] ?? null;
}

/** A secret a scan should report: a service credential at `high` or above (not a test key, not an id alone). */
export function isReportable(match: SecretMatch): boolean {
  return severityRank(match.severity) >= severityRank('high');
}

/** How many leading characters of a secret reports may show: enough to tell `ghp_` from `sk_l`. */
export const SHOWN_PREFIX = 4;

/** The part of a secret a report must hide: all of it but the first `SHOWN_PREFIX` characters. */
export function hiddenPart(span: { start: number; end: number }): { start: number; end: number } {
  return { start: Math.min(span.end, span.start + SHOWN_PREFIX), end: span.end };
}

/** Widest partner window (AWS) plus the longest partner value: how far a pair can reach. */
const PAIR_REACH = Math.max(...SECRET_FORMATS.map((f) => f.partner?.window ?? 0)) + 64;

/**
 * True when the literal at `span` of a file's `text` holds a provider key (of any grade: test
 * keys and lone ids included) or is the secret half of a key pair whose id is near. The name-based
 * `hardcoded-credentials` rule leaves such literals to `exposed-secret`, so one secret gives one
 * finding, with the provider named.
 */
export function holdsProviderSecret(text: string, span: { start: number; end: number }): boolean {
  const slice = text.slice(span.start, span.end);
  if (slice.length < MIN_SECRET_LENGTH) return false;
  if (findSecrets(slice, { generic: false }).some((m) => !m.generic)) return true;
  const from = Math.max(0, span.start - PAIR_REACH);
  return findSecrets(text.slice(from, span.end + PAIR_REACH), { generic: false }).some(
    (m) => m.pairedWith !== undefined && m.start + from >= span.start && m.end + from <= span.end,
  );
}
