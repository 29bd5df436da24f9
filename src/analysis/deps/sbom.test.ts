import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCargoLock } from './lockfiles/cargo-lock.js';
import { parseGoMod } from './lockfiles/go-mod.js';
import { parsePackageLock } from './lockfiles/package-lock.js';
import { parsePoetryLock } from './lockfiles/poetry-lock.js';
import { parsePomXml } from './lockfiles/pom-xml.js';
import { readFixture } from './lockfiles/test-support/fixtures.js';
import { buildSbom, type CycloneDxBom, purlOf, renderSbom } from './sbom.js';

function schemaFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/**
 * The official CycloneDX 1.6 JSON schema (with the SPDX licence list and JSF schemas it refers to),
 * as the CycloneDX JavaScript library ships it. Ajv knows no `iri-reference` or `idn-email` format,
 * so those get close checks here.
 */
function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  ajv.addFormat('iri-reference', (value: string) => !/\s/.test(value));
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  ajv.addSchema(schemaFile('spdx.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
  ajv.addSchema(
    schemaFile('jsf-0.82.SNAPSHOT.schema.json'),
    'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json',
  );
  return ajv.compile(schemaFile('bom-1.6.SNAPSHOT.schema.json'));
}

function lockfiles() {
  return [
    parsePackageLock(readFixture('npm-v3', 'package-lock.json'), 'web/package-lock.json'),
    parsePoetryLock(readFixture('poetry', 'poetry.lock'), 'api/poetry.lock', readFixture('poetry', 'pyproject.toml')),
    parseGoMod(readFixture('go', 'go.mod'), 'cli/go.mod', readFixture('go', 'go.sum')),
    parseCargoLock(readFixture('cargo', 'Cargo.lock'), 'native/Cargo.lock', readFixture('cargo', 'Cargo.toml')),
    parsePomXml(readFixture('maven', 'pom.xml'), 'jvm/pom.xml'),
  ];
}

describe('buildSbom', () => {
  const validate = cycloneDxValidator();
  const bom = buildSbom(lockfiles(), {
    project: { name: 'orders-platform', version: '2.3.0' },
    toolVersion: '0.1.0',
    timestamp: new Date('2025-01-15T10:00:00Z'),
  });

  it('validates against the official CycloneDX 1.6 JSON schema', () => {
    const valid = validate(JSON.parse(renderSbom(bom)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a broken document', () => {
    const broken = { ...bom, specVersion: '1.6', components: [{ type: 'library', name: 'x', scope: 'sometimes' }] };
    expect(validate(broken)).toBe(false);
  });

  it('describes the document, the tool and the project', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe('2025-01-15T10:00:00.000Z');
    expect(bom.metadata.tools.components).toEqual([{ type: 'application', name: 'ectus', version: '0.1.0' }]);
    expect(bom.metadata.component).toMatchObject({ type: 'application', name: 'orders-platform', version: '2.3.0' });
  });

  it('lists every pinned package with its purl, scope and where it was found', () => {
    const component = (purl: string) => bom.components.find((c) => c.purl === purl);
    expect(component('pkg:npm/%40sindresorhus/is@4.0.0')).toMatchObject({
      group: '@sindresorhus',
      name: 'is',
      scope: 'optional',
    });
    expect(component('pkg:npm/minimist@0.0.10')?.scope).toBe('optional');
    expect(component('pkg:npm/minimist@1.2.5')).toMatchObject({
      scope: 'required',
      evidence: { occurrences: [{ location: 'web/package-lock.json', line: 324 }] },
    });
    expect(component('pkg:pypi/pyyaml@5.3.1')).toMatchObject({ name: 'pyyaml', scope: 'required' });
    expect(component('pkg:golang/github.com/golang-jwt/jwt/v4@v4.4.1')?.name).toBe('github.com/golang-jwt/jwt/v4');
    expect(component('pkg:cargo/time@0.1.43')).toBeDefined();
    expect(component('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toMatchObject({
      group: 'org.apache.logging.log4j',
      name: 'log4j-core',
    });
    expect(component('pkg:maven/junit/junit@4.12')?.scope).toBe('optional');
    expect(new Set(bom.components.map((c) => c['bom-ref'])).size).toBe(bom.components.length);
  });

  it('records the dependency graph the lockfiles know', () => {
    const dependsOn = (ref: string) => bom.dependencies.find((d) => d.ref === ref)?.dependsOn;
    expect(dependsOn('project:orders-platform')).toContain('pkg:npm/express@4.17.1');
    expect(dependsOn('project:orders-platform')).toContain('pkg:cargo/chrono@0.4.19');
    expect(dependsOn('project:orders-platform')).not.toContain('pkg:npm/qs@6.7.0');
    expect(dependsOn('pkg:npm/optimist@0.6.1')).toEqual(['pkg:npm/minimist@0.0.10', 'pkg:npm/wordwrap@0.0.3']);
    expect(dependsOn('pkg:cargo/chrono@0.4.19')).toContain('pkg:cargo/time@0.1.43');
    expect(dependsOn('pkg:pypi/requests@2.25.1')).toContain('pkg:pypi/urllib3@1.26.4');
    const refs = new Set(bom.components.map((c) => c['bom-ref']));
    for (const { dependsOn: targets } of bom.dependencies) for (const ref of targets) expect(refs.has(ref)).toBe(true);
  });

  it('merges a package found in two lockfiles into one component', () => {
    const [npm] = lockfiles();
    const twice: CycloneDxBom = buildSbom(
      [
        npm!,
        {
          ...npm!,
          file: 'b/package-lock.json',
          dependencies: npm!.dependencies.map((d) => ({ ...d, file: 'b/package-lock.json' })),
        },
      ],
      {
        project: { name: 'two' },
        toolVersion: '0.1.0',
      },
    );
    const express = twice.components.find((c) => c.name === 'express');
    expect(express?.evidence?.occurrences.map((o) => o.location)).toEqual([
      'web/package-lock.json',
      'b/package-lock.json',
    ]);
    expect(twice.metadata.component.version).toBeUndefined();
  });
});

describe('purlOf', () => {
  it.each([
    [{ ecosystem: 'npm', name: 'lodash', version: '4.17.20' }, 'pkg:npm/lodash@4.17.20'],
    [
      { ecosystem: 'npm', name: '@types/node', version: '20.1.0-beta+build.1' },
      'pkg:npm/%40types/node@20.1.0-beta%2Bbuild.1',
    ],
    [{ ecosystem: 'PyPI', name: 'Django_Rest', version: '3.2.4' }, 'pkg:pypi/django-rest@3.2.4'],
    [{ ecosystem: 'Go', name: 'golang.org/x/net', version: 'v0.7.0' }, 'pkg:golang/golang.org/x/net@v0.7.0'],
    [{ ecosystem: 'crates.io', name: 'regex', version: '1.5.4' }, 'pkg:cargo/regex@1.5.4'],
    [{ ecosystem: 'Maven', name: 'junit:junit', version: '4.12' }, 'pkg:maven/junit/junit@4.12'],
  ] as const)('%j is %s', (dep, purl) => {
    expect(purlOf(dep)).toBe(purl);
  });
});
