import { describe, expect, it } from 'vitest';
import { dependency, expectInvalidLockfile, expectOrdersApi, readFixture } from './test-support/fixtures.js';
import { parseYarnBerryLock } from './yarn-berry.js';

describe('parseYarnBerryLock', () => {
  it('reads the lockfile yarn 4 wrote; package.json tells dev dependencies apart', () => {
    const text = readFixture('yarn-berry', 'yarn.lock');
    const result = parseYarnBerryLock(text, 'yarn.lock', readFixture('yarn-berry', 'package.json'));
    expect(result.format).toBe('yarn-berry@10');
    expectOrdersApi(result, text);
    expect(result.dependencies).toHaveLength(58);
  });

  it('without package.json, still knows the direct dependencies from the workspace entry', () => {
    const result = parseYarnBerryLock(readFixture('yarn-berry', 'yarn.lock'), 'yarn.lock');
    expect(dependency(result.dependencies, 'optimist')).toMatchObject({ direct: true, dev: false });
    expect(dependency(result.dependencies, 'minimist', '0.0.10').paths).toEqual([['optimist', 'minimist']]);
  });

  it('reads older berry lockfiles whose ranges lack the npm: protocol, and patched packages', () => {
    const text = `__metadata:
  version: 4
  cacheKey: 8

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    resolve: ^1.20.0
  languageName: unknown
  linkType: soft

"resolve@npm:^1.20.0":
  version: 1.22.1
  resolution: "resolve@npm:1.22.1"
  dependencies:
    is-core-module: ^2.9.0
  languageName: node
  linkType: hard

"resolve@patch:resolve@^1.20.0#~builtin<compat/resolve>":
  version: 1.22.1
  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=07638b"
  dependencies:
    is-core-module: ^2.9.0
  languageName: node
  linkType: hard

"is-core-module@npm:^2.9.0":
  version: 2.11.0
  resolution: "is-core-module@npm:2.11.0"
  languageName: node
  linkType: hard

"left-pad@https://example.com/left-pad-1.3.0.tgz":
  version: 1.3.0
  resolution: "left-pad@https://example.com/left-pad-1.3.0.tgz"
  languageName: node
  linkType: hard
`;
    const result = parseYarnBerryLock(text, 'yarn.lock');
    expect(result.format).toBe('yarn-berry@4');
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual([
      'is-core-module@2.11.0',
      'resolve@1.22.1',
    ]);
    expect(dependency(result.dependencies, 'resolve')).toMatchObject({ direct: true, line: 13 });
    expect(dependency(result.dependencies, 'is-core-module').paths).toEqual([['resolve', 'is-core-module']]);
  });

  it('rejects a YAML file without __metadata', () => {
    expectInvalidLockfile(() => parseYarnBerryLock('lockfileVersion: 9\n', 'yarn.lock'), 'no __metadata');
  });
});
