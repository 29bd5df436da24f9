import { describe, expect, it } from 'vitest';
import { type JsonObject, parseJsonWithLines } from './json-with-lines.js';
import { TextSyntaxError } from './syntax-error.js';

describe('parseJsonWithLines', () => {
  it('parses JSON like JSON.parse and knows the line of every member', () => {
    const text = JSON.stringify({ a: 1, b: { c: [true, null, 'x\n"y"'], d: -1.5e3 }, e: '\u00e9\u2028' }, null, 2);
    const { value, lineOf } = parseJsonWithLines(text);
    expect(value).toEqual(JSON.parse(text));
    const root = value as JsonObject;
    expect(lineOf(root, 'a')).toBe(2);
    expect(lineOf(root.b as JsonObject, 'd')).toBe(9);
    expect(lineOf(root, 'e')).toBe(11);
  });

  it('accepts comments and trailing commas only in JSONC mode', () => {
    const text = '{\n  // a comment\n  "a": [1, 2,],\n  /* block\n */ "b": 2,\n}';
    expect(parseJsonWithLines(text, { jsonc: true }).value).toEqual({ a: [1, 2], b: 2 });
    expect(() => parseJsonWithLines(text)).toThrow(TextSyntaxError);
  });

  it('keeps __proto__ a plain key', () => {
    const { value } = parseJsonWithLines('{"__proto__": {"polluted": true}}');
    expect(Object.keys(value as JsonObject)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1', 'Expected "," or "}"'],
    ['{"a" 1}', 'Expected ":"'],
    ['[1, 2', 'Expected "," or "]"'],
    ['"abc', 'Unterminated string'],
    ['{"a": tru}', 'Unexpected'],
    ['{"a": "\\q"}', 'Bad escape'],
    ['{} {}', 'after the JSON value'],
    [`${'['.repeat(1000)}${']'.repeat(1000)}`, 'Nesting deeper'],
  ])('rejects %j with its line', (text, message) => {
    expect(() => parseJsonWithLines(text)).toThrow(message);
  });
});
