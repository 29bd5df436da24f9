import { calleeMethod, isSameNode, parentOf, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

// Calls that return something different each time, so repeating them in a chain is meaningful.
const STATEFUL_METHODS = new Set(['next', 'shift', 'pop', 'read', 'readLine', 'random', 'now', 'exec', 'test']);
const MAX_CHAIN = 200;

// Chains of more operands than this are not compared: rare in real conditions, costly in generated ones.
const MAX_OPERANDS = 32;

/** The operands of a chain of one logical operator, in source order; null past MAX_OPERANDS. */
function flatten(node: AstNode, operator: '||' | '&&'): AstNode[] | null {
  const operands: AstNode[] = [];
  const stack = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    const target = unwrap(current);
    if (target.type === 'LogicalExpression' && target.operator === operator) {
      stack.push(target.right as AstNode, target.left as AstNode);
    } else {
      operands.push(target);
      if (operands.length > MAX_OPERANDS) return null;
    }
  }
  return operands;
}

/** A condition as its `||` alternatives, each as its `&&` terms; null when too large to compare. */
function disjunctiveForm(test: AstNode): AstNode[][] | null {
  const disjuncts = flatten(test, '||');
  if (!disjuncts) return null;
  const form: AstNode[][] = [];
  for (const disjunct of disjuncts) {
    const terms = flatten(disjunct, '&&');
    if (!terms) return null;
    form.push(terms);
  }
  return form;
}

/** Whether evaluating `test` may change state, so an identical later test can still come out differently. */
function hasSideEffects(test: AstNode): boolean {
  let found = false;
  const check = (node: AstNode): boolean => {
    switch (node.type) {
      case 'AssignmentExpression':
      case 'UpdateExpression':
      case 'AwaitExpression':
      case 'YieldExpression':
        found = true;
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete') found = true;
        break;
      case 'NewExpression':
        found = true;
        break;
      case 'CallExpression': {
        const method = calleeMethod(node);
        if (method === null || STATEFUL_METHODS.has(method)) found = true;
        break;
      }
      default:
        break;
    }
    return !found;
  };
  check(test);
  if (!found) forEachDescendant(test, (node) => check(node));
  return found;
}

/** `earlier` implies `later`'s disjunct when all of its `&&` terms appear in the disjunct. */
function implies(earlierTerms: readonly AstNode[], laterTerms: readonly AstNode[]): boolean {
  return earlierTerms.every((term) => laterTerms.some((other) => isSameNode(term, other)));
}

export default defineRule({
  id: 'no-dupe-else-if',
  meta: {
    description:
      'An else-if whose condition repeats (or is covered by) an earlier condition of the same chain never runs.',
    category: 'correctness',
    severity: 'medium',
    cwe: [561],
    messages: {
      duplicateCondition:
        'This condition is already handled by the earlier branch on line {{line}}, so its block never runs.',
    },
  },
  create(context) {
    return {
      IfStatement(node) {
        const parent = parentOf(node);
        // Each chain is checked once, from its head.
        if (parent?.type === 'IfStatement' && parent.alternate === node) return;
        if (node.alternate?.type !== 'IfStatement') return;
        // Each earlier condition as disjuncts, each disjunct as its `&&` terms.
        const earlier: { terms: AstNode[]; line: number }[] = [];
        let current: NodeOfType<'IfStatement'> | null = node;
        for (let count = 0; current && count < MAX_CHAIN; count++) {
          const test = current.test as AstNode;
          const disjuncts = disjunctiveForm(test);
          if (disjuncts === null || hasSideEffects(test)) {
            // A test with effects may change what later tests see: start over after it.
            earlier.length = 0;
          } else {
            let coveredBy = 0;
            const allCovered = disjuncts.every((terms) => {
              const match = earlier.find((e) => implies(e.terms, terms));
              if (match) coveredBy = Math.max(coveredBy, match.line);
              return match !== undefined;
            });
            if (earlier.length > 0 && allCovered) {
              context.report({ node: test, messageId: 'duplicateCondition', data: { line: coveredBy } });
            }
            const line = context.source.position(test.start).line;
            for (const terms of disjuncts) earlier.push({ terms, line });
          }
          const next = current.alternate as AstNode | null;
          current = next?.type === 'IfStatement' ? next : null;
        }
      },
    };
  },
});
