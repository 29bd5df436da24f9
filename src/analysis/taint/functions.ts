import { type FunctionLike, functionName, isFunctionLike, parentOf, propertyName, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { forEachDescendant } from '../traverse.js';
import type { Binding, Scopes } from './scope.js';

/**
 * The functions of one file: which are exported (the `library` threat model's entry points),
 * which object or class each method belongs to (so `this.helper(x)` resolves), and what a callee
 * expression calls, when that is a function of this file.
 */

export interface FunctionInfo {
  readonly node: AstNode;
  /** Identity: the function's start offset; -1 for the module's top level. */
  readonly key: number;
  readonly name: string | null;
  exported: boolean;
  /** Methods reachable through `this` inside the function. */
  thisTable: Table | null;
}

/** Methods of a class, a constructor's prototype, an object literal or the module's exports. */
export type Table = Map<string, AstNode>;

function isClass(node: AstNode | null | undefined): boolean {
  return node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression';
}

export class FunctionIndex {
  readonly functions: FunctionInfo[] = [];
  private readonly infos = new WeakMap<AstNode, FunctionInfo>();
  private readonly bindingTables = new Map<Binding, Table>();
  private readonly nodeTables = new WeakMap<AstNode, Table>();
  private readonly exportsTable: Table = new Map();
  /** `var f; f = function () {}`: functions assigned to a variable after its declaration. */
  private readonly assignedFunctions = new Map<Binding, AstNode[]>();
  private exportSeen = false;

  constructor(
    readonly program: AstNode,
    private readonly scopes: Scopes,
  ) {
    this.register(program, -1, null);
    forEachDescendant(program, (node) => {
      if (isFunctionLike(node)) this.register(node, node.start, functionName(node));
      return undefined;
    });
    this.buildTables();
    this.findExports();
  }

  private register(node: AstNode, key: number, name: string | null): void {
    const info: FunctionInfo = { node, key, name, exported: false, thisTable: null };
    this.functions.push(info);
    this.infos.set(node, info);
  }

  infoOf(node: AstNode): FunctionInfo | undefined {
    return this.infos.get(node);
  }

  private tableForBinding(binding: Binding): Table {
    let table = this.bindingTables.get(binding);
    if (!table) {
      table = new Map();
      this.bindingTables.set(binding, table);
    }
    return table;
  }

  private tableForNode(node: AstNode): Table {
    let table = this.nodeTables.get(node);
    if (!table) {
      table = new Map();
      this.nodeTables.set(node, table);
    }
    return table;
  }

  private bindingOf(node: AstNode): Binding | null {
    const target = unwrap(node);
    if (target.type !== 'Identifier') return null;
    return this.scopes.scopeAround(target).lookup(target.name);
  }

  private isExportsObject(node: AstNode): boolean {
    const target = unwrap(node);
    if (target.type === 'Identifier') return target.name === 'exports' && this.bindingOf(target) === null;
    return (
      target.type === 'MemberExpression' &&
      propertyName(target) === 'exports' &&
      unwrap(target.object as AstNode).type === 'Identifier' &&
      (unwrap(target.object as AstNode) as { name: string }).name === 'module'
    );
  }

  /** The table a method-holding expression denotes: `Foo`, `Foo.prototype`, `this`, `module.exports`. */
  tableOf(node: AstNode, context: FunctionInfo | undefined): Table | null {
    const target = unwrap(node);
    if (target.type === 'ThisExpression') return context ? this.thisTableOf(context) : null;
    if (isFunctionLike(target)) return this.infos.get(target)?.thisTable ?? null;
    const alias = this.thisAlias(target);
    if (alias) return this.thisTableOf(alias);
    if (this.isExportsObject(target)) return this.exportsTable;
    if (target.type === 'MemberExpression' && propertyName(target) === 'prototype')
      return this.tableOf(target.object as AstNode, context);
    const binding = this.bindingOf(target);
    if (binding) return this.tableForBinding(binding);
    return null;
  }

  /** For `self` in `var self = this`: the function whose `this` it holds. */
  thisAlias(node: AstNode): FunctionInfo | null {
    const target = unwrap(node);
    if (target.type !== 'Identifier') return null;
    const binding = this.bindingOf(target);
    if (!binding?.init || binding.reassigned || binding.path.length > 0) return null;
    if (unwrap(binding.init).type !== 'ThisExpression') return null;
    return this.infos.get(binding.owner) ?? null;
  }

  /** The `this` of a function: arrows use their enclosing function's. */
  thisTableOf(info: FunctionInfo): Table | null {
    let current: FunctionInfo | undefined = info;
    while (current && current.node.type === 'ArrowFunctionExpression') {
      let outer = parentOf(current.node);
      while (outer && !isFunctionLike(outer) && outer.type !== 'Program') outer = parentOf(outer);
      current = outer ? this.infos.get(outer) : undefined;
    }
    return current?.thisTable ?? null;
  }

  private setMethod(table: Table, name: string, value: AstNode): void {
    if (!table.has(name)) table.set(name, value);
    const fn = unwrap(value);
    const info = this.infos.get(fn);
    if (info && !info.thisTable) info.thisTable = table;
  }

  private buildTables(): void {
    forEachDescendant(this.program, (node) => {
      if (isClass(node)) {
        const klass = node as { id?: AstNode | null; body: { body: AstNode[] } };
        const classBinding = klass.id && node.type === 'ClassDeclaration' ? this.bindingOf(klass.id) : null;
        const table = classBinding ? this.tableForBinding(classBinding) : this.tableForNode(node);
        this.nodeTables.set(node, table);
        const parent = parentOf(node);
        if (node.type === 'ClassExpression' && parent?.type === 'VariableDeclarator') {
          const binding = this.bindingOf(parent.id as AstNode);
          if (binding) this.bindingTables.set(binding, table);
        }
        for (const member of klass.body.body) {
          if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && member.value) {
            const name = member.key.type === 'PrivateIdentifier' ? `#${member.key.name}` : propertyName(member);
            if (name !== null && isFunctionLike(unwrap(member.value as AstNode)))
              this.setMethod(table, name, member.value as AstNode);
          }
        }
      } else if (node.type === 'ObjectExpression') {
        const parent = parentOf(node);
        let table: Table = this.tableForNode(node);
        if (parent?.type === 'VariableDeclarator' && parent.init === node) {
          const binding = this.bindingOf(parent.id as AstNode);
          if (binding) table = this.tableForBinding(binding);
        } else if (parent?.type === 'AssignmentExpression' && parent.right === node) {
          table = this.tableOf(parent.left as AstNode, undefined) ?? table;
        }
        this.nodeTables.set(node, table);
        for (const property of node.properties) {
          if (property.type !== 'Property') continue;
          const name = propertyName(property as AstNode);
          const value = unwrap(property.value as AstNode);
          if (name !== null && isFunctionLike(value)) this.setMethod(table, name, value);
        }
      } else if (node.type === 'UpdateExpression') {
        const binding = this.bindingOf(node.argument as AstNode);
        if (binding) binding.reassigned = true;
      } else if (node.type === 'AssignmentExpression') {
        const left = unwrap(node.left as AstNode);
        const right = unwrap(node.right as AstNode);
        if (left.type === 'Identifier') {
          const binding = this.bindingOf(left);
          if (binding) {
            binding.reassigned = true;
            if (isFunctionLike(right) && node.operator === '=') {
              const list = this.assignedFunctions.get(binding) ?? [];
              list.push(right);
              this.assignedFunctions.set(binding, list);
            }
          }
        }
        if (node.operator !== '=') return undefined;
        if (left.type === 'MemberExpression' && isFunctionLike(right)) {
          const name = propertyName(left);
          const context = this.enclosingInfo(node);
          const table = this.tableOf(left.object as AstNode, context);
          if (name !== null && table) this.setMethod(table, name, right);
        }
      } else if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') {
        // A constructor function: `this` inside it is the instance its prototype methods see.
        const info = this.infos.get(node);
        if (info && !info.thisTable) {
          const parent = parentOf(node);
          const id =
            node.type === 'FunctionDeclaration'
              ? node.id
              : parent?.type === 'VariableDeclarator' && parent.init === node
                ? (parent.id as AstNode)
                : null;
          const binding = id ? this.bindingOf(id) : null;
          info.thisTable = binding ? this.tableForBinding(binding) : this.tableForNode(node);
        }
      }
      return undefined;
    });
  }

  enclosingInfo(node: AstNode): FunctionInfo | undefined {
    for (let current = parentOf(node); current; current = parentOf(current)) {
      if (isFunctionLike(current) || current.type === 'Program') return this.infos.get(current);
    }
    return undefined;
  }

  /** The function of this file a callee denotes, when it can be known. */
  resolveCallee(callee: AstNode, context: FunctionInfo | undefined): FunctionInfo | null {
    const target = unwrap(callee);
    if (isFunctionLike(target)) return this.infos.get(target) ?? null;
    if (target.type === 'Identifier') {
      const binding = this.bindingOf(target);
      if (!binding) return null;
      return this.functionOfBinding(binding);
    }
    if (target.type === 'MemberExpression') {
      const name = propertyName(target);
      if (name === null) return null;
      const table = this.tableOf(target.object as AstNode, context);
      const value = table?.get(name);
      return value ? (this.infos.get(unwrap(value)) ?? null) : null;
    }
    return null;
  }

  /** The one function a variable holds: declared, initialised, or assigned exactly once. */
  private functionOfBinding(binding: Binding): FunctionInfo | null {
    const value = binding.value ? unwrap(binding.value) : null;
    const assigned = this.assignedFunctions.get(binding);
    if (value && isFunctionLike(value)) {
      if (binding.kind === 'function' || !binding.reassigned) return this.infos.get(value) ?? null;
      return null;
    }
    if (!binding.init && assigned?.length === 1) return this.infos.get(assigned[0] as AstNode) ?? null;
    return null;
  }

  private markValue(value: AstNode | null | undefined, depth = 0): void {
    if (!value || depth > 4) return;
    const node = unwrap(value);
    if (isFunctionLike(node)) {
      const info = this.infos.get(node);
      if (info) info.exported = true;
      if (node.type === 'FunctionDeclaration' && node.id) this.markTable(this.tableOf(node.id, undefined));
      return;
    }
    if (isClass(node)) {
      this.markTable(this.nodeTables.get(node) ?? null);
      return;
    }
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) {
        if (property.type === 'Property') this.markValue(property.value as AstNode, depth + 1);
      }
      this.markTable(this.nodeTables.get(node) ?? null);
      return;
    }
    if (node.type === 'NewExpression') {
      this.markTable(this.tableOf(node.callee as AstNode, undefined));
      return;
    }
    if (node.type === 'Identifier') {
      const binding = this.bindingOf(node);
      if (!binding) return;
      this.markTable(this.bindingTables.get(binding) ?? null);
      const assigned = this.functionOfBinding(binding);
      if (assigned) this.markValue(assigned.node, depth + 1);
      if (binding.value) this.markValue(binding.value, depth + 1);
      else if (binding.init && binding.path.length === 0) this.markValue(binding.init, depth + 1);
    }
  }

  private markTable(table: Table | null): void {
    if (!table) return;
    for (const [name, value] of table) {
      // `_name` and `#name` are private by convention; public methods that call them are the API.
      if (name.startsWith('_') || name.startsWith('#')) continue;
      const info = this.infos.get(unwrap(value));
      if (info) info.exported = true;
    }
  }

  private findExports(): void {
    forEachDescendant(this.program, (node) => {
      switch (node.type) {
        case 'ExportNamedDeclaration': {
          this.exportSeen = true;
          const declaration = node.declaration as AstNode | null;
          if (declaration?.type === 'VariableDeclaration') {
            for (const d of declaration.declarations) this.markValue(d.init as AstNode | null);
          } else if (declaration) this.markValue(declaration);
          for (const specifier of node.specifiers) {
            if (!node.source) this.markValue(specifier.local as AstNode);
          }
          break;
        }
        case 'ExportDefaultDeclaration':
          this.exportSeen = true;
          this.markValue(node.declaration as AstNode);
          break;
        case 'AssignmentExpression': {
          const left = unwrap(node.left as AstNode);
          if (this.isExportsObject(left)) {
            this.exportSeen = true;
            this.markValue(node.right as AstNode);
            this.markTable(this.exportsTable);
          } else if (left.type === 'MemberExpression' && this.isExportsObject(left.object as AstNode)) {
            this.exportSeen = true;
            this.markValue(node.right as AstNode);
          }
          break;
        }
        default:
          break;
      }
      return undefined;
    });
    // Prototype methods added after `module.exports = Foo` was seen.
    this.markTable(this.exportsTable);
    if (!this.exportSeen) {
      // Scripts and UMD bundles: their top-level functions are the API.
      for (const statement of (this.program as { body: AstNode[] }).body) this.markTopLevel(statement);
    }
    // Functions an exported function returns are API too: factories and middleware makers.
    for (const info of this.functions) {
      if (!info.exported || info.key === -1) continue;
      const body = (info.node as FunctionLike).body as AstNode | null;
      if (!body) continue;
      if (body.type !== 'BlockStatement') {
        this.markReturned(body);
        continue;
      }
      forEachDescendant(body, (node) => {
        if (isFunctionLike(node)) return false;
        if (node.type === 'ReturnStatement' && node.argument) this.markReturned(node.argument as AstNode);
        return undefined;
      });
    }
  }

  private markReturned(value: AstNode): void {
    const node = unwrap(value);
    if (isFunctionLike(node) || isClass(node) || node.type === 'ObjectExpression') this.markValue(node, 3);
  }

  private markTopLevel(statement: AstNode): void {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') this.markValue(statement);
    else if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) {
        const init = d.init ? unwrap(d.init as AstNode) : null;
        if (init && (isFunctionLike(init) || isClass(init) || init.type === 'ObjectExpression')) this.markValue(init);
      }
    } else if (statement.type === 'ExpressionStatement') {
      const expression = unwrap(statement.expression as AstNode);
      if (expression.type === 'AssignmentExpression') {
        // `this.extend = extend`, `root.lib = lib`, `window.fn = function () {}`.
        const right = unwrap(expression.right as AstNode);
        if (unwrap(expression.left as AstNode).type === 'MemberExpression') this.markValue(right);
      } else if (expression.type === 'CallExpression') {
        // An IIFE or UMD wrapper: `(function () { ... })()`, `(function () { ... }).call(this)`.
        let callee = unwrap(expression.callee as AstNode);
        if (callee.type === 'MemberExpression' && ['call', 'apply'].includes(propertyName(callee) ?? ''))
          callee = unwrap(callee.object as AstNode);
        const wrapped = [callee, ...expression.arguments.map((a) => unwrap(a as AstNode))];
        for (const fn of wrapped) {
          if (!isFunctionLike(fn)) continue;
          const body = fn.body as AstNode | null;
          if (body?.type === 'BlockStatement') for (const inner of body.body) this.markTopLevel(inner as AstNode);
        }
      }
    } else if (statement.type === 'ReturnStatement' && statement.argument) {
      this.markValue(statement.argument as AstNode);
    }
  }
}
