import { complexityThresholdVisitors } from '../complexity.js';
import { defineRule } from '../rule.js';

const DEFAULT_THRESHOLD = 15;

export default defineRule({
  id: 'cognitive-complexity',
  meta: {
    description: 'A function whose control flow is harder to follow than the threshold allows.',
    category: 'complexity',
    severity: 'low',
    messages: {
      tooComplex:
        'Function `{{name}}` has a cognitive complexity of {{value}} (threshold {{threshold}}); flatten its nesting or extract parts of it.',
    },
    defaultOptions: { threshold: DEFAULT_THRESHOLD },
  },
  create(context) {
    return complexityThresholdVisitors(context, 'cognitive', DEFAULT_THRESHOLD);
  },
});
