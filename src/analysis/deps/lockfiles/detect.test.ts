import { describe, expect, it } from 'vitest';
import { isLockfileName, lockfileKind, supersededBy } from './detect.js';
import { readFixture } from './test-support/fixtures.js';

describe('lockfileKind', () => {
  it.each([
    ['package-lock.json', 'package-lock'],
    ['web/npm-shrinkwrap.json', 'package-lock'],
    ['pnpm-lock.yaml', 'pnpm-lock'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun-lock'],
    ['api/poetry.lock', 'poetry-lock'],
    ['Pipfile.lock', 'pipfile-lock'],
    ['uv.lock', 'uv-lock'],
    ['go.mod', 'go-mod'],
    ['Cargo.lock', 'cargo-lock'],
    ['pom.xml', 'pom-xml'],
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['requirements_test.txt', 'requirements'],
    ['requirements/base.txt', 'requirements'],
  ])('%s is read as %s', (path, id) => {
    expect(lockfileKind(path)?.id).toBe(id);
  });

  it.each(['requirements.in', 'notes.txt', 'package.json', 'go.sum', 'bun.lockb', 'Cargo.toml'])(
    '%s is not a lockfile of its own',
    (path) => {
      expect(lockfileKind(path)).toBeUndefined();
    },
  );

  it('tells yarn berry from yarn classic by content', () => {
    const berry = lockfileKind('yarn.lock')?.parse(readFixture('yarn-berry', 'yarn.lock'), 'yarn.lock', undefined);
    const classic = lockfileKind('yarn.lock')?.parse(readFixture('yarn-classic', 'yarn.lock'), 'yarn.lock', undefined);
    expect(berry?.format).toBe('yarn-berry@10');
    expect(classic?.format).toBe('yarn-classic');
  });

  it('knows the names discovery should list, and that npm prefers npm-shrinkwrap.json', () => {
    expect(isLockfileName('Cargo.lock')).toBe(true);
    expect(isLockfileName('index.ts')).toBe(false);
    expect(supersededBy('app/package-lock.json')).toBe('npm-shrinkwrap.json');
    expect(supersededBy('yarn.lock')).toBeUndefined();
  });
});
