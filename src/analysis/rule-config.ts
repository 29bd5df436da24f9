import type { ConfiguredRule } from './analyze.js';
import { RULES } from './rules/index.js';
import type { Severity } from './types.js';

/** A configured rule in a form that crosses thread boundaries (rules hold functions). */
export interface SerializedRuleConfig {
  id: string;
  severity: Severity;
  options: Record<string, unknown>;
}

export function serializeRules(rules: readonly ConfiguredRule[]): SerializedRuleConfig[] {
  return rules.map(({ rule, severity, options }) => ({ id: rule.id, severity, options }));
}

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function reviveRules(serialized: readonly SerializedRuleConfig[]): ConfiguredRule[] {
  return serialized.flatMap(({ id, severity, options }) => {
    const rule = BY_ID.get(id);
    return rule ? [{ rule, severity, options }] : [];
  });
}
