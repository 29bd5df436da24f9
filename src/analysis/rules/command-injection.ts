import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'command-injection',
  meta: {
    description: 'Attacker-controlled data reaches a shell command (child_process exec, spawn with a shell).',
    category: 'security',
    severity: 'critical',
    cwe: [78],
    messages: {
      flow: 'Command injection: {{source}} reaches {{sink}}, which runs it through a shell. Pass arguments as an array to execFile/spawn without a shell, or validate against an allow-list.',
    },
  },
  create(context) {
    return taintVisitors(context, ['command'], () => 'flow');
  },
});
