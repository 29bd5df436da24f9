import { describe, expect, it } from 'vitest';
import { buildNfa, type Nfa, type NfaEdge, NfaTooLarge } from './nfa.js';
import { parseRegex } from './parse.js';

function nfaOf(source: string, flags = ''): Nfa {
  const parsed = parseRegex(source, flags);
  if (!parsed) throw new Error(`unparsed: /${source}/${flags}`);
  return buildNfa(parsed);
}

/** The edges between the positions reading the given pattern offsets. */
function edgesBetween(nfa: Nfa, fromOffset: number, toOffset: number): NfaEdge[] {
  const at = (offset: number) => nfa.states.filter((s) => s.node?.start === offset).map((s) => s.id);
  const targets = new Set(at(toOffset));
  return nfa.states.filter((s) => at(fromOffset).includes(s.id)).flatMap((s) => s.out.filter((e) => targets.has(e.to)));
}

describe('buildNfa', () => {
  it('has an initial state, a restart state for searches, and one state per character position', () => {
    const nfa = nfaOf('ab|c');
    expect(nfa.states.map((s) => s.kind)).toEqual(['initial', 'restart', 'position', 'position', 'position']);
    expect(nfaOf('ab', 'y').restart).toBe(-1);
  });

  it('counts two epsilon paths into the same state as ambiguity: (a*)* but not (a?)*', () => {
    const [nested] = edgesBetween(nfaOf('(a*)*'), 1, 1);
    expect(nested?.multi.toString()).toBe('[a]');
    const [optional] = edgesBetween(nfaOf('(a?)*'), 1, 1);
    expect(optional?.multi.isEmpty).toBe(true);
    expect(optional?.label.toString()).toBe('[a]');
  });

  it('does not let an empty iteration of a loop lead anywhere', () => {
    // From `b`, (a|b?)* may start a new iteration only to read `a` or `b`, never to end empty.
    const nfa = nfaOf('^(?:a|b?)*$');
    const b = nfa.states.find((s) => s.node?.start === 6);
    expect(b?.out.every((e) => e.multi.isEmpty)).toBe(true);
  });

  it('reports the outermost loop an edge goes around', () => {
    const nfa = nfaOf('(a+)+');
    const [edge] = edgesBetween(nfa, 1, 1);
    expect(nfa.guards[edge?.backGuard ?? -1]?.quantifier).toMatchObject({ start: 0, end: 5 });
  });

  it('turns $ and simple lookaheads into conditions on what follows', () => {
    const nfa = nfaOf('a$');
    expect(nfa.states[2]?.accepts).toEqual([expect.objectContaining({ end: true })]);
    expect(nfa.states[2]?.accepts[0]?.chars.isEmpty).toBe(true);
    const [edge] = edgesBetween(nfaOf('\\w(?=\\d)\\w'), 0, 8);
    expect(edge?.label.toString()).toBe('[0-9]');
  });

  it('resolves \\b, ^ with m, and one-character lookbehinds from the character just read', () => {
    expect(edgesBetween(nfaOf('a\\bb'), 0, 3)).toEqual([]);
    expect(edgesBetween(nfaOf('a\\b-'), 0, 3)).toHaveLength(1);
    expect(edgesBetween(nfaOf('a^b', 'm'), 0, 2)).toEqual([]);
    expect(edgesBetween(nfaOf('\\n^b', 'm'), 0, 3)).toHaveLength(1);
    expect(edgesBetween(nfaOf('a(?<=b)c'), 0, 7)).toEqual([]);
    expect(edgesBetween(nfaOf('a(?<!b)c'), 0, 7)).toHaveLength(1);
  });

  it('unrolls small counted repetitions exactly and keeps large ones to their shape', () => {
    expect(nfaOf('a{3}').states).toHaveLength(5);
    expect(nfaOf('a{2,4}').states).toHaveLength(6);
    expect(nfaOf('a{100,1000}').states).toHaveLength(6);
    expect(nfaOf('(?:ab){2,}').states).toHaveLength(6);
  });

  it('gives up on patterns whose automaton would be too large', () => {
    const parsed = parseRegex(`${'a*'.repeat(3000)}b`, '');
    if (!parsed) throw new Error('unparsed');
    expect(() => buildNfa(parsed)).toThrow(NfaTooLarge);
  });
});
