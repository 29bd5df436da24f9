import { parentOf, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

// Nested operands deeper than this are treated as unknown: long generated `a && b && ...` chains
// would otherwise cost quadratic time (each nested operator is visited again) and deep recursion.
const MAX_DEPTH = 16;

/** Expressions that always build a new object (or element), which is always truthy. */
const ALWAYS_OBJECT = new Set([
  'ObjectExpression',
  'ArrayExpression',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassExpression',
  'NewExpression',
  'JSXElement',
  'JSXFragment',
]);

function literalTruthiness(literal: NodeOfType<'Literal'>): boolean {
  if ('regex' in literal && literal.regex) return true;
  return Boolean(literal.value);
}

function templateTruthiness(template: NodeOfType<'TemplateLiteral'>): boolean | null {
  if (template.quasis.some((q) => q.value.cooked !== '' && q.value.cooked !== null)) return true;
  return template.expressions.length === 0 ? false : null;
}

function identifierTruthiness(name: string): boolean | null {
  if (name === 'undefined' || name === 'NaN') return false;
  return name === 'Infinity' ? true : null;
}

function unaryTruthiness(unary: NodeOfType<'UnaryExpression'>, depth: number): boolean | null {
  if (unary.operator === 'void') return false;
  // typeof always yields a non-empty string.
  if (unary.operator === 'typeof') return true;
  if (unary.operator === '!') {
    const inner = truthiness(unary.argument as AstNode, depth + 1);
    return inner === null ? null : !inner;
  }
  const argument = unwrap(unary.argument as AstNode);
  if (argument.type !== 'Literal' || typeof argument.value !== 'number') return null;
  if (unary.operator === '-' || unary.operator === '+') return argument.value !== 0 && !Number.isNaN(argument.value);
  return unary.operator === '~' ? ~argument.value !== 0 : null;
}

function logicalTruthiness(logical: NodeOfType<'LogicalExpression'>, depth: number): boolean | null {
  const left = truthiness(logical.left as AstNode, depth + 1);
  const right = truthiness(logical.right as AstNode, depth + 1);
  if (logical.operator === '&&') return left === false || right === false ? false : left && right;
  if (logical.operator === '||') return left === true || right === true ? true : left === false ? right : null;
  const nullish = nullishness(logical.left as AstNode);
  if (nullish === false) return left;
  return nullish === true ? right : null;
}

/** The truthiness an expression always has, or null when it depends on run-time values. */
function truthiness(node: AstNode, depth = 0): boolean | null {
  if (depth > MAX_DEPTH) return null;
  const target = unwrap(node);
  if (ALWAYS_OBJECT.has(target.type)) return true;
  switch (target.type) {
    case 'Literal':
      return literalTruthiness(target);
    case 'TemplateLiteral':
      return templateTruthiness(target);
    case 'Identifier':
      return identifierTruthiness(target.name);
    case 'UnaryExpression':
      return unaryTruthiness(target, depth);
    case 'SequenceExpression':
      return truthiness(target.expressions[target.expressions.length - 1] as AstNode, depth + 1);
    case 'LogicalExpression':
      return logicalTruthiness(target, depth);
    default:
      return null;
  }
}

/** Whether an expression is always null/undefined (true), never (false), or unknown (null). */
function nullishness(node: AstNode): boolean | null {
  const target = unwrap(node);
  switch (target.type) {
    case 'Literal':
      return target.value === null && !('regex' in target && target.regex);
    case 'Identifier':
      return target.name === 'undefined' ? true : null;
    case 'UnaryExpression':
      return target.operator === 'void' ? true : target.operator === 'delete' ? null : false;
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
    case 'NewExpression':
    case 'JSXElement':
    case 'JSXFragment':
      return false;
    default:
      return null;
  }
}

/** Whether `node` is the test of a statement or conditional expression, which report it themselves. */
function isTestPosition(node: AstNode): boolean {
  const parent = parentOf(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'ConditionalExpression':
      return parent.test === node;
    default:
      return false;
  }
}

export default defineRule({
  id: 'no-constant-condition',
  meta: {
    description: 'A condition that is always true or always false makes one branch dead code.',
    category: 'correctness',
    severity: 'medium',
    cwe: [570, 571],
    messages: {
      constantCondition: 'This condition is always {{value}}; one of the branches never runs.',
      constantLeft: 'The left side of `{{operator}}` is always {{value}}, so the right side {{effect}}.',
    },
  },
  create(context) {
    const checkTest = (test: AstNode | null, loop: 'while' | 'do' | null): void => {
      if (!test) return;
      const value = truthiness(test);
      if (value === null) return;
      // `while (true)` with a break inside is idiomatic, and so is `do { ... } while (false)`.
      if (loop !== null && value === true) return;
      if (loop === 'do' && value === false) return;
      context.report({ node: test, messageId: 'constantCondition', data: { value: value ? 'truthy' : 'falsy' } });
    };
    return {
      IfStatement: (node) => checkTest(node.test as AstNode, null),
      ConditionalExpression: (node) => checkTest(node.test as AstNode, null),
      WhileStatement: (node) => checkTest(node.test as AstNode, 'while'),
      ForStatement: (node) => checkTest(node.test as AstNode | null, 'while'),
      DoWhileStatement: (node) => checkTest(node.test as AstNode, 'do'),
      LogicalExpression(node) {
        if (isTestPosition(node) && truthiness(node) !== null) return;
        // `0 && (module.exports = {...})` as a whole statement is deliberately dead: bundlers emit it
        // so tools can see CommonJS exports, and people write it to switch code off.
        if (node.operator === '&&' && parentOf(node)?.type === 'ExpressionStatement' && truthiness(node.left) === false)
          return;
        if (node.operator === '??') {
          const nullish = nullishness(node.left as AstNode);
          if (nullish === null) return;
          context.report({
            node: node.left,
            messageId: 'constantLeft',
            data: {
              operator: '??',
              value: nullish ? 'nullish' : 'non-nullish',
              effect: nullish ? 'always decides the result' : 'is never used',
            },
          });
          return;
        }
        const value = truthiness(node.left as AstNode);
        if (value === null) return;
        const rightUsed = node.operator === '&&' ? value : !value;
        context.report({
          node: node.left,
          messageId: 'constantLeft',
          data: {
            operator: node.operator,
            value: value ? 'truthy' : 'falsy',
            effect: rightUsed ? 'always decides the result' : 'is never used',
          },
        });
      },
    };
  },
});
