import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { defineRule } from '../rule.js';
import type { ThreatModel } from '../types.js';
import { analyzeTaint, type FunctionSummary, taintVisitors } from './index.js';
import { SINK_KINDS } from './model.js';

/**
 * The engine analyses only what taint can reach, on demand: these cases check that pruning never
 * loses a flow that goes through a function no entry point calls directly.
 */
function flows(code: string, threatModel: ThreatModel = 'remote'): string[] {
  const probe = defineRule({
    id: 'taint-probe',
    meta: {
      description: 'probe',
      category: 'security',
      severity: 'high',
      messages: { flow: '{{sink}} <- {{source}}' },
    },
    create: (context) => taintVisitors(context, SINK_KINDS, () => 'flow'),
  });
  const result = analyzeSource('src/app.js', code, {
    rules: [{ rule: probe, severity: 'high', options: {} }],
    threatModel,
    includeGenerated: true,
  });
  expect(result.diagnostics).toEqual([]);
  return result.findings.map((f) => `${f.line} ${f.message}`);
}

function summaryNames(code: string, threatModel: ThreatModel): (string | null)[] {
  let captured: FunctionSummary[] = [];
  const rule = defineRule({
    id: 'taint-summaries',
    meta: { description: 'summaries', category: 'security', severity: 'high', messages: { x: 'x' } },
    create: (context) => ({
      'Program:exit'(program) {
        captured = analyzeTaint(program, context).summaries();
      },
    }),
  });
  analyzeSource('src/app.js', code, { rules: [{ rule, severity: 'high', options: {} }], threatModel });
  return captured.map((s) => s.name).sort();
}

describe('taint engine: what gets analysed', () => {
  it('wakes the callers of a function that returns request data', () => {
    expect(
      flows(`const { exec } = require('child_process');
function queryOf(req) { return req.query.q; }
function search(incoming) { exec('grep ' + queryOf(incoming)); }
module.exports = search;`),
    ).toEqual(['3 child_process.exec <- req.query']);
  });

  it('wakes a callback that reads a captured variable a handler tainted', () => {
    expect(
      flows(`const { exec } = require('child_process');
app.get('/later', (req, res) => {
  const cmd = 'tar -czf ' + req.query.name;
  setTimeout(() => exec(cmd), 1000);
  res.end();
});`),
    ).toEqual(['4 child_process.exec <- req.query']);
  });

  it('wakes the methods that read a this field a handler tainted', () => {
    expect(
      flows(`const { execSync } = require('child_process');
class Job {
  accept(req) { this.target = req.body.target; }
  start() { return execSync('deploy ' + this.target); }
}
module.exports = Job;`),
    ).toEqual(['4 child_process.execSync <- req.body']);
  });

  it('follows a call chain longer than the analyses allowed per function', () => {
    const helpers = Array.from({ length: 30 }, (_, i) => `function step${i}(v) { return step${i + 1}(v); }`);
    helpers.push('function step30(v) { return v; }');
    expect(
      flows(`const { exec } = require('child_process');
${helpers.join('\n')}
app.get('/', (req, res) => exec(step0(req.query.cmd)));`),
    ).toEqual(['33 child_process.exec <- req.query']);
  });

  it('summarises only functions that taint can reach', () => {
    const code = `const fs = require('fs');
function unrelated(a, b) { return fs.readFileSync(a + b); }
function load(name) { return fs.readFileSync('/srv/' + name); }
app.get('/f', (req, res) => res.send(load(req.params.name)));`;
    expect(summaryNames(code, 'remote')).toEqual(['load', null]);
    expect(summaryNames(code, 'library')).toContain('unrelated');
  });

  it('skips a file without sources under remote, and never fails on odd member names', () => {
    expect(
      summaryNames(`const fs = require('fs');\nfunction read(p) { return fs.readFileSync(p); }`, 'remote'),
    ).toEqual([]);
    expect(
      flows(`const fs = require('fs');
app.get('/', (req, res) => { fs.toString(req.query.a); fs.constructor(req.query.b); });`),
    ).toEqual([]);
  });
});
