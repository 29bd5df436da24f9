import { describe, expect, it } from 'vitest';
import { nameAndVersion, packageId, parsePnpmLock } from './pnpm-lock.js';
import { dependency, expectInvalidLockfile, expectOrdersApi, readFixture } from './test-support/fixtures.js';

describe('parsePnpmLock', () => {
  it.each([
    ['pnpm-v9', 'pnpm-lock@9'],
    ['pnpm-v6', 'pnpm-lock@6'],
    ['pnpm-v5', 'pnpm-lock@5'],
  ])('reads the lockfile pnpm wrote in %s', (folder, format) => {
    const text = readFixture(folder, 'pnpm-lock.yaml');
    const result = parsePnpmLock(text, 'pnpm-lock.yaml');
    expect(result.format).toBe(format);
    expectOrdersApi(result, text);
    // pnpm resolved send's http-errors to 1.7.3 and body-parser's to 1.7.2: two entries.
    expect(dependency(result.dependencies, 'http-errors', '1.7.3').paths).toEqual([['express', 'send', 'http-errors']]);
    expect(dependency(result.dependencies, 'http-errors', '1.7.2').paths).toEqual([
      ['express', 'body-parser', 'http-errors'],
    ]);
    expect(result.dependencies).toHaveLength(58);
  });

  it('merges peer-dependency variants, follows aliases and skips workspace links (v9)', () => {
    const text = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)
      react:
        specifier: ^18.2.0
        version: 18.2.0
      old-lodash:
        specifier: npm:lodash@4.17.15
        version: lodash@4.17.15
      shared:
        specifier: workspace:*
        version: link:../shared

  ../shared:
    devDependencies:
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.3.1)

packages:

  lodash@4.17.15:
    resolution: {integrity: sha512-x}

  loose-envify@1.4.0:
    resolution: {integrity: sha512-y}

  react-dom@18.2.0:
    resolution: {integrity: sha512-z}

  react@18.2.0:
    resolution: {integrity: sha512-a}

  react@18.3.1:
    resolution: {integrity: sha512-b}

snapshots:

  lodash@4.17.15: {}

  loose-envify@1.4.0: {}

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0

  react-dom@18.2.0(react@18.3.1):
    dependencies:
      loose-envify: 1.4.0
      react: 18.3.1

  react@18.2.0:
    dependencies:
      loose-envify: 1.4.0

  react@18.3.1:
    dependencies:
      loose-envify: 1.4.0
`;
    const result = parsePnpmLock(text, 'pnpm-lock.yaml');
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual([
      'lodash@4.17.15',
      'loose-envify@1.4.0',
      'react@18.2.0',
      'react@18.3.1',
      'react-dom@18.2.0',
    ]);
    expect(dependency(result.dependencies, 'react-dom')).toMatchObject({ direct: true, dev: false, line: 34 });
    expect(dependency(result.dependencies, 'lodash')).toMatchObject({ direct: true, paths: [['lodash']] });
    expect(dependency(result.dependencies, 'react', '18.3.1')).toMatchObject({
      dev: true,
      paths: [['react-dom', 'react']],
    });
  });

  it('splits package ids of every key style', () => {
    expect(nameAndVersion('@babel/core@7.24.0(supports-color@8.1.1)', 'v9')).toEqual({
      name: '@babel/core',
      version: '7.24.0',
    });
    expect(nameAndVersion('@babel/core/7.24.0_supports-color@8.1.1', 'v5')).toEqual({
      name: '@babel/core',
      version: '7.24.0',
    });
    expect(packageId('react', '18.2.0(react-dom@18.2.0)', 'v6')).toBe('react@18.2.0(react-dom@18.2.0)');
    expect(packageId('string-width-cjs', '/string-width@4.2.3', 'v6')).toBe('string-width@4.2.3');
    expect(packageId('string-width-cjs', '/string-width/4.2.3', 'v5')).toBe('string-width/4.2.3');
    expect(packageId('ms', '2.1.3', 'v5')).toBe('ms/2.1.3');
    expect(packageId('lib', 'link:../lib', 'v9')).toBeUndefined();
  });

  it('rejects YAML that does not parse and documents without a lockfileVersion', () => {
    expectInvalidLockfile(() => parsePnpmLock('lockfileVersion: [\n', 'pnpm-lock.yaml'), 'not valid YAML');
    expectInvalidLockfile(() => parsePnpmLock('packages: {}\n', 'pnpm-lock.yaml'), 'no lockfileVersion');
    expectInvalidLockfile(() => parsePnpmLock('- a\n- b\n', 'pnpm-lock.yaml'), 'mapping');
  });

  it('refuses to expand an alias bomb', () => {
    const bomb = [
      "lockfileVersion: '9.0'",
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    expectInvalidLockfile(() => parsePnpmLock(bomb, 'pnpm-lock.yaml'), 'pnpm-lock.yaml');
  });
});
