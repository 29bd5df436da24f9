import type { Function as FunctionNode } from 'oxc-parser';
import type { AstNode, NodeOfType } from './rule.js';

/**
 * Small, typed questions about ESTree nodes that many rules ask. Add a helper here only when a
 * second rule needs it.
 */

export type FunctionLike = NodeOfType<'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression'>;

export function parentOf(node: AstNode): AstNode | null {
  return (node as { parent?: AstNode | null }).parent ?? null;
}

export function isFunctionLike(node: AstNode | null | undefined): node is FunctionLike {
  return (
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'ArrowFunctionExpression'
  );
}

/** The nearest function around `node` (not `node` itself), or null at module level. */
export function enclosingFunction(node: AstNode): FunctionLike | null {
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return current;
  }
  return null;
}

const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export function isLoop(node: AstNode): boolean {
  return LOOP_TYPES.has(node.type);
}

/**
 * The loop whose body contains `node`, stopping at function boundaries (a callback defined in a
 * loop runs later, not per iteration). The loop's own init/test/update count as inside only for
 * `test` and `update`, which run every iteration.
 */
export function enclosingLoop(node: AstNode): AstNode | null {
  let child: AstNode = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    if (isFunctionLike(current)) return null;
    if (isLoop(current)) {
      const loop = current as unknown as Record<string, unknown>;
      if (current.type === 'ForStatement' && loop.init === child) return null;
      if ((current.type === 'ForInStatement' || current.type === 'ForOfStatement') && loop.right === child) return null;
      return current;
    }
    child = current;
  }
  return null;
}

/** Removes TypeScript wrappers and optional chains that do not change the runtime value. */
export function unwrap(node: AstNode): AstNode {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        current = (current as { expression: AstNode }).expression;
        break;
      default:
        return current;
    }
  }
}

/** The name of a static property access or key: `a.b`, `a['b']`, `{ b: 1 }`, `b() {}`. */
export function propertyName(node: AstNode): string | null {
  if (node.type === 'MemberExpression') {
    if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : null;
    return staticString(node.property);
  }
  if (node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') {
    const key = node.key as AstNode;
    if (!node.computed && key.type === 'Identifier') return key.name;
    return staticString(key);
  }
  return null;
}

/** The value of a string literal or a template literal without substitutions. */
export function staticString(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * The dotted name of an identifier or static member chain: `fs.readFileSync`, `this.db.query`,
 * `process.env.SECRET`. Null for anything dynamic.
 */
export function dottedName(node: AstNode): string | null {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'ThisExpression') return 'this';
  if (target.type === 'Super') return 'super';
  if (target.type === 'MemberExpression') {
    const object = dottedName(target.object as AstNode);
    const property = propertyName(target);
    return object === null || property === null ? null : `${object}.${property}`;
  }
  return null;
}

/** The dotted name of what a call or `new` invokes; `null` for dynamic callees. */
export function calleeName(node: NodeOfType<'CallExpression' | 'NewExpression'>): string | null {
  return dottedName(node.callee as AstNode);
}

/** The last segment of the callee: `query` for `db.pool.query(...)`. */
export function calleeMethod(node: NodeOfType<'CallExpression' | 'NewExpression'>): string | null {
  const callee = unwrap(node.callee as AstNode);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return null;
}

/** A function's name from its declaration, or from where it is assigned, defined or exported. */
export function functionName(fn: FunctionLike | FunctionNode): string | null {
  if ('id' in fn && fn.id) return fn.id.name;
  const parent = parentOf(fn as AstNode);
  if (!parent) return null;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition')
    return propertyName(parent);
  if (parent.type === 'AssignmentExpression') return dottedName(parent.left as AstNode);
  return null;
}

/** True when the function is exported: `export function`, `export const f =`, `module.exports`. */
export function isExported(fn: FunctionLike): boolean {
  let current = parentOf(fn);
  while (current) {
    if (current.type === 'ExportNamedDeclaration' || current.type === 'ExportDefaultDeclaration') return true;
    if (current.type === 'AssignmentExpression') {
      const target = dottedName(current.left as AstNode);
      if (
        target !== null &&
        (target === 'module.exports' || target.startsWith('module.exports.') || target.startsWith('exports.'))
      )
        return true;
    }
    if (
      current.type === 'Program' ||
      current.type === 'BlockStatement' ||
      current.type === 'ExpressionStatement' ||
      isFunctionLike(current)
    )
      break;
    current = parentOf(current);
  }
  return false;
}

/** Two expressions that read the same variable or static member chain (`a.b` and `a['b']`). */
export function isSameReference(a: AstNode, b: AstNode): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type !== right.type) return false;
  if (left.type === 'Identifier' && right.type === 'Identifier') return left.name === right.name;
  if (left.type === 'ThisExpression') return true;
  if (left.type === 'MemberExpression' && right.type === 'MemberExpression') {
    const nameA = propertyName(left);
    if (nameA === null || nameA !== propertyName(right)) return false;
    return isSameReference(left.object as AstNode, right.object as AstNode);
  }
  return false;
}

/** Source text with whitespace and comments removed, for structural comparison of small nodes. */
export function normalizedText(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\s+/g, '');
}

/** True for a function body that is a block statement (not an arrow with an expression body). */
export function blockBody(fn: FunctionLike): NodeOfType<'BlockStatement'> | null {
  const body = fn.body as AstNode | null;
  return body && body.type === 'BlockStatement' ? body : null;
}
