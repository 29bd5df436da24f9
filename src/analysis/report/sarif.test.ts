import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../fix.js';
import { FINGERPRINT_KEY, relativeUri, renderSarif, rootUri, type SarifLog, toSarif } from './sarif.js';
import { loadSarifValidator } from './test-support/sarif-schema.js';
import {
  buildEmptyScanReport,
  buildScanReport,
  SAMPLE_SOURCES,
  sampleFindings,
  sampleLine,
} from './test-support/scan-report.js';

let validate: ValidateFunction;
beforeAll(() => {
  validate = loadSarifValidator();
});

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('renderSarif', () => {
  it('produces a log that validates against the SARIF 2.1.0 schema', () => {
    const text = renderSarif(buildScanReport());
    expect(text.endsWith('\n')).toBe(true);
    const log = JSON.parse(text) as SarifLog;
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/^https:\/\//);
    expect(log.runs).toHaveLength(1);
  });

  it('the validator really rejects malformed logs', () => {
    const log = toSarif(buildScanReport()) as unknown as {
      runs: { results: Record<string, unknown>[]; tool: { driver: { rules: Record<string, unknown>[] } } }[];
    };
    const run = log.runs[0]!;
    run.results[0]!.level = 'critical';
    expect(validate(log)).toBe(false);
    const noMessage = toSarif(buildScanReport()) as unknown as typeof log;
    delete noMessage.runs[0]!.results[0]!.message;
    expect(validate(noMessage)).toBe(false);
    const badVersion = { ...toSarif(buildScanReport()), version: '2.0.0' };
    expect(validate(badVersion)).toBe(false);
  });

  it('validates an empty scan: no results and no rules', () => {
    const log = toSarif(buildEmptyScanReport());
    expectValid(log);
    const run = log.runs[0];
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
    expect(run.invocations[0]?.toolExecutionNotifications).toEqual([]);
  });

  it('lists exactly the rules that produced results, each with GitHub metadata', () => {
    const log = toSarif(buildScanReport());
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('ectus');
    expect(driver.version).toBe('0.1.0');
    expect(driver).not.toHaveProperty('informationUri');
    expect(driver.rules.map((r) => r.id)).toEqual([
      'command-injection',
      'eqeqeq',
      'hardcoded-secret',
      'open-redirect',
      'placeholder-implementation',
      'sql-injection',
    ]);
    const command = driver.rules.find((r) => r.id === 'command-injection')!;
    expect(command.name).toBe('CommandInjection');
    expect(command.shortDescription.text).toBe('A shell command is built from input that callers control.');
    expect(command.fullDescription.text).toContain('execFile');
    expect(command.help.text).toContain('CWE-78, CWE-88');
    expect(command.help.markdown).toContain('https://cwe.mitre.org/data/definitions/88.html');
    expect(command.defaultConfiguration.level).toBe('error');
    expect(command.properties.tags).toEqual(['security', 'CWE-78', 'CWE-88']);
    expect(command.properties['security-severity']).toBe('8.0');
    expect(command.properties.precision).toBe('high');

    const secret = driver.rules.find((r) => r.id === 'hardcoded-secret')!;
    expect(secret.properties.tags).toEqual(['security', 'secrets', 'CWE-798']);
    const eqeqeq = driver.rules.find((r) => r.id === 'eqeqeq')!;
    expect(eqeqeq.properties.tags).toEqual(['correctness']);
    expect(eqeqeq.defaultConfiguration.level).toBe('note');
    expect(eqeqeq.properties['security-severity']).toBe('3.0');
    expect(driver.rules.find((r) => r.id === 'sql-injection')!.properties['security-severity']).toBe('9.5');
    expect(driver.rules.find((r) => r.id === 'open-redirect')!.properties['security-severity']).toBe('5.5');
    expect(driver.rules.find((r) => r.id === 'placeholder-implementation')!.properties['security-severity']).toBe(
      '1.0',
    );
    for (const rule of driver.rules) expect(Number.isFinite(Number(rule.properties['security-severity']))).toBe(true);
  });

  it('maps each finding to a result with level, location, fingerprint and properties', () => {
    const report = buildScanReport();
    const log = toSarif(report);
    const { results, tool } = log.runs[0];
    expect(results).toHaveLength(report.findings.length);
    results.forEach((result, i) => {
      const finding = report.findings[i]!;
      expect(tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toBe(finding.fingerprint);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    });
    const levels = Object.fromEntries(results.map((r) => [r.ruleId, r.level]));
    expect(levels).toEqual({
      'hardcoded-secret': 'error',
      'placeholder-implementation': 'note',
      'sql-injection': 'error',
      eqeqeq: 'note',
      'open-redirect': 'warning',
      'command-injection': 'error',
    });

    const command = results.find((r) => r.ruleId === 'command-injection')!;
    expect(command.message.text).toContain('execFile');
    expect(command.properties).toEqual({ severity: 'high', category: 'security', cwe: [78, 88] });
    expect(command.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/services/convert.ts', uriBaseId: '%SRCROOT%' },
      region: {
        startLine: 5,
        startColumn: 5,
        endLine: 8,
        endColumn: 7,
        snippet: { text: [5, 6, 7].map((n) => sampleLine('src/services/convert.ts', n)).join('\n') },
      },
    });
    const helper = results.find((r) => r.ruleId === 'placeholder-implementation')!;
    expect(helper.locations[0]?.physicalLocation.artifactLocation.uri).toBe('src/legacy/invoice%20helpers.js');
  });

  it('turns data-flow steps into a code flow', () => {
    const log = toSarif(buildScanReport(), { srcRoot: '/home/dev' });
    const sql = log.runs[0].results.find((r) => r.ruleId === 'sql-injection')!;
    expect(sql.codeFlows).toEqual([
      {
        threadFlows: [
          {
            locations: [
              {
                location: {
                  physicalLocation: {
                    artifactLocation: { uri: 'shop-api/src/routes/users.ts', uriBaseId: '%SRCROOT%' },
                    region: { startLine: 7, startColumn: 65, endLine: 7, endColumn: 78 },
                  },
                  message: { text: 'request input `req.params.id`' },
                },
              },
              {
                location: {
                  physicalLocation: {
                    artifactLocation: { uri: 'shop-api/src/routes/users.ts', uriBaseId: '%SRCROOT%' },
                    region: { startLine: 7, startColumn: 31, endLine: 7, endColumn: 80 },
                  },
                  message: { text: 'becomes part of the SQL text passed to `db.query()`' },
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(log.runs[0].results.filter((r) => r.codeFlows).map((r) => r.ruleId)).toEqual(['sql-injection']);
  });

  it('turns safe fixes into SARIF fixes whose offsets apply to the file', () => {
    const log = toSarif(buildScanReport());
    const withFixes = log.runs[0].results.filter((r) => r.fixes);
    expect(withFixes.map((r) => r.ruleId)).toEqual(['eqeqeq']);
    const change = withFixes[0]!.fixes![0]!.artifactChanges[0]!;
    expect(change.artifactLocation).toEqual({ uri: 'src/routes/users.ts', uriBaseId: '%SRCROOT%' });
    const source = SAMPLE_SOURCES['src/routes/users.ts']!;
    const [replacement] = change.replacements;
    const { charOffset, charLength } = replacement!.deletedRegion;
    expect(source.slice(charOffset, charOffset + charLength)).toBe('==');
    expect(replacement!.insertedContent).toEqual({ text: '===' });
    const fixed = applyFixes(source, [[{ range: [charOffset, charOffset + charLength], text: '===' }]]).text;
    expect(fixed).toContain('if (rows.length === 0)');
    expect(log.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('omits insertedContent for a pure deletion', () => {
    const [finding] = sampleFindings().filter((f) => f.ruleId === 'eqeqeq');
    const deletion = { ...finding!, fix: [{ range: [10, 14] as [number, number], text: '' }] };
    const log = toSarif(buildScanReport({ findings: [deletion] }));
    expectValid(log);
    expect(log.runs[0].results[0]?.fixes?.[0]?.artifactChanges[0]?.replacements).toEqual([
      { deletedRegion: { charOffset: 10, charLength: 4 } },
    ]);
  });

  it('reports file diagnostics as tool execution notifications', () => {
    const log = toSarif(buildScanReport());
    const invocation = log.runs[0].invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.startTimeUtc).toBe('2025-03-14T09:26:53.120Z');
    expect(invocation.endTimeUtc).toBe('2025-03-14T09:26:53.540Z');
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Expected `)` but found `;`' },
        descriptor: { id: 'ECTUS_PARSE_ERROR' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/legacy/report.js', uriBaseId: '%SRCROOT%' },
              region: { startLine: 14, startColumn: 22 },
            },
          },
        ],
      },
      {
        level: 'warning',
        message: { text: 'File is 3.1 MB, over the 2 MB limit; not analysed.' },
        descriptor: { id: 'ECTUS_FILE_TOO_LARGE' },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'public/vendor/chart.min.js', uriBaseId: '%SRCROOT%' } } },
        ],
      },
    ]);
  });

  it('points %SRCROOT% at the scan root as a file URI ending in a slash', () => {
    const log = toSarif(buildScanReport());
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/shop-api/' } });
    expect(rootUri('/srv/app/')).toBe('file:///srv/app/');
    expect(rootUri('/srv/my app')).toBe('file:///srv/my%20app/');
  });

  it('makes paths relative to a given source root that contains the scan root', () => {
    const log = toSarif(buildScanReport(), { srcRoot: '/home/dev' });
    expectValid(log);
    const run = log.runs[0];
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/' } });
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('shop-api/src/config/payments.ts');
    expect(run.invocations[0]?.toolExecutionNotifications[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'shop-api/src/legacy/report.js',
    );
    const fix = run.results.find((r) => r.fixes)?.fixes?.[0]?.artifactChanges[0]?.artifactLocation;
    expect(fix?.uri).toBe('shop-api/src/routes/users.ts');

    const outside = toSarif(buildScanReport(), { srcRoot: '/srv/other' }).runs[0];
    expect(outside.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/shop-api/' } });
    expect(outside.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('src/config/payments.ts');
    expect(toSarif(buildScanReport(), { srcRoot: '/home/dev/shop-api' })).toEqual(toSarif(buildScanReport()));
  });

  it('encodes relative paths as URI references', () => {
    expect(relativeUri('src/a b/c#d.ts')).toBe('src/a%20b/c%23d.ts');
    expect(relativeUri('src\\win\\file.ts')).toBe('src/win/file.ts');
    expect(relativeUri('c:/x.ts')).toBe('c%3A/x.ts');
    expect(relativeUri('src/100%.ts')).toBe('src/100%25.ts');
  });

  it('describes a rule missing from the report from its finding instead of failing', () => {
    const [finding] = sampleFindings();
    const orphan = { ...finding!, ruleId: 'custom-rule' };
    const log = toSarif(buildScanReport({ findings: [orphan], rules: [] }));
    expectValid(log);
    expect(log.runs[0].tool.driver.rules[0]?.id).toBe('custom-rule');
    expect(log.runs[0].results[0]?.ruleIndex).toBe(0);
  });

  it('keeps literal Markdown characters of descriptions escaped outside code spans', () => {
    const [finding] = sampleFindings();
    const rule = {
      id: finding!.ruleId,
      description: 'Calls to `child_process.exec` with <user> input_data.',
      category: finding!.category,
      severity: finding!.severity,
      cwe: finding!.cwe,
      fixable: false,
    };
    const log = toSarif(buildScanReport({ findings: [finding!], rules: [rule] }));
    expect(log.runs[0].tool.driver.rules[0]?.help.markdown).toMatch(
      /^Calls to `child_process\.exec` with \\<user\\> input\\_data\./,
    );
  });
});
