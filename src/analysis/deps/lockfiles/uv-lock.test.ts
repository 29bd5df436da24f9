import { describe, expect, it } from 'vitest';
import { dependency, expectInvalidLockfile, lineContaining, readFixture } from './test-support/fixtures.js';
import { parseUvLock } from './uv-lock.js';

describe('parseUvLock', () => {
  it('reads uv.lock: the virtual project gives direct and dev dependencies, packages give the graph', () => {
    const text = readFixture('uv', 'uv.lock');
    const result = parseUvLock(text, 'uv.lock');
    expect(result.format).toBe('uv-lock@1');
    expect(result.dependencies.map((d) => d.name)).not.toContain('orders-service');
    expect(result.dependencies).toHaveLength(11);
    expect(dependency(result.dependencies, 'requests')).toMatchObject({
      direct: true,
      dev: false,
      line: lineContaining(text, '[[package]]\nname = "requests"'),
    });
    expect(dependency(result.dependencies, 'urllib3')).toMatchObject({
      direct: false,
      paths: [['requests', 'urllib3']],
    });
    expect(dependency(result.dependencies, 'pytest')).toMatchObject({ direct: true, dev: true });
    expect(dependency(result.dependencies, 'colorama')).toMatchObject({ dev: true, paths: [['pytest', 'colorama']] });
  });

  it('tells apart one name locked at two versions, and skips git and path sources', () => {
    const text = `version = 1
requires-python = ">=3.9"
resolution-markers = [
    "python_full_version >= '3.10'",
    "python_full_version < '3.10'",
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.10'" },
    { name = "numpy", version = "2.0.2", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.10'" },
    { name = "internal-tools" },
]

[[package]]
name = "internal-tools"
version = "0.3.0"
source = { git = "https://github.com/acme/internal-tools?rev=v0.3.0#4f1c2e" }

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "2.0.2"
source = { registry = "https://pypi.org/simple" }
`;
    const result = parseUvLock(text, 'uv.lock');
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.direct}`)).toEqual([
      'numpy@1.26.4 true',
      'numpy@2.0.2 true',
    ]);
  });

  it('rejects TOML that is not a uv.lock', () => {
    expectInvalidLockfile(() => parseUvLock('name = "x"\n', 'uv.lock'), 'not a uv.lock');
  });
});
