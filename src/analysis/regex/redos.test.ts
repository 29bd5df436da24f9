import { describe, expect, it } from 'vitest';
import { countSteps } from './backtrack.js';
import { parseRegex } from './parse.js';
import { analyzeRedos, type RedosRisk } from './redos.js';

type Vulnerable = [name: string, source: string, flags: string, kind: RedosRisk['kind']];

/** Known classes of ReDoS, most from public advisories of npm packages. */
const vulnerable: Vulnerable[] = [
  // Exponential: a quantified part that can match the same text in more than one way.
  ['nested plus', '^(a+)+$', '', 'exponential'],
  ['nested star before a literal', '(a*)*b', '', 'exponential'],
  ['words with an optional space', '(\\w+\\s?)+$', '', 'exponential'],
  ['identical alternatives', '^(a|a)*$', '', 'exponential'],
  ['alternatives that are prefixes of each other', '^(a|aa)*c', '', 'exponential'],
  ['alternative spelled twice', '^(?:a|b|ab)*c$', '', 'exponential'],
  ['digits or words', '^(\\d+|\\w+)*$', '', 'exponential'],
  ['x+x+ under a plus', '(x+x+)+y', '', 'exponential'],
  ['ansi-html escape sequence', '\\033\\[(\\d+)*m', 'g', 'exponential'],
  [
    'OWASP e-mail validator',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    '',
    'exponential',
  ],
  ['OWASP letters', '^(([a-z])+.)+[A-Z]([a-z])+$', '', 'exponential'],
  ['URL validator path', '^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})([\\/\\w \\.-]*)*\\/?$', '', 'exponential'],
  ['HTML tag with attributes', '<([a-z]+)([^<]+)*(?:>(.*)<\\/\\1>|\\s+\\/>)', '', 'exponential'],
  ['comma-separated words', '^(\\s*\\w+\\s*,?)+$', '', 'exponential'],
  ['dotted host name', '^(?:[^/.]+(\\.[^/]+)+|localhost)$', '', 'exponential'],
  ['balanced parentheses', '\\((?:[^)(]+|\\((?:[^)(]+|\\([^)(]*\\))*\\))*\\)', '', 'exponential'],
  ['word group before an at sign', '(\\w+)*@', '', 'exponential'],
  ['bounded repeat under a star', '^(a{1,3})*$', '', 'exponential'],
  ['case-insensitive duplicate', '^(a|A)+!', 'i', 'exponential'],
  ['markdown emphasis', '^\\b_((?:__|[\\s\\S])+?)_\\b', '', 'exponential'],
  // Polynomial: overlapping loops in sequence, or an unanchored loop before something that can fail.
  ['trim both ends', '^\\s+|\\s+$', 'g', 'polynomial'],
  ['trim end', '\\s+$', '', 'polynomial'],
  ['trim end with a star (axios)', '\\s*$', '', 'polynomial'],
  ['trim with BOM and NBSP', '^[\\s\\uFEFF\\xA0]+|[\\s\\uFEFF\\xA0]+$', 'g', 'polynomial'],
  ['trailing newlines', '[\\r\\n]+$', '', 'polynomial'],
  ['trailing spaces (markdown)', ' +$', '', 'polynomial'],
  ['two stars before the end', '\\s*\\s*$', '', 'polynomial'],
  ['digits around an optional dot', '^\\d+\\.?\\d+$', '', 'polynomial'],
  [
    'ms duration parser',
    '^((?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|years?|yrs?|y)?$',
    'i',
    'polynomial',
  ],
  ['a* a* b', 'a*a*b', '', 'polynomial'],
  ['loose e-mail (npm-user-validate)', '^.+@.+\\..+$', '', 'polynomial'],
  ['loose e-mail (is-email)', '.+\\@.+\\..+', '', 'polynomial'],
  ['cookie pair (tough-cookie)', '^(([^=;]+))\\s*=\\s*([^\\n\\r\\0]*)', '', 'polynomial'],
  ['source map comment (postcss)', '\\/\\*\\s*# sourceMappingURL=.*\\s*\\*\\/', 'gm', 'polynomial'],
  ['CSS color function (three)', '^((?:rgb|hsl)a?)\\(\\s*([^\\)]*)\\)', '', 'polynomial'],
  [
    'rgb percentages (d3-color)',
    '^rgb\\(\\s*([+-]?\\d*\\.?\\d+(?:[eE][+-]?\\d+)?)%\\s*,\\s*([+-]?\\d*\\.?\\d+(?:[eE][+-]?\\d+)?)%\\s*,\\s*([+-]?\\d*\\.?\\d+(?:[eE][+-]?\\d+)?)%\\s*\\)$',
    '',
    'polynomial',
  ],
  [
    'rgba color (color-string)',
    '^rgba?\\(\\s*([+-]?\\d+)\\s*,?\\s*([+-]?\\d+)\\s*,?\\s*([+-]?\\d+)\\s*(?:,\\s*([+-]?[\\d\\.]+)\\s*)?\\)$',
    '',
    'polynomial',
  ],
  [
    'ANSI escape codes (ansi-regex)',
    '[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\u0007)|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))',
    'g',
    'polynomial',
  ],
  ['user agent build (ua-parser-js)', 'android.+(KS(.+))\\s+build', 'i', 'polynomial'],
  ['user agent silk (ua-parser-js)', '(kf[A-z]+)\\sbuild\\/.+silk\\/', 'i', 'polynomial'],
  ['HTML head (html-dom-parser)', '<head[\\s\\S]*>[\\s\\S]*<\\/head>', 'i', 'polynomial'],
  ['header list split (ws)', ' *, *', '', 'polynomial'],
  ['nth-check formula', '^([+\\-]?\\d*n)?\\s*(?:([+\\-]?)\\s*(\\d+))?$', '', 'polynomial'],
  ['file extension (mime)', '.*[\\.\\/\\\\]', '', 'polynomial'],
  ['SSH key line (sshpk)', '^([a-z0-9-]+)[ \\t]+([a-zA-Z0-9+\\/]+[=]*)([\\n \\t]+([^\\n]+))?$', '', 'polynomial'],
  ['newline collapse (debug)', '\\s*\\n\\s*', 'g', 'polynomial'],
  ['glob enclosure (glob-parent)', '[\\{\\[].*[\\/]*[\\}\\]]$', '', 'polynomial'],
  [
    'month names (moment)',
    "[0-9]*['a-z\\u00A0-\\u05FF\\u0700-\\uD7FF\\uFF07\\uFF10-\\uFFEF]+|[\\u0600-\\u06FF\\/]+(\\s*?[\\u0600-\\u06FF]+){1,2}",
    'i',
    'polynomial',
  ],
  ['Unicode letters before a digit', '^\\p{L}+\\p{Ll}+\\d$', 'u', 'polynomial'],
  ['digits before a CJK literal', '(元|\\d+)年', '', 'polynomial'],
];

type Safe = [name: string, source: string, flags: string];

/** Near misses: mostly the fixed forms of the patterns above, and look-alikes that are linear. */
const safe: Safe[] = [
  ['single plus', '^a+$', ''],
  ['plus in a group', '^(a+)$', ''],
  ['disjoint alternatives', '^(a|b)*$', ''],
  ['two-character alternatives', '^(ab|cd)*$', ''],
  ['prefix alternatives that split one way only', '^(a|ab)*c', ''],
  ['leading trim', '^\\s+', ''],
  ['nothing after the loop can fail', '\\s+', ''],
  ['nested plus with nothing after it', '(a+)+', ''],
  ['leading trim with a star', '^\\s*', ''],
  ['trim end after a non-space', '\\S\\s*$', ''],
  ['trim end behind a non-space', '(?<=\\S)\\s+$', ''],
  ['mandatory dot', '^\\d+\\.\\d+$', ''],
  ['optional fraction', '^\\d+(?:\\.\\d+)?$', ''],
  ['duration with a mandatory dot', '^(?:\\d+\\.)?\\d+ *(ms|s|m|h|d)?$', 'i'],
  ['dotted numbers', '^\\d+(\\.\\d+)*$', ''],
  ['words separated by dots', '^(\\w+\\.)*\\w+$', ''],
  ['words each ending in a space', '^(\\w+\\s)+$', ''],
  ['whole words between spaces', '^(?:\\w+\\b\\s*)+$', ''],
  ['dashed words', '^(?:[a-z]+-)*[a-z]+$', ''],
  ['bounded twice', '^[a-z]{1,10}[a-z]{1,10}$', ''],
  ['bounded spaces before the end', '\\s{0,10}$', ''],
  ['cookie pair, fixed (tough-cookie 2.3.3)', '^(([^=;]+))\\s{0,256}=\\s*([^\\n\\r\\0]*)', ''],
  [
    'e-mail, fixed (is-email 1.0.1)',
    "^[a-zA-Z0-9.!#$%&'*+\\/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$",
    '',
  ],
  ['e-mail with disjoint parts', '^[^@\\s]+@[^@\\s.]+(?:\\.[^@\\s.]+)+$', ''],
  [
    'source map comment, fixed (postcss 7.0.36)',
    '\\/\\*\\s*# sourceMappingURL=(?:(?!sourceMappingURL=).)*\\*\\/',
    'gm',
  ],
  ['CSS color function without the extra spaces', '^((?:rgb|hsl)a?)\\(([^\\)]*)\\)', ''],
  [
    'rgba color, fixed (color-string 1.5.5)',
    '^rgba?\\(\\s*([+-]?\\d+)(?=[\\s,])\\s*(?:,\\s*)?([+-]?\\d+)(?=[\\s,])\\s*(?:,\\s*)?([+-]?\\d+)\\s*(?:[,|\\/]\\s*([+-]?[\\d\\.]+)(%?)\\s*)?\\)$',
    '',
  ],
  ['rgb without spaces', '^rgb\\((\\d{1,3}),(\\d{1,3}),(\\d{1,3})\\)$', ''],
  ['hex color', '^#?([a-f\\d]{2})([a-f\\d]{2})([a-f\\d]{2})$', 'i'],
  ['one ANSI colour code', '\\u001b\\[[\\d;]*m', 'g'],
  ['header list split after the comma', ',\\s*', ''],
  ['anchored key and value', '^([a-z]+)=(\\d+)$', ''],
  ['anchored digits and spaces', '^(\\d+)\\s+(\\d+)$', ''],
  ['HTML tag with attributes after a space', '<([a-z]+)(\\s[^<>]*)?>', 'i'],
  ['markdown heading', '^#{1,6} (.*)$', ''],
  ['tempered dot', '^(?:(?!ab).)*$', ''],
  ['digits after a lookahead', '^(?=\\d)\\d+$', ''],
  ['quoted string with a backreference', '^([\'"])(.*?)\\1$', ''],
  ['repeated character', '^(\\w)\\1*$', ''],
  ['user agent version', '^Mozilla\\/(\\d+)\\.(\\d+)', ''],
  ['semantic version', '^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([\\w.]+))?$', ''],
  ['UUID', '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'i'],
  ['ISO date', '^(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2}))?)?$', ''],
  ['URL scheme', '^[a-z][a-z\\d+.-]*:', 'i'],
  ['sticky trailing spaces', '\\s+$', 'y'],
  ['duration with units', '^(\\d+)(ms|s|m|h)$', ''],
  ['Unicode letters', '^\\p{L}+$', 'u'],
  ['class set subtraction', '^[\\p{L}--[a-z]]+$', 'v'],
  ['HTML comment, anchored', '^<!--[\\s\\S]*?-->', ''],
  ['word after a boundary', '\\bfoo\\w*\\b\\s+$', ''],
  ['unparseable', '(a+', ''],
  ['invalid flags', 'a', 'gg'],
];

describe('analyzeRedos finds known ReDoS patterns', () => {
  it.each(vulnerable)('%s: /%s/%s', (_name, source, flags, kind) => {
    const risk = analyzeRedos(source, flags);
    expect(risk?.kind).toBe(kind);
    if (!risk) return;
    expect(risk.start).toBeGreaterThanOrEqual(0);
    expect(risk.end).toBeGreaterThan(risk.start);
    expect(risk.end).toBeLessThanOrEqual(source.length);
    expect(risk.attack.pump.length).toBeGreaterThan(0);
    if (kind === 'polynomial') expect(risk.degree).toBeGreaterThanOrEqual(2);
    else expect(risk.degree).toBeUndefined();
  });
});

describe('analyzeRedos stays quiet on linear patterns', () => {
  it.each(safe)('%s: /%s/%s', (_name, source, flags) => {
    expect(analyzeRedos(source, flags)).toBeNull();
  });
});

describe('analyzeRedos results', () => {
  it('describes a nested quantifier', () => {
    expect(analyzeRedos('^(a+)+$', '')).toEqual({
      kind: 'exponential',
      start: 1,
      end: 6,
      explanation: '`(a+)+` nests a quantifier in a quantifier that can match the same text in many ways',
      attack: { prefix: 'a', pump: 'a', suffix: '0' },
    });
  });

  it('describes overlapping alternatives', () => {
    expect(analyzeRedos('^(a|a)*$', '')?.explanation).toBe(
      '`(a|a)*` repeats alternatives that can match the same text in many ways',
    );
  });

  it('describes two loops in sequence and gives their span', () => {
    const risk = analyzeRedos('^\\d+\\.?\\d+$', '');
    expect(risk).toMatchObject({ kind: 'polynomial', degree: 2, start: 1, end: 10 });
    expect(risk?.explanation).toBe(
      '`\\d+` and `\\d+` can match the same text one after the other, so a failing match tries every way to split it (quadratic)',
    );
  });

  it('describes the unanchored case and counts the search restart in the degree', () => {
    expect(analyzeRedos('\\s+$', '')).toMatchObject({
      kind: 'polynomial',
      degree: 2,
      start: 0,
      end: 3,
      attack: { prefix: '', pump: ' ', suffix: 'a' },
    });
    expect(analyzeRedos('\\s*\\s*$', '')?.degree).toBe(3);
  });

  it('starts a trim attack with a character the anchored alternative cannot take', () => {
    expect(analyzeRedos('^\\s+|\\s+$', 'g')?.attack).toEqual({ prefix: 'a', pump: ' ', suffix: 'a' });
  });

  it('adds a character beyond Latin-1 when the pattern requires one', () => {
    const suffix = analyzeRedos('(元|\\d+)年', '')?.attack.suffix ?? '';
    expect([...suffix].some((c) => (c.codePointAt(0) as number) > 0xff)).toBe(true);
  });

  it('truncates long parts in the explanation', () => {
    const long = 'abcdefghij'.repeat(5);
    const risk = analyzeRedos(`^(?:${long}|${long})*$`, '');
    expect(risk?.explanation).toMatch(/^`\(\?:abcdefghij.{20,40}…` repeats alternatives/);
  });
});

describe('attack strings', () => {
  function steps(source: string, flags: string, input: string): number {
    const parsed = parseRegex(source, flags);
    if (!parsed) throw new Error('unparsed');
    const run = countSteps(parsed, input, 5_000_000);
    expect(run.exhausted).toBe(false);
    return run.steps;
  }

  const exponential: [string, string][] = [
    ['^(a+)+$', ''],
    ['(\\w+\\s?)+$', ''],
    ['^(a|aa)*c', ''],
    ['^(\\d+|\\w+)*$', ''],
    ['\\033\\[(\\d+)*m', 'g'],
    ['<([a-z]+)([^<]+)*(?:>(.*)<\\/\\1>|\\s+\\/>)', ''],
    ['^(?:[^/.]+(\\.[^/]+)+|localhost)$', ''],
  ];
  it.each(exponential)('make /%s/%s take exponentially many steps', (source, flags) => {
    const risk = analyzeRedos(source, flags);
    if (!risk) throw new Error('no risk found');
    const { prefix, pump, suffix } = risk.attack;
    // Pump about four characters at a time; count the steps beyond those of the unpumped input.
    const k = Math.max(1, Math.round(4 / pump.length));
    const base = steps(source, flags, prefix + suffix);
    const [s1, s2, s3] = [k, 2 * k, 3 * k].map(
      (n) => steps(source, flags, prefix + pump.repeat(n) + suffix) - base,
    ) as [number, number, number];
    // Each further k pumps multiply the steps by a factor that does not shrink: exponential growth.
    expect(s2 / s1).toBeGreaterThan(4);
    expect(s3 / s2).toBeGreaterThan(4);
    expect(s3 / s2).toBeGreaterThanOrEqual((s2 / s1) * 0.8);
    expect(new RegExp(source, flags).test(prefix + pump.repeat(2 * k) + suffix)).toBe(false);
  });

  const polynomial: [string, string][] = [
    ['\\s+$', ''],
    ['^\\d+\\.?\\d+$', ''],
    ['^(([^=;]+))\\s*=\\s*([^\\n\\r\\0]*)', ''],
    [' *, *', ''],
    ['^((?:rgb|hsl)a?)\\(\\s*([^\\)]*)\\)', ''],
  ];
  it.each(polynomial)('make /%s/%s take a quadratic number of steps', (source, flags) => {
    const risk = analyzeRedos(source, flags);
    if (!risk) throw new Error('no risk found');
    const { prefix, pump, suffix } = risk.attack;
    const small = steps(source, flags, prefix + pump.repeat(100) + suffix);
    const large = steps(source, flags, prefix + pump.repeat(200) + suffix);
    expect(large / small).toBeGreaterThan(3.3);
  });
});

describe('analyzeRedos on hostile input', () => {
  it('never throws, whatever the pattern', () => {
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
      '.',
      's',
      'w',
      '1',
      '<',
      '=',
      '!',
      ':',
    ];
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 1500; i++) {
      let source = '';
      for (let j = 0, n = 1 + next(14); j < n; j++) source += alphabet[next(alphabet.length)];
      expect(() => analyzeRedos(source, ['', 'u', 'i', 'm', 'y'][next(5)] as string)).not.toThrow();
    }
  });

  it('handles very large patterns within its work limits', () => {
    const words = Array.from({ length: 1200 }, (_, i) => `word${i.toString(36)}`);
    expect(analyzeRedos(`^(?:${words.join('|')})$`, 'i')).toBeNull();
    expect(analyzeRedos(`${'a'.repeat(10_000)}(b+)+$`, '')?.kind).toBe('exponential');
    expect(analyzeRedos(`${'(?:a|b)'.repeat(2000)}\\s+$`, '')).not.toBeUndefined();
    expect(analyzeRedos(`${'('.repeat(3000)}a${')'.repeat(3000)}`, '')).toBeNull();
  });
});
