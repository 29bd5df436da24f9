import { describe, expect, it } from 'vitest';
import { ecosystemOf, ecosystemSlug, normalizePackageName } from './names.js';

describe('package names', () => {
  it('normalises PyPI names as PEP 503 does', () => {
    expect(normalizePackageName('PyPI', 'Jinja2')).toBe('jinja2');
    expect(normalizePackageName('PyPI', 'Flask_SQLAlchemy')).toBe('flask-sqlalchemy');
    expect(normalizePackageName('PyPI', 'zope.interface')).toBe('zope-interface');
    expect(normalizePackageName('PyPI', 'a-_.b')).toBe('a-b');
  });

  it('keeps npm, Go, crates and Maven names as written (case matters there)', () => {
    expect(normalizePackageName('npm', 'JSONStream')).toBe('JSONStream');
    expect(normalizePackageName('npm', '@babel/core')).toBe('@babel/core');
    expect(normalizePackageName('Go', 'github.com/BurntSushi/toml')).toBe('github.com/BurntSushi/toml');
    expect(normalizePackageName('crates.io', 'serde_json')).toBe('serde_json');
    expect(normalizePackageName('Maven', ' org.apache.logging.log4j:log4j-core ')).toBe(
      'org.apache.logging.log4j:log4j-core',
    );
  });

  it('maps OSV ecosystem names, variants included, and leaves others out', () => {
    expect(ecosystemOf('npm')).toBe('npm');
    expect(ecosystemOf('crates.io')).toBe('crates.io');
    expect(ecosystemOf('Maven:https://repo1.maven.org/maven2/')).toBe('Maven');
    expect(ecosystemOf('Debian:12')).toBeNull();
    expect(ecosystemOf('pypi')).toBeNull();
    expect(ecosystemSlug('crates.io')).toBe('crates-io');
  });
});
