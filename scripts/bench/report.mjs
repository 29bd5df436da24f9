// Turns measurements into the console table, the target checks and the markdown for docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The targets ectus is held to; ratios are what count, absolute times drift between machines. */
export const TARGETS = [
  {
    label: 'ESLint time / ectus cold time',
    goal: '>= 10',
    value: (r) => ratio(r.eslint?.seconds, r.ectusCold?.seconds),
    pass: (v) => v >= 10,
  },
  {
    label: 'ectus cold time / oxlint time',
    goal: '<= 5',
    value: (r) => ratio(r.ectusCold?.seconds, r.oxlint?.seconds),
    pass: (v) => v <= 5,
  },
  {
    label: 'ectus cold time on the second Node / oxlint time',
    goal: '<= 5',
    optional: true,
    value: (r) => ratio(r.ectusAltCold?.seconds, r.oxlint?.seconds),
    pass: (v) => v <= 5,
  },
  {
    label: 'ectus cold time / ectus warm time',
    goal: '>= 20',
    value: (r) => ratio(r.ectusCold?.seconds, r.ectusWarm?.seconds),
    pass: (v) => v >= 20,
  },
  {
    label: 'ectus peak memory (MB)',
    goal: '< 1536 (1.5 GB)',
    value: (r) => {
      const peaks = [r.ectusCold?.peakRssMb, r.ectusWarm?.peakRssMb].filter((p) => p !== undefined);
      return peaks.length > 0 ? Math.max(...peaks) : undefined;
    },
    pass: (v) => v < 1536,
  },
];

function ratio(a, b) {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function fmt(value, digits = 0) {
  if (value === undefined || Number.isNaN(value)) return '-';
  return digits === 0 ? integer.format(value) : value.toFixed(digits);
}

/** One row per measured tool, in display order; `status` explains a row without numbers. */
export function tableRows(results) {
  return results.rows.map((row) => [
    row.tool,
    fmt(row.files),
    fmt(row.lines),
    row.seconds === undefined ? (row.status ?? '-') : fmt(row.seconds, 2),
    row.seconds && row.lines ? fmt(row.lines / row.seconds) : '-',
    fmt(row.peakRssMb),
    fmt(row.load, 1),
  ]);
}

const HEADER = ['tool', 'files', 'lines', 'wall s', 'lines/s', 'peak RSS MB', 'load'];

/** Fixed-width table for the terminal, numbers right-aligned. */
export function consoleTable(rows) {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)));
  const line = (row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function targetChecks(results) {
  return TARGETS.flatMap((target) => {
    const value = target.value(results);
    if (target.optional && value === undefined) return [];
    const verdict = value === undefined ? 'n/a' : target.pass(value) ? 'PASS' : 'FAIL';
    return [{ label: target.label, goal: target.goal, value, verdict }];
  });
}

export function consoleTargets(checks) {
  const width = Math.max(...checks.map((c) => c.label.length));
  return checks
    .map(
      (c) =>
        `${c.label.padEnd(width)}  ${fmt(c.value, c.label.includes('MB') ? 0 : 1).padStart(8)}  target ${c.goal.padEnd(16)} ${c.verdict}`,
    )
    .join('\n');
}

function markdownTable(header, rows, rightAligned) {
  const align = header.map((_, i) => (rightAligned(i) ? '---:' : '---'));
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The body of the "Scan speed" section: environment, table, targets and how it was measured. */
export function markdownSection({ results, checks, environment, notes }) {
  const table = markdownTable(HEADER, tableRows(results), (i) => i > 0);
  const targets = markdownTable(
    ['ratio', 'value', 'target', 'result'],
    checks.map((c) => [c.label, fmt(c.value, c.label.includes('MB') ? 0 : 1), c.goal, c.verdict]),
    (i) => i === 1,
  );
  return [
    '## Scan speed',
    '',
    `Measured with \`npm run bench:scan\` on ${environment.date}: ${environment.summary}.`,
    '',
    table,
    '',
    targets,
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

const INTRO = `# Benchmarks

How fast and how accurate \`ectus scan\` is, measured on public code that anyone can fetch again.
Ratios against peer tools measured in the same run are what count; absolute times drift from machine
to machine.
`;

/** Replaces (or appends) the "## Scan speed" section of the benchmarks document, keeping the rest. */
export function writeScanSpeedSection(docPath, section) {
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : INTRO;
  const start = current.search(/^## Scan speed\s*$/m);
  let next;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const rest = current.slice(start + 1);
    const end = rest.search(/^## /m);
    const after = end === -1 ? '' : `\n${rest.slice(end)}`;
    next = `${current.slice(0, start)}${section}${after}`;
  }
  writeFileSync(docPath, `${next.trimEnd()}\n`);
}
