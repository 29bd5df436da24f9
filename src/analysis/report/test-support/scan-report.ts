import { createHash } from 'node:crypto';
import { SourceCode } from '../../source-code.js';
import {
  type Category,
  type Finding,
  type Fix,
  type Location,
  type RuleDescriptor,
  type ScanReport,
  SEVERITIES,
  type Severity,
} from '../../types.js';

/**
 * Sources of the files the sample report's findings point into. Locations and fix offsets are
 * computed from these texts, so tests can check that a fix really applies to the file.
 */
export const SAMPLE_SOURCES: Readonly<Record<string, string>> = {
  'src/routes/users.ts': `import { Router } from 'express';
import { db } from '../db.js';

export const users = Router();

users.get('/users/:id', async (req, res) => {
  const rows = await db.query(\`SELECT * FROM users WHERE id = \${req.params.id}\`);
  if (rows.length == 0) return res.status(404).end();
  res.json(rows[0]);
});

users.get('/login/done', (req, res) => {
  res.redirect(req.query.next as string);
});
`,
  'src/services/convert.ts': `import { exec } from 'node:child_process';

export function convert(file: string, format: string): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(\`convert \${file} out.\${format}\`, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });
}
`,
  'src/config/payments.ts': `export const payments = {
  currency: 'eur',
  stripeKey: 'sk_live_51HqLyjWDarjtT1zdp7dcXoQ2Mbyz',
};
`,
  'src/legacy/invoice helpers.js': `// Kept for the old billing screen.
export function sendInvoice(customer) {
  throw new Error('not implemented');
}
`,
};

/** The template literal the sample SQL-injection finding covers (line 7 of src/routes/users.ts). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: this is scanned source code, not a template
export const SQL_QUERY = '`SELECT * FROM users WHERE id = ${req.params.id}`';

/** Line `line` (1-based) of a sample source. */
export function sampleLine(file: string, line: number): string {
  return (SAMPLE_SOURCES[file] ?? '').split('\n')[line - 1] ?? '';
}

/** Every rule of the sample scan, including ones that found nothing. */
export const SAMPLE_RULES: RuleDescriptor[] = [
  {
    id: 'command-injection',
    description: 'A shell command is built from input that callers control. Pass arguments as an array to execFile.',
    category: 'security',
    severity: 'high',
    cwe: [78, 88],
    fixable: false,
  },
  {
    id: 'eqeqeq',
    description: 'Loose equality converts its operands; strict equality says what it means.',
    category: 'correctness',
    severity: 'low',
    cwe: [],
    fixable: true,
  },
  {
    id: 'hardcoded-secret',
    description: 'A credential is written in the source; anyone with the code can use it.',
    category: 'secrets',
    severity: 'high',
    cwe: [798],
    fixable: false,
  },
  {
    id: 'no-self-compare',
    description: 'Comparing a value with itself is always true or always false (or a disguised NaN check).',
    category: 'correctness',
    severity: 'medium',
    cwe: [570],
    fixable: false,
  },
  {
    id: 'open-redirect',
    description: 'A redirect target comes from the request, so a link can send users to any site.',
    category: 'security',
    severity: 'medium',
    cwe: [601],
    fixable: false,
  },
  {
    id: 'placeholder-implementation',
    description: 'A function only throws "not implemented" or returns a stub value.',
    category: 'reality',
    severity: 'info',
    cwe: [],
    fixable: false,
  },
  {
    id: 'sql-injection',
    description: 'An SQL query is built by concatenating request input instead of using parameters.',
    category: 'security',
    severity: 'critical',
    cwe: [89],
    fixable: false,
  },
];

interface FindingSpec {
  ruleId: string;
  messageId: string;
  message: string;
  file: string;
  /** The text the finding covers; its first occurrence in the file. */
  target: string;
  severity?: Severity;
  category?: Category;
  snippet?: string;
  fix?: (start: number, end: number) => Fix[];
  /** Data-flow steps: the text each covers (first occurrence) and what happens there. */
  flow?: { target: string; message: string }[];
}

function locate(file: string, target: string): Location {
  const text = SAMPLE_SOURCES[file] ?? '';
  const start = text.indexOf(target);
  if (start < 0) throw new Error(`${target} not in ${file}`);
  const source = new SourceCode(text);
  const from = source.position(start);
  const to = source.position(start + target.length);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function sampleFinding(spec: FindingSpec): Finding {
  const text = SAMPLE_SOURCES[spec.file];
  if (text === undefined) throw new Error(`no sample source ${spec.file}`);
  const start = text.indexOf(spec.target);
  if (start < 0) throw new Error(`${spec.target} not in ${spec.file}`);
  const end = start + spec.target.length;
  const source = new SourceCode(text);
  const from = source.position(start);
  const to = source.position(end);
  const rule = SAMPLE_RULES.find((r) => r.id === spec.ruleId);
  const lines: string[] = [];
  for (let line = from.line; line <= Math.min(to.line, from.line + 2); line++) lines.push(source.lineText(line));
  const finding: Finding = {
    ruleId: spec.ruleId,
    messageId: spec.messageId,
    category: spec.category ?? rule?.category ?? 'correctness',
    severity: spec.severity ?? rule?.severity ?? 'medium',
    cwe: rule?.cwe ?? [],
    message: spec.message,
    file: spec.file,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    snippet: spec.snippet ?? lines.join('\n'),
    fingerprint: createHash('sha1')
      .update(`${spec.ruleId}\0${spec.file}\0${source.lineText(from.line).trim()}`)
      .digest('hex')
      .slice(0, 20),
  };
  if (spec.fix) finding.fix = spec.fix(start, end);
  if (spec.flow) {
    finding.flow = spec.flow.map((step) => ({
      file: spec.file,
      ...locate(spec.file, step.target),
      message: step.message,
    }));
  }
  return finding;
}

/** The findings of the sample scan, sorted by file, line, column like the engine sorts them. */
export function sampleFindings(): Finding[] {
  const findings = [
    sampleFinding({
      ruleId: 'hardcoded-secret',
      messageId: 'secret',
      message: 'Stripe live secret key written in the source.',
      file: 'src/config/payments.ts',
      target: "'sk_live_51HqLyjWDarjtT1zdp7dcXoQ2Mbyz'",
      // Secret rules redact before reporting; reports show the snippet as given.
      snippet: "  stripeKey: 'sk_live_51Hq…',",
    }),
    sampleFinding({
      ruleId: 'placeholder-implementation',
      messageId: 'throwsNotImplemented',
      message: 'Function `sendInvoice` only throws "not implemented".',
      file: 'src/legacy/invoice helpers.js',
      target: "throw new Error('not implemented');",
    }),
    sampleFinding({
      ruleId: 'sql-injection',
      messageId: 'taintedQuery',
      message: 'SQL query built from `req.params.id` (request input); use a parameterised query.',
      file: 'src/routes/users.ts',
      target: SQL_QUERY,
      flow: [
        { target: 'req.params.id', message: 'request input `req.params.id`' },
        { target: SQL_QUERY, message: 'becomes part of the SQL text passed to `db.query()`' },
      ],
    }),
    sampleFinding({
      ruleId: 'eqeqeq',
      messageId: 'useStrict',
      message: 'Use `===` instead of `==`.',
      file: 'src/routes/users.ts',
      target: 'rows.length == 0',
      fix: (start) => {
        const at = start + 'rows.length '.length;
        return [{ range: [at, at + 2], text: '===' }];
      },
    }),
    sampleFinding({
      ruleId: 'open-redirect',
      messageId: 'taintedRedirect',
      message: 'Redirect target comes from `req.query.next`.',
      file: 'src/routes/users.ts',
      target: 'res.redirect(req.query.next as string)',
    }),
    sampleFinding({
      ruleId: 'command-injection',
      messageId: 'shellCommand',
      message: 'Shell command built from parameters `file`, `format`; use execFile with an argument array.',
      file: 'src/services/convert.ts',
      target: `exec(\`convert \${file} out.\${format}\`, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    })`,
    }),
  ];
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * A realistic report of a small Express service: findings of every severity (one rule with two
 * CWEs, one with a fix, a redacted secret, a path with a space), file diagnostics and complexity
 * hot spots. `overrides` replaces top-level fields; the summary follows the findings given.
 */
export function buildScanReport(overrides: Partial<ScanReport> = {}): ScanReport {
  const findings = overrides.findings ?? sampleFindings();
  const report: ScanReport = {
    tool: { name: 'ectus', version: '0.1.0' },
    root: '/home/dev/shop-api',
    startedAt: '2025-03-14T09:26:53.120Z',
    threatModel: 'remote',
    skippedFiles: [
      { file: 'public/vendor/chart.min.js', reason: 'minified' },
      { file: 'src/generated/api-types.ts', reason: 'generated' },
    ],
    summary: {
      files: 48,
      filesAnalysed: 45,
      filesSkipped: 2,
      filesCached: 12,
      lines: 5210,
      findings: findings.length,
      bySeverity: countBySeverity(findings),
      suppressed: 3,
      baselined: 5,
      durationMs: 420,
    },
    findings,
    diagnostics: [
      {
        file: 'src/legacy/report.js',
        code: 'ECTUS_PARSE_ERROR',
        message: 'Expected `)` but found `;`',
        line: 14,
        column: 22,
      },
      {
        file: 'public/vendor/chart.min.js',
        code: 'ECTUS_FILE_TOO_LARGE',
        message: 'File is 3.1 MB, over the 2 MB limit; not analysed.',
      },
    ],
    rules: SAMPLE_RULES,
    hotspots: [
      {
        name: 'handleCheckout',
        file: 'src/services/checkout.ts',
        line: 42,
        column: 1,
        cyclomatic: 24,
        cognitive: 31,
        lines: 118,
      },
      {
        name: 'parseFilters',
        file: 'src/routes/search.ts',
        line: 10,
        column: 7,
        cyclomatic: 22,
        cognitive: 12,
        lines: 40,
      },
      { name: 'formatRow', file: 'src/ui/table.ts', line: 5, column: 1, cyclomatic: 6, cognitive: 4, lines: 22 },
    ],
    fileSummaries: [
      {
        file: 'src/config/payments.ts',
        lines: 4,
        findings: 1,
        functions: 0,
        maxCyclomatic: 0,
        maxCognitive: 0,
        maintainability: 100,
      },
      {
        file: 'src/legacy/invoice helpers.js',
        lines: 4,
        findings: 1,
        functions: 1,
        maxCyclomatic: 1,
        maxCognitive: 0,
        maintainability: 98,
      },
      {
        file: 'src/routes/users.ts',
        lines: 14,
        findings: 3,
        functions: 2,
        maxCyclomatic: 2,
        maxCognitive: 1,
        maintainability: 88,
      },
      {
        file: 'src/services/checkout.ts',
        lines: 260,
        findings: 0,
        functions: 9,
        maxCyclomatic: 24,
        maxCognitive: 31,
        maintainability: 41,
      },
      {
        file: 'src/services/convert.ts',
        lines: 10,
        findings: 1,
        functions: 3,
        maxCyclomatic: 2,
        maxCognitive: 2,
        maintainability: 90,
      },
    ],
    ...overrides,
  };
  if (overrides.findings && !overrides.summary) {
    report.summary = { ...report.summary, findings: findings.length, bySeverity: countBySeverity(findings) };
  }
  return report;
}

/** A clean scan: no findings, no diagnostics, nothing complex. */
export function buildEmptyScanReport(): ScanReport {
  const report = buildScanReport({ findings: [], diagnostics: [], hotspots: [] });
  report.summary = { ...report.summary, suppressed: 0, baselined: 0 };
  return report;
}
