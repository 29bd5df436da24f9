import {
  bindingNames,
  calleeMethod,
  declaresName,
  isFunctionLike,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from './ast.js';
import type { AstNode, NodeOfType, Visitors } from './rule.js';
import { forEachDescendant } from './traverse.js';

/**
 * What a name refers to, found by walking out from a reference through the scopes that enclose it.
 * Enough for rules that need to know which module a call comes from, or which value a constant
 * holds; not a full scope analysis (a `var` hoisted out of a nested block is not seen).
 */

type VariableDeclarator = NodeOfType<'VariableDeclarator'>;

export type Declaration =
  /** `import x from 'm'` (imported: null), `import * as x`, `import { a as x }` (imported: 'a'), `import x = require('m')`. */
  | { kind: 'import'; module: string; imported: string | null }
  /**
   * `const x = init`, or `const { a: { b: x } } = init` (path ['a', 'b']). `constant` is true for
   * `const`, and for `let`/`var` that are never assigned again in their scope.
   */
  | { kind: 'variable'; declarator: VariableDeclarator; path: string[]; constant: boolean }
  | { kind: 'function'; node: AstNode }
  | { kind: 'parameter'; fn: AstNode }
  /** Classes, catch parameters, loop variables, array patterns: nothing a caller can follow. */
  | { kind: 'other' };

/** The exported name an import specifier reads: `a` in `import { a as b }` and `import { 'a' as b }`. */
function importedName(specifier: NodeOfType<'ImportSpecifier'>): string {
  const imported = specifier.imported;
  return imported.type === 'Identifier' ? imported.name : String(imported.value);
}

/** A member of a module: `require('crypto').createHash` is `{ module: 'crypto', path: ['createHash'] }`. */
export interface ModuleMember {
  module: string;
  path: string[];
}

const INTEROP_HELPERS = new Set([
  '_interopRequireDefault',
  '_interopRequireWildcard',
  '__importDefault',
  '__importStar',
  '__toESM',
]);
const MAX_DEPTH = 8;

/** `node:crypto` and `crypto` are one module. */
export function normalizeModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/** The declaration `reference` (an Identifier that reads a variable) refers to; null for globals. */
export function declarationOf(reference: NodeOfType<'Identifier'>): Declaration | null {
  const name = reference.name;
  for (let scope = parentOf(reference); scope; scope = parentOf(scope)) {
    if (declaresName(scope, name)) return declarationIn(scope, name);
    if (scope.type === 'Program') return importIn(scope, name);
  }
  return null;
}

function declarationIn(scope: AstNode, name: string): Declaration {
  if (isFunctionLike(scope)) {
    const own = (scope as { id?: { name: string } | null }).id;
    return own?.name === name && !scope.params.some((p) => patternHas(p as AstNode, name))
      ? { kind: 'function', node: scope }
      : { kind: 'parameter', fn: scope };
  }
  if (scope.type !== 'BlockStatement' && scope.type !== 'Program' && scope.type !== 'StaticBlock')
    return { kind: 'other' };
  for (const raw of scope.body as AstNode[]) {
    const statement =
      raw.type === 'ExportNamedDeclaration' && raw.declaration ? (raw.declaration as AstNode) : unwrapDefault(raw);
    const found = statementDeclaration(statement, scope, name);
    if (found) return found;
  }
  return { kind: 'other' };
}

function unwrapDefault(statement: AstNode): AstNode {
  return statement.type === 'ExportDefaultDeclaration' ? (statement.declaration as AstNode) : statement;
}

function statementDeclaration(statement: AstNode, scope: AstNode, name: string): Declaration | null {
  if (statement.type === 'FunctionDeclaration')
    return statement.id?.name === name ? { kind: 'function', node: statement } : null;
  if (statement.type === 'ClassDeclaration') return statement.id?.name === name ? { kind: 'other' } : null;
  if (statement.type !== 'VariableDeclaration') return null;
  for (const declarator of statement.declarations) {
    const path = pathTo(declarator.id as AstNode, name);
    if (path === undefined) continue;
    if (path === null) return { kind: 'other' };
    const constant = statement.kind === 'const' || !assignedNames(scope).has(name);
    return { kind: 'variable', declarator, path, constant };
  }
  return null;
}

/**
 * The property path from a binding pattern's root to `name`: [] for `x`, ['a', 'b'] for
 * `{ a: { b: x } }`. Undefined when the pattern does not bind `name`; null when it binds it in a way
 * a path cannot describe (arrays, rest elements, computed keys).
 */
function pathTo(pattern: AstNode, name: string): string[] | null | undefined {
  switch (pattern.type) {
    case 'Identifier':
      return pattern.name === name ? [] : undefined;
    case 'AssignmentPattern':
      return pathTo(pattern.left as AstNode, name);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') {
          if (patternHas(property as AstNode, name)) return null;
          continue;
        }
        const inner = pathTo(property.value as AstNode, name);
        if (inner === undefined) continue;
        const key = propertyName(property as AstNode);
        return inner === null || key === null ? null : [key, ...inner];
      }
      return undefined;
    default:
      return patternHas(pattern, name) ? null : undefined;
  }
}

function patternHas(pattern: AstNode, name: string): boolean {
  if (pattern.type === 'Identifier') return pattern.name === name;
  let found = false;
  forEachDescendant(pattern, (node) => {
    if (node.type === 'Identifier' && node.name === name) found = true;
    return !found;
  });
  return found;
}

const assignedCache = new WeakMap<AstNode, ReadonlySet<string>>();

/** Names assigned (`x = `, `x += `, `x++`, `for (x of ...)`) anywhere inside `scope`, nested functions included. */
function assignedNames(scope: AstNode): ReadonlySet<string> {
  const cached = assignedCache.get(scope);
  if (cached) return cached;
  const names = new Set<string>();
  const add = (target: AstNode | null | undefined): void => {
    const node = target ? unwrap(target) : null;
    if (node?.type === 'Identifier') names.add(node.name);
  };
  forEachDescendant(scope, (node) => {
    if (node.type === 'AssignmentExpression') add(node.left as AstNode);
    else if (node.type === 'UpdateExpression') add(node.argument as AstNode);
    else if (
      (node.type === 'ForInStatement' || node.type === 'ForOfStatement') &&
      node.left.type !== 'VariableDeclaration'
    )
      add(node.left as AstNode);
    return undefined;
  });
  assignedCache.set(scope, names);
  return names;
}

function importIn(program: AstNode, name: string): Declaration | null {
  if (program.type !== 'Program') return null;
  for (const statement of program.body as AstNode[]) {
    if (statement.type === 'ImportDeclaration') {
      const found = importSpecifierFor(statement, name);
      if (found) return found;
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.id.name === name) {
      return importEquals(statement);
    }
  }
  return null;
}

function importSpecifierFor(statement: NodeOfType<'ImportDeclaration'>, name: string): Declaration | null {
  const specifier = statement.specifiers.find((s) => s.local.name === name);
  if (!specifier) return null;
  const module = normalizeModule(String(statement.source.value));
  const imported = specifier.type === 'ImportSpecifier' ? importedName(specifier) : 'default';
  return { kind: 'import', module, imported: imported === 'default' ? null : imported };
}

/** TypeScript's `import crypto = require('crypto')`. */
function importEquals(statement: NodeOfType<'TSImportEqualsDeclaration'>): Declaration {
  const reference = statement.moduleReference as AstNode;
  const source = reference.type === 'TSExternalModuleReference' ? staticString(reference.expression as AstNode) : null;
  return source === null ? { kind: 'other' } : { kind: 'import', module: normalizeModule(source), imported: null };
}

/**
 * The module member an expression reads: through `require`, static and dynamic imports, interop
 * wrappers (`_interopRequireDefault(require('m')).default`), destructuring and constant aliases.
 * `globals` names modules that undeclared identifiers stand for (`{ CryptoJS: 'crypto-js' }` for a
 * script-tag global). Null for anything else.
 *
 * @example
 * // const { createHash: hash } = require('node:crypto'); hash('md5')
 * moduleMemberOf(call.callee) // { module: 'crypto', path: ['createHash'] }
 */
export function moduleMemberOf(
  expression: AstNode,
  globals: Readonly<Record<string, string>> = {},
  depth = 0,
): ModuleMember | null {
  if (depth > MAX_DEPTH) return null;
  const node = unwrap(expression);
  switch (node.type) {
    case 'CallExpression':
      return callMember(node, globals, depth);
    case 'AwaitExpression':
      return moduleMemberOf(node.argument as AstNode, globals, depth + 1);
    case 'ImportExpression': {
      const source = staticString(node.source as AstNode);
      return source === null ? null : { module: normalizeModule(source), path: [] };
    }
    case 'MemberExpression': {
      const name = propertyName(node);
      const inner = name === null ? null : moduleMemberOf(node.object as AstNode, globals, depth + 1);
      if (!inner || name === null) return null;
      // `.default` of a CommonJS module seen through an interop wrapper is the module itself.
      return name === 'default' && inner.path.length === 0
        ? inner
        : { module: inner.module, path: [...inner.path, name] };
    }
    case 'Identifier':
      return identifierMember(node, globals, depth);
    default:
      return null;
  }
}

function callMember(
  node: NodeOfType<'CallExpression'>,
  globals: Readonly<Record<string, string>>,
  depth: number,
): ModuleMember | null {
  const callee = unwrap(node.callee as AstNode);
  const first = node.arguments[0] as AstNode | undefined;
  if (callee.type !== 'Identifier' || !first) return null;
  if (callee.name === 'require') {
    const source = staticString(first);
    return source === null ? null : { module: normalizeModule(source), path: [] };
  }
  return INTEROP_HELPERS.has(callee.name) ? moduleMemberOf(first, globals, depth + 1) : null;
}

function identifierMember(
  node: NodeOfType<'Identifier'>,
  globals: Readonly<Record<string, string>>,
  depth: number,
): ModuleMember | null {
  const declaration = declarationOf(node);
  if (declaration === null) {
    const module = globals[node.name];
    return module === undefined ? null : { module, path: [] };
  }
  if (declaration.kind === 'import')
    return { module: declaration.module, path: declaration.imported === null ? [] : [declaration.imported] };
  if (declaration.kind !== 'variable' || !declaration.constant || !declaration.declarator.init) return null;
  const base = moduleMemberOf(declaration.declarator.init as AstNode, globals, depth + 1);
  return base ? { module: base.module, path: [...base.path, ...declaration.path] } : null;
}

/** True for an identifier that reads a local variable or parameter, not a global such as `Math` or `Buffer`. */
export function isDeclaredLocally(reference: NodeOfType<'Identifier'>): boolean {
  return declarationOf(reference) !== null;
}

/**
 * A cheap filter for calls worth resolving, run while the tree is walked: a call passes when the
 * name it is called by (`createHash` in `crypto.createHash(...)`), or the name it was imported or
 * destructured under (`const { createHash: digest } = require('crypto')`), satisfies `wanted`, or
 * when its callee starts from a binding of a module `modules` accepts (`import verifyJwt from
 * 'express-jwt'`). Spread `visitors` into the rule's own.
 */
export function calleeNameFilter(
  wanted: (name: string) => boolean,
  modules: (source: string) => boolean = () => false,
): {
  visitors: {
    ImportDeclaration: (node: NodeOfType<'ImportDeclaration'>) => void;
    VariableDeclarator: (node: NodeOfType<'VariableDeclarator'>) => void;
  };
  matches: (call: NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>) => boolean;
} {
  const aliases = new Set<string>();
  return {
    visitors: {
      ImportDeclaration(node) {
        const all = modules(normalizeModule(String(node.source.value)));
        for (const specifier of node.specifiers) {
          const imported = specifier.type === 'ImportSpecifier' ? importedName(specifier) : null;
          if (all || (imported !== null && wanted(imported))) aliases.add(specifier.local.name);
        }
      },
      VariableDeclarator(node) {
        const source = node.init ? requiredModule(node.init as AstNode) : null;
        if (source !== null && modules(source)) {
          for (const name of bindingNames(node.id as AstNode)) aliases.add(name);
          return;
        }
        if (node.id.type !== 'ObjectPattern') return;
        for (const property of node.id.properties) {
          if (property.type !== 'Property') continue;
          const key = propertyName(property as AstNode);
          const value = unwrap(property.value as AstNode);
          const local = value.type === 'AssignmentPattern' ? (value.left as AstNode) : value;
          if (key !== null && wanted(key) && local.type === 'Identifier') aliases.add(local.name);
        }
      },
    },
    matches(call) {
      const name = calleeMethod(call);
      if (name !== null && (wanted(name) || aliases.has(name))) return true;
      // Most files import nothing a rule wants: no alias, nothing more to look at.
      if (aliases.size === 0) return false;
      let root = unwrap(call.callee as AstNode);
      while (root.type === 'MemberExpression') root = unwrap(root.object as AstNode);
      return root.type === 'Identifier' && aliases.has(root.name);
    },
  };
}

type FilteredCall = NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>;

/**
 * Visitors that collect the calls `filter` lets through during the walk and hand them to `check`
 * one by one at the end of the file, when every import and alias has been seen. With
 * `constructors`, `new` expressions are collected too.
 *
 * @example
 * return matchingCalls(calleeNameFilter((n) => n === 'createCipheriv'), (call) => inspect(call));
 */
export function matchingCalls(
  filter: ReturnType<typeof calleeNameFilter>,
  check: (call: NodeOfType<'CallExpression'>) => void,
): Visitors;
export function matchingCalls(
  filter: ReturnType<typeof calleeNameFilter>,
  check: (call: FilteredCall) => void,
  options: { constructors: true },
): Visitors;
export function matchingCalls(
  filter: ReturnType<typeof calleeNameFilter>,
  check: (call: never) => void,
  { constructors = false } = {},
): Visitors {
  const calls: FilteredCall[] = [];
  const collect = (node: FilteredCall): void => {
    if (filter.matches(node)) calls.push(node);
  };
  // Built property by property: object spreads here cost more than the rest of the rule's setup,
  // and this runs for a dozen rules on every file.
  const visitors: Visitors = {
    ImportDeclaration: filter.visitors.ImportDeclaration,
    VariableDeclarator: filter.visitors.VariableDeclarator,
    CallExpression: collect,
  };
  if (constructors) visitors.NewExpression = collect;
  visitors['Program:exit'] = () => {
    for (const call of calls) (check as (call: FilteredCall) => void)(call);
  };
  return visitors;
}

/** `require('m')`, `require('m').x`, `await import('m')`: the module, or null. */
function requiredModule(init: AstNode): string | null {
  let node = unwrap(init);
  while (node.type === 'MemberExpression') node = unwrap(node.object as AstNode);
  if (node.type === 'AwaitExpression') node = unwrap(node.argument as AstNode);
  if (node.type === 'ImportExpression') return normalizeOrNull(staticString(node.source as AstNode));
  if (node.type !== 'CallExpression' || unwrap(node.callee as AstNode).type !== 'Identifier') return null;
  const callee = unwrap(node.callee as AstNode) as NodeOfType<'Identifier'>;
  return callee.name === 'require' ? normalizeOrNull(staticString(node.arguments[0] as AstNode | undefined)) : null;
}

function normalizeOrNull(source: string | null): string | null {
  return source === null ? null : normalizeModule(source);
}
