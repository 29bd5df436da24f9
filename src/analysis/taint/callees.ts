import { propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { moduleRefOf, type Scope } from './scope.js';

/**
 * What a callee stands for, shared by the sink tables: the module function it calls (through
 * `require`, imports, destructuring and aliases), the name of the object it is called on, and
 * whether a name is a global.
 */

export function isGlobal(name: string, scope: Scope): boolean {
  return scope.lookup(name) === null;
}

/** The module a callee's object comes from, with a fallback on conventional names for globals. */
export function moduleOf(object: AstNode, scope: Scope): { module: string; path: string[] } | null {
  const ref = moduleRefOf(object, scope);
  if (ref) return ref;
  const target = unwrap(object);
  if (target.type === 'Identifier' && isGlobal(target.name, scope)) {
    if (/^(?:child_?process|childProcess|cp)$/.test(target.name)) return { module: 'child_process', path: [] };
    if (/^(?:fs|fse|fsExtra|fsp)$/.test(target.name)) return { module: 'fs', path: [] };
    if (target.name === 'vm') return { module: 'vm', path: [] };
  }
  if (target.type === 'MemberExpression' && propertyName(target) === 'promises') {
    const inner = moduleOf(target.object as AstNode, scope);
    if (inner && inner.module === 'fs') return { module: 'fs', path: [] };
  }
  return null;
}

/** The module function a callee stands for: `cp.exec`, `exec` (destructured), `require('fs').readFile`. */
export function calleeRef(callee: AstNode, scope: Scope): { module: string; name: string } | null {
  let target = unwrap(callee);
  // `(0, _fs.readFileSync)(file)`: how compilers call an imported function without a `this`.
  if (target.type === 'SequenceExpression')
    target = unwrap(target.expressions[target.expressions.length - 1] as AstNode);
  if (target.type === 'MemberExpression') {
    const name = propertyName(target);
    if (name === null) return null;
    const object = moduleOf(target.object as AstNode, scope);
    if (!object) return null;
    const path = [...object.path, name].filter((p) => p !== 'default' && p !== 'promises');
    return { module: object.module, name: path.join('.') };
  }
  const ref = moduleRefOf(target, scope);
  if (!ref) return null;
  const path = ref.path.filter((p) => p !== 'default' && p !== 'promises');
  return { module: ref.module, name: path.join('.') };
}

/** The name of what a method is called on: `db` for `db.query()`, `collection` for `db.collection('x').find()`. */
export function receiverName(callee: AstNode): string | null {
  const target = unwrap(callee);
  if (target.type !== 'MemberExpression') return null;
  const object = unwrap(target.object as AstNode);
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression') return propertyName(object);
  if (object.type === 'ThisExpression') return 'this';
  if (object.type === 'CallExpression') {
    const inner = unwrap(object.callee as AstNode);
    return inner.type === 'Identifier' ? inner.name : inner.type === 'MemberExpression' ? propertyName(inner) : null;
  }
  return null;
}

/** The text of a string literal, or of a `const` bound to one (`const TEMPLATE = '<p>...'`). */
export function constantString(node: AstNode | undefined, scope: Scope): string | null {
  if (!node) return null;
  const target = unwrap(node);
  const text = staticString(target);
  if (text !== null || target.type !== 'Identifier') return text;
  const binding = scope.lookup(target.name);
  return binding?.kind === 'const' && binding.path.length === 0 ? staticString(binding.init) : null;
}
