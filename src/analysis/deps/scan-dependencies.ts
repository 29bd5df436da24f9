import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyBaseline, type Baseline } from '../baseline.js';
import { compareFindings } from '../build-report.js';
import {
  type DependencyReport,
  type FileDiagnosticEntry,
  type Finding,
  type RuleDescriptor,
  type ScanReport,
  SEVERITIES,
  type Severity,
} from '../types.js';
import { type LockfileScan, scanLockfiles } from './lockfiles/index.js';
import type {
  AdvisoryDatabaseInfo,
  AdvisoryMatch,
  CvssScore,
  Dependency,
  DependencyVulnerability,
  LockfileResult,
} from './model.js';

/**
 * Dependency scanning as part of `ectus scan`: lockfiles are parsed, their packages matched
 * against the advisory database, and each vulnerable package becomes a finding of the
 * `dependency-vulnerability` rule at its line in the lockfile.
 */

/**
 * The rule that reports vulnerable dependencies. It is not an AST rule (it reads lockfiles, not
 * source), so it is described here rather than in the rules registry; `ectus rules`, the reports
 * and SARIF's rule list take it from here. CWE-1395: dependency on a vulnerable third-party
 * component.
 */
export const DEPENDENCY_RULE: RuleDescriptor = {
  id: 'dependency-vulnerability',
  description:
    'A package pinned in a lockfile has a published vulnerability (an OSV advisory). Upgrade it to a version that fixes every advisory listed.',
  category: 'dependencies',
  severity: 'high',
  cwe: [1395],
  fixable: false,
};

/** What dependency scanning needs from an advisory database (the local database or the OSV API). */
export interface AdvisorySource {
  info(): AdvisoryDatabaseInfo;
  match(dependencies: Dependency[]): DependencyVulnerability[] | Promise<DependencyVulnerability[]>;
}

export interface DependencyScan {
  lockfiles: LockfileResult[];
  vulnerabilities: DependencyVulnerability[];
  findings: Finding[];
  diagnostics: FileDiagnosticEntry[];
  report: DependencyReport;
}

export interface CheckOptions {
  /** Folder the lockfile paths are relative to (to read the lines findings point at). */
  root: string;
  advisories: AdvisorySource;
  /** False when the configuration turns the rule off: lockfiles are still read, nothing is reported. */
  report?: boolean;
}

export interface DependencyScanOptions extends CheckOptions {
  paths: string[];
  ignore?: string[];
  ignoreBase?: string;
}

const CVSS_SEVERITY: Readonly<Record<CvssScore['severity'], Severity>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  // A vector scoring 0.0 still names a published weakness: the lowest finding severity.
  none: 'low',
};
/** Advisories with neither a CVSS vector nor a rating of their own: neither alarm nor dismiss. */
const UNRATED_SEVERITY: Severity = 'medium';

/**
 * The finding severity of an advisory: its CVSS score's rating, else the rating the database gives
 * it (GitHub's LOW/MODERATE/HIGH/CRITICAL), else medium.
 */
export function advisorySeverity(advisory: AdvisoryMatch): Severity {
  const rating = advisory.cvss?.severity ?? advisory.severity;
  return rating ? CVSS_SEVERITY[rating] : UNRATED_SEVERITY;
}

/** The advisory that decides the finding: highest severity, then highest CVSS score, then id. */
function worstAdvisory(advisories: readonly AdvisoryMatch[]): AdvisoryMatch | undefined {
  const rank = (a: AdvisoryMatch): number => SEVERITIES.indexOf(advisorySeverity(a)) * 100 + (a.cvss?.score ?? 0);
  return [...advisories].sort((a, b) => rank(b) - rank(a) || (a.id < b.id ? -1 : 1))[0];
}

function describeAdvisory(advisory: AdvisoryMatch): string {
  const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.join(', ')})` : '';
  const score = advisory.cvss ? `, CVSS ${advisory.cvss.score.toFixed(1)}` : '';
  const summary = advisory.summary.trim() ? `: ${advisory.summary.trim()}` : '';
  return `${advisory.id}${aliases}${score}${summary}`;
}

function reachText(dep: Dependency): string {
  const role = dep.dev ? 'development dependency' : 'dependency';
  if (dep.direct) return `Direct ${role}.`;
  const chain = dep.paths[0];
  return chain ? `Transitive ${role} via ${chain.join(' > ')}.` : `Transitive ${role}.`;
}

function fixText(vulnerability: DependencyVulnerability): string {
  if (vulnerability.upgradeTo) return `Upgrade to ${vulnerability.upgradeTo} or later.`;
  const fixes = vulnerability.advisories.filter((a) => a.fixed).map((a) => `${a.id} in ${a.fixed}`);
  if (fixes.length > 0) return `Fixed: ${fixes.join(', ')}; no one version fixes them all.`;
  return 'No fixed version is published yet.';
}

/** `lodash@4.17.20 has 2 known vulnerabilities: ... Transitive dependency via a > b. Upgrade to 4.17.21 or later.` */
export function vulnerabilityMessage(vulnerability: DependencyVulnerability): string {
  const { dependency: dep, advisories } = vulnerability;
  const count = advisories.length === 1 ? 'a known vulnerability' : `${advisories.length} known vulnerabilities`;
  const listed = advisories.map(describeAdvisory).join('; ');
  return `${dep.name}@${dep.version} has ${count}: ${listed}. ${reachText(dep)} ${fixText(vulnerability)}`;
}

function cweOf(advisories: readonly AdvisoryMatch[]): number[] {
  const cwes = new Set<number>();
  for (const advisory of advisories) for (const cwe of advisory.cwes ?? []) cwes.add(cwe);
  return cwes.size > 0 ? [...cwes].sort((a, b) => a - b) : [...DEPENDENCY_RULE.cwe];
}

function propertiesOf(
  vulnerability: DependencyVulnerability,
  worst: AdvisoryMatch | undefined,
): Record<string, unknown> {
  const { dependency: dep, advisories } = vulnerability;
  const aliases = [...new Set(advisories.flatMap((a) => a.aliases))].sort();
  return {
    ecosystem: dep.ecosystem,
    package: dep.name,
    version: dep.version,
    advisories: advisories.map((a) => a.id),
    aliases,
    cvss: worst?.cvss ? { score: worst.cvss.score, vector: worst.cvss.vector, version: worst.cvss.version } : null,
    fixedVersion: worst?.fixed ?? null,
    upgradeTo: vulnerability.upgradeTo ?? null,
    direct: dep.direct,
    dev: dep.dev,
    path: dep.direct ? [dep.name] : (dep.paths[0] ?? []),
    paths: dep.paths,
  };
}

/**
 * One finding per vulnerable package of a lockfile, located at the package's entry. `lines` holds
 * each lockfile's text split into lines, for the snippet.
 */
export function vulnerabilityFindings(
  vulnerabilities: readonly DependencyVulnerability[],
  lines: ReadonlyMap<string, readonly string[]>,
): Finding[] {
  return vulnerabilities
    .filter((v) => v.advisories.length > 0)
    .map((vulnerability) => {
      const { dependency: dep, advisories } = vulnerability;
      const worst = worstAdvisory(advisories);
      const line = dep.line ?? 1;
      const text = lines.get(dep.file)?.[line - 1] ?? '';
      const ids = advisories.map((a) => a.id).sort();
      const identity = `${DEPENDENCY_RULE.id}\u0000${dep.ecosystem}\u0000${dep.name}\u0000${dep.version}\u0000${ids.join(',')}`;
      return {
        ruleId: DEPENDENCY_RULE.id,
        messageId: 'vulnerable',
        category: DEPENDENCY_RULE.category,
        severity: worst ? advisorySeverity(worst) : UNRATED_SEVERITY,
        cwe: cweOf(advisories),
        message: vulnerabilityMessage(vulnerability),
        file: dep.file,
        line,
        column: 1,
        endLine: line,
        endColumn: Math.max(1, text.length + 1),
        snippet: text.trimEnd(),
        fingerprint: createHash('sha1').update(identity).digest('hex').slice(0, 20),
        properties: propertiesOf(vulnerability, worst),
      } satisfies Finding;
    })
    .sort(compareFindings);
}

function diagnosticsOf(scan: LockfileScan): FileDiagnosticEntry[] {
  const out: FileDiagnosticEntry[] = scan.problems.map((p) => ({ file: p.file, code: p.code, message: p.message }));
  for (const result of scan.results) {
    for (const warning of result.warnings)
      out.push({ file: result.file, code: 'ECTUS_DEPENDENCY_UNCHECKED', message: warning });
  }
  return out;
}

async function readLines(root: string, files: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const read = await Promise.all(
    [...files].map(async (file) => {
      try {
        return [file, (await fs.readFile(path.join(root, file), 'utf8')).split(/\r?\n/)] as const;
      } catch {
        // The file vanished since it was parsed: its findings keep their line, without a snippet.
        return undefined;
      }
    }),
  );
  return new Map(read.filter((entry) => entry !== undefined));
}

function distinctPackages(lockfiles: readonly LockfileResult[]): Dependency[] {
  const seen = new Map<string, Dependency>();
  for (const lockfile of lockfiles) {
    for (const dep of lockfile.dependencies) seen.set(`${dep.ecosystem}\u0000${dep.name}\u0000${dep.version}`, dep);
  }
  return [...seen.values()];
}

/**
 * Matches the packages of parsed lockfiles against an advisory source and turns the vulnerable
 * ones into findings.
 *
 * @example
 * const lockfiles = await scanLockfiles(['.'], { root });
 * const deps = await checkDependencies(lockfiles, { root, advisories: await openAdvisoryDatabase(dataDir()) });
 */
export async function checkDependencies(lockfileScan: LockfileScan, options: CheckOptions): Promise<DependencyScan> {
  const root = path.resolve(options.root);
  const lockfiles = lockfileScan.results;
  const all = lockfiles.flatMap((l) => l.dependencies);
  const matched = all.length > 0 ? await options.advisories.match(all) : [];
  const vulnerabilities = matched.filter((v) => v.advisories.length > 0);
  const findings =
    options.report === false
      ? []
      : vulnerabilityFindings(
          vulnerabilities,
          await readLines(root, new Set(vulnerabilities.map((v) => v.dependency.file))),
        );
  const vulnerableIds = new Set(
    vulnerabilities.map((v) => `${v.dependency.ecosystem}\u0000${v.dependency.name}\u0000${v.dependency.version}`),
  );
  return {
    lockfiles,
    vulnerabilities,
    findings,
    diagnostics: diagnosticsOf(lockfileScan),
    report: {
      lockfiles: lockfiles.map((l) => ({
        file: l.file,
        format: l.format,
        ecosystem: l.ecosystem,
        packages: l.dependencies.length,
      })),
      packages: distinctPackages(lockfiles).length,
      vulnerable: vulnerableIds.size,
      database: options.advisories.info(),
    },
  };
}

/**
 * Finds the lockfiles under `paths` (with the source scan's ignore rules) and checks them.
 *
 * @example
 * const deps = await scanDependencies({ paths: ['.'], root: process.cwd(), advisories: db });
 * deps.findings; // dependency-vulnerability findings, one per vulnerable package and lockfile
 */
export async function scanDependencies(options: DependencyScanOptions): Promise<DependencyScan> {
  const lockfileScan = await scanLockfiles(options.paths, {
    root: path.resolve(options.root),
    ...(options.ignore ? { ignore: options.ignore } : {}),
    ...(options.ignoreBase ? { ignoreBase: options.ignoreBase } : {}),
  });
  return checkDependencies(lockfileScan, options);
}

/**
 * Adds a dependency scan to a source scan's report: findings (after the baseline), diagnostics,
 * the rule's description and the dependency summary, with the counts brought up to date.
 * Returns how many dependency findings the baseline hid.
 */
export function mergeDependencyScan(report: ScanReport, scan: DependencyScan, baseline?: Baseline): number {
  const filtered = baseline ? applyBaseline(scan.findings, baseline) : { findings: scan.findings, baselined: 0 };
  report.findings = [...report.findings, ...filtered.findings].sort(compareFindings);
  report.diagnostics = [...report.diagnostics, ...scan.diagnostics].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  if (!report.rules.some((r) => r.id === DEPENDENCY_RULE.id)) {
    report.rules = [...report.rules, DEPENDENCY_RULE].sort((a, b) => a.id.localeCompare(b.id));
  }
  report.dependencies = scan.report;
  report.summary.findings = report.findings.length;
  report.summary.baselined += filtered.baselined;
  for (const severity of SEVERITIES) report.summary.bySeverity[severity] = 0;
  for (const finding of report.findings) report.summary.bySeverity[finding.severity]++;
  return filtered.baselined;
}
