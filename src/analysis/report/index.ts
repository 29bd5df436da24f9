import type { ScanReport } from '../types.js';
import { adaptRenderer, type Renderer, type RenderOptions, type ReportFormat, unknownFormat } from './formats.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { Renderer, RenderOptions, ReportFormat } from './formats.js';
export { isReportFormat, loadRenderer, REPORT_FORMATS } from './formats.js';
export type { JsonFinding, JsonReport } from './json.js';
export { JSON_REPORT_VERSION, renderJson, toJsonReport } from './json.js';
export type { SarifLog, SarifOptions } from './sarif.js';
export { renderSarif, toSarif } from './sarif.js';
export type { TextOptions } from './text.js';
export { renderHtml, renderText };

const RENDERERS: Readonly<Record<ReportFormat, Renderer>> = {
  text: adaptRenderer.text(renderText),
  json: adaptRenderer.json(renderJson),
  sarif: adaptRenderer.sarif(renderSarif),
  html: adaptRenderer.html(renderHtml),
};

/**
 * Renders a scan in one of the output formats. Every format returns the whole document as a
 * string ending in a newline; text is coloured only when `options.color` is true. (`loadRenderer`
 * gives one format's renderer without loading the others.)
 *
 * @example
 * process.stdout.write(renderReport(report, 'text', { color: process.stdout.isTTY }));
 * await writeFile('ectus.sarif', renderReport(report, 'sarif'));
 */
export function renderReport(report: ScanReport, format: ReportFormat, options: RenderOptions = {}): string {
  if (!Object.hasOwn(RENDERERS, format)) throw unknownFormat(format);
  return RENDERERS[format](report, options);
}
