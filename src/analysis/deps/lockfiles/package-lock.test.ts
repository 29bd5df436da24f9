import { describe, expect, it } from 'vitest';
import { parsePackageLock } from './package-lock.js';
import {
  dependency,
  expectInvalidLockfile,
  expectOrdersApi,
  lineContaining,
  readFixture,
} from './test-support/fixtures.js';

describe('parsePackageLock', () => {
  it.each([
    ['npm-v1', 'package-lock.json', 'package-lock@1'],
    ['npm-v2', 'package-lock.json', 'package-lock@2'],
    ['npm-v3', 'package-lock.json', 'package-lock@3'],
    ['npm-shrinkwrap', 'npm-shrinkwrap.json', 'npm-shrinkwrap@3'],
  ])('reads the lockfile npm wrote in %s', (folder, name, format) => {
    const text = readFixture(folder, name);
    const result = parsePackageLock(text, name, readFixture(folder, 'package.json'));
    expect(result.format).toBe(format);
    expectOrdersApi(result, text);
    // npm deduplicates http-errors to one version for body-parser and send.
    expect(dependency(result.dependencies, 'http-errors').paths).toEqual([
      ['express', 'body-parser', 'http-errors'],
      ['express', 'send', 'http-errors'],
    ]);
    expect(result.dependencies).toHaveLength(56);
  });

  it('reads a v3 lockfile without package.json: the root entry lists the direct dependencies', () => {
    const text = readFixture('npm-v3', 'package-lock.json');
    expectOrdersApi(parsePackageLock(text, 'package-lock.json'), text);
  });

  it('infers direct dependencies of a v1 lockfile without package.json, with its dev flags', () => {
    const result = parsePackageLock(readFixture('npm-v1', 'package-lock.json'), 'package-lock.json');
    expect(result.warnings).toEqual([expect.stringContaining('No readable package.json')]);
    expect(dependency(result.dependencies, 'express')).toMatchObject({ direct: true, dev: false });
    expect(dependency(result.dependencies, 'optimist')).toMatchObject({ direct: true, dev: true });
    expect(dependency(result.dependencies, 'qs')).toMatchObject({ direct: false, paths: [['express', 'qs']] });
  });

  it('reports an npm alias under the real package name and skips workspace links and git dependencies', () => {
    const lock = {
      name: 'web',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'web', workspaces: ['packages/*'], dependencies: { 'old-lodash': 'npm:lodash@4.17.15' } },
        'node_modules/old-lodash': { name: 'lodash', version: '4.17.15' },
        'node_modules/ui': { resolved: 'packages/ui', link: true },
        'node_modules/forked': { version: '1.0.0', resolved: 'git+ssh://git@github.com/acme/forked.git#abc' },
        'node_modules/tarball': { version: 'file:vendor/tarball-1.0.0.tgz' },
        'packages/ui': { name: 'ui', version: '0.1.0', devDependencies: { minimist: '^1.2.0' } },
        'packages/ui/node_modules/minimist': { version: '1.2.0', dev: true },
      },
    };
    const text = JSON.stringify(lock, null, 2);
    const result = parsePackageLock(text, 'package-lock.json');
    const names = result.dependencies.map((d) => `${d.name}@${d.version}`);
    expect(names).toEqual(['lodash@4.17.15', 'minimist@1.2.0']);
    expect(dependency(result.dependencies, 'lodash')).toMatchObject({
      direct: true,
      dev: false,
      line: lineContaining(text, '"node_modules/old-lodash"'),
    });
    expect(dependency(result.dependencies, 'minimist')).toMatchObject({ direct: true, dev: true });
  });

  it('warns about an entry without a version and keeps the others', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1', b: '1' } },
        'node_modules/a': {},
        'node_modules/b': { version: '1.0.0' },
      },
    };
    const result = parsePackageLock(JSON.stringify(lock), 'package-lock.json');
    expect(result.warnings).toEqual(['node_modules/a: no version; not checked.']);
    expect(result.dependencies.map((d) => d.name)).toEqual(['b']);
  });

  it.each([
    ['{ "lockfileVersion": 3, "packages": {', 'not valid JSON'],
    ['[1, 2]', 'expected a JSON object'],
    ['{ "name": "x" }', 'not a package-lock.json'],
  ])('rejects %s with ECTUS_LOCKFILE_INVALID', (text, message) => {
    expectInvalidLockfile(() => parsePackageLock(text, 'package-lock.json'), message);
  });
});
