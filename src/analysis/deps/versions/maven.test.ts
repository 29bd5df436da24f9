import { describe, expect, it } from 'vitest';
import { mavenScheme } from './maven.js';
import { expectAscending, expectEqual } from './test-support/expect-order.js';

describe('Maven versions (ComparableVersion)', () => {
  it('orders qualifiers alpha < beta < milestone < rc = cr < snapshot < release < sp < others', () => {
    expectAscending(mavenScheme, [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
  });

  it('orders numbers, separators and transitions as Maven does', () => {
    expectAscending(mavenScheme, [
      '2.0',
      '2-1',
      '2.0.2',
      '2.0.123',
      '2.1.0',
      '2.1-a',
      '2.1b',
      '2.1-c',
      '2.1-1',
      '2.1.0.1',
      '2.2',
      '2.123',
      '11.a2',
      '11.a11',
      '11.b2',
      '11.b11',
      '11.m2',
      '11.m11',
      '11',
      '11.a',
      '11b',
      '11c',
      '11m',
    ]);
  });

  it('matches the examples of the POM reference version order specification', () => {
    expectAscending(mavenScheme, ['1', '1.1']);
    expectAscending(mavenScheme, ['1-snapshot', '1', '1-sp']);
    expectAscending(mavenScheme, ['1-foo2', '1-foo10']);
    expectAscending(mavenScheme, ['1-foo', '1-1', '1.1']);
    expectEqual(mavenScheme, ['1.foo', '1-foo']);
    expectEqual(mavenScheme, ['1.ga', '1-ga', '1-0', '1.0', '1', '1.final', '1.0.0']);
    expectAscending(mavenScheme, ['1-ga', '1-sp']);
    expectAscending(mavenScheme, ['1-ga.1', '1-sp.1']);
    // The page calls 1-ga-1 and 1-1 equal; ComparableVersion keeps the emptied sub-list and puts
    // 1-ga-1 just below 1-1. Advisories are written against Maven's behaviour, so it wins.
    expectAscending(mavenScheme, ['1-sp-1', '1-ga-1', '1-1']);
    expectEqual(mavenScheme, ['1-a1', '1-alpha-1']);
    expectEqual(mavenScheme, ['1.0.0-foo.0.0', '1-foo']);
    expectEqual(mavenScheme, ['1.0.0-0.0.0', '1']);
  });

  it('orders real release trains (Spring, Jackson, Hibernate, Red Hat rebuilds)', () => {
    expectAscending(mavenScheme, ['5.3.0-M1', '5.3.0-RC1', '5.3.0', '5.3.0.1', '5.3.1']);
    expectEqual(mavenScheme, ['5.3.0.RELEASE', '5.3.0', '5.3.0.Final']);
    expectAscending(mavenScheme, ['2.9.10', '2.9.10.1', '2.9.10.8', '2.9.11', '2.10.0']);
    // Jackson's `.pr1` is an unknown qualifier: Maven sorts it after the release.
    expectAscending(mavenScheme, ['2.10.0', '2.10.0.pr1', '2.10.1']);
    expectAscending(mavenScheme, ['1.2.17', '1.2.17-redhat-00001', '1.2.18']);
    expectAscending(mavenScheme, ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1', '1.0-SNAPSHOT', '1.0']);
    expectAscending(mavenScheme, ['9999999999999999999999', '10000000000000000000000']);
  });

  it('accepts any text, since Maven has no invalid versions', () => {
    expect(mavenScheme.parse('')).toEqual({ kind: 'list', items: [] });
    expectEqual(mavenScheme, ['', '0', 'ga']);
  });
});
