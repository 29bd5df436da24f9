import type { Comment } from 'oxc-parser';
import type { SourceCode } from './source-code.js';

/**
 * Inline suppressions. A reason after `--` is required; without one the directive does not apply
 * and the `suppression-requires-reason` rule reports it.
 *
 *   // ectus-ignore-next-line no-empty-catch -- the stream is closed on purpose
 *   foo(); // ectus-ignore-line no-floating-promise -- fire and forget, errors logged inside
 *   /* ectus-ignore-file placeholder-implementation -- generated interface, filled at build *\/
 *
 * A rule list of `all` suppresses every rule.
 */
export type SuppressionKind = 'next-line' | 'line' | 'file';

export interface Suppression {
  kind: SuppressionKind;
  rules: string[];
  reason: string;
  /** The 1-based line the directive applies to (0 for whole-file directives). */
  targetLine: number;
  comment: Comment;
}

const DIRECTIVE = /^\s*ectus-ignore-(next-line|line|file)\b(.*)$/s;

export function parseSuppressions(source: SourceCode): Suppression[] {
  const result: Suppression[] = [];
  for (const comment of source.comments) {
    const match = DIRECTIVE.exec(comment.value.replace(/^\*+/, ''));
    if (!match) continue;
    const kind = match[1] as SuppressionKind;
    const rest = (match[2] ?? '').replace(/\*\/?\s*$/, '');
    const separator = rest.indexOf('--');
    const ruleText = separator === -1 ? rest : rest.slice(0, separator);
    const reason = separator === -1 ? '' : rest.slice(separator + 2).trim();
    const rules = ruleText
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const commentLine = source.position(comment.start).line;
    const endLine = source.position(comment.end).line;
    const targetLine = kind === 'file' ? 0 : kind === 'line' ? commentLine : endLine + 1;
    result.push({ kind, rules, reason, targetLine, comment });
  }
  return result;
}

export function isValidSuppression(s: Suppression): boolean {
  return s.reason.length > 0 && s.rules.length > 0;
}

/** True when a valid suppression covers `ruleId` at `line`. */
export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, line: number): boolean {
  for (const s of suppressions) {
    if (!isValidSuppression(s)) continue;
    if (s.kind !== 'file' && s.targetLine !== line) continue;
    if (s.rules.includes(ruleId) || s.rules.includes('all')) return true;
  }
  return false;
}
