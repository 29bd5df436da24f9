import picocolors from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import {
  buildEmptyScanReport,
  buildScanReport,
  SQL_QUERY,
  sampleFindings,
  sampleLine,
} from './test-support/scan-report.js';
import { codeFrame, printable, renderText } from './text.js';

const plain = picocolors.createColors(false);
const ESC = String.fromCharCode(27);
const ANSI_SEQUENCE = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** True when text holds a character a terminal would interpret (controls other than tab and newline, bidi). */
function hasTerminalControls(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code < 0x20 && code !== 9 && code !== 10) || code === 0x7f) return true;
    if (code === 0x202e || code === 0x2066 || code === 0x2069) return true;
  }
  return false;
}

function finding(overrides: Partial<Finding>): Finding {
  return { ...sampleFindings()[0]!, fix: undefined, ...overrides };
}

describe('renderText', () => {
  const report = buildScanReport();
  const text = renderText(report, { color: false });

  it('groups findings by file with position, severity, message, rule and CWE', () => {
    expect(text).toContain(
      [
        'src/routes/users.ts',
        '  7:31  critical  SQL query built from `req.params.id` (request input); use a parameterised query.  sql-injection (CWE-89)',
      ].join('\n'),
    );
    expect(text).toContain('  8:7   low       Use `===` instead of `==`.  eqeqeq fixable');
    expect(text).toContain(
      '  5:5  high      Shell command built from parameters `file`, `format`; use execFile with an argument array.  command-injection (CWE-78, CWE-88)',
    );
    const files = [
      'src/config/payments.ts',
      'src/legacy/invoice helpers.js',
      'src/routes/users.ts',
      'src/services/convert.ts',
    ];
    // Headings are whole lines, in the order of the (sorted) findings.
    const positions = files.map((f) => `\n${text}`.indexOf(`\n${f}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Each file heading appears once even with several findings.
    expect(text.split('\nsrc/routes/users.ts\n')).toHaveLength(2);
  });

  it('shows a code frame with line numbers and a caret under the range', () => {
    const line = sampleLine('src/routes/users.ts', 7);
    expect(text).toContain(
      [`    > 7 | ${line}`, `        | ${' '.repeat(line.indexOf(SQL_QUERY))}${'^'.repeat(SQL_QUERY.length)}`].join(
        '\n',
      ),
    );
  });

  it('marks every line of a multi-line finding and underlines its first line to the end', () => {
    const [first, second, third] = [5, 6, 7].map((n) => sampleLine('src/services/convert.ts', n));
    expect(first).toMatch(/^ {4}exec\(/);
    expect(text).toContain(
      [
        `    > 5 | ${first}`,
        `        |     ${'^'.repeat(first!.trimStart().length)}`,
        '    > 6 |       if (error) reject(error);',
        `    > 7 | ${third}`,
      ].join('\n'),
    );
    expect(second).toBe('      if (error) reject(error);');
  });

  it('lists the data-flow steps of a finding under its code frame', () => {
    expect(text).toContain(
      [
        '    data flow:',
        '      1. 7:65  request input `req.params.id`',
        '      2. 7:31  becomes part of the SQL text passed to `db.query()`',
        '  8:7   low       Use `===` instead of `==`.',
      ].join('\n'),
    );
    const [sql] = sampleFindings().filter((f) => f.ruleId === 'sql-injection');
    const crossFile = { ...sql!, flow: [{ ...sql!.flow![0]!, file: 'src/routes/params.ts', line: 3, column: 9 }] };
    const out = renderText(buildScanReport({ findings: [crossFile] }), { color: false, codeFrames: false });
    expect(out).toContain('      1. src/routes/params.ts:3:9  request input `req.params.id`');
  });

  it('prints the snippet as given, redacted secrets included', () => {
    expect(text).toContain("    > 3 |   stripeKey: 'sk_live_51Hq…',");
    expect(text).not.toContain('sk_live_51HqLyjWDarjtT1zdp7dcXoQ2Mbyz');
  });

  it('lists file diagnostics per file', () => {
    expect(text).toContain(
      [
        'Not fully analysed (2 files)',
        '  src/legacy/report.js',
        '    14:22  parse error  Expected `)` but found `;`  ECTUS_PARSE_ERROR',
        '  public/vendor/chart.min.js',
        '    file too large  File is 3.1 MB, over the 2 MB limit; not analysed.  ECTUS_FILE_TOO_LARGE',
      ].join('\n'),
    );
  });

  it('lists only the hot spots over the complexity thresholds', () => {
    expect(text).toContain(
      [
        'Complexity hot spots (cyclomatic > 20 or cognitive > 15)',
        '  handleCheckout  src/services/checkout.ts:42  cyclomatic  24  cognitive  31',
        '  parseFilters    src/routes/search.ts:10      cyclomatic  22  cognitive  12',
      ].join('\n'),
    );
    expect(text).not.toContain('formatRow');
    const calm = renderText(buildScanReport({ hotspots: [report.hotspots[2]!] }), { color: false });
    expect(calm).not.toContain('Complexity hot spots');
  });

  it('ends with the summary line', () => {
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-2)).toBe(
      '✖ 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info) in 48 files, 5,210 lines, 0.42s; 3 suppressed, 5 baselined, 2 files skipped',
    );
    expect(lines.at(-1)).toBe('  1 finding can be fixed automatically.');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says so when there is nothing to report', () => {
    expect(renderText(buildEmptyScanReport(), { color: false })).toBe(
      '✔ No findings in 48 files, 5,210 lines, 0.42s; 2 files skipped\n',
    );
  });

  it('uses colours only when asked', () => {
    expect(text).not.toContain(ESC);
    const coloured = renderText(report, { color: true });
    expect(coloured).toMatch(ANSI_SEQUENCE);
    expect(coloured.replace(ANSI_SEQUENCE, '')).toBe(text);
  });

  it('leaves code frames out on request', () => {
    const compact = renderText(report, { color: false, codeFrames: false });
    expect(compact).not.toContain(' | ');
    expect(compact).toContain('sql-injection (CWE-89)');
  });

  it('prints only the summary when asked', () => {
    expect(renderText(report, { color: false, summaryOnly: true })).toBe(
      '✖ 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info) in 48 files, 5,210 lines, 0.42s; 3 suppressed, 5 baselined, 2 files skipped\n  1 finding can be fixed automatically.\n',
    );
  });

  it('neutralises terminal escape sequences and bidi overrides from scanned files', () => {
    const hostile = finding({
      message: 'bad \u001b[2Jname\nsecond line',
      file: 'src/\u001b]8;;x\u0007evil.ts',
      snippet: 'const access = "user\u202e \u2066// admin\u2069 \u2066";',
      column: 1,
      endColumn: 6,
    });
    const out = renderText(buildScanReport({ findings: [hostile], diagnostics: [], hotspots: [] }), { color: false });
    expect(hasTerminalControls(out)).toBe(false);
    expect(out).toContain('bad ␛[2Jname second line');
    expect(out).toContain('src/␛]8;;x␇evil.ts');
    expect(out).toContain('"user<U+202E> <U+2066>// admin<U+2069> <U+2066>";');
  });
});

describe('codeFrame', () => {
  it('keeps tabs in the caret line so it lines up with tab-indented code', () => {
    const frame = codeFrame(
      finding({ snippet: '\t\tif (a == b) {', line: 9, column: 7, endLine: 9, endColumn: 13 }),
      plain,
    );
    expect(frame).toEqual(['    > 9 | \t\tif (a == b) {', '        | \t\t    ^^^^^^']);
  });

  it('counts a character outside the BMP once', () => {
    const frame = codeFrame(
      finding({ snippet: "log('🚀', x == y);", line: 1, column: 11, endLine: 1, endColumn: 17 }),
      plain,
    );
    // `log('🚀', ` is 10 UTF-16 code units but 9 characters wide.
    expect(frame[1]).toBe(`        | ${' '.repeat(9)}^^^^^^`);
  });

  it('windows very long lines around the finding', () => {
    const long = `${'a'.repeat(300)}eval(x)${'b'.repeat(300)}`;
    const frame = codeFrame(finding({ snippet: long, line: 1, column: 301, endLine: 1, endColumn: 308 }), plain);
    expect(frame[0]!.length).toBeLessThan(200);
    expect(frame[0]).toMatch(/^ {4}> 1 \| …a+eval\(x\)b+…$/);
    const codeStart = frame[0]!.indexOf('eval(x)');
    expect(frame[1]!.indexOf('^^^^^^^')).toBe(codeStart);
  });

  it('keeps the caret on the text when a redacted snippet is shorter than the range', () => {
    const frame = codeFrame(finding({ snippet: 'key = "abc…"', line: 4, column: 7, endLine: 4, endColumn: 60 }), plain);
    expect(frame[1]).toBe('        |       ^^^^^^');
  });

  it('shows one caret for an empty range and pads line numbers to the widest', () => {
    const frame = codeFrame(finding({ snippet: 'a\nb\nc', line: 98, column: 2, endLine: 98, endColumn: 2 }), plain);
    expect(frame).toEqual(['    >  98 | a', '          |  ^', '       99 | b', '      100 | c']);
  });
});

describe('printable', () => {
  it('leaves ordinary text, tabs and emoji sequences alone', () => {
    const text = 'const s = "héllo\t👨‍👩‍👧 日本";';
    expect(printable(text)).toBe(text);
  });

  it('shows control and bidi characters as placeholders', () => {
    expect(printable('a\u0000b\u007fc\u0085d\u200fe')).toBe('a␀b␡c<U+0085>d<U+200F>e');
  });
});
