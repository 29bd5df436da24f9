import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isAppError } from '../../../../errors.js';
import type { Dependency, LockfileResult } from '../../model.js';

/** The folder of the lockfile fixtures (real lockfiles of one small project; see fixtures/README.md). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function readFixture(folder: string, file: string): string {
  return readFileSync(new URL(`../fixtures/${folder}/${file}`, import.meta.url), 'utf8');
}

/** The dependency of that name (and version, when given); fails the test when absent. */
export function dependency(deps: readonly Dependency[], name: string, version?: string): Dependency {
  const found = deps.find((d) => d.name === name && (version === undefined || d.version === version));
  if (!found) throw new Error(`${name}${version ? `@${version}` : ''} not found`);
  return found;
}

/** The line of `text` (1-based) that contains `needle` first. */
export function lineContaining(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`"${needle}" not in text`);
  return text.slice(0, index).split('\n').length;
}

/**
 * What every npm-family fixture (the same small project locked by npm, pnpm, yarn and bun) must
 * yield: express, lodash and minimist for production, optimist and @sindresorhus/is for
 * development, and minimist twice: 1.2.5 directly and 0.0.10 under optimist.
 */
export function expectOrdersApi(result: LockfileResult, text: string): void {
  const deps = result.dependencies;
  expect(result.ecosystem).toBe('npm');
  expect(result.warnings).toEqual([]);
  for (const name of ['express', 'lodash', 'minimist']) {
    expect(dependency(deps, name, name === 'minimist' ? '1.2.5' : undefined)).toMatchObject({
      direct: true,
      dev: false,
      paths: [[name]],
    });
  }
  expect(dependency(deps, 'express').version).toBe('4.17.1');
  expect(dependency(deps, 'lodash').version).toBe('4.17.20');
  expect(dependency(deps, '@sindresorhus/is', '4.0.0')).toMatchObject({ direct: true, dev: true });
  expect(dependency(deps, 'optimist', '0.6.1')).toMatchObject({ direct: true, dev: true });
  expect(dependency(deps, 'minimist', '0.0.10')).toMatchObject({
    direct: false,
    dev: true,
    paths: [['optimist', 'minimist']],
  });
  expect(dependency(deps, 'wordwrap')).toMatchObject({ direct: false, dev: true, paths: [['optimist', 'wordwrap']] });
  expect(dependency(deps, 'qs', '6.7.0')).toMatchObject({ direct: false, dev: false, paths: [['express', 'qs']] });
  expect(dependency(deps, 'ms', '2.0.0').paths).toEqual([['express', 'debug', 'ms']]);
  expect(dependency(deps, 'optimist').dependsOn).toEqual(['minimist@0.0.10', 'wordwrap@0.0.3']);
  expect(dependency(deps, 'express').dependsOn).toContain('qs@6.7.0');
  const lines = text.split('\n');
  for (const dep of deps) {
    expect(dep.file).toBe(result.file);
    expect(dep.line, `${dep.name}@${dep.version}`).toBeGreaterThan(0);
    expect(lines[(dep.line ?? 0) - 1], `${dep.name}@${dep.version}`).toContain(dep.name);
  }
}

/** Runs `parse` and checks it throws ECTUS_LOCKFILE_INVALID with a message containing `message`. */
export function expectInvalidLockfile(parse: () => unknown, message: string): void {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  expect(isAppError(caught) ? caught.code : caught).toBe('ECTUS_LOCKFILE_INVALID');
  expect((caught as Error).message).toContain(message);
}
