import { describe, expect, it } from 'vitest';
import { entryAffects, ordersFor, rangeIncludes } from './affected.js';
import type { OsvEvent } from './schema.js';
import type { StoredAffected } from './stored.js';

function includes(ecosystem: Parameters<typeof ordersFor>[0], version: string, events: OsvEvent[]): boolean {
  const { ecosystem: order } = ordersFor(ecosystem);
  return rangeIncludes(order, order.parse(version), events);
}

describe('OSV range evaluation', () => {
  it('treats introduced as inclusive and fixed as exclusive', () => {
    const events = [{ introduced: '3.7.0' }, { fixed: '4.17.19' }];
    expect(includes('npm', '3.6.9', events)).toBe(false);
    expect(includes('npm', '3.7.0', events)).toBe(true);
    expect(includes('npm', '4.17.18', events)).toBe(true);
    expect(includes('npm', '4.17.19', events)).toBe(false);
  });

  it('leaves the gaps between introduced/fixed pairs unaffected, in any event order', () => {
    const events = [{ introduced: '0.1.14' }, { fixed: '1.8.4' }, { introduced: '1.9.0' }, { fixed: '1.13.1' }];
    const shuffled = [events[2]!, events[0]!, events[3]!, events[1]!];
    for (const list of [events, shuffled]) {
      expect(includes('crates.io', '0.1.13', list)).toBe(false);
      expect(includes('crates.io', '1.8.3', list)).toBe(true);
      expect(includes('crates.io', '1.8.4', list)).toBe(false);
      expect(includes('crates.io', '1.8.9', list)).toBe(false);
      expect(includes('crates.io', '1.9.0', list)).toBe(true);
      expect(includes('crates.io', '1.13.1', list)).toBe(false);
    }
  });

  it('reads several introduced events and introduced "0" as "from the first version"', () => {
    const events = [{ introduced: '0' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }];
    expect(includes('npm', '0.0.1', events)).toBe(true);
    expect(includes('npm', '1.2.5', events)).toBe(true);
    expect(includes('npm', '1.2.6', events)).toBe(false);
  });

  it('includes last_affected itself and nothing after it', () => {
    const events = [{ introduced: '0' }, { last_affected: '2.88.2' }];
    expect(includes('npm', '2.88.2', events)).toBe(true);
    expect(includes('npm', '2.88.3-beta.1', events)).toBe(false);
    expect(includes('npm', '2.88.3', events)).toBe(false);
  });

  it('stops a range at its limit events', () => {
    const events = [{ introduced: '1.0.0' }, { limit: '1.5.0' }];
    expect(includes('npm', '1.4.9', events)).toBe(true);
    expect(includes('npm', '1.5.0', events)).toBe(false);
    expect(includes('npm', '9.0.0', events)).toBe(false);
    expect(includes('npm', '9.0.0', [{ introduced: '1.0.0' }, { limit: '*' }])).toBe(true);
  });

  it('orders pre-releases by precedence, so a pre-release of the fix is still affected', () => {
    const events = [{ introduced: '0' }, { fixed: '1.2.6' }];
    expect(includes('npm', '1.2.6-beta.1', events)).toBe(true);
    expect(includes('npm', '1.2.6+build.7', events)).toBe(false);
    expect(includes('npm', '1.0.0-rc.1', [{ introduced: '1.0.0' }, { fixed: '2.0.0' }])).toBe(false);
    expect(includes('PyPI', '2.0.6rc1', [{ introduced: '2.0.0' }, { fixed: '2.0.6' }])).toBe(true);
    expect(includes('PyPI', '2.0.0a1', [{ introduced: '2.0.0' }, { fixed: '2.0.6' }])).toBe(false);
  });

  it('gives an empty range when introduced and fixed are the same version', () => {
    expect(includes('npm', '1.0.0', [{ introduced: '1.0.0' }, { fixed: '1.0.0' }])).toBe(false);
  });

  it('skips events it cannot read instead of widening or closing the range', () => {
    expect(includes('npm', '1.5.0', [{ introduced: '1.0.0' }, { fixed: 'not-a-version' }, { fixed: '2.0.0' }])).toBe(
      true,
    );
  });
});

describe('affected entries', () => {
  const orders = ordersFor('PyPI');
  const entry: StoredAffected = {
    name: 'urllib3',
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.26.17' }] }],
    versions: ['2.0.4', '2.0.5'],
  };

  it('matches listed versions, also when PEP 440 spells them differently', () => {
    expect(entryAffects(entry, '2.0.5', orders)).toBe(true);
    expect(entryAffects(entry, '2.0.5.0', orders)).toBe(true);
    expect(entryAffects(entry, '2.0.6', orders)).toBe(false);
    expect(entryAffects(entry, '1.26.16', orders)).toBe(true);
  });

  it('reads Go SEMVER ranges written without v against go.mod versions with v', () => {
    const go = ordersFor('Go');
    const text: StoredAffected = {
      name: 'golang.org/x/text',
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.3.3' }] }],
      versions: [],
    };
    expect(entryAffects(text, 'v0.3.2', go)).toBe(true);
    expect(entryAffects(text, 'v0.0.0-20170915032832-14c0d48ead0c', go)).toBe(true);
    expect(entryAffects(text, 'v0.3.3', go)).toBe(false);
    expect(entryAffects(text, 'v0.3.4-0.20200826142016-a8b467f6c1f3', go)).toBe(false);
  });

  it('orders Maven ranges with qualifiers (log4j 2.0-beta9 up to 2.3.1)', () => {
    const maven = ordersFor('Maven');
    const log4j: StoredAffected = {
      name: 'org.apache.logging.log4j:log4j-core',
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.3.1' }] }],
      versions: [],
    };
    expect(entryAffects(log4j, '2.0-beta8', maven)).toBe(false);
    expect(entryAffects(log4j, '2.0-beta9', maven)).toBe(true);
    expect(entryAffects(log4j, '2.0-rc1', maven)).toBe(true);
    expect(entryAffects(log4j, '2.3', maven)).toBe(true);
    expect(entryAffects(log4j, '2.3.1', maven)).toBe(false);
  });
});
