import { type FunctionLike, isFunctionLike, parentOf, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/**
 * Lexical scopes and bindings for the taint engine, built lazily per scope node and cached, so a
 * function analysed several times (summaries to a fixpoint) resolves names at no extra cost.
 */

export type BindingKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'import' | 'catch';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The function (or Program) whose frame holds the binding. */
  readonly owner: AstNode;
  /** Position among the owner's parameters, or -1. */
  readonly paramIndex: number;
  /** The declarator's initial value, when there is one (`const x = init`, `{ a } = init`). */
  readonly init: AstNode | null;
  /** Property path inside `init` (or inside the parameter) for destructured names: `{ a: { b } }` -> ['a', 'b']. */
  readonly path: readonly string[];
  /** The declared function or class, for `function f() {}`, `const f = () => {}`, `class C {}`. */
  readonly value: AstNode | null;
  /** For imports: the module specifier and the imported name ('default', '*' or a name). */
  readonly importSource: string | null;
  readonly importName: string | null;
  /** True when the name is assigned after its declaration anywhere (not a constant alias). */
  reassigned: boolean;
}

export class Scope {
  readonly names = new Map<string, Binding>();
  /**
   * Names this scope does not declare, as the scopes around it resolved them. A scope's names are
   * all declared when it is created, after the scopes around it, so an answer never changes; the
   * taint analysis asks the same names again on every pass over a function.
   */
  private outer: Map<string, Binding | null> | null = null;
  constructor(
    readonly node: AstNode,
    readonly parent: Scope | null,
    /** The function or Program the scope belongs to. */
    readonly owner: AstNode,
  ) {}

  lookup(name: string): Binding | null {
    const own = this.names.get(name);
    if (own) return own;
    if (this.parent === null) return null;
    this.outer ??= new Map();
    const known = this.outer.get(name);
    if (known !== undefined) return known;
    let found: Binding | null = null;
    for (let scope: Scope | null = this.parent; scope; scope = scope.parent) {
      const binding = scope.names.get(name);
      if (binding) {
        found = binding;
        break;
      }
    }
    this.outer.set(name, found);
    return found;
  }
}

function isScopeNode(node: AstNode): boolean {
  switch (node.type) {
    case 'Program':
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'StaticBlock':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'CatchClause':
    case 'SwitchStatement':
      return true;
    case 'BlockStatement': {
      // A function's body shares the function's scope.
      const parent = parentOf(node);
      return !(parent && isFunctionLike(parent)) && parent?.type !== 'CatchClause';
    }
    default:
      return false;
  }
}

/** Every scope of one file, created on first use. Needs parents set on the tree (after the walk). */
export class Scopes {
  private readonly cache = new WeakMap<AstNode, Scope>();
  /** Bindings by the declaring identifier node. */
  readonly byId = new WeakMap<AstNode, Binding>();
  /** `var` declarations by the function (or Program) that holds them, once a walk has listed them. */
  private vars: ReadonlyMap<AstNode, readonly AstNode[]> | null = null;

  /** Takes the `var` declarations of the whole file from a walk that listed them (see `varOwner`). */
  useVars(vars: ReadonlyMap<AstNode, readonly AstNode[]>): void {
    this.vars = vars;
  }

  /** The scope a node creates; `node` must be a scope node (Program, function, block, loop...). */
  scopeOf(node: AstNode): Scope {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const outerNode = this.enclosingScopeNode(node);
    const parent = outerNode ? this.scopeOf(outerNode) : null;
    const owner = node.type === 'Program' || isFunctionLike(node) ? node : (parent?.owner ?? node);
    const scope = new Scope(node, parent, owner);
    this.cache.set(node, scope);
    this.declare(scope, node);
    return scope;
  }

  /** The innermost scope that contains `node` (for a scope node: the one around it). */
  scopeAround(node: AstNode): Scope {
    const outer = this.enclosingScopeNode(node);
    return outer ? this.scopeOf(outer) : this.scopeOf(node);
  }

  private enclosingScopeNode(node: AstNode): AstNode | null {
    for (let current = parentOf(node); current; current = parentOf(current)) {
      if (isScopeNode(current)) return current;
      if (current.type === 'BlockStatement') {
        const parent = parentOf(current);
        if (parent && (isFunctionLike(parent) || parent.type === 'CatchClause')) return parent;
      }
    }
    return null;
  }

  private add(
    scope: Scope,
    id: AstNode,
    kind: BindingKind,
    extra: Partial<Omit<Binding, 'name' | 'kind' | 'owner'>> = {},
  ): void {
    if (id.type !== 'Identifier') return;
    const existing = scope.names.get(id.name);
    if (existing) {
      // `var x` twice, or a parameter redeclared with var: one binding, assigned again.
      existing.reassigned = true;
      this.byId.set(id, existing);
      return;
    }
    const binding: Binding = {
      name: id.name,
      kind,
      owner: scope.owner,
      paramIndex: extra.paramIndex ?? -1,
      init: extra.init ?? null,
      path: extra.path ?? [],
      value: extra.value ?? null,
      importSource: extra.importSource ?? null,
      importName: extra.importName ?? null,
      reassigned: false,
    };
    scope.names.set(id.name, binding);
    this.byId.set(id, binding);
  }

  /** Declares every name of a binding pattern, remembering each one's property path. */
  private addPattern(
    scope: Scope,
    pattern: AstNode | null | undefined,
    kind: BindingKind,
    init: AstNode | null,
    paramIndex: number,
    path: string[] = [],
  ): void {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier': {
        const value = init && path.length === 0 && isFunctionValue(init) ? unwrap(init) : null;
        this.add(scope, pattern, kind, { init, path, paramIndex, value });
        break;
      }
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement')
            this.addPattern(scope, property.argument as AstNode, kind, init, paramIndex, path);
          else {
            const key = propertyName(property as AstNode);
            this.addPattern(
              scope,
              property.value as AstNode,
              kind,
              init,
              paramIndex,
              key === null ? path : [...path, key],
            );
          }
        }
        break;
      case 'ArrayPattern':
        pattern.elements.forEach((element, index) => {
          this.addPattern(scope, element as AstNode | null, kind, init, paramIndex, [...path, String(index)]);
        });
        break;
      case 'AssignmentPattern':
        this.addPattern(scope, pattern.left as AstNode, kind, init, paramIndex, path);
        break;
      case 'RestElement':
        this.addPattern(scope, pattern.argument as AstNode, kind, init, paramIndex, path);
        break;
      case 'TSParameterProperty':
        this.addPattern(scope, pattern.parameter as AstNode, kind, init, paramIndex, path);
        break;
      default:
        break;
    }
  }

  private declareStatement(scope: Scope, statement: AstNode, withVar: boolean): void {
    let declaration = statement;
    if (
      (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') &&
      statement.declaration
    )
      declaration = statement.declaration as AstNode;
    switch (declaration.type) {
      case 'VariableDeclaration': {
        if (declaration.kind === 'var' && !withVar) return;
        const kind = declaration.kind === 'var' ? 'var' : declaration.kind === 'const' ? 'const' : 'let';
        for (const declarator of declaration.declarations)
          this.addPattern(scope, declarator.id as AstNode, kind, (declarator.init as AstNode | null) ?? null, -1);
        break;
      }
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (declaration.id)
          this.add(scope, declaration.id, declaration.type === 'ClassDeclaration' ? 'class' : 'function', {
            value: declaration,
          });
        break;
      case 'ImportDeclaration':
        this.declareImport(scope, declaration);
        break;
      default:
        break;
    }
  }

  private declareImport(scope: Scope, declaration: NodeOfType<'ImportDeclaration'>): void {
    const source = String(declaration.source.value);
    for (const specifier of declaration.specifiers) {
      const importName =
        specifier.type === 'ImportDefaultSpecifier'
          ? 'default'
          : specifier.type === 'ImportNamespaceSpecifier'
            ? '*'
            : (propertyNameOfImport(specifier.imported as AstNode) ?? '*');
      this.add(scope, specifier.local as AstNode, 'import', { importSource: source, importName });
    }
  }

  /** `var` declarations anywhere in a function body (not in nested functions) belong to the function. */
  private hoistVars(scope: Scope, body: AstNode, owner: AstNode): void {
    if (this.vars) {
      for (const declaration of this.vars.get(owner) ?? []) this.declareStatement(scope, declaration, true);
      return;
    }
    forEachDescendant(body, (node) => {
      if (isFunctionLike(node) || node.type === 'ClassBody') return false;
      if (node.type === 'VariableDeclaration' && node.kind === 'var') this.declareStatement(scope, node, true);
      return undefined;
    });
    if (body.type === 'VariableDeclaration') this.declareStatement(scope, body, true);
  }

  private declare(scope: Scope, node: AstNode): void {
    switch (node.type) {
      case 'Program':
        for (const statement of node.body) this.declareStatement(scope, statement as AstNode, false);
        this.hoistVars(scope, node, node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const fn = node as FunctionLike;
        fn.params.forEach((param, index) => {
          this.addPattern(scope, param as AstNode, 'param', null, index);
        });
        if (fn.type === 'FunctionExpression' && fn.id) this.add(scope, fn.id, 'function', { value: fn });
        const body = fn.body as AstNode | null;
        if (body?.type === 'BlockStatement') {
          for (const statement of body.body) this.declareStatement(scope, statement as AstNode, false);
          this.hoistVars(scope, body, node);
        }
        break;
      }
      case 'BlockStatement':
      case 'StaticBlock':
        for (const statement of node.body) this.declareStatement(scope, statement as AstNode, false);
        break;
      case 'SwitchStatement':
        for (const c of node.cases)
          for (const statement of c.consequent) this.declareStatement(scope, statement as AstNode, false);
        break;
      case 'ForStatement':
        if (node.init?.type === 'VariableDeclaration') this.declareStatement(scope, node.init, false);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type === 'VariableDeclaration') this.declareStatement(scope, node.left, false);
        break;
      case 'CatchClause':
        this.addPattern(scope, node.param as AstNode | null, 'catch', null, -1);
        for (const statement of node.body.body) this.declareStatement(scope, statement as AstNode, false);
        break;
      default:
        break;
    }
  }
}

/** The function or Program whose frame a `var` declaration belongs to; null inside a class body (static blocks). */
export function varOwner(declaration: AstNode): AstNode | null {
  for (let current = parentOf(declaration); current; current = parentOf(current)) {
    if (isFunctionLike(current) || current.type === 'Program') return current;
    if (current.type === 'ClassBody') return null;
  }
  return null;
}

function propertyNameOfImport(node: AstNode): string | null {
  if (node.type === 'Identifier') return node.name;
  return staticString(node);
}

function isFunctionValue(node: AstNode): boolean {
  const target = unwrap(node);
  return isFunctionLike(target) || target.type === 'ClassExpression';
}

/** The module and member path a binding or expression stands for: `require('fs').promises` -> fs, ['promises']. */
export interface ModuleRef {
  module: string;
  path: string[];
}

const INTEROP_HELPERS = /^_*(interopRequire\w*|importDefault|importStar|toESM|__toESM|tslib\w*)$/;

/** Node's built-in modules may be written with or without the `node:` prefix. */
export function normalizeModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/**
 * Resolves an expression to the module member it reads, following `require`, imports, interop
 * wrappers (`_interopRequireDefault(require('fs')).default`) and constant aliases. Null otherwise.
 */
export function moduleRefOf(expression: AstNode, scope: Scope, depth = 0): ModuleRef | null {
  if (depth > 6) return null;
  const node = unwrap(expression);
  if (node.type === 'CallExpression') return callModuleRef(node, scope, depth);
  if (node.type === 'MemberExpression') {
    const name = propertyName(node);
    if (name === null) return null;
    const inner = moduleRefOf(node.object as AstNode, scope, depth + 1);
    if (!inner) return null;
    // `.default` of a CommonJS module through an interop wrapper is the module itself.
    return name === 'default' && inner.path.length === 0
      ? inner
      : { module: inner.module, path: [...inner.path, name] };
  }
  if (node.type === 'Identifier') {
    const binding = scope.lookup(node.name);
    if (!binding) return null;
    return bindingModuleRef(binding, scope, depth + 1);
  }
  return null;
}

/** `require('fs')`, and what interop and promisify wrappers around it keep. */
function callModuleRef(node: NodeOfType<'CallExpression'>, scope: Scope, depth: number): ModuleRef | null {
  const callee = unwrap(node.callee as AstNode);
  const first = node.arguments[0] as AstNode | undefined;
  if (!first) return null;
  if (callee.type === 'Identifier' && callee.name === 'require') {
    const name = staticString(first);
    return name === null ? null : { module: normalizeModule(name), path: [] };
  }
  if (callee.type === 'Identifier' && INTEROP_HELPERS.test(callee.name)) return moduleRefOf(first, scope, depth + 1);
  // `promisify(require('child_process').exec)` keeps what it wraps.
  const wrapper =
    callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : null;
  return wrapper === 'promisify' || wrapper === 'pify' ? moduleRefOf(first, scope, depth + 1) : null;
}

export function bindingModuleRef(binding: Binding, scope: Scope, depth = 0): ModuleRef | null {
  if (binding.importSource !== null) {
    const module = normalizeModule(binding.importSource);
    const name = binding.importName;
    return { module, path: name === null || name === 'default' || name === '*' ? [] : [name] };
  }
  if (binding.init && !binding.reassigned && binding.kind !== 'param') {
    const base = moduleRefOf(binding.init, scope, depth + 1);
    if (!base) return null;
    return binding.path.length === 0 ? base : { module: base.module, path: [...base.path, ...binding.path] };
  }
  return null;
}
