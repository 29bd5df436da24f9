import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { invalidLockfile, parseLockfileText } from './lockfile-error.js';
import { child, childText, parseXml, type XmlElement } from './xml.js';

/** Property references may point at other properties; a few rounds resolve any sane chain. */
const MAX_RESOLVE_ROUNDS = 10;

interface Coordinates {
  group: string;
  artifact: string;
  version: string | undefined;
  scope: string | undefined;
  line: number;
}

function propertiesOf(project: XmlElement): Map<string, string> {
  const properties = new Map<string, string>();
  for (const property of child(project, 'properties')?.children ?? []) properties.set(property.name, property.text);
  const parent = child(project, 'parent');
  const version = childText(project, 'version') ?? childText(parent, 'version');
  const group = childText(project, 'groupId') ?? childText(parent, 'groupId');
  const builtIns: [string, string | undefined][] = [
    ['project.version', version],
    ['pom.version', version],
    ['version', version],
    ['project.groupId', group],
    ['project.artifactId', childText(project, 'artifactId')],
    ['project.parent.version', childText(parent, 'version')],
    ['project.parent.groupId', childText(parent, 'groupId')],
  ];
  for (const [name, value] of builtIns) if (value !== undefined && !properties.has(name)) properties.set(name, value);
  return properties;
}

/** Replaces `${name}` with the pom's own properties; what stays unresolved stays as written. */
function resolve(value: string, properties: ReadonlyMap<string, string>): string {
  let current = value;
  for (let round = 0; round < MAX_RESOLVE_ROUNDS && current.includes('${'); round++) {
    const next = current.replace(/\$\{([^}]+)\}/g, (whole, name: string) => properties.get(name) ?? whole);
    if (next === current) break;
    current = next;
  }
  return current;
}

function coordinatesOf(dependency: XmlElement, properties: ReadonlyMap<string, string>): Coordinates {
  const text = (name: string): string | undefined => {
    const value = childText(dependency, name);
    return value === undefined ? undefined : resolve(value, properties);
  };
  return {
    group: text('groupId') ?? '',
    artifact: text('artifactId') ?? '',
    version: text('version'),
    scope: text('scope'),
    line: dependency.line,
  };
}

function dependenciesIn(section: XmlElement | undefined): XmlElement[] {
  return (child(section, 'dependencies')?.children ?? []).filter((c) => c.name === 'dependency');
}

/** Why a version cannot be matched to advisories, or undefined when it can. */
function unusableVersion(version: string | undefined): string | undefined {
  if (version === undefined || version === '')
    return 'has no version here (inherited from a parent or an imported BOM)';
  if (version.includes('${')) return `has version ${version}, a property this pom does not define`;
  if (/^[[(]/.test(version)) return `has the version range ${version}, not one version`;
  return undefined;
}

/**
 * Reads the dependencies a pom.xml declares with explicit versions. `${property}` references are
 * resolved from the pom's own `<properties>` and project coordinates, and a dependency without a
 * version takes it from the same pom's `<dependencyManagement>`. Versions inherited from a parent
 * pom or an imported BOM, version ranges and unknown properties become warnings: resolving them
 * would need Maven and the network. Every declared dependency is direct; `test` scope is
 * development-only. Transitive dependencies are not known without Maven's resolution.
 *
 * @example
 * const result = parsePomXml(text, 'pom.xml');
 * result.dependencies[0].name; // 'org.apache.logging.log4j:log4j-core'
 */
export function parsePomXml(text: string, file: string): LockfileResult {
  const project = parseLockfileText(file, 'XML', () => parseXml(text));
  if (project.name !== 'project') throw invalidLockfile(file, `root element is <${project.name}>, not <project>`);
  const properties = propertiesOf(project);
  const managed = new Map<string, string>();
  for (const element of dependenciesIn(child(project, 'dependencyManagement'))) {
    const dep = coordinatesOf(element, properties);
    if (dep.version && dep.scope !== 'import') managed.set(`${dep.group}:${dep.artifact}`, dep.version);
  }
  const warnings: string[] = [];
  const nodes: PackageNode[] = [];
  const direct: DirectEdge[] = [];
  for (const element of dependenciesIn(project)) {
    const dep = coordinatesOf(element, properties);
    const name = `${dep.group}:${dep.artifact}`;
    const version = dep.version ?? managed.get(name);
    const problem = unusableVersion(version);
    if (problem || version === undefined) {
      warnings.push(`line ${dep.line}: ${name} ${problem}; not checked.`);
      continue;
    }
    const key = `${name}@${version}`;
    nodes.push({ key, name, version, deps: [], line: dep.line });
    direct.push({ key, dev: dep.scope === 'test' });
  }
  return lockfileResult({ file, ecosystem: 'Maven', format: 'pom-xml', warnings, nodes, direct });
}
