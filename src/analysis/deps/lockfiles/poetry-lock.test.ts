import { describe, expect, it } from 'vitest';
import { parsePoetryLock } from './poetry-lock.js';
import { dependency, expectInvalidLockfile, lineContaining, readFixture } from './test-support/fixtures.js';

describe('parsePoetryLock', () => {
  const text = readFixture('poetry', 'poetry.lock');

  it('reads poetry.lock with pyproject.toml for the direct dependencies and groups', () => {
    const result = parsePoetryLock(text, 'poetry.lock', readFixture('poetry', 'pyproject.toml'));
    expect(result.format).toBe('poetry-lock@2.0');
    expect(result.ecosystem).toBe('PyPI');
    expect(result.warnings).toEqual([]);
    expect(result.dependencies).toHaveLength(13);
    expect(dependency(result.dependencies, 'requests')).toMatchObject({
      version: '2.25.1',
      direct: true,
      dev: false,
      line: lineContaining(text, 'name = "requests"') - 1,
    });
    // pyproject says PyYAML; PyPI and OSV know it as pyyaml.
    expect(dependency(result.dependencies, 'pyyaml')).toMatchObject({ direct: true, dev: false });
    expect(dependency(result.dependencies, 'urllib3')).toMatchObject({
      version: '1.26.4',
      direct: false,
      dev: false,
      paths: [['requests', 'urllib3']],
    });
    expect(dependency(result.dependencies, 'pytest')).toMatchObject({ direct: true, dev: true });
    expect(dependency(result.dependencies, 'tomli')).toMatchObject({ dev: true, paths: [['pytest', 'tomli']] });
  });

  it('uses lock-version 1.1 categories when there is no pyproject.toml', () => {
    const old = `[[package]]
name = "Jinja2"
version = "2.11.2"
description = "A very fast and expressive template engine."
category = "main"
optional = false
python-versions = ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*"

[package.dependencies]
MarkupSafe = ">=0.23"

[[package]]
name = "markupsafe"
version = "1.1.1"
description = "Safely add untrusted strings to HTML/XML markup."
category = "main"
optional = false
python-versions = ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*"

[[package]]
name = "mypy"
version = "0.790"
description = "Optional static typing for Python"
category = "dev"
optional = false
python-versions = ">=3.5"

[[package]]
name = "my-lib"
version = "0.1.0"
description = "A sibling package"
category = "main"
optional = false
python-versions = "^3.8"
develop = true

[package.source]
type = "directory"
url = "../my-lib"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "0c8f8a3c"
`;
    const result = parsePoetryLock(old, 'poetry.lock');
    expect(result.format).toBe('poetry-lock@1.1');
    expect(result.warnings).toEqual([expect.stringContaining('No readable pyproject.toml')]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual([
      'jinja2@2.11.2',
      'markupsafe@1.1.1',
      'mypy@0.790',
    ]);
    expect(dependency(result.dependencies, 'jinja2')).toMatchObject({ direct: true, dev: false });
    expect(dependency(result.dependencies, 'markupsafe')).toMatchObject({
      direct: false,
      paths: [['jinja2', 'markupsafe']],
    });
    expect(dependency(result.dependencies, 'mypy')).toMatchObject({ direct: true, dev: true });
  });

  it('reads PEP 621 dependencies and poetry 2 groups', () => {
    const lock = `[[package]]
name = "httpx"
version = "0.27.0"
description = "The next generation HTTP client."
optional = false
python-versions = ">=3.8"
groups = ["main"]
files = []

[[package]]
name = "ruff"
version = "0.4.4"
description = "An extremely fast Python linter and code formatter, written in Rust."
optional = false
python-versions = ">=3.7"
groups = ["dev"]
files = []

[metadata]
lock-version = "2.1"
python-versions = ">=3.10"
content-hash = "9a1f"
`;
    const pyproject = `[project]
name = "svc"
version = "1.0.0"
dependencies = ["httpx (>=0.27,<0.28)"]

[tool.poetry.group.dev.dependencies]
ruff = "^0.4"
`;
    const result = parsePoetryLock(lock, 'poetry.lock', pyproject);
    expect(dependency(result.dependencies, 'httpx')).toMatchObject({ direct: true, dev: false });
    expect(dependency(result.dependencies, 'ruff')).toMatchObject({ direct: true, dev: true });
  });

  it('rejects TOML that does not parse', () => {
    expectInvalidLockfile(() => parsePoetryLock('[[package]\nname = "x"\n', 'poetry.lock'), 'not valid TOML');
    expectInvalidLockfile(() => parsePoetryLock('title = "x"\n', 'poetry.lock'), 'not a poetry.lock');
  });
});
