import { describe, expect, it } from 'vitest';
import { parseBunLock } from './bun-lock.js';
import { dependency, expectInvalidLockfile, expectOrdersApi, readFixture } from './test-support/fixtures.js';

describe('parseBunLock', () => {
  it('reads the text lockfile bun wrote (JSONC with trailing commas)', () => {
    const text = readFixture('bun', 'bun.lock');
    const result = parseBunLock(text, 'bun.lock');
    expect(result.format).toBe('bun-lock@2');
    expectOrdersApi(result, text);
    expect(result.dependencies).toHaveLength(56);
  });

  it('resolves nested copies, scoped names and workspace packages', () => {
    const text = `{
  // bun writes no comments, but JSONC allows them
  "lockfileVersion": 1,
  "workspaces": {
    "": { "name": "app", "dependencies": { "@acme/ui": "workspace:*", "debug": "^4.3.4" } },
    "packages/ui": { "name": "@acme/ui", "dependencies": { "debug": "^2.6.9" } },
  },
  "packages": {
    "@acme/ui": ["@acme/ui@workspace:packages/ui"],
    "debug": ["debug@4.3.4", "", { "dependencies": { "ms": "2.1.2" } }, "sha512-a"],
    "ms": ["ms@2.1.2", "", {}, "sha512-b"],
    "@acme/ui/debug": ["debug@2.6.9", "", { "dependencies": { "ms": "2.0.0" } }, "sha512-c"],
    "@acme/ui/debug/ms": ["ms@2.0.0", "", {}, "sha512-d"],
  },
}`;
    const result = parseBunLock(text, 'bun.lock');
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual([
      'debug@2.6.9',
      'debug@4.3.4',
      'ms@2.0.0',
      'ms@2.1.2',
    ]);
    expect(dependency(result.dependencies, 'ms', '2.0.0')).toMatchObject({ paths: [['debug', 'ms']], line: 13 });
    expect(dependency(result.dependencies, 'debug', '2.6.9')).toMatchObject({ direct: true });
  });

  it('rejects malformed JSONC and a document without packages', () => {
    expectInvalidLockfile(() => parseBunLock('{ "packages": { "a": [1,, ] } }', 'bun.lock'), 'not valid JSON');
    expectInvalidLockfile(() => parseBunLock('{ "lockfileVersion": 1 }', 'bun.lock'), 'no "packages"');
  });
});
