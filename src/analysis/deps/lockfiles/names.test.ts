import { describe, expect, it } from 'vitest';
import { lockfileKind, PARSED_LOCKFILE_NAMES } from './detect.js';
import { isLockfileName, isLockfilePath, LOCKFILE_NAMES } from './names.js';

describe('lockfile names', () => {
  it('are exactly the names that have a parser', () => {
    expect([...LOCKFILE_NAMES].sort()).toEqual([...PARSED_LOCKFILE_NAMES].sort());
  });

  it.each([
    'package-lock.json',
    'web/npm-shrinkwrap.json',
    'api/poetry.lock',
    'requirements.txt',
    'requirements-dev.txt',
    'requirements_test.txt',
    'requirements/base.txt',
    'deep/requirements/prod.txt',
    'REQUIREMENTS.TXT',
    'requirements.in',
    'notes.txt',
    'LICENSE.txt',
    'package.json',
    'go.sum',
    'Cargo.toml',
    'src/app.js',
  ])('%s is a lockfile path exactly when detect.ts has a parser for it', (file) => {
    expect(isLockfilePath(file)).toBe(lockfileKind(file) !== undefined);
  });

  it('accepts in discovery every name that may be a lockfile', () => {
    for (const name of LOCKFILE_NAMES) expect(isLockfileName(name)).toBe(true);
    expect(isLockfileName('base.txt')).toBe(true);
    expect(isLockfileName('package.json')).toBe(false);
    expect(isLockfileName('index.js')).toBe(false);
  });
});
