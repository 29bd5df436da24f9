import { AppError } from '../../errors.js';
import type { ScanReport } from '../types.js';
import type { renderHtml } from './html.js';
import { renderJson } from './json.js';
import type { renderSarif, SarifOptions } from './sarif.js';
import { renderText, type TextOptions } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of the text and SARIF formats; each format ignores the others' options. */
export type RenderOptions = Partial<TextOptions> & SarifOptions;

/** Renders a whole report in one format: the document as a string ending in a newline. */
export type Renderer = (report: ScanReport, options?: RenderOptions) => string;

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Each format's renderer with the options it takes picked from `RenderOptions`. */
export const adaptRenderer = {
  text:
    (render: typeof renderText): Renderer =>
    (report, options = {}) =>
      render(report, {
        color: options.color ?? false,
        ...(options.codeFrames === undefined ? {} : { codeFrames: options.codeFrames }),
        ...(options.summaryOnly === undefined ? {} : { summaryOnly: options.summaryOnly }),
      }),
  json:
    (render: typeof renderJson): Renderer =>
    (report) =>
      render(report),
  sarif:
    (render: typeof renderSarif): Renderer =>
    (report, options = {}) =>
      render(report, options.srcRoot ? { srcRoot: options.srcRoot } : {}),
  html:
    (render: typeof renderHtml): Renderer =>
    (report) =>
      render(report),
};

export function unknownFormat(format: unknown): AppError {
  // Reachable only from untyped callers; the CLI restricts --format to REPORT_FORMATS.
  return new AppError(
    'ECTUS_USAGE',
    `Unknown report format "${String(format)}"; use one of ${REPORT_FORMATS.join(', ')}.`,
  );
}

/**
 * The renderer of one format. Text (which also gives the one-line summary of every scan) and JSON
 * are small and loaded with this module; SARIF and HTML are loaded only when asked for, so that a
 * command writing one report does not load (and compile) the others.
 *
 * @example
 * const render = await loadRenderer('json');
 * await writeFile('report.json', render(report));
 */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  switch (format) {
    case 'text':
      return adaptRenderer.text(renderText);
    case 'json':
      return adaptRenderer.json(renderJson);
    case 'sarif':
      return adaptRenderer.sarif((await import('./sarif.js')).renderSarif);
    case 'html':
      return adaptRenderer.html((await import('./html.js')).renderHtml);
    default:
      throw unknownFormat(format satisfies never);
  }
}
