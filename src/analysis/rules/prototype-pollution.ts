import { defineRule } from '../rule.js';
import { taintVisitors } from '../taint/index.js';

export default defineRule({
  id: 'prototype-pollution',
  meta: {
    description:
      'An attacker-chosen key walks into an object and writes a property: `__proto__` pollutes Object.prototype.',
    category: 'security',
    severity: 'high',
    cwe: [1321],
    messages: {
      flow: 'Prototype pollution: {{source}} chooses the keys of a {{sink}} on an object that can be Object.prototype. Skip `__proto__`, `constructor` and `prototype` keys, or create objects with Object.create(null).',
    },
  },
  create(context) {
    return taintVisitors(context, ['prototype'], () => 'flow');
  },
});
