import { AppError } from '../../errors.js';
import type { ScanReport } from '../types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText, type TextOptions } from './text.js';

export type { JsonFinding, JsonReport } from './json.js';
export { JSON_REPORT_VERSION, renderJson, toJsonReport } from './json.js';
export type { SarifLog, SarifOptions } from './sarif.js';
export { renderSarif, toSarif } from './sarif.js';
export type { TextOptions } from './text.js';
export { renderHtml, renderText };

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of the text and SARIF formats; each format ignores the others' options. */
export type RenderOptions = Partial<TextOptions> & SarifOptions;

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders a scan in one of the output formats. Every format returns the whole document as a
 * string ending in a newline; text is coloured only when `options.color` is true.
 *
 * @example
 * process.stdout.write(renderReport(report, 'text', { color: process.stdout.isTTY }));
 * await writeFile('ectus.sarif', renderReport(report, 'sarif'));
 */
export function renderReport(report: ScanReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, {
        color: options.color ?? false,
        ...(options.codeFrames === undefined ? {} : { codeFrames: options.codeFrames }),
        ...(options.summaryOnly === undefined ? {} : { summaryOnly: options.summaryOnly }),
      });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options.srcRoot ? { srcRoot: options.srcRoot } : {});
    case 'html':
      return renderHtml(report);
    default: {
      const unknown: never = format;
      // Reachable only from untyped callers; the CLI restricts --format to REPORT_FORMATS.
      throw new AppError(
        'ECTUS_USAGE',
        `Unknown report format "${String(unknown)}"; use one of ${REPORT_FORMATS.join(', ')}.`,
      );
    }
  }
}
