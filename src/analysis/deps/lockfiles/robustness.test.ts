import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../errors.js';
import { parseLockfile } from './index.js';
import { readFixture } from './test-support/fixtures.js';

/** Every fixture, by the name it is read under and its companion manifest. */
const CASES: [folder: string, file: string, companion?: string][] = [
  ['npm-v1', 'package-lock.json', 'package.json'],
  ['npm-v3', 'package-lock.json'],
  ['pnpm-v9', 'pnpm-lock.yaml'],
  ['pnpm-v5', 'pnpm-lock.yaml'],
  ['yarn-classic', 'yarn.lock', 'package.json'],
  ['yarn-berry', 'yarn.lock', 'package.json'],
  ['bun', 'bun.lock'],
  ['poetry', 'poetry.lock', 'pyproject.toml'],
  ['pipenv', 'Pipfile.lock', 'Pipfile'],
  ['uv', 'uv.lock'],
  ['requirements', 'requirements.txt'],
  ['go', 'go.mod', 'go.sum'],
  ['cargo', 'Cargo.lock', 'Cargo.toml'],
  ['maven', 'pom.xml'],
];

/** A small deterministic generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Damaged copies of a text: cut short, bytes dropped, lines swapped, brackets and quotes inserted. */
function damaged(text: string, seed: number): string[] {
  const next = random(seed);
  const at = () => Math.floor(next() * text.length);
  const lines = text.split('\n');
  const swap = [...lines];
  const [i, j] = [Math.floor(next() * lines.length), Math.floor(next() * lines.length)];
  [swap[i], swap[j]] = [swap[j] as string, swap[i] as string];
  const out = [text.slice(0, at()), swap.join('\n'), text.replaceAll('\n', '')];
  for (const insert of ['{', '[', '"', "'", ':', '\u0000', '<', '(']) {
    const p = at();
    out.push(text.slice(0, p) + insert + text.slice(p));
  }
  for (let k = 0; k < 5; k++) {
    const p = at();
    out.push(text.slice(0, p) + text.slice(p + 1 + Math.floor(next() * 40)));
  }
  return out;
}

describe('lockfile parsers on damaged input', () => {
  it.each(CASES)('%s/%s: every damaged copy parses or fails with ECTUS_LOCKFILE_INVALID', (folder, file, companion) => {
    const text = readFixture(folder, file);
    const manifest = companion ? readFixture(folder, companion) : undefined;
    for (const [index, variant] of damaged(text, folder.length * 7919 + file.length).entries()) {
      try {
        const result = parseLockfile(file, variant, manifest);
        expect(result?.file).toBe(file);
      } catch (error) {
        expect(isAppError(error) ? error.code : error, `variant ${index}`).toBe('ECTUS_LOCKFILE_INVALID');
      }
    }
  });

  it('a damaged manifest beside a lockfile is ignored, not fatal', () => {
    const text = readFixture('npm-v1', 'package-lock.json');
    const result = parseLockfile('package-lock.json', text, '{ "dependencies": ');
    expect(result?.warnings).toEqual([expect.stringContaining('No readable package.json')]);
  });
});
