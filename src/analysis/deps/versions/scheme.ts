import { compareText } from './digits.js';

/**
 * One ecosystem's version ordering. `parse` returns null for text the scheme cannot order;
 * matching parses each version once and compares the parsed forms.
 *
 * @example
 * const scheme = VERSION_SCHEMES.PyPI;
 * scheme.compare('1.0.post1', '1.0'); // 1
 */
export interface VersionScheme<P = unknown> {
  /** The ordering's name, for messages (`semver`, `pep440`, ...). */
  readonly name: string;
  parse(text: string): P | null;
  /** Negative, zero or positive as `a` orders before, with or after `b`. */
  compareParsed(a: P, b: P): number;
  /**
   * Orders two version strings. Text the scheme cannot parse sorts before every valid version
   * and, among itself, by plain string order, so sorting never throws.
   */
  compare(a: string, b: string): number;
  /** The version as the ecosystem writes it (Go adds its `v`); the input when it does not parse. */
  display(text: string): string;
}

/** Builds `compare` from `parse` and `compareParsed` with the invalid-text rule above. */
export function compareWith<P>(parse: (text: string) => P | null, compareParsed: (a: P, b: P) => number) {
  return (a: string, b: string): number => {
    const x = parse(a);
    const y = parse(b);
    if (x === null || y === null) {
      if (x === null && y === null) return compareText(a, b);
      return x === null ? -1 : 1;
    }
    return compareParsed(x, y);
  };
}
