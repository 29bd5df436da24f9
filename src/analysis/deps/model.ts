/**
 * The data shapes shared by the dependency analysis: lockfile parsers produce `Dependency` lists,
 * the advisory database matches them, and reports and the SBOM read the results. Plain data only,
 * so results can be cached, sent to workers and stored.
 */

/** OSV ecosystem names, spelled as the OSV schema spells them. */
export const ECOSYSTEMS = ['npm', 'PyPI', 'Go', 'crates.io', 'Maven'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** One resolved package of a lockfile (a package present twice at two versions is two entries). */
export interface Dependency {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** Listed by the project's own manifest (not only pulled in by another package). */
  direct: boolean;
  /** Needed only for development (devDependencies, dev groups); false when any production path reaches it. */
  dev: boolean;
  /**
   * How the project reaches the package: chains of package names from a direct dependency down to
   * this one (`['express', 'body-parser', 'qs']`); a few shortest chains, not every one.
   */
  paths: string[][];
  /**
   * The packages this one needs, as `name@version`, when the lockfile records them (for the SBOM's
   * dependency graph). Absent for formats without a graph (go.mod, pom.xml, Pipfile.lock).
   */
  dependsOn?: string[];
  /** The lockfile or manifest it came from, relative to the scanned folder, forward slashes. */
  file: string;
  /** 1-based line of the package's entry in that file, when the format has one. */
  line?: number;
}

/** What one lockfile or manifest yields. */
export interface LockfileResult {
  file: string;
  ecosystem: Ecosystem;
  /** The parser's name, e.g. `package-lock@3`, `pnpm-lock@9`, `yarn-berry`. */
  format: string;
  dependencies: Dependency[];
  /** Problems that did not stop the parse (an entry without a version, an unknown field shape). */
  warnings: string[];
}

/** A CVSS score computed from a vector string. */
export interface CvssScore {
  version: '3.1' | '3.0' | '4.0';
  vector: string;
  score: number;
  severity: 'none' | 'low' | 'medium' | 'high' | 'critical';
}

/** One advisory affecting one dependency, after alias merging. */
export interface AdvisoryMatch {
  /** The OSV id (GHSA-..., PYSEC-..., GO-..., RUSTSEC-...). */
  id: string;
  /** Other ids of the same vulnerability (CVE-..., GHSA-...), merged from every record. */
  aliases: string[];
  summary: string;
  cvss?: CvssScore;
  /**
   * The advisory's severity: the CVSS score's rating when there is a vector, else the database's
   * own rating (GitHub's `database_specific.severity`: LOW, MODERATE, HIGH, CRITICAL); absent
   * when the advisory gives neither (many PYSEC and GO records).
   */
  severity?: CvssScore['severity'];
  /** The smallest fixed version above the installed one for this advisory, when any. */
  fixed?: string;
  /** When the advisory was last modified (ISO 8601). */
  modified: string;
  /** CWE numbers from the record's `database_specific.cwe_ids` (`CWE-1321` becomes 1321), when given. */
  cwes?: number[];
}

/** A vulnerable dependency with every advisory that affects it. */
export interface DependencyVulnerability {
  dependency: Dependency;
  advisories: AdvisoryMatch[];
  /** The smallest version that fixes every advisory listed, when one exists. */
  upgradeTo?: string;
}

/** What a report says about the advisory data a result was computed with. */
export interface AdvisoryDatabaseInfo {
  /** When the local database was last imported (ISO 8601), or null when none was. */
  importedAt: string | null;
  /** Whole days since then, or null. */
  ageDays: number | null;
  /** Records per ecosystem. */
  counts: Partial<Record<Ecosystem, number>>;
  /** True when the OSV API was queried for this result. */
  online: boolean;
}
