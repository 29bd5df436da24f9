import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'log-injection',
  meta: {
    description:
      'Request data is written into the text of a log line without removing line breaks (console, winston, pino, bunyan, debug).',
    category: 'security',
    severity: 'low',
    cwe: [117],
    messages: {
      flow: 'Log injection: {{source}} is written into the text of {{sink}} with its line breaks, so a request can forge log entries. Strip CR/LF (.replace(/[\\r\\n]/g, "")), JSON.stringify the value, or log it as a structured field.',
    },
  },
  create(context) {
    return taintVisitors(context, ['log'], () => 'flow');
  },
});
