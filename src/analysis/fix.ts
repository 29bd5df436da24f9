import type { Fix } from './types.js';

export interface FixOutcome {
  text: string;
  applied: number;
  /** Fixes left out because they overlapped one applied earlier. */
  skipped: number;
}

/**
 * Applies fixes to a text. Each finding's fixes apply all together or not at all; a group that
 * overlaps a group already taken is skipped (a later scan offers it again).
 */
export function applyFixes(text: string, groups: readonly (readonly Fix[])[]): FixOutcome {
  const taken: Fix[] = [];
  let skipped = 0;
  const sorted = [...groups].filter((g) => g.length > 0).sort((a, b) => firstStart(a) - firstStart(b));
  for (const group of sorted) {
    const overlaps = group.some((fix) => taken.some((t) => fix.range[0] < t.range[1] && t.range[0] < fix.range[1]));
    const invalid = group.some((fix) => fix.range[0] < 0 || fix.range[1] > text.length || fix.range[0] > fix.range[1]);
    if (overlaps || invalid) {
      skipped++;
      continue;
    }
    taken.push(...group);
  }
  taken.sort((a, b) => b.range[0] - a.range[0]);
  let result = text;
  for (const fix of taken) result = result.slice(0, fix.range[0]) + fix.text + result.slice(fix.range[1]);
  return { text: result, applied: sorted.length - skipped, skipped };
}

function firstStart(group: readonly Fix[]): number {
  return Math.min(...group.map((f) => f.range[0]));
}
