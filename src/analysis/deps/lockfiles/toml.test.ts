import { describe, expect, it } from 'vitest';
import { TextSyntaxError } from './syntax-error.js';
import { parseToml, type TomlTable } from './toml.js';

describe('parseToml', () => {
  it('reads tables, arrays of tables, dotted keys and every value kind', () => {
    const { value, lineOf } = parseToml(`# comment
title = "Lock \\"file\\" \\u00e9"
literal = 'C:\\path'
count = 1_000
ratio = -0.5e2
on = true
when = 1979-05-27T07:32:00Z
site."google.com" = true
multi = """
first \\
   second"""
raw = '''
line one
line two'''
list = [
  1, # one
  2,
]
inline = { name = "x", nested = { deep = [1, [2, 3]] } }

[[package]]
name = "a"

[package.dependencies]
b = ">=1"

[[package]]
name = "b"
`);
    expect(value.title).toBe('Lock "file" é');
    expect(value.literal).toBe('C:\\path');
    expect(value.count).toBe(1000);
    expect(value.ratio).toBe(-50);
    expect(value.on).toBe(true);
    expect(value.when).toBe('1979-05-27T07:32:00Z');
    expect(value.site).toEqual({ 'google.com': true });
    expect(value.multi).toBe('first second');
    expect(value.raw).toBe('line one\nline two');
    expect(value.list).toEqual([1, 2]);
    expect(value.inline).toEqual({ name: 'x', nested: { deep: [1, [2, 3]] } });
    const packages = value.package as TomlTable[];
    expect(packages.map((p) => p.name)).toEqual(['a', 'b']);
    expect(packages[0]?.dependencies).toEqual({ b: '>=1' });
    expect(packages.map((p) => lineOf(p))).toEqual([21, 27]);
  });

  it('keeps __proto__ an ordinary key', () => {
    const { value } = parseToml('[__proto__]\npolluted = true\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
  });

  it.each([
    ['key = "unterminated\n', 'Unterminated string'],
    ['[table\n', 'Expected "]"'],
    ['key value\n', 'Expected "="'],
    ['a = 1 b = 2\n', 'after a value'],
    ['a = [1 2]\n', 'Not a TOML value'],
    ['a = [1, "x" "y"]\n', 'Expected "," or "]"'],
    [`a = ${'['.repeat(300)}${']'.repeat(300)}\n`, 'Nesting deeper'],
  ])('rejects %j', (text, message) => {
    expect(() => parseToml(text)).toThrow(TextSyntaxError);
    expect(() => parseToml(text)).toThrow(message);
  });
});
