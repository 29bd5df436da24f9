import { describe, expect, it } from 'vitest';
import { tokenStats } from './code-tokens.js';
import { SourceCode } from './source-code.js';

// The definition the scanner implements, applied the slow way.
const TOKEN =
  /\/\/[^\n\r]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|`(?:[^`\\]|\\[\s\S])*`?|[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*|\.?\d[\w.]*|>>>=?|\.\.\.|===|!==|\*\*=?|\?\?=?|\?\.|&&=?|\|\|=?|<<=?|>>=?|=>|\+\+|--|[-+*/%&|^!=<>]=?|\S/g;

function reference(text: string, starts: readonly number[]) {
  const distinct = new Set<string>();
  let tokens = 0;
  let codeLines = 0;
  let lastCodeLine = 0;
  let line = 1;
  const lineOf = (offset: number): number => {
    while (line < starts.length && (starts[line] as number) <= offset) line++;
    return line;
  };
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith('//') || token.startsWith('/*')) continue;
    tokens++;
    distinct.add(token);
    const first = lineOf(match.index);
    const last = token.length > 1 && /[\n\r]/.test(token) ? lineOf(match.index + token.length - 1) : first;
    if (first > lastCodeLine) codeLines += last - first + 1;
    else if (last > lastCodeLine) codeLines += last - lastCodeLine;
    lastCodeLine = Math.max(lastCodeLine, last);
  }
  return { tokens, distinct: distinct.size, codeLines };
}

function both(text: string) {
  const { lineStarts } = new SourceCode(text);
  return { actual: tokenStats(text, lineStarts), expected: reference(text, lineStarts) };
}

/** A deterministic generator (xorshift), so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

const PIECES = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u3000',
  'a',
  'Z',
  '_',
  '$',
  'é',
  '😀',
  '0',
  '9',
  '.',
  '..',
  '...',
  '/',
  '//',
  '/*',
  '*/',
  '*',
  '**',
  '=',
  '==',
  '===',
  '=>',
  '!',
  '!=',
  '?',
  '??',
  '?.',
  '&',
  '&&',
  '|',
  '||',
  '<',
  '<<',
  '>',
  '>>',
  '>>>',
  '+',
  '++',
  '-',
  '--',
  '%',
  '^',
  '~',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  ',',
  ':',
  '#',
  '@',
  '\\',
  "'",
  '"',
  '`',
  '${',
  '\u0000',
  '\u007f',
  '\u0085',
  'if',
  'return',
  '1e3',
  '0x1F',
  '1_000',
  '.5',
];

describe('tokenStats', () => {
  it('counts tokens, distinct tokens and code lines', () => {
    expect(tokenStats('let a = a + 1; // note\n', [0, 23])).toEqual({ tokens: 7, distinct: 6, codeLines: 1 });
  });

  it('skips comments and blank lines, and counts a multi-line string on every line it spans', () => {
    const text = '/* header\n * more */\n\nconst s = `one\ntwo`;\n// end\n';
    expect(both(text).actual).toEqual({ tokens: 5, distinct: 5, codeLines: 2 });
  });

  it.each([
    "'unterminated\nnext",
    '"escaped \\" quote" + "line \\\r\n end"',
    "'back\\\u2028slash'",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: scanned source code, not a template
    '`template ${a + `inner`} done`',
    '`unterminated \\',
    '/* never closed',
    'a >>>= b >>> c >> d >>= e >= f > g',
    'x === y !== z == w != v => u',
    'a ?? b ??= c ?. d ?.5 : e',
    '...rest .5 1..2 a.b 0.1e-5 1$ 2\u00e9',
    'a **= b ** c *= d',
    '\u00a0name\u2028more\ufeff',
    '\u0000\u0085\u007f',
  ])('reads %j as the regular expression does', (text) => {
    const { actual, expected } = both(text);
    expect(actual).toEqual(expected);
  });

  it('agrees with the regular expression on generated text', () => {
    const next = generator(0x5eed);
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      const { actual, expected } = both(text);
      expect(actual, JSON.stringify(text)).toEqual(expected);
    }
  });
});
