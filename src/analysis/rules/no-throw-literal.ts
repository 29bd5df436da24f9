import { isNonErrorValue } from '../ast.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-throw-literal',
  meta: {
    description:
      'Throw Error objects, not strings, numbers or object literals: a non-Error has no stack trace and breaks `instanceof Error` checks.',
    category: 'error-handling',
    severity: 'medium',
    messages: {
      throwLiteral:
        'This throws a {{kind}} instead of an Error: there is no stack trace. Throw `new Error(...)` (or a subclass).',
    },
  },
  create(context) {
    return {
      ThrowStatement(node) {
        const argument = node.argument;
        if (!isNonErrorValue(argument)) return;
        let kind = 'value';
        if (argument.type === 'ObjectExpression') kind = 'plain object';
        else if (argument.type === 'ArrayExpression') kind = 'array';
        else if (argument.type === 'Identifier') kind = 'undefined value';
        else if (argument.type === 'Literal')
          kind = argument.value === null ? 'null value' : `${typeof argument.value}`;
        else kind = 'string';
        context.report({ node, messageId: 'throwLiteral', data: { kind } });
      },
    };
  },
});
