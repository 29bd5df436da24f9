import { type ParserOptions, parseSync } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { createRawParser } from './raw-transfer.js';

const parse = createRawParser();

/** JSON without the `parent` slots, with the values JSON cannot hold written out. */
function plain(value: unknown): string {
  return JSON.stringify(value, (key, inner) => {
    if (key === 'parent') return undefined;
    if (typeof inner === 'bigint') return `${inner}n`;
    if (inner instanceof RegExp) return String(inner);
    return inner;
  });
}

const SAMPLES: [string, string, ParserOptions][] = [
  [
    'app.js',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: parsed source code, not a template
    '#!/usr/bin/env node\nconst big = 12n; const re = /a+b/gi;\n// note\nexport const f = (x) => x?.y ?? `t${big}`;\n',
    { lang: 'jsx', sourceType: 'unambiguous' },
  ],
  ['view.jsx', 'export default function V() { return <div className="é">{"ünïcode"} 😀</div>; }\n', { lang: 'jsx' }],
  [
    'types.ts',
    'import type { A } from "./a";\nenum E { X = 1 }\n/* block */ export class C<T> implements A { #p?: T; m(): void {} }\n',
    { lang: 'ts', sourceType: 'module' },
  ],
  ['broken.js', 'const = 1;\n', { lang: 'jsx', sourceType: 'unambiguous' }],
];

describe('createRawParser', () => {
  it('works on this Node version', () => {
    expect(parse).not.toBeNull();
  });

  it.each(SAMPLES)('gives %s the tree, comments and errors of the JSON path', (filename, text, options) => {
    if (!parse) throw new Error('raw transfer unavailable');
    const raw = parse(filename, text, { ...options, preserveParens: false });
    const json = parseSync(filename, text, { ...options, preserveParens: false });
    expect(plain(raw.program)).toBe(plain(json.program));
    expect(plain(raw.comments)).toBe(plain(json.comments));
    expect(plain(raw.errors)).toBe(plain(json.errors));
  });

  it('builds nodes with their parent slot, last, as the walk would add it', () => {
    if (!parse) throw new Error('raw transfer unavailable');
    const { program } = parse('a.js', 'call(a.b, () => 1);', { lang: 'js' });
    const statement = program.body[0] as unknown as Record<string, unknown>;
    expect(Object.keys(statement).at(-1)).toBe('parent');
    expect(statement.parent).toBeNull();
  });
});
