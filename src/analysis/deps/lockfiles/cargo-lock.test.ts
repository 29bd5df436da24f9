import { describe, expect, it } from 'vitest';
import { cargoDevDependencies, parseCargoLock } from './cargo-lock.js';
import { dependency, expectInvalidLockfile, lineContaining, readFixture } from './test-support/fixtures.js';

describe('parseCargoLock', () => {
  const text = readFixture('cargo', 'Cargo.lock');

  it('reads Cargo.lock v4: the root crate is left out, a crate at two versions is two entries', () => {
    const result = parseCargoLock(text, 'Cargo.lock', readFixture('cargo', 'Cargo.toml'));
    expect(result.format).toBe('cargo-lock@4');
    expect(result.ecosystem).toBe('crates.io');
    expect(result.dependencies.map((d) => d.name)).not.toContain('orders-cli');
    expect(result.dependencies).toHaveLength(17);
    expect(dependency(result.dependencies, 'time', '0.3.5')).toMatchObject({ direct: true, paths: [['time']] });
    expect(dependency(result.dependencies, 'time', '0.1.43')).toMatchObject({
      direct: false,
      paths: [['chrono', 'time']],
      line: lineContaining(text, 'name = "time"\nversion = "0.1.43"') - 1,
    });
    expect(dependency(result.dependencies, 'assert_matches')).toMatchObject({ direct: true, dev: true });
    expect(dependency(result.dependencies, 'smallvec')).toMatchObject({ direct: true, dev: false });
  });

  it('counts everything as production without Cargo.toml', () => {
    const result = parseCargoLock(text, 'Cargo.lock');
    expect(result.dependencies.every((d) => !d.dev)).toBe(true);
  });

  it('skips git crates and reads the version 1 format with its [metadata] checksums', () => {
    const v1 = `[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde 1.0.130 (registry+https://github.com/rust-lang/crates.io-index)",
 "forked 0.2.0 (git+https://github.com/acme/forked#5c1e3f)",
]

[[package]]
name = "forked"
version = "0.2.0"
source = "git+https://github.com/acme/forked#5c1e3f"

[[package]]
name = "serde"
version = "1.0.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum serde 1.0.130 (registry+https://github.com/rust-lang/crates.io-index)" = "f12d06de37cf59146fbdecab66aa99f9fe4f78722e3607577a5375d66bd0c913"
`;
    const result = parseCargoLock(v1, 'Cargo.lock');
    expect(result.format).toBe('cargo-lock@1');
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'serde', version: '1.0.130', direct: true })]);
  });

  it('reads dev-dependencies from Cargo.toml, including per-target ones', () => {
    const toml = `[dependencies]
serde = "1"
[dev-dependencies]
proptest = "1"
serde = "1"
[target.'cfg(unix)'.dev-dependencies]
nix = "0.26"
`;
    expect([...cargoDevDependencies(toml)].sort()).toEqual(['nix', 'proptest']);
  });

  it('rejects TOML that is not a Cargo.lock', () => {
    expectInvalidLockfile(() => parseCargoLock('[package]\nname = "x"\n', 'Cargo.lock'), 'not a Cargo.lock');
  });
});
