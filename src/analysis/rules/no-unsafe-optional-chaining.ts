import { parentOf } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Use = 'call' | 'access' | 'spread' | 'destructure' | 'iterate' | 'operand' | 'extend';

function isPattern(node: AstNode): boolean {
  return node.type === 'ObjectPattern' || node.type === 'ArrayPattern';
}

/**
 * Whether `parent` hands the value coming from `child` on unchanged: `await`, `satisfies`, the
 * branches of `?:`, the right of `||`/`??`, both sides of `&&` and the last expression of a sequence.
 */
function passesValueOn(parent: AstNode, child: AstNode): boolean {
  switch (parent.type) {
    case 'AwaitExpression':
    case 'TSSatisfiesExpression':
      return true;
    case 'ConditionalExpression':
      return parent.test !== child;
    case 'LogicalExpression':
      return parent.operator === '&&' || parent.left !== child;
    case 'SequenceExpression':
      return parent.expressions[parent.expressions.length - 1] === child;
    default:
      return false;
  }
}

function isCallee(
  parent: NodeOfType<'CallExpression' | 'NewExpression' | 'TaggedTemplateExpression'>,
  child: AstNode,
): boolean {
  if (parent.type === 'TaggedTemplateExpression') return parent.tag === child;
  return parent.callee === child && !(parent.type === 'CallExpression' && parent.optional);
}

function isDestructured(
  parent: NodeOfType<'VariableDeclarator' | 'AssignmentExpression' | 'AssignmentPattern'>,
  child: AstNode,
): boolean {
  if (parent.type === 'VariableDeclarator') return parent.init === child && isPattern(parent.id as AstNode);
  return parent.right === child && isPattern(parent.left as AstNode);
}

/** How `parent` uses the value coming from `child` when `undefined` there throws; null when it is safe. */
function useAt(parent: AstNode, child: AstNode): Use | null {
  switch (parent.type) {
    case 'CallExpression':
    case 'NewExpression':
    case 'TaggedTemplateExpression':
      return isCallee(parent, child) ? 'call' : null;
    case 'MemberExpression':
      return parent.object === child && !parent.optional ? 'access' : null;
    case 'SpreadElement':
      // Spreading undefined into an object is fine; into an array or argument list it throws.
      return parentOf(parent)?.type === 'ObjectExpression' ? null : 'spread';
    case 'VariableDeclarator':
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return isDestructured(parent, child) ? 'destructure' : null;
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
      // Including `(a?.b as T).c` and `a?.b!.c`: the author asserts the value is there.
      return null;
  }
}

/**
 * How the value of an optional chain is used where `undefined` throws a TypeError, or null when the
 * use is safe. The value is followed up through the places that hand it on unchanged.
 */
function unsafeUse(chain: AstNode): Use | null {
  let child = chain;
  for (let parent = parentOf(chain); parent; child = parent, parent = parentOf(parent)) {
    if (!passesValueOn(parent, child)) return useAt(parent, child);
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
