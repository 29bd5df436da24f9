import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { analyzeSource } from '../analyze.js';
import { defineRule } from '../rule.js';
import { analyzeTaint, taintVisitors } from './index.js';
import { SINK_KINDS } from './model.js';

const probe = defineRule({
  id: 'probe',
  meta: { description: 'd', category: 'security', severity: 'high', messages: { flow: '{{source}} -> {{sink}}' } },
  create: (context) => {
    const visitors = taintVisitors(context, SINK_KINDS, () => 'flow');
    return {
      'Program:exit'(program) {
        visitors['Program:exit']?.(program);
        if (process.env.PROBE_SUMMARY)
          for (const s of analyzeTaint(program, context).summaries())
            console.log(JSON.stringify({ name: s.name, exported: s.exported, returns: s.returns.map((r) => `${r.param}:${r.label}`), sinks: s.sinks.map((k) => `${k.param}:${k.kind}:${k.flags}@${k.sink.start}`) }));
      },
    };
  },
});

it('probe', () => {
  const file = process.env.PROBE_FILE ?? '/tmp/tdbg/a.js';
  const text = readFileSync(file, 'utf8');
  const result = analyzeSource('src/a.js', text, {
    rules: [{ rule: probe, severity: 'high', options: {} }],
    threatModel: (process.env.PROBE_MODEL as 'library') ?? 'library',
    includeGenerated: true,
  });
  console.log(JSON.stringify(result.diagnostics));
  for (const f of result.findings) {
    console.log(`${f.line}:${f.column} ${f.message}`);
    if (process.env.PROBE_FLOW) for (const s of f.flow ?? []) console.log(`    ${s.line}:${s.column} ${s.message}`);
  }
});
