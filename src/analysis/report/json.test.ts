import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../types.js';
import { JSON_REPORT_VERSION, type JsonReport, renderJson, toJsonReport } from './json.js';
import { buildEmptyScanReport, buildScanReport } from './test-support/scan-report.js';

describe('renderJson', () => {
  const report = buildScanReport();
  const text = renderJson(report);
  const parsed = JSON.parse(text) as JsonReport;

  it('has the documented top-level shape, in a fixed order', () => {
    expect(Object.keys(parsed)).toEqual([
      'version',
      'tool',
      'root',
      'startedAt',
      'threatModel',
      'summary',
      'findings',
      'diagnostics',
      'hotspots',
      'files',
      'skippedFiles',
      'rules',
    ]);
    expect(parsed.version).toBe(JSON_REPORT_VERSION);
    expect(parsed.tool).toEqual({ name: 'ectus', version: '0.1.0' });
    expect(parsed.root).toBe('/home/dev/shop-api');
    expect(parsed.threatModel).toBe('remote');
    expect(parsed.files).toEqual(report.fileSummaries);
    expect(parsed.rules).toEqual(report.rules);
    expect(parsed.hotspots).toEqual(report.hotspots);
    expect(parsed.diagnostics).toEqual(report.diagnostics);
    expect(parsed.summary).toEqual(report.summary);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "ectus"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps findings complete, with relative paths and fixes only where present', () => {
    expect(parsed.findings).toEqual(report.findings);
    for (const finding of parsed.findings) expect(finding.file.startsWith('/')).toBe(false);
    expect(parsed.findings.filter((f) => 'fix' in f).map((f) => f.ruleId)).toEqual(['eqeqeq']);
    const withFlow = parsed.findings.filter((f) => 'flow' in f);
    expect(withFlow.map((f) => f.ruleId)).toEqual(['sql-injection']);
    expect(withFlow[0]!.flow![0]).toEqual({
      file: 'src/routes/users.ts',
      line: 7,
      column: 65,
      endLine: 7,
      endColumn: 78,
      message: 'request input `req.params.id`',
    });
    expect(Object.keys(parsed.findings[0]!)).toEqual([
      'ruleId',
      'messageId',
      'severity',
      'category',
      'cwe',
      'message',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'snippet',
      'fingerprint',
    ]);
  });

  it('writes only documented fields, whatever else the report object carries', () => {
    const extended = buildScanReport() as ScanReport & { secretState?: string };
    extended.secretState = 'internal';
    (extended.findings[0] as unknown as Record<string, unknown>).absolutePath =
      '/home/dev/shop-api/src/config/payments.ts';
    const out = renderJson(extended);
    expect(out).not.toContain('secretState');
    expect(out).not.toContain('absolutePath');
    expect(out).not.toContain('/home/dev/shop-api/src');
  });

  it('renders an empty scan with every section present', () => {
    const empty = toJsonReport(buildEmptyScanReport());
    expect(empty.findings).toEqual([]);
    expect(empty.diagnostics).toEqual([]);
    expect(empty.hotspots).toEqual([]);
    expect(empty.summary.bySeverity).toEqual({ info: 0, low: 0, medium: 0, high: 0, critical: 0 });
  });

  it('is deterministic', () => {
    expect(renderJson(buildScanReport())).toBe(text);
  });
});
