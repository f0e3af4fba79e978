import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { isSafeId, requireId } from '../../src/core/ids.ts';
import { SAFE_IDS, UNSAFE_IDS } from './id-cases.ts';

describe('given isSafeId()', () => {
  it.each(UNSAFE_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))('should refuse %s', (_label, id) => {
    expect(isSafeId(id)).toBe(false);
  });

  it.each(SAFE_IDS.map((id) => [JSON.stringify(id), id]))('should accept %s', (_label, id) => {
    expect(isSafeId(id)).toBe(true);
  });
});

describe('given requireId()', () => {
  it('should return a safe id as it is', () => {
    expect(requireId('mercado-pago', 'serverId')).toBe('mercado-pago');
  });

  it('should throw a ConfigurationError (invalid_options) that names the field and the value, truncated', () => {
    let thrown: unknown;
    try {
      requireId(`../${'x'.repeat(500)}`, 'serverId');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    const error = thrown as ConfigurationError;
    expect(error.code).toBe('invalid_options');
    expect(error.message).toContain('serverId');
    expect(error.message).toContain('"../xxx');
    expect(error.message.length).toBeLessThan(300);
  });

  it('should describe values that are not strings without throwing', () => {
    for (const value of [undefined, null, 1n, Object.create(null), { toString: 0 }, Symbol('id')]) {
      expect(() => requireId(value, 'sessionId')).toThrow(ConfigurationError);
    }
  });

  it('should show control characters escaped, never raw', () => {
    expect(() => requireId('a\u0000b\nc', 'serverId')).toThrow('"a\\u0000b\\nc"');
  });
});
