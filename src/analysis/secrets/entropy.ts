/**
 * Shannon entropy of a string in bits per character: about 5.2 for random base62 of 36 characters,
 * 4 or less for hex, 2-3 for words and repeated patterns.
 */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Share of neighbouring characters that step by one: `abcdef`, `123456`, `ZYXW` score near 1. */
function sequenceShare(text: string): number {
  if (text.length < 2) return 0;
  let steps = 0;
  for (let i = 1; i < text.length; i++) {
    const delta = text.charCodeAt(i) - text.charCodeAt(i - 1);
    if (delta === 1 || delta === -1) steps++;
  }
  return steps / (text.length - 1);
}

/** True when the text repeats a unit of at most a third of its length: `abc123abc123abc123`. */
function isPeriodic(text: string): boolean {
  const limit = Math.floor(text.length / 3);
  for (let period = 1; period <= limit; period++) {
    if (text.slice(period) === text.slice(0, text.length - period)) return true;
  }
  return false;
}

/** The longest run of one repeated character. */
function longestRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = i > 0 && text.charCodeAt(i) === text.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Entropy a random string over `alphabetSize` symbols of this length reaches with near certainty,
 * less a margin: a string far below it was typed by a person (`abcdefabcdef`, `1111aaaa`).
 */
function expectedEntropy(length: number, alphabetSize: number): number {
  // The entropy of n samples over k symbols is at most log2(min(n, k)); random draws stay above three quarters of it.
  return 0.75 * Math.log2(Math.min(length, alphabetSize));
}

/**
 * True when the random part of a token looks machine-generated: enough entropy for its length and
 * alphabet, no long runs, no counting sequences, no repeated unit. Placeholders such as
 * `xxxxxxxx`, `1234567890abcdef...` or `abcabcabc...` fail.
 *
 * @example
 * looksRandom('Zq3mR8vT1kLw9xYp2bN7cF4h', 62) // true
 * looksRandom('abcdefghijklmnopqrstuvwx', 62) // false
 */
export function looksRandom(text: string, alphabetSize = 62): boolean {
  // Below a dozen characters any string of distinct letters would pass; no key is that short.
  if (text.length < 12) return false;
  if (longestRun(text) > Math.max(4, text.length / 8)) return false;
  if (sequenceShare(text) > 0.35) return false;
  if (isPeriodic(text)) return false;
  return shannonEntropy(text) >= expectedEntropy(text.length, alphabetSize);
}
