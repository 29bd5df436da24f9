import { describe, expect, it } from 'vitest';
import { buildEmptyScanReport, buildScanReport } from './test-support/scan-report.js';
import {
  countOf,
  exceedsComplexityThreshold,
  exclusionsOf,
  formatDuration,
  formatInteger,
  severityBreakdown,
  summarySentence,
} from './wording.js';

describe('wording', () => {
  it('formats integers with thousands separators whatever the machine locale', () => {
    expect(formatInteger(5210)).toBe('5,210');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(0)).toBe('0');
  });

  it('groups integers exactly as Intl does for en-US, by hand or through Intl', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 123_456, 1_000_000, 1_234_567_890];
    for (const value of [...values, ...values.map((v) => -v), Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, 2.5, -2.5]) {
      expect(formatInteger(value)).toBe(intl.format(value));
    }
    expect(formatInteger(Number.NaN)).toBe(intl.format(Number.NaN));
  });

  it('counts with the right plural', () => {
    expect(countOf(1, 'file')).toBe('1 file');
    expect(countOf(2, 'file')).toBe('2 files');
    expect(countOf(0, 'finding')).toBe('0 findings');
  });

  it('formats durations for people', () => {
    expect(formatDuration(420)).toBe('0.42s');
    expect(formatDuration(0)).toBe('0.00s');
    expect(formatDuration(Number.NaN)).toBe('0.00s');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('lists severities worst first, leaving out zeros', () => {
    expect(severityBreakdown({ info: 3, low: 0, medium: 1, high: 0, critical: 2 })).toBe(
      '2 critical, 1 medium, 3 info',
    );
  });

  it('words the summary of a scan with and without findings', () => {
    expect(summarySentence(buildScanReport().summary)).toBe(
      '6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info) in 48 files, 5,210 lines, 0.42s; 3 suppressed, 5 baselined, 2 files skipped',
    );
    const clean = buildEmptyScanReport().summary;
    expect(summarySentence({ ...clean, filesSkipped: 0 })).toBe('No findings in 48 files, 5,210 lines, 0.42s');
    expect(exclusionsOf({ ...clean, filesSkipped: 1, suppressed: 1 })).toBe('1 suppressed, 1 file skipped');
  });

  it('flags a function over either complexity threshold', () => {
    const base = { name: 'f', file: 'a.ts', line: 1, column: 1, lines: 10 };
    expect(exceedsComplexityThreshold({ ...base, cyclomatic: 21, cognitive: 0 })).toBe(true);
    expect(exceedsComplexityThreshold({ ...base, cyclomatic: 1, cognitive: 16 })).toBe(true);
    expect(exceedsComplexityThreshold({ ...base, cyclomatic: 20, cognitive: 15 })).toBe(false);
  });
});
