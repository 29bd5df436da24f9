import { compareDigits, compareText, stripZeros } from './digits.js';
import type { VersionScheme } from './scheme.js';

/**
 * A Maven version as Maven's `ComparableVersion` reads it: a list of numbers, qualifiers and
 * sub-lists (a `-` or a digit/letter transition opens a sub-list). Every string is a version.
 */
export type MavenItem = { kind: 'int'; value: string } | { kind: 'string'; value: string } | MavenList;
export interface MavenList {
  kind: 'list';
  items: MavenItem[];
}

/** Well-known qualifiers in order; unknown ones sort after all of them, alphabetically. */
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

/** The sortable form of a qualifier: its rank for known ones, `7-<text>` for the rest. */
function comparableQualifier(qualifier: string): string {
  const index = QUALIFIERS.indexOf(qualifier);
  return index === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(index);
}

function stringItem(text: string, followedByDigit: boolean): MavenItem {
  let value = text;
  // `a1`, `b2`, `m3` are alpha-1, beta-2, milestone-3.
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function parseItem(isDigit: boolean, text: string): MavenItem {
  return isDigit ? { kind: 'int', value: stripZeros(text) } : stringItem(text, false);
}

function isNull(item: MavenItem): boolean {
  if (item.kind === 'int') return item.value === '0';
  if (item.kind === 'string') return comparableQualifier(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

/** Drops trailing null items (0, "", ga, final, empty lists): 1.0.0 is 1, 1-ga is 1. */
function normalize(list: MavenList): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i]!;
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The parser's position: the list being filled and where the current token started. */
interface ParseState {
  version: string;
  list: MavenList;
  stack: MavenList[];
  isDigit: boolean;
  start: number;
}

function openList(state: ParseState): void {
  const child: MavenList = { kind: 'list', items: [] };
  state.list.items.push(child);
  state.list = child;
  state.stack.push(child);
}

/** `.` ends a token; `-` ends it and opens a sub-list. An empty token is 0. */
function onSeparator(state: ParseState, i: number, dash: boolean): void {
  const { version, start } = state;
  state.list.items.push(i === start ? { kind: 'int', value: '0' } : parseItem(state.isDigit, version.slice(start, i)));
  state.start = i + 1;
  if (dash) openList(state);
}

/** A letter-to-digit transition ends a qualifier: `rc1` is rc-1, and the qualifier gets its own sub-list. */
function onDigit(state: ParseState, i: number): void {
  if (!state.isDigit && i > state.start) {
    // A qualifier always starts a sub-list, so `1.0.0.X1` and `1.0.0-X1` are the same version.
    if (state.list.items.length > 0) openList(state);
    state.list.items.push(stringItem(state.version.slice(state.start, i), true));
    state.start = i;
    openList(state);
  }
  state.isDigit = true;
}

/** A digit-to-letter transition ends a number: `1rc` is 1-rc. */
function onLetter(state: ParseState, i: number): void {
  if (state.isDigit && i > state.start) {
    state.list.items.push(parseItem(true, state.version.slice(state.start, i)));
    state.start = i;
    openList(state);
  }
  state.isDigit = false;
}

/** Parses any text into Maven's item tree (ComparableVersion.parseVersion). */
export function parseMavenVersion(text: string): MavenList {
  const version = text.trim().toLowerCase();
  const root: MavenList = { kind: 'list', items: [] };
  const state: ParseState = { version, list: root, stack: [root], isDigit: false, start: 0 };
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) onSeparator(state, i, c === 45);
    else if (isAsciiDigit(c)) onDigit(state, i);
    else onLetter(state, i);
  }
  if (version.length > state.start) {
    // A trailing qualifier also gets its own sub-list (`1.foo` is `1-foo`).
    if (!state.isDigit && state.list.items.length > 0) openList(state);
    state.list.items.push(parseItem(state.isDigit, version.slice(state.start)));
  }
  for (let i = state.stack.length - 1; i >= 0; i--) normalize(state.stack[i]!);
  return root;
}

/** Compares an item with a missing one (the shorter version's padding). */
function compareWithNull(item: MavenItem): number {
  if (item.kind === 'int') return item.value === '0' ? 0 : 1;
  if (item.kind === 'string') return compareText(comparableQualifier(item.value), RELEASE_INDEX);
  for (const child of item.items) {
    const order = compareWithNull(child);
    if (order !== 0) return order;
  }
  return 0;
}

/** Cross-kind order: an int outranks a list, which outranks a string. */
const KIND_RANK = { string: 0, list: 1, int: 2 } as const;

function compareItems(a: MavenItem | undefined, b: MavenItem | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareWithNull(b);
  if (b === undefined) return compareWithNull(a);
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  if (a.kind === 'int' && b.kind === 'int') return compareDigits(a.value, b.value);
  if (a.kind === 'string' && b.kind === 'string') {
    return compareText(comparableQualifier(a.value), comparableQualifier(b.value));
  }
  if (a.kind !== 'list' || b.kind !== 'list') return 0;
  const other = b.items;
  const n = Math.max(a.items.length, other.length);
  for (let i = 0; i < n; i++) {
    const order = compareItems(a.items[i], other[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Maven's version order: numbers naturally, qualifiers alpha < beta < milestone < rc = cr <
 * snapshot < "" = ga = final < sp < any other (alphabetically), `-` opening a sub-list.
 */
export function compareMaven(a: MavenList, b: MavenList): number {
  return compareItems(a, b);
}

/** Maven: ComparableVersion ordering; every string parses. */
export const mavenScheme: VersionScheme<MavenList> = {
  name: 'maven',
  parse: parseMavenVersion,
  compareParsed: compareMaven,
  compare: (a, b) => compareMaven(parseMavenVersion(a), parseMavenVersion(b)),
  display: (text) => text.trim(),
};
