import { functionName, isFunctionLike, parentOf, propertyName, staticString, unwrap } from './ast.js';
import type { AstNode, NodeOfType, Visitors } from './rule.js';
import { type Binding, type ModuleRef, moduleRefOf, normalizeModule, Scopes } from './taint/scope.js';

/**
 * What an expression statically stands for, for rules that check how a library is configured:
 * which module member a callee is (through imports, `require`, destructuring, interop wrappers and
 * constant aliases), and which literal or object literal a constant holds (`const corsOptions =
 * { ... }; app.use(cors(corsOptions))`). Answers need parents on the whole tree, so ask from a
 * `Program:exit` handler; one instance per file is shared through `staticValues(program)`.
 */
export class StaticValues {
  private readonly scopes = new Scopes();
  private readonly reassigned = new Map<string, boolean>();

  constructor(private readonly text: string) {}

  /** The module member `node` reads, e.g. `{ module: 'fs', path: ['chmodSync'] }`; null when unknown. */
  moduleOf(node: AstNode): ModuleRef | null {
    // Compiled CommonJS calls imports as `(0, express_1.default)()` so that `this` is not bound.
    const target = unwrap(node);
    const callee =
      target.type === 'SequenceExpression' ? (target.expressions[target.expressions.length - 1] as AstNode) : node;
    return moduleRefOf(callee, this.scopes.scopeAround(node));
  }

  /** The declaration an identifier refers to (or declares), for telling apart two variables of one name. */
  bindingOf(node: AstNode): Binding | null {
    return node.type === 'Identifier' ? this.scopes.scopeAround(node).lookup(node.name) : null;
  }

  /** True when `node` reads module `name` itself, or its `default` or a member named like it (`fastify.fastify`). */
  isModule(node: AstNode, names: readonly string[]): boolean {
    const ref = this.moduleOf(node);
    if (ref === null || !names.includes(ref.module)) return false;
    return ref.path.length === 0 || (ref.path.length === 1 && ref.path[0] === lastSegment(ref.module));
  }

  /**
   * The expression a variable was initialised with, followed through aliases (`const a = b`), when
   * the variable is never assigned again; otherwise `node` itself, unwrapped.
   */
  resolve(node: AstNode, depth = 0): AstNode {
    const target = unwrap(node);
    if (target.type !== 'Identifier' || depth > 4) return target;
    const binding = this.scopes.scopeAround(target).lookup(target.name);
    if (!binding?.init || binding.kind === 'param' || binding.path.length > 0) return target;
    if (binding.kind !== 'const' && this.isReassigned(target.name)) return target;
    return this.resolve(binding.init, depth + 1);
  }

  /** The object literal `node` is or a constant holds, else null. */
  objectOf(node: AstNode | null | undefined): NodeOfType<'ObjectExpression'> | null {
    if (!node) return null;
    const value = this.resolve(node);
    return value.type === 'ObjectExpression' ? value : null;
  }

  /** A `let`/`var` assigned after its declaration somewhere in the file (a cheap, textual check). */
  private isReassigned(name: string): boolean {
    let reassigned = this.reassigned.get(name);
    if (reassigned === undefined) {
      const escaped = name.replace(/\$/g, '\\$');
      const pattern = new RegExp(`(?:^|[^.\\w$])${escaped}\\s*(?:[-+*/|&]|\\?\\?)?=(?!=)`, 'g');
      reassigned = (this.text.match(pattern)?.length ?? 0) > 1;
      this.reassigned.set(name, reassigned);
    }
    return reassigned;
  }
}

const cache = new WeakMap<AstNode, StaticValues>();

/**
 * Every module whose members `StaticValues.moduleOf` can name in a file: the ones its top-level
 * imports load and the ones a `require` with a constant name loads (the only two places a module
 * reference starts). `calls` must hold every call of the file. A rule that wants members of
 * certain modules can skip resolving callees when none of them is here.
 *
 * @example
 * const modules = loadedModules(program, calls);
 * if (!modules.has('express-session')) return;
 */
export function loadedModules(
  program: NodeOfType<'Program'>,
  calls: readonly NodeOfType<'CallExpression'>[],
): Set<string> {
  const modules = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') modules.add(normalizeModule(String(statement.source.value)));
  }
  for (const call of calls) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'Identifier' || callee.name !== 'require') continue;
    const name = staticString(call.arguments[0] as AstNode | undefined);
    if (name !== null) modules.add(normalizeModule(name));
  }
  return modules;
}

/** The file's shared `StaticValues`; `text` is the file's source. */
export function staticValues(program: NodeOfType<'Program'>, text: string): StaticValues {
  let values = cache.get(program);
  if (!values) {
    values = new StaticValues(text);
    cache.set(program, values);
  }
  return values;
}

function lastSegment(module: string): string {
  return module.slice(module.lastIndexOf('/') + 1);
}

/** An option of an object literal, and whether a spread (`...defaults`) could supply or override it. */
export interface OptionLookup {
  /** The value of the last property with that name, or null when the literal has none. */
  value: AstNode | null;
  /** False when a spread element comes after that property (or there is none and a spread exists). */
  known: boolean;
}

/** Looks up `name` in an object literal as the runtime would see it: the last definition wins. */
export function optionOf(object: NodeOfType<'ObjectExpression'>, name: string): OptionLookup {
  let value: AstNode | null = null;
  let known = true;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') known = false;
    else if (propertyName(property as AstNode) === name) {
      value = unwrap(property.value as AstNode);
      known = true;
    }
  }
  return { value, known };
}

/** The property node (key and value) that defines `name` last in an object literal. */
export function propertyOf(object: NodeOfType<'ObjectExpression'>, name: string): NodeOfType<'Property'> | null {
  let found: NodeOfType<'Property'> | null = null;
  for (const property of object.properties) {
    if (property.type === 'Property' && propertyName(property as AstNode) === name) found = property;
  }
  return found;
}

/** The variable a member chain or call chain starts from: `res` for `res.status(500).json`, else null. */
export function rootName(node: AstNode): string | null {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'Identifier') return current.name;
    if (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
    else if (current.type === 'CallExpression') current = unwrap(current.callee as AstNode);
    else return null;
  }
}

/** `true` or `false` when `node` is that literal (also `!0` and `!1`), else null. */
export function literalBoolean(node: AstNode | null | undefined): boolean | null {
  if (!node) return null;
  const target = unwrap(node);
  if (target.type === 'Literal' && typeof target.value === 'boolean') return target.value;
  if (target.type === 'UnaryExpression' && target.operator === '!') {
    const inner = unwrap(target.argument as AstNode);
    if (inner.type === 'Literal' && typeof inner.value === 'number') return inner.value === 0;
  }
  return null;
}

/** The string a literal or constant holds, lower-cased; null when it is not static. */
export function lowerString(values: StaticValues, node: AstNode | null | undefined): string | null {
  if (!node) return null;
  return staticString(values.resolve(node))?.toLowerCase() ?? null;
}

const ENVIRONMENT_CHECK =
  /\b(NODE_ENV|APP_ENV|ENV|env|environment|isDev\w*|isProd\w*|isDebug\w*|isLocal\w*|dev|development|production|prod|debug|DEBUG|__DEV__|inDevelopment|inProduction)\b/;

/**
 * True when `node` only runs, or only gets its value, in a branch chosen by the environment:
 * `if (process.env.NODE_ENV !== 'production')`, `isDev ? err.stack : undefined`,
 * `app.get('env') === 'development' && ...`, or inside a function named for development
 * (`devErrorHandler`). Any enclosing test that mentions the environment counts.
 */
export function isEnvironmentGated(node: AstNode, text: string): boolean {
  let child = node;
  for (let current = parentOf(node); current; current = parentOf(current)) {
    const test = branchTest(current, child);
    if (test && ENVIRONMENT_CHECK.test(text.slice(test.start, test.end))) return true;
    if (isDevelopmentFunction(current)) return true;
    child = current;
  }
  return false;
}

/** The test that decides whether `child` runs, when `parent` is a branch and `child` one of its arms. */
function branchTest(parent: AstNode, child: AstNode): AstNode | null {
  switch (parent.type) {
    case 'IfStatement':
      return parent.test === child ? null : (parent.test as AstNode);
    case 'ConditionalExpression':
      return parent.test === child ? null : (parent.test as AstNode);
    case 'LogicalExpression':
      return parent.right === child ? (parent.left as AstNode) : null;
    case 'CallExpression': {
      // Express 3: `app.configure('development', function () { ... })`.
      const callee = unwrap(parent.callee as AstNode);
      if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'configure') return null;
      const first = parent.arguments[0] as AstNode | undefined;
      return first && first !== child && staticString(first) !== null ? first : null;
    }
    default:
      return null;
  }
}

const DEVELOPMENT_NAME = /^(dev|development|debug)([A-Z_]|$)|(Dev|Development|Debug)([A-Z_]|$)/;

function isDevelopmentFunction(node: AstNode): boolean {
  if (!isFunctionLike(node)) return false;
  const name = functionName(node);
  return name !== null && DEVELOPMENT_NAME.test(name);
}

/**
 * Visitors for a rule that judges calls by the constant values around them: every call of the file
 * is collected during the walk and handed to `check` at the end, with the file's static values
 * (built once, only then, and only for files that got this far).
 */
export function callsWithValues(
  text: string,
  check: (calls: NodeOfType<'CallExpression'>[], values: StaticValues, program: NodeOfType<'Program'>) => void,
): Visitors {
  const calls: NodeOfType<'CallExpression'>[] = [];
  return {
    CallExpression(node) {
      calls.push(node);
    },
    'Program:exit'(program) {
      check(calls, staticValues(program, text), program);
    },
  };
}
