import { randomUUID } from 'node:crypto';
import type { Dependency, Ecosystem, LockfileResult } from './model.js';

/**
 * A software bill of materials in CycloneDX 1.6 JSON: every package the lockfiles pin, with its
 * package URL, whether only development needs it (`scope: optional`), where it was found, and the
 * dependency graph as far as the lockfiles record it.
 */

export const CYCLONEDX_SPEC_VERSION = '1.6';
export const CYCLONEDX_SCHEMA = 'http://cyclonedx.org/schema/bom-1.6.schema.json';

export interface CycloneDxProperty {
  name: string;
  value: string;
}

export interface CycloneDxComponent {
  type: 'library' | 'application';
  'bom-ref': string;
  group?: string;
  name: string;
  version?: string;
  scope?: 'required' | 'optional';
  purl?: string;
  properties?: CycloneDxProperty[];
  evidence?: { occurrences: { location: string; line?: number }[] };
}

export interface CycloneDxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: typeof CYCLONEDX_SPEC_VERSION;
  serialNumber: string;
  version: 1;
  metadata: {
    timestamp: string;
    tools: { components: { type: 'application'; name: string; version: string }[] };
    component: CycloneDxComponent;
  };
  components: CycloneDxComponent[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

export interface SbomOptions {
  /** The project the SBOM describes. */
  project: { name: string; version?: string };
  toolVersion: string;
  /** Default: now. */
  timestamp?: Date;
  /** `urn:uuid:...`; default: a random one, as the specification asks for each new BOM. */
  serialNumber?: string;
}

const PURL_TYPES: Readonly<Record<Ecosystem, string>> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  Maven: 'maven',
};

/** Percent-encodes one purl segment: `@` becomes %40, `/` is kept only where the caller splits. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The namespace and name a purl and a CycloneDX component use for a package. */
function coordinates(dep: Pick<Dependency, 'ecosystem' | 'name'>): { group?: string; name: string } {
  switch (dep.ecosystem) {
    case 'npm': {
      const slash = dep.name.indexOf('/');
      return dep.name.startsWith('@') && slash > 0
        ? { group: dep.name.slice(0, slash), name: dep.name.slice(slash + 1) }
        : { name: dep.name };
    }
    case 'Maven': {
      const colon = dep.name.indexOf(':');
      return colon > 0 ? { group: dep.name.slice(0, colon), name: dep.name.slice(colon + 1) } : { name: dep.name };
    }
    case 'Go': {
      const slash = dep.name.lastIndexOf('/');
      return slash > 0 ? { group: dep.name.slice(0, slash), name: dep.name.slice(slash + 1) } : { name: dep.name };
    }
    default:
      return { name: dep.name };
  }
}

/**
 * The package URL (purl) of a dependency.
 *
 * @example
 * purlOf({ ecosystem: 'npm', name: '@babel/core', version: '7.24.0' }); // 'pkg:npm/%40babel/core@7.24.0'
 * purlOf({ ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' });
 * // 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'
 */
export function purlOf(dep: Pick<Dependency, 'ecosystem' | 'name' | 'version'>): string {
  const { group, name } = coordinates(dep);
  const namespace = group === undefined ? '' : `${group.split('/').map(encodeSegment).join('/')}/`;
  const purlName = dep.ecosystem === 'PyPI' ? name.toLowerCase().replace(/_/g, '-') : name;
  return `pkg:${PURL_TYPES[dep.ecosystem]}/${namespace}${encodeSegment(purlName)}@${encodeSegment(dep.version)}`;
}

interface Entry {
  dep: Dependency;
  purl: string;
  dev: boolean;
  direct: boolean;
  occurrences: { location: string; line?: number }[];
  dependsOn: Set<string>;
}

/** Merges one package found in several lockfiles: production anywhere means production. */
function collect(lockfiles: readonly LockfileResult[]): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const lockfile of lockfiles) {
    for (const dep of lockfile.dependencies) {
      const purl = purlOf(dep);
      let entry = entries.get(purl);
      if (!entry) {
        entry = { dep, purl, dev: dep.dev, direct: dep.direct, occurrences: [], dependsOn: new Set() };
        entries.set(purl, entry);
      }
      entry.dev &&= dep.dev;
      entry.direct ||= dep.direct;
      entry.occurrences.push({ location: dep.file, ...(dep.line === undefined ? {} : { line: dep.line }) });
      for (const needed of dep.dependsOn ?? []) entry.dependsOn.add(`${dep.ecosystem}\u0000${needed}`);
    }
  }
  return entries;
}

/** Turns `ecosystem\0name@version` references into purls of components that exist. */
function resolveRefs(entries: Map<string, Entry>): Map<string, string[]> {
  const byId = new Map<string, string>();
  for (const entry of entries.values())
    byId.set(`${entry.dep.ecosystem}\u0000${entry.dep.name}@${entry.dep.version}`, entry.purl);
  const graph = new Map<string, string[]>();
  for (const entry of entries.values()) {
    const refs = [...entry.dependsOn].map((id) => byId.get(id)).filter((ref): ref is string => ref !== undefined);
    graph.set(entry.purl, [...new Set(refs)].sort());
  }
  return graph;
}

function componentOf(entry: Entry): CycloneDxComponent {
  // A Go module's last path element can be a major version (`.../jwt/v4`): the whole path is its name.
  const { group, name } =
    entry.dep.ecosystem === 'Go' ? { group: undefined, name: entry.dep.name } : coordinates(entry.dep);
  return {
    type: 'library',
    'bom-ref': entry.purl,
    ...(group === undefined ? {} : { group }),
    name,
    version: entry.dep.version,
    scope: entry.dev ? 'optional' : 'required',
    purl: entry.purl,
    properties: [
      { name: 'ectus:direct', value: String(entry.direct) },
      { name: 'ectus:ecosystem', value: entry.dep.ecosystem },
    ],
    evidence: { occurrences: entry.occurrences },
  };
}

/**
 * Builds the CycloneDX 1.6 document for the given lockfiles. Components are sorted by purl and
 * the graph lists the project's direct dependencies under the project component.
 *
 * @example
 * const bom = buildSbom(results, { project: { name: 'orders-api', version: '1.0.0' }, toolVersion: VERSION });
 */
export function buildSbom(lockfiles: readonly LockfileResult[], options: SbomOptions): CycloneDxBom {
  const entries = collect(lockfiles);
  const graph = resolveRefs(entries);
  const sorted = [...entries.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  const rootRef = `project:${options.project.name}`;
  const root: CycloneDxComponent = {
    type: 'application',
    'bom-ref': rootRef,
    name: options.project.name,
    ...(options.project.version ? { version: options.project.version } : {}),
  };
  return {
    $schema: CYCLONEDX_SCHEMA,
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: (options.timestamp ?? new Date()).toISOString(),
      tools: { components: [{ type: 'application', name: 'ectus', version: options.toolVersion }] },
      component: root,
    },
    components: sorted.map(componentOf),
    dependencies: [
      { ref: rootRef, dependsOn: sorted.filter((e) => e.direct).map((e) => e.purl) },
      ...sorted.map((e) => ({ ref: e.purl, dependsOn: graph.get(e.purl) ?? [] })),
    ],
  };
}

/** The SBOM as pretty-printed JSON with a final newline. */
export function renderSbom(bom: CycloneDxBom): string {
  return `${JSON.stringify(bom, null, 2)}\n`;
}
