import { describe, expect, it } from 'vitest';
import { array, check, looseObject, maybe } from '../../src/core/validate.ts';

const text = check<string>((value) => typeof value === 'string', 'Expected a string');
const row = looseObject({ id: text, name: maybe(text) });
const list = looseObject({ data: array(row) });

describe('given the wire schema builders', () => {
  it('should keep fields the schema does not declare, and give back a copy', () => {
    const wire = { data: [{ id: 'stripe', extra: { nested: true } }], total: 1 };
    const parsed = list.safeParse(wire);
    expect(parsed).toEqual({ success: true, data: wire });
    if (parsed.success) {
      expect(parsed.data).not.toBe(wire);
      expect(parsed.data.data[0]).not.toBe(wire.data[0]);
    }
  });

  it('should name every wrong field by its path, not only the first', () => {
    const parsed = list.safeParse({ data: [{ id: 'a' }, { id: 7, name: false }, 'row'] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(parsed.error.issues).toEqual([
        { path: ['data', 1, 'id'], message: 'Expected a string' },
        { path: ['data', 1, 'name'], message: 'Expected a string' },
        { path: ['data', 2], message: 'Expected an object' },
      ]);
    }
  });

  it('should read a hole in an array (a host object, never JSON) as a missing row, not skip it', () => {
    // A sparse array came back from map() with its hole: a "list" that for...of reads as undefined.
    const parsed = list.safeParse({ data: Object.assign([], { 1: { id: 'b' } }) });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues).toEqual([{ path: ['data', 0], message: 'Expected an object' }]);
  });

  it('should take null or a missing field for maybe(), and refuse a missing required one', () => {
    expect(row.safeParse({ id: 'a', name: null }).success).toBe(true);
    expect(row.safeParse({ id: 'a' }).success).toBe(true);
    expect(row.safeParse({ name: 'A' })).toEqual({ success: false, error: { issues: [{ path: ['id'], message: 'Expected a string' }] } });
  });

  it('should refuse an array or null where an object is due, and an object where an array is', () => {
    for (const value of [null, [], 'x', 3]) expect(row.safeParse(value).success, JSON.stringify(value)).toBe(false);
    expect(list.safeParse({ data: { 0: { id: 'a' } } })).toEqual({
      success: false,
      error: { issues: [{ path: ['data'], message: 'Expected an array' }] },
    });
  });

  it('should keep a __proto__ key from JSON as an ordinary field, touching no prototype', () => {
    const wire = JSON.parse('{"id":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    const parsed = row.safeParse(wire);
    expect(parsed.success).toBe(true);
    if (parsed.success) {
      expect(Object.getPrototypeOf(parsed.data)).toBe(Object.prototype);
      expect(Object.hasOwn(parsed.data, '__proto__')).toBe(true);
      expect((parsed.data as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
