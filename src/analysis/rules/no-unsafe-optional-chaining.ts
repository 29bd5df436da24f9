import { parentOf } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

type Use = 'call' | 'access' | 'spread' | 'destructure' | 'iterate' | 'operand' | 'extend';

function isPattern(node: AstNode): boolean {
  return node.type === 'ObjectPattern' || node.type === 'ArrayPattern';
}

/**
 * How the value of an optional chain is used where `undefined` throws a TypeError, or null when the
 * use is safe. The value passes through `await`, `satisfies`, the branches of `?:`, the right of `||`/`??`
 * and both sides of `&&` (each can yield the chain's `undefined` unchanged).
 */
function unsafeUse(chain: AstNode): Use | null {
  let child = chain;
  for (let parent = parentOf(chain); parent; child = parent, parent = parentOf(parent)) {
    switch (parent.type) {
      case 'AwaitExpression':
      case 'TSSatisfiesExpression':
        continue;
      // `(a?.b as T).c` and `a?.b!.c`: the author asserts the value is there.
      case 'TSAsExpression':
      case 'TSTypeAssertion':
      case 'TSNonNullExpression':
        return null;
      case 'ConditionalExpression':
        if (parent.test === child) return null;
        continue;
      case 'LogicalExpression':
        if (parent.operator !== '&&' && parent.left === child) return null;
        continue;
      case 'SequenceExpression':
        if (parent.expressions[parent.expressions.length - 1] !== child) return null;
        continue;
      case 'CallExpression':
      case 'NewExpression':
        return parent.callee === child && !(parent.type === 'CallExpression' && parent.optional) ? 'call' : null;
      case 'TaggedTemplateExpression':
        return parent.tag === child ? 'call' : null;
      case 'MemberExpression':
        return parent.object === child && !parent.optional ? 'access' : null;
      case 'SpreadElement': {
        // Spreading undefined into an object is fine; into an array or argument list it throws.
        const owner = parentOf(parent);
        return owner?.type === 'ObjectExpression' ? null : 'spread';
      }
      case 'VariableDeclarator':
        return parent.init === child && isPattern(parent.id as AstNode) ? 'destructure' : null;
      case 'AssignmentExpression':
      case 'AssignmentPattern':
        return parent.right === child && isPattern(parent.left as AstNode) ? 'destructure' : null;
      case 'ForOfStatement':
        return parent.right === child ? 'iterate' : null;
      case 'BinaryExpression':
        return parent.right === child && (parent.operator === 'in' || parent.operator === 'instanceof')
          ? 'operand'
          : null;
      case 'ClassDeclaration':
      case 'ClassExpression':
        return parent.superClass === child ? 'extend' : null;
      default:
        return null;
    }
  }
  return null;
}

const DESCRIPTION: Record<Use, string> = {
  call: 'called',
  access: 'read a property of',
  spread: 'spread',
  destructure: 'destructured',
  iterate: 'iterated',
  operand: 'used as the right operand of `in`/`instanceof`',
  extend: 'extended',
};

export default defineRule({
  id: 'no-unsafe-optional-chaining',
  meta: {
    description:
      'An optional chain short-circuits to undefined; calling, indexing, spreading or destructuring that result throws a TypeError.',
    category: 'correctness',
    severity: 'high',
    cwe: [476],
    messages: {
      unsafeChain:
        '`{{chain}}` can be undefined, and it is {{use}} here, which throws a TypeError; guard it or continue the chain with `?.`.',
    },
  },
  create(context) {
    return {
      ChainExpression(node) {
        const use = unsafeUse(node);
        if (use === null) return;
        const chain = context.source.getText(node);
        context.report({
          node,
          messageId: 'unsafeChain',
          data: { chain: chain.length > 50 ? `${chain.slice(0, 47)}...` : chain, use: DESCRIPTION[use] },
        });
      },
    };
  },
});
