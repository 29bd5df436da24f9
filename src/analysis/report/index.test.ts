import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { renderHtml } from './html.js';
import { isReportFormat, loadRenderer, REPORT_FORMATS, type ReportFormat, renderReport } from './index.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { buildScanReport } from './test-support/scan-report.js';
import { renderText } from './text.js';

describe('renderReport', () => {
  const report = buildScanReport();

  it('dispatches to the renderer of each format', () => {
    expect(renderReport(report, 'text', { color: false })).toBe(renderText(report, { color: false }));
    expect(renderReport(report, 'text', { color: true })).toBe(renderText(report, { color: true }));
    expect(renderReport(report, 'json')).toBe(renderJson(report));
    expect(renderReport(report, 'sarif')).toBe(renderSarif(report));
    expect(renderReport(report, 'html')).toBe(renderHtml(report));
  });

  it('passes text options through and defaults to no colour', () => {
    expect(renderReport(report, 'text')).toBe(renderText(report, { color: false }));
    expect(renderReport(report, 'text', { summaryOnly: true })).toBe(
      renderText(report, { color: false, summaryOnly: true }),
    );
    expect(renderReport(report, 'text', { codeFrames: false })).not.toContain(' | ');
  });

  it('passes the SARIF source root through', () => {
    expect(renderReport(report, 'sarif', { srcRoot: '/home/dev' })).toBe(renderSarif(report, { srcRoot: '/home/dev' }));
    expect(renderReport(report, 'sarif', { color: true })).toBe(renderSarif(report));
  });

  it('every format ends with a newline', () => {
    for (const format of REPORT_FORMATS) expect(renderReport(report, format).endsWith('\n')).toBe(true);
  });

  it('loads one format at a time with the same output and options', async () => {
    for (const format of REPORT_FORMATS) {
      const render = await loadRenderer(format);
      expect(render(report)).toBe(renderReport(report, format));
      expect(render(report, { color: true, srcRoot: '/home/dev' })).toBe(
        renderReport(report, format, { color: true, srcRoot: '/home/dev' }),
      );
    }
    expect((await loadRenderer('text'))(report, { summaryOnly: true })).toBe(
      renderText(report, { color: false, summaryOnly: true }),
    );
    await expect(loadRenderer('xml' as ReportFormat)).rejects.toThrow(AppError);
  });

  it('knows its formats and rejects others', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'html']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
    expect(() => renderReport(report, 'xml' as ReportFormat)).toThrow(AppError);
    expect(() => renderReport(report, 'toString' as ReportFormat)).toThrow(AppError);
  });
});
