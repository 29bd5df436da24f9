import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../types.js';
import { escapeHtml, jsonForScript, renderHtml } from './html.js';
import { FakeDocument, type FakeElement } from './test-support/fake-dom.js';
import { buildEmptyScanReport, buildScanReport, SQL_QUERY, sampleFindings } from './test-support/scan-report.js';

const ATTACK = '</script><img src=x onerror=alert(1)>';

function inlineScript(html: string): string {
  const match = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no inline script');
  return match[1]!;
}

function dataBlock(html: string): string {
  const match = /<script type="application\/json" id="ectus-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no data block');
  return match[1]!;
}

function inlineStyle(html: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(html);
  if (!match) throw new Error('no inline style');
  return match[1]!;
}

function unescapeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface Page {
  document: FakeDocument;
  list: FakeElement;
  items(): FakeElement[];
  /** The text of each shown finding's message. */
  messages(): string[];
  set(control: 'severity' | 'category' | 'rule' | 'search' | 'sort', value: string): void;
}

/** Runs the report's script against a fake DOM holding the elements the page's markup declares. */
function openPage(html: string): Page {
  const document = new FakeDocument();
  document.add('ectus-data', 'script', { textContent: dataBlock(html) });
  const ids = [...html.matchAll(/ id="([a-z-]+)"/g)].map((m) => m[1]!);
  for (const id of ids) if (id !== 'ectus-data') document.add(id, 'div');
  for (const match of html.matchAll(/data-filter="([^"]*)" data-value="([^"]*)"/g)) {
    document.addFilterTarget(unescapeAttribute(match[1]!), unescapeAttribute(match[2]!));
  }
  if (ids.includes('filter-sort')) document.get('filter-sort').value = 'file';
  vm.runInNewContext(inlineScript(html), { document, setTimeout: (fn: () => void) => fn() });
  const list = document.getElementById('finding-list') ?? document.add('finding-list', 'ol');
  const items = () => list.children;
  return {
    document,
    list,
    items,
    messages: () => items().map((li) => li.findAll('span').find((s) => s.className === 'message')!.textContent),
    set(control, value) {
      const element = document.get(`filter-${control}`);
      element.value = value;
      element.dispatch('input');
    },
  };
}

function finding(overrides: Partial<Finding>): Finding {
  return { ...sampleFindings()[0]!, ...overrides };
}

describe('renderHtml', () => {
  const report = buildScanReport();
  const html = renderHtml(report);

  it('is one self-contained document that requests nothing', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href|action|srcset)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<style\b/g)).toHaveLength(1);
  });

  it('declares a Content-Security-Policy that allows exactly its own script and style', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(meta).not.toBeNull();
    const policy = unescapeAttribute(meta![1]!);
    const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src 'sha256-${hash(inlineScript(html))}'`);
    expect(policy).toContain(`style-src 'sha256-${hash(inlineStyle(html))}'`);
    expect(policy).not.toContain('unsafe');
    // The policy must come before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    // Inline style attributes would be blocked by the hash-only style-src.
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('keeps its inline script and style ASCII, so their hashes cannot depend on the encoding', () => {
    const isAscii = (text: string) => [...text].every((ch) => ch === '\n' || (ch >= ' ' && ch <= '~'));
    expect(isAscii(inlineScript(html))).toBe(true);
    expect(isAscii(inlineStyle(html))).toBe(true);
  });

  it('has a light and a dark scheme', () => {
    expect(inlineStyle(html)).toContain('@media (prefers-color-scheme:dark)');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it('shows root, time and summary counts in the header', () => {
    expect(html).toContain('<code>/home/dev/shop-api</code>');
    expect(html).toContain('2025-03-14 09:26:53 UTC');
    expect(html).toContain(
      '✖ 6 findings (1 critical, 2 high, 1 medium, 1 low, 1 info) in 48 files, 5,210 lines, 0.42s',
    );
    expect(html).toMatch(
      /<li class="card sev-critical"><span class="value">1<\/span><span class="label">critical<\/span><\/li>/,
    );
    expect(html).toContain('<span class="value">5,210</span><span class="label">Lines</span>');
    expect(html).toContain('<title>Ectus report: shop-api</title>');
  });

  it('draws bar charts by severity and by category as inline SVG', () => {
    const severityChart = /<svg class="chart"[^>]*aria-label="Findings by severity: ([^"]*)"/.exec(html);
    expect(severityChart?.[1]).toBe('1 critical, 2 high, 1 medium, 1 low, 1 info');
    expect(html.match(/data-filter="severity"/g)).toHaveLength(5);
    expect(html).toContain('aria-label="Findings by category: 3 security, 1 correctness, 1 reality, 1 secrets"');
    expect(html.match(/data-filter="category"/g)).toHaveLength(4);
    expect(html).toContain('aria-label="Show 1 critical finding"');
  });

  it('leaves empty severity bars out of the filter shortcuts', () => {
    const onlyHigh = sampleFindings().filter((f) => f.severity === 'high');
    const page = renderHtml(buildScanReport({ findings: onlyHigh }));
    expect(page.match(/<g class="bar sev-/g)).toHaveLength(5);
    expect(page.match(/data-filter="severity"/g)).toHaveLength(1);
    expect(page).toContain('data-filter="severity" data-value="high"');
  });

  it('lists file diagnostics and complexity hot spots', () => {
    expect(html).toContain('Not fully analysed <span class="muted">(2 files)</span>');
    expect(html).toContain('<td><code>src/legacy/report.js</code></td><td class="num">14:22</td><td>parse error');
    expect(html).toContain('Expected `)` but found `;`');
    expect(html).toMatch(
      /<tr class="over"><td><code>handleCheckout<\/code><\/td><td><code>src\/services\/checkout\.ts:42<\/code><\/td><td class="num over">24<\/td><td class="num over">31<\/td>/,
    );
    expect(html).toMatch(/<tr><td><code>formatRow<\/code><\/td>/);
  });

  it('embeds findings as JSON without absolute paths', () => {
    const data = JSON.parse(dataBlock(html)) as { findings: Finding[]; rules: { id: string }[] };
    expect(data.findings).toHaveLength(6);
    expect(data.findings.map((f) => f.file)).toContain('src/legacy/invoice helpers.js');
    expect(dataBlock(html)).not.toContain(report.root);
    expect(data.rules.map((r) => r.id)).not.toContain('no-self-compare');
  });

  it('builds the findings list in the browser and filters it', () => {
    const page = openPage(html);
    expect(page.items()).toHaveLength(6);
    expect(page.document.get('finding-count').textContent).toBe('6 findings');
    const severityOptions = page.document.get('filter-severity').children.map((o) => o.textContent);
    expect(severityOptions).toEqual(['critical (1)', 'high (2)', 'medium (1)', 'low (1)', 'info (1)']);
    expect(page.document.get('filter-rule').children).toHaveLength(6);

    page.set('severity', 'high');
    expect(page.messages()).toEqual([
      'Stripe live secret key written in the source.',
      'Shell command built from parameters `file`, `format`; use execFile with an argument array.',
    ]);
    expect(page.document.get('finding-count').textContent).toBe('2 of 6 findings match');

    page.set('category', 'secrets');
    expect(page.items()).toHaveLength(1);
    page.set('severity', '');
    page.set('category', '');
    page.set('rule', 'open-redirect');
    expect(page.messages()).toEqual(['Redirect target comes from `req.query.next`.']);
    page.set('rule', '');
    page.set('search', 'REQ.PARAMS');
    expect(page.items()).toHaveLength(1);
    page.set('search', 'CWE-88');
    expect(page.messages()[0]).toContain('Shell command');
    page.set('search', 'nothing like this');
    expect(page.items()).toHaveLength(0);
    expect(page.document.get('finding-none').hidden).toBe(false);
    page.set('search', '');
    expect(page.document.get('finding-none').hidden).toBe(true);

    page.set('sort', 'severity');
    expect(page.items()[0]!.className).toBe('finding sev-critical');
    expect(page.items()[5]!.className).toBe('finding sev-info');

    const submit = page.document.get('filters').dispatch('submit');
    expect(submit.defaultPrevented).toBe(true);
  });

  it('chart bars act as filter shortcuts', () => {
    const page = openPage(html);
    const bar = page.document
      .querySelectorAll('[data-filter]')
      .find((b) => b.getAttribute('data-value') === 'security')!;
    bar.dispatch('click');
    expect(page.document.get('filter-category').value).toBe('security');
    expect(page.items()).toHaveLength(3);
    bar.dispatch('keydown', { key: 'Enter' });
    expect(page.document.get('filter-category').value).toBe('');
    expect(page.items()).toHaveLength(6);
  });

  it('expands a finding to its code excerpt with line numbers and the range marked', () => {
    const page = openPage(html);
    const sql = page.items().find((li) => li.className === 'finding sev-critical')!;
    const rows = sql.findAll('div').filter((d) => d.className.startsWith('row'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.findAll('span')[0]!.textContent).toBe('7');
    expect(rows[0]!.findAll('mark')[0]!.textContent).toBe(SQL_QUERY);
    expect(sql.findAll('p').map((p) => p.textContent)).toEqual([
      'Data flow',
      'An SQL query is built by concatenating request input instead of using parameters.',
    ]);
    const flow = sql.findAll('ol')[0]!;
    expect(flow.children.map((li) => li.textContent)).toEqual([
      'src/routes/users.ts:7:65 request input `req.params.id`',
      'src/routes/users.ts:7:31 becomes part of the SQL text passed to `db.query()`',
    ]);

    const command = page.items().find((li) => li.textContent.includes('Shell command'))!;
    const lines = command.findAll('div').filter((d) => d.className === 'row hit');
    expect(lines.map((row) => row.findAll('span')[0]!.textContent)).toEqual(['5', '6', '7']);
    expect(lines[1]!.findAll('mark')[0]!.textContent).toBe('if (error) reject(error);');
    expect(page.items().find((li) => li.textContent.includes('fixable'))?.textContent).toContain('eqeqeq');
  });

  it('pages long lists', () => {
    const many = Array.from({ length: 450 }, (_, i) => finding({ line: i + 1, message: `finding ${i}` }));
    const page = openPage(renderHtml(buildScanReport({ findings: many })));
    expect(page.items()).toHaveLength(200);
    const more = page.document.get('finding-more');
    expect(more.hidden).toBe(false);
    expect(more.textContent).toBe('Show more (250 left)');
    more.dispatch('click');
    more.dispatch('click');
    expect(page.items()).toHaveLength(450);
    expect(more.hidden).toBe(true);
  });

  it('renders a clean scan without a findings list', () => {
    const clean = renderHtml(buildEmptyScanReport());
    expect(clean).toContain('✔ No findings in 48 files');
    expect(clean).toContain('<p class="empty-state">No findings.</p>');
    expect(clean).not.toContain('<svg');
    expect(clean).not.toContain('id="hotspots"');
    expect(clean).not.toContain('id="diagnostics"');
    expect(() => openPage(clean)).not.toThrow();
  });
});

describe('renderHtml escaping', () => {
  const hostile: ScanReport = buildScanReport({
    root: '/srv/"><script>alert(1)</script>',
    findings: [
      finding({
        message: ATTACK,
        file: 'src/<b>bold</b>.ts',
        ruleId: 'rule"><svg onload=alert(1)>',
        snippet: `const x = "${ATTACK}"; // \u2028 <!-- \u202e`,
      }),
    ],
    diagnostics: [{ file: 'src/<i>.js', code: 'ECTUS_PARSE_ERROR', message: '<img src=x onerror=alert(2)>' }],
    hotspots: [
      { name: '<svg onload=alert(3)>', file: 'a&b.ts', line: 1, column: 1, cyclomatic: 30, cognitive: 30, lines: 9 },
    ],
    rules: [
      {
        id: 'rule"><svg onload=alert(1)>',
        description: '</script><script>alert(4)</script>',
        category: 'security',
        severity: 'high',
        cwe: [79],
        fixable: false,
      },
    ],
  });
  const html = renderHtml(hostile);

  it('a message with </script> cannot break out of the data block', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toContain('<b>bold</b>');
    const block = dataBlock(html);
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(block) as { findings: Finding[]; rules: { description: string }[] };
    expect(data.findings[0]!.message).toBe(ATTACK);
    expect(data.findings[0]!.snippet).toContain('\u2028 <!-- ');
    expect(data.rules[0]!.description).toBe('</script><script>alert(4)</script>');
  });

  it('escapes every value rendered into markup', () => {
    expect(html).toContain('<code>/srv/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(html).toContain('<td><code>src/&lt;i&gt;.js</code></td>');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('<code>&lt;svg onload=alert(3)&gt;</code>');
    expect(html).toContain('<code>a&amp;b.ts:1</code>');
  });

  it('the browser script shows hostile text as text and bidi controls as placeholders', () => {
    const script = inlineScript(html);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const page = openPage(html);
    const [item] = page.items();
    expect(page.messages()).toEqual([ATTACK]);
    expect(item!.textContent).toContain('src/<b>bold</b>.ts:');
    const placeholders = item!.findAll('span').filter((s) => s.className === 'ctrl');
    expect(placeholders.map((s) => s.textContent)).toEqual(['<U+202E>']);
  });
});

describe('jsonForScript', () => {
  it('round-trips through JSON.parse and keeps markup characters out', () => {
    const value = { a: '<!-- </script> & \u2028\u2029 >', b: [1, null, true] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(42)).toBe('42');
  });
});
