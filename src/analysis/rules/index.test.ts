import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../types.js';
import { RULES } from './index.js';

const rulesDir = fileURLToPath(new URL('.', import.meta.url));
const docsDir = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));
const ruleFiles = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const docs = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(docsDir + f, 'utf8'))
  .join('\n');
const documented = new Set([...docs.matchAll(/^## ([a-z0-9-]+)\s*$/gm)].map((m) => m[1]));

describe('rule registry', () => {
  it('registers every rule file exactly once, sorted by id', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual(ruleFiles);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s is tested, documented and well described', (id, rule) => {
    expect(existsSync(`${rulesDir}${id}.test.ts`)).toBe(true);
    expect(documented.has(id)).toBe(true);
    expect(CATEGORIES).toContain(rule.meta.category);
    expect(SEVERITIES).toContain(rule.meta.severity);
    expect(rule.meta.description.length).toBeGreaterThan(20);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const cwe of rule.meta.cwe ?? []) expect(Number.isInteger(cwe) && cwe > 0).toBe(true);
  });

  it('ships at least 45 bug rules and the reality-check rules', () => {
    const bugCategories = new Set(['correctness', 'async', 'error-handling', 'resources', 'logic']);
    const bugRules = RULES.filter((r) => bugCategories.has(r.meta.category) && r.id !== 'suppression-requires-reason');
    expect(bugRules.length).toBeGreaterThanOrEqual(45);
    expect(RULES.filter((r) => r.meta.category === 'reality').length).toBeGreaterThanOrEqual(8);
  });
});
