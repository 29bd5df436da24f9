import {
  type FunctionLike,
  functionName,
  isFunctionLike,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';
import { type Binding, type Scopes, varOwner } from './scope.js';

/**
 * The functions of one file: which are exported (the `library` threat model's entry points),
 * which object or class each method belongs to (so `this.helper(x)` resolves), and what a callee
 * expression calls, when that is a function of this file.
 *
 * Building it is split: the constructor lists the functions in one walk (recording on the way the
 * nodes everything else needs, and those a caller asks to collect); `complete()` builds method
 * tables and finds exports from those records, only when an analysis is going to run.
 */

export interface FunctionInfo {
  readonly node: AstNode;
  /** Identity: the function's start offset; -1 for the module's top level. */
  readonly key: number;
  /** Position in `FunctionIndex.functions`: source order, a function before those nested in it. */
  readonly order: number;
  /** Order of the last function nested in this one (its own order when there is none). */
  last: number;
  /** The function (or module top level) the function is written in; null for the top level. */
  outer: FunctionInfo | null;
  readonly name: string | null;
  exported: boolean;
  /** Methods reachable through `this` inside the function. */
  thisTable: Table | null;
}

/** Methods of a class, a constructor's prototype, an object literal or the module's exports. */
export type Table = Map<string, AstNode>;

/**
 * The names a function can be called by: its own name, the variable, property, method or
 * assignment target that holds it (`const f = () => {}`, `{ run() {} }`, `obj.run = function () {}`).
 */
function boundNames(fn: AstNode): string[] {
  const names: string[] = [];
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) names.push(fn.id.name);
  let holder = parentOf(fn);
  while (holder && unwrap(holder) !== holder) holder = parentOf(holder);
  switch (holder?.type) {
    case 'VariableDeclarator':
      if (holder.id.type === 'Identifier') names.push(holder.id.name);
      break;
    case 'AssignmentExpression': {
      const left = unwrap(holder.left as AstNode);
      const name =
        left.type === 'Identifier' ? left.name : left.type === 'MemberExpression' ? propertyName(left) : null;
      if (name !== null) names.push(name);
      break;
    }
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition': {
      const key = holder.key as AstNode;
      const name = key.type === 'PrivateIdentifier' ? `#${key.name}` : propertyName(holder);
      if (name !== null) names.push(name);
      break;
    }
    default:
      break;
  }
  return names;
}

/** The name a node mentions for the name index: an identifier, a private name, `obj['key']`. */
function mentionedName(node: AstNode): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'PrivateIdentifier') return `#${node.name}`;
  if (node.type === 'Literal' && typeof node.value === 'string') {
    const parent = parentOf(node);
    if (parent?.type === 'MemberExpression' && parent.computed && parent.property === node) return node.value;
  }
  return null;
}

function addName(names: Map<string, number[]>, name: string, order: number): void {
  const list = names.get(name);
  if (!list) names.set(name, [order]);
  else if (list[list.length - 1] !== order) list.push(order);
}

/** `var Color = (function () { function Color() {} ...; return Color; })()`: the wrapper call of a compiled class. */
function compiledClass(binding: Binding): AstNode | null {
  if (!binding.init || binding.reassigned || binding.path.length > 0) return null;
  const init = unwrap(binding.init);
  return init.type === 'CallExpression' && isFunctionLike(unwrap(init.callee as AstNode)) ? init : null;
}

function isClass(node: AstNode | null | undefined): boolean {
  return node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression';
}

/** The values a function returns (an arrow's expression body, or its `return` statements). */
function returnedValues(fn: FunctionLike): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body) return [];
  if (body.type !== 'BlockStatement') return [body];
  const values: AstNode[] = [];
  forEachDescendant(body, (node) => {
    if (isFunctionLike(node)) return false;
    if (node.type === 'ReturnStatement' && node.argument) values.push(node.argument as AstNode);
    return undefined;
  });
  return values;
}

export class FunctionIndex {
  readonly functions: FunctionInfo[] = [];
  private readonly infos = new WeakMap<AstNode, FunctionInfo>();
  private readonly bindingTables = new Map<Binding, Table>();
  private readonly nodeTables = new WeakMap<AstNode, Table>();
  private readonly exportsTable: Table = new Map();
  /** `var f; f = function () {}`: functions assigned to a variable after its declaration. */
  private readonly assignedFunctions = new Map<Binding, AstNode[]>();
  /** `var Utils; Utils = { ... }`: object literals assigned to a variable after its declaration. */
  private readonly assignedObjects = new Map<Binding, AstNode[]>();
  private exportSeen = false;
  private completed = false;
  /** Nodes `collect` accepted during the listing walk. */
  readonly collected: AstNode[] = [];
  /** Nodes that build method tables and nodes that export, each in walk order (replayed by `complete`). */
  private readonly tableNodes: AstNode[] = [];
  private readonly exportNodes: AstNode[] = [];
  /** Identifier names to the orders of the functions whose own code mentions them. */
  private names: Map<string, number[]> | null = null;
  private byThisTable: Map<Table, FunctionInfo[]> | null = null;

  /**
   * Lists the functions in one walk. `collect` picks other nodes to keep (`collected`); `names`
   * builds the name index in the same walk (otherwise it is built on first use).
   */
  constructor(
    readonly program: AstNode,
    private readonly scopes: Scopes,
    options: { collect?: (node: AstNode) => boolean; names?: boolean } = {},
  ) {
    const { collect } = options;
    const names = options.names ? new Map<string, number[]>() : null;
    // The functions around the node being visited, innermost last.
    const open: FunctionInfo[] = [this.register(program, -1, null, null)];
    // Listing `var` declarations here saves every function scope a walk of its own.
    const vars = new Map<AstNode, AstNode[]>();
    forEachDescendant(program, (node) => {
      let around = open[open.length - 1] as FunctionInfo;
      while (open.length > 1 && (node.start < around.node.start || node.end > around.node.end)) {
        open.pop();
        around = open[open.length - 1] as FunctionInfo;
      }
      switch (node.type) {
        case 'FunctionDeclaration':
        case 'FunctionExpression':
          this.tableNodes.push(node);
          open.push(this.register(node, node.start, functionName(node), around));
          return undefined;
        case 'ArrowFunctionExpression':
          open.push(this.register(node, node.start, functionName(node), around));
          return undefined;
        case 'ClassDeclaration':
        case 'ClassExpression':
        case 'ObjectExpression':
        case 'UpdateExpression':
          this.tableNodes.push(node);
          break;
        case 'AssignmentExpression':
          this.tableNodes.push(node);
          this.exportNodes.push(node);
          break;
        case 'ExportNamedDeclaration':
        case 'ExportDefaultDeclaration':
          this.exportNodes.push(node);
          break;
        case 'VariableDeclaration':
          if (node.kind === 'var') {
            const owner = varOwner(node);
            const list = owner ? vars.get(owner) : undefined;
            if (list) list.push(node);
            else if (owner) vars.set(owner, [node]);
          }
          break;
        default:
          if (names) {
            const name = mentionedName(node);
            if (name !== null) addName(names, name, around.order);
          }
          break;
      }
      if (collect?.(node)) this.collected.push(node);
      return undefined;
    });
    this.names = names;
    scopes.useVars(vars);
    // Inner functions come after their outer one: walking backwards carries each `last` outwards.
    for (let i = this.functions.length - 1; i > 0; i--) {
      const info = this.functions[i] as FunctionInfo;
      if (info.outer && info.outer.last < info.last) info.outer.last = info.last;
    }
  }

  /** Method tables and exports: what resolving callees and the `library` entry points need. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.buildTables();
    this.findExports();
  }

  private register(node: AstNode, key: number, name: string | null, outer: FunctionInfo | null): FunctionInfo {
    const order = this.functions.length;
    const info: FunctionInfo = { node, key, order, last: order, outer, name, exported: false, thisTable: null };
    this.functions.push(info);
    this.infos.set(node, info);
    return info;
  }

  /**
   * Orders of the functions, among `within` and those nested in it, whose own code (not that of
   * functions nested in them) mentions `name` as an identifier, a private name or a static key.
   * An over-approximation of who can read a variable or call a function by that name.
   */
  mentioning(name: string, within: FunctionInfo = this.functions[0] as FunctionInfo): number[] {
    const list = this.nameIndex().get(name);
    if (!list) return [];
    // `list` is sorted: find the first order at or after `within`.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((list[mid] as number) < within.order) low = mid + 1;
      else high = mid;
    }
    const found: number[] = [];
    for (let i = low; i < list.length && (list[i] as number) <= within.last; i++) found.push(list[i] as number);
    return found;
  }

  private nameIndex(): Map<string, number[]> {
    if (this.names) return this.names;
    const names = new Map<string, number[]>();
    for (const info of this.functions) {
      forEachDescendant(info.node, (node) => {
        if (isFunctionLike(node)) return false;
        const name = mentionedName(node);
        if (name !== null) addName(names, name, info.order);
        return undefined;
      });
    }
    this.names = names;
    return names;
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
    if (target.type === 'Identifier') {
      if (target.name !== 'exports') return false;
      // A UMD factory's `function (exports) { exports.Color = Color; }` receives the module's exports.
      const binding = this.bindingOf(target);
      return binding === null || (binding.kind === 'param' && binding.path.length === 0);
    }
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
    if (!binding) return null;
    // `var lexer = new Lexer(options)`: an instance has its constructor's methods; `var _proto =
    // Color.prototype` (compiled classes) is the prototype.
    const init = binding.init && !binding.reassigned && binding.path.length === 0 ? unwrap(binding.init) : null;
    if (init?.type === 'MemberExpression' && propertyName(init) === 'prototype') return this.tableOf(init, context);
    if (init?.type === 'NewExpression' && unwrap(init.callee as AstNode).type === 'Identifier') {
      const maker = this.bindingOf(init.callee as AstNode);
      if (maker?.kind === 'function' || maker?.kind === 'class') return this.tableForBinding(maker);
    }
    return this.tableForBinding(binding);
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
    let current: FunctionInfo | null = info;
    while (current && current.node.type === 'ArrowFunctionExpression') current = current.outer;
    return current?.thisTable ?? null;
  }

  /** The functions whose `this` holds the methods of `table` (arrows inside them included). */
  functionsWithThis(table: Table): readonly FunctionInfo[] {
    if (!this.byThisTable) {
      this.byThisTable = new Map();
      for (const info of this.functions) {
        const own = this.thisTableOf(info);
        if (!own) continue;
        const list = this.byThisTable.get(own);
        if (list) list.push(info);
        else this.byThisTable.set(own, [info]);
      }
    }
    return this.byThisTable.get(table) ?? [];
  }

  /**
   * Orders of the functions that may call `info`: the one it is written in (an inline callback, an
   * IIFE) and every function that mentions a name it is bound to.
   */
  possibleCallers(info: FunctionInfo): number[] {
    const orders = info.outer ? [info.outer.order] : [];
    for (const name of boundNames(info.node)) for (const order of this.mentioning(name)) orders.push(order);
    return orders;
  }

  private setMethod(table: Table, name: string, value: AstNode): void {
    if (!table.has(name)) table.set(name, value);
    const fn = unwrap(value);
    const info = this.infos.get(fn);
    if (info && !info.thisTable) info.thisTable = table;
  }

  private buildTables(): void {
    for (const node of this.tableNodes) this.tableNode(node);
  }

  private tableNode(node: AstNode): void {
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classTable(node);
        break;
      case 'ObjectExpression':
        this.objectTable(node);
        break;
      case 'UpdateExpression': {
        const binding = this.bindingOf(node.argument as AstNode);
        if (binding) binding.reassigned = true;
        break;
      }
      case 'AssignmentExpression':
        this.assignmentTable(node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
        this.constructorTable(node);
        break;
      default:
        break;
    }
  }

  /** A class's methods, under its name (`class Foo {}`, `const Foo = class {}`). */
  private classTable(node: NodeOfType<'ClassDeclaration' | 'ClassExpression'>): void {
    const classBinding = node.id && node.type === 'ClassDeclaration' ? this.bindingOf(node.id) : null;
    const table = classBinding ? this.tableForBinding(classBinding) : this.tableForNode(node);
    this.nodeTables.set(node, table);
    const parent = parentOf(node);
    if (node.type === 'ClassExpression' && parent?.type === 'VariableDeclarator') {
      const binding = this.bindingOf(parent.id as AstNode);
      if (binding) this.bindingTables.set(binding, table);
    }
    for (const member of node.body.body) {
      if ((member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') || !member.value) continue;
      const name = member.key.type === 'PrivateIdentifier' ? `#${member.key.name}` : propertyName(member);
      if (name !== null && isFunctionLike(unwrap(member.value as AstNode)))
        this.setMethod(table, name, member.value as AstNode);
    }
  }

  /** An object literal's methods, under the variable or property it is assigned to. */
  private objectTable(node: NodeOfType<'ObjectExpression'>): void {
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
  }

  /** `x = ...` makes `x` reassigned; `Foo.prototype.m = function () {}` adds a method. */
  private assignmentTable(node: NodeOfType<'AssignmentExpression'>): void {
    const left = unwrap(node.left as AstNode);
    const right = unwrap(node.right as AstNode);
    const binding = left.type === 'Identifier' ? this.bindingOf(left) : null;
    if (binding) {
      binding.reassigned = true;
      const assigned = isFunctionLike(right)
        ? this.assignedFunctions
        : right.type === 'ObjectExpression'
          ? this.assignedObjects
          : null;
      if (assigned && node.operator === '=') {
        const list = assigned.get(binding) ?? [];
        list.push(right);
        assigned.set(binding, list);
      }
    }
    if (node.operator !== '=' || left.type !== 'MemberExpression') return;
    if (right.type === 'Identifier') {
      this.namespaceMember(left, right);
      return;
    }
    if (!isFunctionLike(right)) return;
    const name = propertyName(left);
    const table = this.tableOf(left.object as AstNode, this.enclosingInfo(node));
    if (name === null || !table) return;
    // Statics and prototype methods share the constructor's table: on a clash (`Lexer.lex` and
    // `Lexer.prototype.lex`) instances, which `this` and `new` calls reach, get the prototype's.
    const object = unwrap(left.object as AstNode);
    if (object.type === 'MemberExpression' && propertyName(object) === 'prototype') table.delete(name);
    this.setMethod(table, name, right);
  }

  /**
   * `marked.Lexer = Lexer`: a constructor or function published as a property of a namespace. It
   * joins the namespace's table (its own `this` stays its own), so exporting the namespace exports
   * it and, through its table, its static and prototype methods.
   */
  private namespaceMember(left: NodeOfType<'MemberExpression'>, right: NodeOfType<'Identifier'>): void {
    const name = propertyName(left);
    const binding = this.bindingOf(right);
    const value = binding?.kind === 'function' ? binding.value : binding ? compiledClass(binding) : null;
    if (name === null || !value) return;
    const table = this.tableOf(left.object as AstNode, this.enclosingInfo(left));
    if (table && !table.has(name)) table.set(name, value);
  }

  /** A constructor function: `this` inside it is the instance its prototype methods see. */
  private constructorTable(node: NodeOfType<'FunctionDeclaration' | 'FunctionExpression'>): void {
    const info = this.infos.get(node);
    if (!info || info.thisTable) return;
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

  /**
   * The functions other modules can call, by the path they import them under: `''` for the
   * module's own value (`module.exports = fn`, `export default fn`), `name` for a named export or a
   * property of the exported object (`exports.name`, `module.exports = { name }`, `export function
   * name`, `export default { name }`), `name.method` for a method of an exported object or class.
   * Needs `complete()`.
   */
  exportedFunctions(): Map<string, FunctionInfo> {
    const found = new Map<string, FunctionInfo>();
    for (const node of this.exportNodes) this.exportedByNode(node, found);
    this.addTable(found, '', this.exportsTable);
    return found;
  }

  private exportedByNode(node: AstNode, found: Map<string, FunctionInfo>): void {
    if (node.type === 'ExportNamedDeclaration') this.exportedByDeclaration(node, found);
    else if (node.type === 'ExportDefaultDeclaration') this.addExported(found, '', node.declaration as AstNode);
    else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const left = unwrap(node.left as AstNode);
      if (this.isExportsObject(left)) this.addExported(found, '', node.right as AstNode);
      else if (left.type === 'MemberExpression' && this.isExportsObject(left.object as AstNode)) {
        const name = propertyName(left);
        if (name !== null) this.addExported(found, name, node.right as AstNode);
      }
    }
  }

  /** `export function f`, `export const f = ...`, `export class C`, `export { f as g }`. */
  private exportedByDeclaration(node: NodeOfType<'ExportNamedDeclaration'>, found: Map<string, FunctionInfo>): void {
    const declaration = node.declaration as AstNode | null;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations)
        if (d.id.type === 'Identifier') this.addExported(found, d.id.name, d.init as AstNode | null);
    } else if (
      (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') &&
      declaration.id
    )
      this.addExported(found, declaration.id.name, declaration);
    if (node.source) return;
    for (const specifier of node.specifiers) {
      const exported = specifier.exported as AstNode;
      const name = exported.type === 'Identifier' ? exported.name : staticString(exported);
      if (name !== null) this.addExported(found, name === 'default' ? '' : name, specifier.local as AstNode);
    }
  }

  /** An exported value under `name`: a function, or an object or class whose methods are `name.method`. */
  private addExported(found: Map<string, FunctionInfo>, name: string, value: AstNode | null, depth = 0): void {
    if (!value || depth > 4) return;
    const node = unwrap(value);
    const prefix = name === '' ? '' : `${name}.`;
    switch (node.type) {
      case 'Identifier':
        this.addExportedBinding(found, name, node, depth);
        return;
      case 'ObjectExpression':
        if (name.includes('.')) return;
        for (const property of node.properties) {
          const key = property.type === 'Property' ? propertyName(property as AstNode) : null;
          if (key !== null)
            this.addExported(found, `${prefix}${key}`, (property as { value: AstNode }).value, depth + 1);
        }
        return;
      case 'NewExpression':
        this.addTable(found, prefix, this.tableOf(node.callee as AstNode, undefined));
        return;
      case 'CallExpression': {
        // `module.exports = factory()` in a UMD wrapper, an IIFE: what the function returns.
        const made = this.madeBy(node);
        if (made) for (const result of returnedValues(made)) this.addExported(found, name, result, depth + 1);
        return;
      }
      default:
        if (isFunctionLike(node)) this.addFound(found, name, this.infos.get(node));
        else if (isClass(node)) this.addTable(found, prefix, this.nodeTables.get(node) ?? null);
    }
  }

  /** An exported variable: the function it holds, its methods, and the object literal it was initialised with. */
  private addExportedBinding(
    found: Map<string, FunctionInfo>,
    name: string,
    node: NodeOfType<'Identifier'>,
    depth: number,
  ): void {
    const binding = this.bindingOf(node);
    if (!binding) return;
    this.addFound(found, name, this.functionOfBinding(binding) ?? undefined);
    this.addTable(found, name === '' ? '' : `${name}.`, this.tableOf(node, undefined));
    // `const api = { find }; module.exports = api`: the object's shorthand functions.
    const init = binding.init && !binding.reassigned && binding.path.length === 0 ? unwrap(binding.init) : null;
    if (init?.type === 'ObjectExpression') this.addExported(found, name, init, depth + 1);
  }

  private addFound(found: Map<string, FunctionInfo>, name: string, info: FunctionInfo | undefined): void {
    if (info && !found.has(name)) found.set(name, info);
  }

  private addTable(found: Map<string, FunctionInfo>, prefix: string, table: Table | null): void {
    if (!table) return;
    for (const [method, value] of table) {
      const info = this.infos.get(unwrap(value));
      if (info && !method.startsWith('#') && !found.has(`${prefix}${method}`)) found.set(`${prefix}${method}`, info);
    }
  }

  private markValue(value: AstNode | null | undefined, depth = 0): void {
    if (!value || depth > 8) return;
    const node = unwrap(value);
    if (isFunctionLike(node)) {
      const info = this.infos.get(node);
      if (info) info.exported = true;
      if (node.type === 'FunctionDeclaration' && node.id) this.markTable(this.tableOf(node.id, undefined));
    } else if (isClass(node)) this.markTable(this.nodeTables.get(node) ?? null);
    else if (node.type === 'ObjectExpression') {
      for (const property of node.properties) {
        if (property.type === 'Property') this.markValue(property.value as AstNode, depth + 1);
      }
      this.markTable(this.nodeTables.get(node) ?? null);
    } else if (node.type === 'Identifier') {
      const binding = this.bindingOf(node);
      if (binding) this.markBinding(binding, depth);
    } else this.markExpression(node, depth);
  }

  /** Exported values computed by an expression: a constructor call, a factory's result, an assignment, a member. */
  private markExpression(node: AstNode, depth: number): void {
    switch (node.type) {
      case 'NewExpression':
        this.markTable(this.tableOf(node.callee as AstNode, undefined));
        break;
      case 'CallExpression': {
        // `var Color = (function () { function Color() {} ...; return Color; })()`: a compiled class.
        const made = this.madeBy(node);
        if (made) this.markResults(made, depth + 1);
        break;
      }
      case 'AssignmentExpression':
        // `return api = { ... }` (CoffeeScript): the assigned value.
        if (node.operator === '=') this.markValue(node.right as AstNode, depth + 1);
        break;
      case 'MemberExpression':
        this.markMember(node, depth);
        break;
      default:
        break;
    }
  }

  /**
   * The function whose result a call is: an IIFE (`(function () { ... })()`), or a UMD wrapper's
   * factory (`(function (root, factory) { module.exports = factory(); })(this, function () { ... })`).
   */
  private madeBy(call: NodeOfType<'CallExpression'>): FunctionLike | null {
    const callee = unwrap(call.callee as AstNode);
    if (isFunctionLike(callee)) return callee;
    if (callee.type !== 'Identifier') return null;
    const binding = this.bindingOf(callee);
    if (binding?.kind !== 'param' || binding.path.length > 0 || binding.reassigned) return null;
    // The wrapper is called right where it is written, directly or with `.call(this, ...)`.
    let called: AstNode = binding.owner;
    let wrapper = parentOf(called);
    let shift = 0;
    if (wrapper?.type === 'MemberExpression' && propertyName(wrapper) === 'call') {
      called = wrapper;
      wrapper = parentOf(wrapper);
      shift = 1;
    }
    if (wrapper?.type !== 'CallExpression' || unwrap(wrapper.callee as AstNode) !== called) return null;
    const factory = wrapper.arguments[binding.paramIndex + shift] as AstNode | undefined;
    const fn = factory ? unwrap(factory) : null;
    return fn && isFunctionLike(fn) ? fn : null;
  }

  /**
   * `exports.run = api.run`: the method; `for (k in api) exports[k] = api[k]`: every member of
   * the object copied key by key.
   */
  private markMember(node: NodeOfType<'MemberExpression'>, depth: number): void {
    const object = node.object as AstNode;
    const name = propertyName(node);
    if (name === null) {
      this.markValue(object, depth + 1);
      return;
    }
    const value = this.tableOf(object, undefined)?.get(name);
    if (value) this.markValue(value, depth + 1);
  }

  /** An exported variable: the methods of its table and the function or value it holds. */
  private markBinding(binding: Binding, depth: number): void {
    this.markTable(this.bindingTables.get(binding) ?? null);
    const assigned = this.functionOfBinding(binding);
    if (assigned) this.markValue(assigned.node, depth + 1);
    // `var Utils; Utils = { keypath: { set() {} } }`: nested objects are not in the table.
    for (const value of this.assignedObjects.get(binding) ?? []) this.markValue(value, depth + 1);
    if (binding.value) this.markValue(binding.value, depth + 1);
    else if (binding.init && binding.path.length === 0) this.markValue(binding.init, depth + 1);
  }

  private markTable(table: Table | null, depth = 0, seen = new Set<Table>()): void {
    if (!table || seen.has(table)) return;
    seen.add(table);
    for (const [name, value] of table) {
      // `_name` and `#name` are private by convention; public methods that call them are the API.
      if (name.startsWith('_') || name.startsWith('#')) continue;
      const node = unwrap(value);
      const info = this.infos.get(node);
      if (info) info.exported = true;
      // A published constructor (`ns.Parser = Parser`): its statics and prototype methods too.
      if (node.type === 'FunctionDeclaration' && node.id && depth < 3)
        this.markTable(this.tableOf(node.id, undefined), depth + 1, seen);
      else if (node.type === 'CallExpression' && depth < 3) this.markValue(node, depth + 1);
    }
  }

  private findExports(): void {
    for (const node of this.exportNodes) this.exportNode(node);
    // Prototype methods added after `module.exports = Foo` was seen.
    this.markTable(this.exportsTable);
    if (!this.exportSeen) {
      // Scripts and UMD bundles: their top-level functions are the API.
      for (const statement of (this.program as { body: AstNode[] }).body) this.markTopLevel(statement);
    }
    // Functions an exported function returns are API too: factories and middleware makers.
    for (const info of this.functions) {
      if (info.exported && info.key !== -1) this.markReturnedBy(info.node as FunctionLike);
    }
  }

  /** `export ...`, `module.exports = ...`, `exports.x = ...`. */
  private exportNode(node: AstNode): void {
    switch (node.type) {
      case 'ExportNamedDeclaration': {
        this.exportSeen = true;
        const declaration = node.declaration as AstNode | null;
        if (declaration?.type === 'VariableDeclaration') {
          for (const d of declaration.declarations) this.markValue(d.init as AstNode | null);
        } else if (declaration) this.markValue(declaration);
        if (!node.source) for (const specifier of node.specifiers) this.markValue(specifier.local as AstNode);
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
  }

  /** What a wrapper function returns is what the variable holding its call exports. */
  private markResults(fn: FunctionLike, depth: number): void {
    for (const value of returnedValues(fn)) this.markValue(value, depth);
  }

  private markReturnedBy(fn: FunctionLike): void {
    for (const value of returnedValues(fn)) this.markReturned(value);
  }

  private markReturned(value: AstNode): void {
    const node = unwrap(value);
    if (isFunctionLike(node) || isClass(node) || node.type === 'ObjectExpression') this.markValue(node, 3);
    else if (node.type === 'Identifier') {
      // `function compare() {} ... return compare;`: a function of the factory, by name.
      const binding = this.bindingOf(node);
      const info = binding ? this.functionOfBinding(binding) : null;
      if (info) this.markValue(info.node, 3);
    }
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
      } else if (expression.type === 'CallExpression') this.markWrapped(expression);
    } else if (statement.type === 'ReturnStatement' && statement.argument) {
      this.markValue(statement.argument as AstNode);
    }
  }

  /** An IIFE or UMD wrapper: `(function () { ... })()`, `(function () { ... }).call(this)`. */
  private markWrapped(call: NodeOfType<'CallExpression'>): void {
    let callee = unwrap(call.callee as AstNode);
    if (callee.type === 'MemberExpression' && ['call', 'apply'].includes(propertyName(callee) ?? ''))
      callee = unwrap(callee.object as AstNode);
    const wrapped = [callee, ...call.arguments.map((a) => unwrap(a as AstNode))];
    for (const fn of wrapped) {
      const body = isFunctionLike(fn) ? (fn.body as AstNode | null) : null;
      if (body?.type === 'BlockStatement') for (const inner of body.body) this.markTopLevel(inner as AstNode);
    }
  }
}
