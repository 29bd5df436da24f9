import { describe, expect, it } from 'vitest';
import { cargoScheme } from './cargo.js';
import { expectAscending, expectEqual } from './test-support/expect-order.js';

describe('Cargo versions', () => {
  it('orders by SemVer 2.0 precedence, as Cargo.lock versions are', () => {
    expectAscending(cargoScheme, [
      '0.1.0',
      '0.1.1',
      '0.2.0-alpha.1',
      '0.2.0-beta',
      '0.2.0',
      '1.0.0-rc.1',
      '1.0.0',
      '1.10.0',
    ]);
    expectEqual(cargoScheme, ['1.0.0+wasi-0.2.4', '1.0.0']);
  });

  it('rejects versions Cargo would not accept', () => {
    expect(cargoScheme.parse('v1.0.0')).toBeNull();
    expect(cargoScheme.parse('1.0')).toBeNull();
  });
});
