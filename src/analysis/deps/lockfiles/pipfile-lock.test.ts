import { describe, expect, it } from 'vitest';
import { parsePipfileLock, readPipfile } from './pipfile-lock.js';
import { dependency, expectInvalidLockfile, lineContaining, readFixture } from './test-support/fixtures.js';

describe('parsePipfileLock', () => {
  const text = readFixture('pipenv', 'Pipfile.lock');

  it('reads default and develop sections, with the Pipfile for direct dependencies', () => {
    const result = parsePipfileLock(text, 'Pipfile.lock', readFixture('pipenv', 'Pipfile'));
    expect(result.format).toBe('pipfile-lock@6');
    expect(result.dependencies).toHaveLength(10);
    expect(dependency(result.dependencies, 'requests')).toMatchObject({
      version: '2.25.1',
      direct: true,
      dev: false,
      paths: [['requests']],
      line: lineContaining(text, '"requests": {'),
    });
    // Pipfile.lock has no graph: a transitive package has no known path.
    expect(dependency(result.dependencies, 'urllib3')).toMatchObject({ direct: false, dev: false, paths: [] });
    expect(dependency(result.dependencies, 'pytest')).toMatchObject({ direct: true, dev: true });
    expect(dependency(result.dependencies, 'pluggy')).toMatchObject({ direct: false, dev: true });
  });

  it('counts every package as direct without a Pipfile, and skips git and unpinned entries', () => {
    const lock = JSON.stringify({
      _meta: { 'pipfile-spec': 6 },
      default: {
        django: { version: '==3.2.4' },
        tools: { git: 'https://github.com/acme/tools.git', ref: 'abc123' },
        loose: { version: '*' },
      },
      develop: { django: { version: '==3.2.4' } },
    });
    const result = parsePipfileLock(lock, 'Pipfile.lock');
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'django', direct: true, dev: false })]);
    expect(result.warnings).toEqual(['loose: version "*" is not pinned; not checked.']);
  });

  it('reads Pipfile package names normalised', () => {
    expect(readPipfile('[packages]\nFlask_SQLAlchemy = "*"\n[dev-packages]\npytest = "*"\n')).toEqual({
      production: new Set(['flask-sqlalchemy']),
      dev: new Set(['pytest']),
    });
    expect(readPipfile('[packages\n')).toBeUndefined();
  });

  it('rejects JSON that is not a Pipfile.lock', () => {
    expectInvalidLockfile(() => parsePipfileLock('{"packages": {}}', 'Pipfile.lock'), 'not a Pipfile.lock');
  });
});
