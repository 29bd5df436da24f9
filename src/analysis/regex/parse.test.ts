import { describe, expect, it } from 'vitest';
import { type CharNode, parseRegex, type RegexNode, type Term } from './parse.js';

/** A compact rendering of the tree, so each case states the whole shape in one line. */
function shape(node: RegexNode): string {
  switch (node.type) {
    case 'alternation':
      return node.alternatives.length === 1
        ? shape(node.alternatives[0] as RegexNode)
        : `alt(${node.alternatives.map(shape).join(' | ')})`;
    case 'sequence':
      return node.elements.map(shape).join(' ');
    case 'char':
      return node.set.toString();
    case 'group': {
      const label = node.name ? `${node.name}=${node.capture}` : node.capture === null ? 'nc' : `cap${node.capture}`;
      return `${label}(${shape(node.body)})`;
    }
    case 'lookaround':
      return `${node.negate ? 'n' : ''}${node.behind ? 'lb' : 'la'}(${shape(node.body)})`;
    case 'quantifier': {
      const max = node.max === Number.POSITIVE_INFINITY ? 'inf' : String(node.max);
      return `q{${node.min},${max}}${node.greedy ? '' : '?'}(${shape(node.body)})`;
    }
    case 'assertion':
      return (
        { start: '^', end: '$', 'word-boundary': '\\b', 'not-word-boundary': '\\B' }[node.kind] +
        (node.multiline ? 'm' : '')
      );
    case 'backreference':
      return `\\ref(${node.groups.join(',')})${node.ignoreCase ? 'i' : ''}`;
  }
}

function parsedShape(source: string, flags = ''): string {
  const parsed = parseRegex(source, flags);
  if (!parsed) throw new Error(`did not parse: /${source}/${flags}`);
  return shape(parsed.root);
}

function firstTerm(source: string, flags = ''): Term {
  const term = parseRegex(source, flags)?.root.alternatives[0]?.elements[0];
  if (!term) throw new Error(`no term in /${source}/${flags}`);
  return term;
}

function charSet(source: string, flags = ''): string {
  const term = firstTerm(source, flags);
  if (term.type !== 'char') throw new Error(`not a character: /${source}/${flags}`);
  return (term as CharNode).set.toString();
}

describe('parseRegex: structure', () => {
  const cases: [string, string, string][] = [
    ['abc', '', '[a] [b] [c]'],
    ['a|b|', '', 'alt([a] | [b] | )'],
    ['(a)(?:b)(?<year>c)', '', 'cap1([a]) nc([b]) year=2([c])'],
    ['(?=a)(?!b)(?<=c)(?<!d)', '', 'la([a]) nla([b]) lb([c]) nlb([d])'],
    ['a*b+c?d{2}e{2,}f{2,5}', '', 'q{0,inf}([a]) q{1,inf}([b]) q{0,1}([c]) q{2,2}([d]) q{2,inf}([e]) q{2,5}([f])'],
    ['a*?b+?c??d{2,3}?', '', 'q{0,inf}?([a]) q{1,inf}?([b]) q{0,1}?([c]) q{2,3}?([d])'],
    ['^a$', '', '^ [a] $'],
    ['^a$', 'm', '^m [a] $m'],
    ['\\ba\\B', '', '\\b [a] \\B'],
    ['(a)\\1', '', 'cap1([a]) \\ref(1)'],
    ['(?<q>a)\\k<q>', 'i', 'q=1([Aa]) \\ref(1)i'],
    ['\\1(a)', '', '\\ref(1) cap1([a])'],
    ['(a(b)(c(d)))', '', 'cap1([a] cap2([b]) cap3([c] cap4([d])))'],
    ['(a+)+$', '', 'q{1,inf}(cap1(q{1,inf}([a]))) $'],
    ['(?:a|b)*c', '', 'q{0,inf}(nc(alt([a] | [b]))) [c]'],
    ['(?=a)*', '', 'q{0,inf}(la([a]))'],
  ];
  it.each(cases)('/%s/%s', (source, flags, expected) => {
    expect(parsedShape(source, flags)).toBe(expected);
  });

  it('records source offsets of every part', () => {
    const parsed = parseRegex('x(a+)+|y', '');
    const seq = parsed?.root.alternatives[0];
    const quantifier = seq?.elements[1];
    expect(quantifier).toMatchObject({ type: 'quantifier', start: 1, end: 6 });
    expect(quantifier?.type === 'quantifier' && quantifier.body).toMatchObject({ type: 'group', start: 1, end: 5 });
    expect(parsed?.root.alternatives[1]).toMatchObject({ start: 7, end: 8 });
    expect(parsed).toMatchObject({ groupCount: 1, unicode: false, sticky: false });
  });
});

describe('parseRegex: characters and classes', () => {
  const cases: [string, string, string][] = [
    ['\\d', '', '[0-9]'],
    ['\\w', '', '[0-9A-Z_a-z]'],
    ['\\D', '', '[\\u{0}-/:-\\u{ffff}]'],
    ['[a-cx]', '', '[a-cx]'],
    ['[^a]', '', '[\\u{0}-`b-\\u{ffff}]'],
    ['[^a]', 'u', '[\\u{0}-`b-\\u{10ffff}]'],
    ['.', '', '[\\u{0}-\\u{9}\\u{b}-\\u{c}\\u{e}-\\u{2027}\\u{202a}-\\u{ffff}]'],
    ['.', 's', '[\\u{0}-\\u{ffff}]'],
    [
      '[\\s]',
      '',
      '[\\u{9}-\\u{d}\\u{20}\\u{a0}\\u{1680}\\u{2000}-\\u{200a}\\u{2028}-\\u{2029}\\u{202f}\\u{205f}\\u{3000}\\u{feff}]',
    ],
    ['\\x41', '', '[A]'],
    ['\\u0041', '', '[A]'],
    ['\\u{1F600}', 'u', '[\\u{1f600}]'],
    ['\\uD83D\\uDE00', 'u', '[\\u{1f600}]'],
    ['\\uD83D', '', '[\\u{d83d}]'],
    ['\\cJ', '', '[\\u{a}]'],
    ['\\0', '', '[\\u{0}]'],
    ['[\\b]', '', '[\\u{8}]'],
    ['\\n\\t', '', '[\\u{a}]'],
    ['a', 'i', '[Aa]'],
    ['[a-c]', 'i', '[A-Ca-c]'],
    ['[^a]', 'i', '[\\u{0}-@B-`b-\\u{ffff}]'],
    ['é', 'i', '[\\u{c9}\\u{e9}]'],
    ['k', 'iu', '[Kk\\u{212a}]'],
    ['\\w', 'iu', '[0-9A-Z_a-z\\u{17f}\\u{212a}]'],
    ['[\\w-]', '', '[-0-9A-Z_a-z]'],
    ['[\\d-z]', '', '[-0-9z]'],
    ['[a-]', '', '[-a]'],
    ['[\\-]', 'u', '[-]'],
  ];
  it.each(cases)('/%s/%s', (source, flags, expected) => {
    expect(charSet(source, flags)).toBe(expected);
  });

  it('resolves Unicode property escapes exactly', () => {
    const term = firstTerm('\\p{Script=Greek}', 'u');
    const set = term.type === 'char' ? term.set : null;
    expect(set?.has(0x3b1)).toBe(true); // α
    expect(set?.has(0x61)).toBe(false);
    const negated = firstTerm('\\P{L}', 'u');
    expect(negated.type === 'char' && negated.set.has(0x31)).toBe(true);
    expect(negated.type === 'char' && negated.set.has(0x4e00)).toBe(false);
  });

  it('reads an astral literal as one character with u and as two code units without', () => {
    expect(parsedShape('😀', 'u')).toBe('[\\u{1f600}]');
    expect(parsedShape('😀', '')).toBe('[\\u{d83d}] [\\u{de00}]');
  });

  it('applies v-mode set operations and class strings', () => {
    expect(charSet('[\\w--\\d]', 'v')).toBe('[A-Z_a-z]');
    expect(charSet('[[a-z]&&[aeiou]]', 'v')).toBe('[aeiou]');
    expect(charSet('[[a-c][x-z]]', 'v')).toBe('[a-cx-z]');
    expect(charSet('[^[a-y]--b]', 'v')).toBe('[\\u{0}-`bz-\\u{10ffff}]');
    expect(parsedShape('[\\q{abc|d}x]', 'v')).toBe('nc(alt([a] [b] [c] | [dx]))');
  });
});

describe('parseRegex: Annex B (no u or v flag)', () => {
  const cases: [string, string][] = [
    ['\\8', '[8]'],
    ['\\1', '[\\u{1}]'],
    ['\\12', '[\\u{a}]'],
    ['\\400', '[\\u{20}] [0]'],
    [']', '[]]'],
    ['a{', '[a] [{]'],
    ['a{1', '[a] [{] [1]'],
    ['}', '[}]'],
    ['\\c', '[\\] [c]'],
    ['\\k', '[k]'],
    ['\\p{L}', '[p] [{] [L] [}]'],
    ['\\xZ', '[x] [Z]'],
    ['\\u12', '[u] [1] [2]'],
    ['[\\c_]', '[\\u{1f}]'],
    ['[\\8]', '[8]'],
    ['[]', '[]'],
    ['[^]', '[\\u{0}-\\u{ffff}]'],
  ];
  it.each(cases)('/%s/', (source, expected) => {
    expect(parsedShape(source)).toBe(expected);
  });
});

describe('parseRegex: invalid input', () => {
  const invalid: [string, string][] = [
    ['(', ''],
    ['a)', ''],
    ['[a', ''],
    ['*a', ''],
    ['a**', ''],
    ['a{2,1}', ''],
    ['(?<n>a)(?<n>b)', ''],
    ['\\k<missing>', 'u'],
    ['\\p{NotAProperty}', 'u'],
    ['{1}', 'u'],
    ['\\c', 'u'],
    ['(?<=a)+', ''],
    ['a', 'gg'],
    ['a', 'x'],
    ['[z-a]', ''],
    ['a', 'uv'],
  ];
  it.each(invalid)('returns null for /%s/%s', (source, flags) => {
    expect(parseRegex(source, flags)).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    const alphabet = [
      'a',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '\\',
      '^',
      '$',
      '|',
      '?',
      '*',
      '+',
      '-',
      ',',
      '1',
      '<',
      '>',
      '=',
      '!',
      ':',
      'p',
      'k',
      'u',
      'x',
      'c',
      'q',
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const length = 1 + random(12);
      let source = '';
      for (let j = 0; j < length; j++) source += alphabet[random(alphabet.length)];
      const flags = ['', 'u', 'v', 'i', 'ms'][random(5)] as string;
      let valid = true;
      try {
        new RegExp(source, flags);
      } catch {
        valid = false;
      }
      const parsed = parseRegex(source, flags);
      if (!valid) expect(parsed).toBeNull();
      else expect(parsed, `/${source}/${flags}`).not.toBeNull();
    }
  });
});

describe('parseRegex: newer syntax, where the engine supports it', () => {
  const supports = (source: string): boolean => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  };

  it.runIf(supports('(?i:a)'))(
    'applies inline modifiers to their group only (only on Node versions whose RegExp has them)',
    () => {
      expect(parsedShape('(?i:a)b')).toBe('nc([Aa]) [b]');
      expect(parsedShape('(?-i:a)b', 'i')).toBe('nc([a]) [Bb]');
      expect(parsedShape('(?s:.)', '')).toBe('nc([\\u{0}-\\u{ffff}])');
    },
  );

  it.runIf(supports('(?<x>a)|(?<x>b)'))(
    'lets a backreference name groups of several alternatives (only on Node versions with duplicate group names)',
    () => {
      expect(parsedShape('(?:(?<x>a)|(?<x>b))\\k<x>')).toBe('nc(alt(x=1([a]) | x=2([b]))) \\ref(1,2)');
    },
  );

  it.skipIf(supports('(?i:a)'))(
    'returns null for inline modifiers (only on Node versions whose RegExp rejects them)',
    () => {
      expect(parseRegex('(?i:a)', '')).toBeNull();
    },
  );
});
