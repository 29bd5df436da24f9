import { expect } from 'vitest';
import type { VersionScheme } from '../scheme.js';

/** Asserts that each version orders strictly before the next, both ways round. */
export function expectAscending(scheme: VersionScheme, versions: readonly string[]): void {
  for (let i = 0; i + 1 < versions.length; i++) {
    const a = versions[i]!;
    const b = versions[i + 1]!;
    expect(Math.sign(scheme.compare(a, b)), `${a} < ${b}`).toBe(-1);
    expect(Math.sign(scheme.compare(b, a)), `${b} > ${a}`).toBe(1);
  }
}

/** Asserts that every pair of versions orders as equal. */
export function expectEqual(scheme: VersionScheme, versions: readonly string[]): void {
  for (const a of versions) {
    for (const b of versions) expect(scheme.compare(a, b), `${a} == ${b}`).toBe(0);
  }
}
