import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { applyFixes } from '../fix.js';
import { memoryProjectFiles } from '../project/project-files.js';
import type { Rule } from '../rule.js';
import type { FileResult, ThreatModel } from '../types.js';

export interface ValidCase {
  code: string;
  /** Defaults to `src/example.ts`; use `.js`, `.tsx`... to pick the grammar, or a test path. */
  filename?: string;
  options?: Record<string, unknown>;
  threatModel?: ThreatModel;
  name?: string;
  /**
   * Other files of the project (paths relative to the root, like `filename`): the case's file is
   * then analysed as part of a project with them, so analyses can follow its imports.
   */
  project?: { path: string; content: string }[];
}

export interface ExpectedError {
  messageId: string;
  line?: number;
  column?: number;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after `--fix`; omit when the rule offers no fix for this case. */
  output?: string;
}

export interface RuleTests {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

/** Runs one rule alone over a snippet, as the engine would. */
export function runRule(rule: Rule, testCase: ValidCase): FileResult {
  const filename = testCase.filename ?? 'src/example.ts';
  return analyzeSource(filename, testCase.code, {
    rules: [{ rule, severity: rule.meta.severity, options: { ...rule.meta.defaultOptions, ...testCase.options } }],
    threatModel: testCase.threatModel ?? 'remote',
    includeGenerated: true,
    ...(testCase.project
      ? { project: memoryProjectFiles([{ path: filename, content: testCase.code }, ...testCase.project]) }
      : {}),
  });
}

function label(testCase: ValidCase, index: number): string {
  return testCase.name ?? `#${index} ${testCase.code.trim().split('\n')[0]?.slice(0, 60) ?? ''}`;
}

/**
 * The project's RuleTester: every valid case must produce no finding and no diagnostic; every
 * invalid case exactly the listed findings (message id, line, column) and, when given, the fixed text.
 *
 * @example
 * testRule(noSelfCompare, {
 *   valid: ['if (a === b) {}'],
 *   invalid: [{ code: 'if (a === a) {}', errors: [{ messageId: 'selfCompare', line: 1 }] }],
 * });
 */
export function testRule(rule: Rule, tests: RuleTests): void {
  describe(rule.id, () => {
    it('has valid and invalid cases', () => {
      expect(tests.valid.length).toBeGreaterThan(0);
      expect(tests.invalid.length).toBeGreaterThan(0);
    });
    tests.valid.forEach((raw, index) => {
      const testCase = typeof raw === 'string' ? { code: raw } : raw;
      it(`valid ${label(testCase, index)}`, () => {
        const result = runRule(rule, testCase);
        expect(result.diagnostics).toEqual([]);
        expect(result.findings.map((f) => `${f.line}:${f.column} ${f.messageId}: ${f.message}`)).toEqual([]);
      });
    });
    tests.invalid.forEach((testCase, index) => {
      it(`invalid ${label(testCase, index)}`, () => {
        const result = runRule(rule, testCase);
        expect(result.diagnostics).toEqual([]);
        const actual = result.findings.map((f) => ({
          messageId: f.messageId,
          ...(testCase.errors[0]?.line === undefined ? {} : { line: f.line }),
        }));
        const expected = testCase.errors.map((e) => ({
          messageId: e.messageId,
          ...(testCase.errors[0]?.line === undefined ? {} : { line: e.line }),
        }));
        expect(actual).toEqual(expected);
        testCase.errors.forEach((error, i) => {
          if (error.column !== undefined) expect(result.findings[i]?.column).toBe(error.column);
        });
        for (const finding of result.findings) {
          expect(finding.message).not.toMatch(/\{\{/);
          expect(finding.severity).toBe(rule.meta.severity);
        }
        if (testCase.output !== undefined) {
          const fixed = applyFixes(
            testCase.code,
            result.findings.map((f) => f.fix ?? []),
          );
          expect(fixed.text).toBe(testCase.output);
        }
      });
    });
  });
}
