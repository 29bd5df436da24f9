import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  DependencyReport,
  FileDiagnosticEntry,
  Finding,
  Location,
  RuleDescriptor,
  ScanReport,
  Severity,
} from '../types.js';

/**
 * SARIF 2.1.0 output, shaped for GitHub code scanning: one run, rules limited to those with
 * results, `security-severity` and `precision` in rule properties, stable partial fingerprints.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** Finding paths are relative to this base; `originalUriBaseIds` says where it is. */
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'ectusFingerprint/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVELS: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub maps these scores to its critical (>= 9.0), high (>= 7.0), medium (>= 4.0) and low bands. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/**
 * Rules carry no measured precision yet; Ectus rules are written to stay quiet on correct code,
 * so every rule claims `high`. GitHub uses it to sort alerts.
 */
const DEFAULT_PRECISION = 'high';

/** Categories whose findings are security alerts on GitHub (it needs the `security` tag for that). */
const SECURITY_CATEGORIES = new Set(['security', 'secrets', 'dependencies']);

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: { text: string };
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    'security-severity': string;
    precision: string;
    category: string;
    severity: Severity;
    cwe: number[];
    fixable: boolean;
  };
}

export interface SarifFix {
  description: SarifMessage;
  artifactChanges: {
    artifactLocation: SarifArtifactLocation;
    replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent?: { text: string } }[];
  }[];
}

/** A data-flow path: one thread whose locations go from source to sink. */
export interface SarifCodeFlow {
  threadFlows: { locations: { location: { physicalLocation: SarifPhysicalLocation; message: SarifMessage } }[] }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: { physicalLocation: SarifPhysicalLocation }[];
  partialFingerprints: Record<string, string>;
  codeFlows?: SarifCodeFlow[];
  fixes?: SarifFix[];
  /** Ectus's severity, category and CWE, plus the finding's own facts (advisory ids, CVSS, fix). */
  properties: { severity: Severity; category: string; cwe: number[] } & Record<string, unknown>;
}

export interface SarifNotification {
  level: 'error' | 'warning';
  message: SarifMessage;
  descriptor: { id: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: [
    {
      tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifReportingDescriptor[] } };
      originalUriBaseIds: Record<string, { uri: string; description?: SarifMessage }>;
      invocations: {
        executionSuccessful: boolean;
        startTimeUtc?: string;
        endTimeUtc?: string;
        toolExecutionNotifications: SarifNotification[];
      }[];
      results: SarifResult[];
      columnKind: 'utf16CodeUnits';
      properties: {
        threatModel: string;
        /** When lockfiles were scanned: what was read and the advisory database's import date and age. */
        dependencies?: Omit<DependencyReport, 'database'>;
        advisoryDatabase?: DependencyReport['database'];
      };
    },
  ];
}

export interface SarifOptions {
  /**
   * Absolute folder that result paths are made relative to, such as the repository checkout, when
   * the scan root is a subfolder of it: GitHub resolves paths from the repository root. Ignored
   * when the scan root is not inside it. Default: the scan root.
   */
  srcRoot?: string;
}

/** Builds the SARIF log object for a scan. */
export function toSarif(report: ScanReport, options: SarifOptions = {}): SarifLog {
  const base = baseOf(report.root, options.srcRoot);
  const known = new Map(report.rules.map((rule) => [rule.id, rule]));
  // Only rules with results, sorted, so the file is stable and small; a finding whose rule is
  // missing from the report still gets a descriptor built from the finding itself.
  const used = new Map<string, RuleDescriptor>();
  for (const finding of report.findings) {
    if (used.has(finding.ruleId)) continue;
    used.set(finding.ruleId, known.get(finding.ruleId) ?? descriptorFromFinding(finding));
  }
  const rules = [...used.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(reportingDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(base.root) } },
        invocations: [
          {
            executionSuccessful: true,
            ...invocationTimes(report),
            toolExecutionNotifications: report.diagnostics.map((d) => notificationOf(d, base.prefix)),
          },
        ],
        results: report.findings.map((finding) => resultOf(finding, ruleIndex.get(finding.ruleId) ?? 0, base.prefix)),
        columnKind: 'utf16CodeUnits',
        properties: runProperties(report),
      },
    ],
  };
}

function runProperties(report: ScanReport): SarifLog['runs'][0]['properties'] {
  const dependencies = report.dependencies;
  if (!dependencies) return { threatModel: report.threatModel };
  const { database, ...rest } = dependencies;
  return {
    threatModel: report.threatModel,
    dependencies: structuredClone(rest),
    advisoryDatabase: structuredClone(database),
  };
}

/** The SARIF log as pretty-printed JSON with a final newline. */
export function renderSarif(report: ScanReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

/** The folder %SRCROOT% names, and the path from it to the scan root ('' when they are the same). */
function baseOf(root: string, srcRoot: string | undefined): { root: string; prefix: string } {
  if (!srcRoot) return { root, prefix: '' };
  const relative = path.relative(srcRoot, root);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { root, prefix: '' };
  return { root: srcRoot, prefix: relative.split(path.sep).join('/') };
}

function descriptorFromFinding(finding: Finding): RuleDescriptor {
  return {
    id: finding.ruleId,
    description: finding.ruleId,
    category: finding.category,
    severity: finding.severity,
    cwe: finding.cwe,
    fixable: false,
  };
}

/** `no-self-compare` -> `NoSelfCompare`: SARIF wants a readable identifier distinct from the id. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return match?.[1] ?? text.trim();
}

function reportingDescriptor(rule: RuleDescriptor): SarifReportingDescriptor {
  const cwes = rule.cwe.map((n) => `CWE-${n}`);
  const tags = [...(SECURITY_CATEGORIES.has(rule.category) ? ['security'] : []), rule.category, ...cwes];
  const description = rule.description.trim() || rule.id;
  const facts = [`Category: ${rule.category}.`, `Default severity: ${rule.severity}.`];
  if (cwes.length > 0) facts.push(`Weaknesses: ${cwes.join(', ')}.`);
  if (rule.fixable) facts.push('Ectus can fix findings of this rule automatically (`ectus scan --fix`).');
  const cweLinks = rule.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`);
  const markdownFacts = [
    `**Category:** ${rule.category}`,
    `**Default severity:** ${rule.severity}`,
    ...(cweLinks.length > 0 ? [`**Weaknesses:** ${cweLinks.join(', ')}`] : []),
    ...(rule.fixable ? ['**Autofix:** `ectus scan --fix` applies a safe fix.'] : []),
  ];
  return {
    id: rule.id,
    name: ruleName(rule.id) || rule.id,
    shortDescription: { text: firstSentence(description) },
    fullDescription: { text: description },
    help: {
      text: `${description}\n\n${facts.join(' ')}`,
      markdown: `${escapeMarkdown(description)}\n\n${markdownFacts.map((line) => `- ${line}`).join('\n')}`,
    },
    defaultConfiguration: { level: SARIF_LEVELS[rule.severity] },
    properties: {
      tags: [...new Set(tags)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: DEFAULT_PRECISION,
      category: rule.category,
      severity: rule.severity,
      cwe: [...rule.cwe],
      fixable: rule.fixable,
    },
  };
}

/**
 * Descriptions may hold `<`, `*` or `_` meant literally; GitHub renders help as Markdown. Code
 * spans are kept as they are: escapes inside backticks would show up as backslashes.
 */
function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/([\\*_[\]<>#|])/g, '\\$1')))
    .join('');
}

/**
 * A relative path as a URI reference: each segment percent-encoded so spaces, `#`, `%` and `?`
 * stay part of the path and a segment like `c:` is never read as a scheme.
 */
export function relativeUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The scan root as a `file://` URI with a trailing slash, as SARIF requires for a base. */
export function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function artifactLocation(file: string, prefix: string): SarifArtifactLocation {
  return { uri: relativeUri(prefix ? `${prefix}/${file}` : file), uriBaseId: SRCROOT };
}

/** Regions are 1-based with an exclusive end column, like findings; only bad data needs clamping. */
function regionOf(location: Location, snippet = ''): SarifRegion {
  const startLine = Math.max(1, location.line);
  const startColumn = Math.max(1, location.column);
  const endLine = Math.max(startLine, location.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, location.endColumn) : Math.max(1, location.endColumn);
  const region: SarifRegion = { startLine, startColumn, endLine, endColumn };
  if (snippet.length > 0) region.snippet = { text: snippet };
  return region;
}

function codeFlowOf(finding: Finding, prefix: string): SarifCodeFlow[] | undefined {
  if (!finding.flow || finding.flow.length === 0) return undefined;
  const locations = finding.flow.map((step) => ({
    location: {
      physicalLocation: { artifactLocation: artifactLocation(step.file, prefix), region: regionOf(step) },
      message: { text: step.message.trim() || 'step' },
    },
  }));
  return [{ threadFlows: [{ locations }] }];
}

function resultOf(finding: Finding, ruleIndex: number, prefix: string): SarifResult {
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVELS[finding.severity],
    message: { text: finding.message.trim() || finding.ruleId },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, prefix),
          region: regionOf(finding, finding.snippet),
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      ...(finding.properties ? structuredClone(finding.properties) : {}),
      severity: finding.severity,
      category: finding.category,
      cwe: [...finding.cwe],
    },
  };
  const codeFlows = codeFlowOf(finding, prefix);
  if (codeFlows) result.codeFlows = codeFlows;
  const fixes = (finding.fix ?? []).filter((fix) => fix.range[0] >= 0 && fix.range[1] >= fix.range[0]);
  if (fixes.length > 0) {
    result.fixes = [
      {
        description: { text: `Apply the safe fix of ${finding.ruleId}.` },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(finding.file, prefix),
            // Fix ranges are UTF-16 offsets, which is what charOffset counts under columnKind utf16CodeUnits.
            replacements: fixes
              .slice()
              .sort((a, b) => a.range[0] - b.range[0])
              .map((fix) => ({
                deletedRegion: { charOffset: fix.range[0], charLength: fix.range[1] - fix.range[0] },
                ...(fix.text.length > 0 ? { insertedContent: { text: fix.text } } : {}),
              })),
          },
        ],
      },
    ];
  }
  return result;
}

/**
 * Problems reading or parsing a file are notifications, not results: they say the scan of that
 * file is incomplete. Failures of the tool or of the file's syntax are errors; files left out by
 * policy (binary, too large, too deep, not UTF-8) are warnings.
 */
function notificationOf(diagnostic: FileDiagnosticEntry, prefix: string): SarifNotification {
  const isError =
    diagnostic.code === 'ECTUS_PARSE_ERROR' ||
    diagnostic.code === 'ECTUS_LOCKFILE_INVALID' ||
    diagnostic.code === 'ECTUS_READ_ERROR' ||
    diagnostic.code === 'ECTUS_RULE_ERROR';
  const physicalLocation: SarifPhysicalLocation = { artifactLocation: artifactLocation(diagnostic.file, prefix) };
  if (diagnostic.line !== undefined && diagnostic.line >= 1) {
    physicalLocation.region = { startLine: diagnostic.line };
    if (diagnostic.column !== undefined && diagnostic.column >= 1)
      physicalLocation.region.startColumn = diagnostic.column;
  }
  return {
    level: isError ? 'error' : 'warning',
    message: { text: diagnostic.message.trim() || diagnostic.code },
    descriptor: { id: diagnostic.code },
    locations: [{ physicalLocation }],
  };
}

function invocationTimes(report: ScanReport): { startTimeUtc?: string; endTimeUtc?: string } {
  const start = Date.parse(report.startedAt);
  if (Number.isNaN(start)) return {};
  const end = start + Math.max(0, report.summary.durationMs || 0);
  return { startTimeUtc: new Date(start).toISOString(), endTimeUtc: new Date(end).toISOString() };
}
