import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileResponseSerializer } from './response-serializer.js';

const item = z.object({
  id: z.string(),
  count: z.number().int(),
  owner: z.string().nullable(),
  tags: z.array(z.string()),
  details: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.date(),
  state: z.enum(['queued', 'done']),
});
const page = z.object({ items: z.array(item), nextOffset: z.number().int().nullable() });

describe('response serializer', () => {
  const serialize = compileResponseSerializer(page);
  const createdAt = new Date('2026-01-02T03:04:05.678Z');
  const value = {
    items: [
      { id: 'a"b\\c\u2028', count: 3, owner: null, tags: ['x', 'ü'], createdAt, state: 'done' as const },
      {
        id: 'b',
        count: 0,
        owner: 'o',
        tags: [],
        details: { nested: { deep: [1, 'two'] } },
        createdAt,
        state: 'queued' as const,
      },
    ],
    nextOffset: null,
  };

  it('writes the same JSON as encoding through zod', () => {
    expect(JSON.parse(serialize(value))).toEqual(JSON.parse(JSON.stringify(z.encode(page, value))));
    expect(JSON.parse(serialize(value)).items[0].createdAt).toBe('2026-01-02T03:04:05.678Z');
  });

  it('leaves out properties the schema does not declare', () => {
    const leaky = { ...value, items: [{ ...value.items[0], passwordHash: '$argon2id$...' }], internal: true };
    const text = serialize(leaky);
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('internal');
  });

  it('keeps zod encoding for schemas without a JSON Schema form', () => {
    const withTransform = z.object({ n: z.number().transform((n) => n * 2) });
    expect(() => compileResponseSerializer(withTransform)({ n: 2 })).toThrow();
    const plain = compileResponseSerializer(z.object({ when: z.date().optional() }));
    expect(plain({})).toBe('{}');
  });
});
