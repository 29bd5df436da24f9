import { describe, expect, it } from 'vitest';
import { resolveModule } from './resolve-module.js';

const files = new Set([
  'src/server.js',
  'src/db.js',
  'src/routes/users.js',
  'src/services/index.ts',
  'src/services/mail.ts',
  'src/util/format.mjs',
  'lib/legacy.cjs',
  'index.js',
]);

describe('resolveModule', () => {
  it('resolves a sibling with and without its extension', () => {
    expect(resolveModule('src/server.js', './db', files)).toBe('src/db.js');
    expect(resolveModule('src/server.js', './db.js', files)).toBe('src/db.js');
  });

  it('resolves parent folders and folder index files', () => {
    expect(resolveModule('src/routes/users.js', '../db', files)).toBe('src/db.js');
    expect(resolveModule('src/routes/users.js', '../services', files)).toBe('src/services/index.ts');
    expect(resolveModule('src/services/mail.ts', '.', files)).toBe('src/services/index.ts');
    expect(resolveModule('src/routes/users.js', '../..', files)).toBe('index.js');
  });

  it('maps the compiled name TypeScript sources import by to the source file', () => {
    expect(resolveModule('src/services/index.ts', './mail.js', files)).toBe('src/services/mail.ts');
  });

  it('tries the module extensions', () => {
    expect(resolveModule('src/server.js', './util/format', files)).toBe('src/util/format.mjs');
    expect(resolveModule('src/server.js', '../lib/legacy', files)).toBe('lib/legacy.cjs');
  });

  it('ignores packages, built-ins and absolute specifiers', () => {
    expect(resolveModule('src/server.js', 'express', files)).toBeNull();
    expect(resolveModule('src/server.js', 'node:fs', files)).toBeNull();
    expect(resolveModule('src/server.js', '/etc/passwd', files)).toBeNull();
  });

  it('never leaves the scanned folder', () => {
    expect(resolveModule('src/server.js', '../../outside', files)).toBeNull();
    expect(resolveModule('index.js', '../index.js', files)).toBeNull();
  });

  it('returns null for a file that is not part of the scan', () => {
    expect(resolveModule('src/server.js', './missing', files)).toBeNull();
  });

  it('drops query strings some bundlers allow', () => {
    expect(resolveModule('src/server.js', './db.js?raw', files)).toBe('src/db.js');
  });
});
