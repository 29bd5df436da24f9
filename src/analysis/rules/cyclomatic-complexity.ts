import { complexityThresholdVisitors } from '../complexity.js';
import { defineRule } from '../rule.js';

const DEFAULT_THRESHOLD = 20;

export default defineRule({
  id: 'cyclomatic-complexity',
  meta: {
    description: 'A function with more independent paths than the threshold is hard to test completely.',
    category: 'complexity',
    severity: 'low',
    cwe: [1121],
    messages: {
      tooComplex:
        'Function `{{name}}` has a cyclomatic complexity of {{value}} (threshold {{threshold}}); split it into smaller functions.',
    },
    defaultOptions: { threshold: DEFAULT_THRESHOLD },
  },
  create(context) {
    return complexityThresholdVisitors(context, 'cyclomatic', DEFAULT_THRESHOLD);
  },
});
