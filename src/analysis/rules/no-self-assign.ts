import { dottedName, isSameReference, propertyName, staticKeyName, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

const OPERATORS = new Set(['=', '&&=', '||=', '??=']);

/**
 * Properties whose setter does work even when given the current value: reloading a page or frame,
 * re-parsing markup, resetting a form field or a media position. `el.src = el.src` is deliberate.
 */
const EFFECTFUL_PROPERTIES = new Set([
  'innerHTML',
  'outerHTML',
  'innerText',
  'textContent',
  'value',
  'checked',
  'selectedIndex',
  'src',
  'href',
  'hash',
  'search',
  'pathname',
  'location',
  'scrollTop',
  'scrollLeft',
  'currentTime',
]);

function isEffectfulTarget(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type !== 'MemberExpression') return false;
  const name = propertyName(target);
  if (name !== null && EFFECTFUL_PROPERTIES.has(name)) return true;
  const path = dottedName(target);
  return path !== null && /(^|\.)location(\.|$)/.test(path);
}

/** `[a, b] = [a, c]`: elements are paired by position. */
function arraySelfAssignments(
  target: NodeOfType<'ArrayPattern'>,
  value: NodeOfType<'ArrayExpression'>,
  found: AstNode[],
): void {
  const count = Math.min(target.elements.length, value.elements.length);
  for (let i = 0; i < count; i++) {
    const element = target.elements[i] as AstNode | null;
    const source = value.elements[i] as AstNode | null;
    // Past a rest or spread, positions no longer line up.
    if (element?.type === 'RestElement' || source?.type === 'SpreadElement') return;
    if (element && source) selfAssignments(element, source, found);
  }
}

/** `({ a, b } = { a, b: c })`: properties are paired by key. */
function objectSelfAssignments(
  target: NodeOfType<'ObjectPattern'>,
  value: NodeOfType<'ObjectExpression'>,
  found: AstNode[],
): void {
  if (value.properties.some((p) => p.type === 'SpreadElement')) return;
  for (const property of target.properties) {
    if (property.type !== 'Property') continue;
    const name = staticKeyName(property);
    if (name === null) continue;
    // The last definition of a key wins in an object literal.
    const source = [...value.properties]
      .reverse()
      .find((p) => p.type === 'Property' && p.kind === 'init' && staticKeyName(p) === name);
    if (source?.type === 'Property') selfAssignments(property.value as AstNode, source.value as AstNode, found);
  }
}

/** Pairs of (target, value) in `left = right` that assign a value to the place it came from. */
function selfAssignments(left: AstNode, right: AstNode, found: AstNode[]): void {
  const target = unwrap(left);
  const value = unwrap(right);
  if (target.type === 'Identifier' || target.type === 'MemberExpression') {
    if (value.type === target.type && isSameReference(target, value) && !isEffectfulTarget(target)) found.push(value);
    return;
  }
  if (target.type === 'ArrayPattern' && value.type === 'ArrayExpression') arraySelfAssignments(target, value, found);
  else if (target.type === 'ObjectPattern' && value.type === 'ObjectExpression')
    objectSelfAssignments(target, value, found);
}

export default defineRule({
  id: 'no-self-assign',
  meta: {
    description: 'Assigning a variable or property to itself does nothing; usually the wrong side was typed.',
    category: 'correctness',
    severity: 'medium',
    messages: { selfAssign: '`{{name}}` is assigned to itself; this has no effect.' },
  },
  create(context) {
    return {
      AssignmentExpression(node) {
        if (!OPERATORS.has(node.operator)) return;
        const found: AstNode[] = [];
        selfAssignments(node.left as AstNode, node.right as AstNode, found);
        for (const value of found) {
          context.report({ node: value, messageId: 'selfAssign', data: { name: context.source.getText(value) } });
        }
      },
    };
  },
});
