import type { Function as FunctionNode } from 'oxc-parser';
import { functionName, isFunctionLike, parentOf } from './ast.js';
import { tokenStats } from './code-tokens.js';
import type { AstNode, NodeOfType, RuleContext, Visitors } from './rule.js';
import type { SourceCode, Span } from './source-code.js';
import type { FileMetrics, FunctionMetrics } from './types.js';

/**
 * Complexity metrics gathered during the engine's single traversal: no extra walk of the tree.
 *
 * Every function with a body (declarations, expressions, arrows, class and object methods) is one
 * unit. A nested function is measured on its own and adds nothing to the function around it; its
 * nesting starts again at zero, as if it were written at the top level.
 *
 * Cyclomatic complexity (McCabe) is 1 + one per decision point: `if`, `?:`, each `case` with a test
 * (not `default`), `for`, `for-in`, `for-of`, `while`, `do-while`, `catch`, and each `&&`, `||`,
 * `??`, `&&=`, `||=`, `??=`, since each of those may skip the evaluation of its right side.
 * Optional chaining (`a?.b`) is left out: it guards against a missing value rather than choosing
 * between two paths the reader must follow, and counting it would make defensive code look complex.
 * Default parameter values are left out for the same reason.
 *
 * Cognitive complexity follows the published definition of the metric:
 * - +1 for each break in the linear flow: `if`, `else if`, `else`, `?:`, `switch` (once, not per
 *   case), each loop, `catch`, a labelled `break`/`continue`, each sequence of like boolean
 *   operators (`a && b && c` is +1, `a && b || c` is +2), and recursion (+1 once for a function
 *   that calls itself).
 * - `if`, `?:`, `switch`, loops and `catch` also add their nesting level: the number of those
 *   structures (and `else if` / `else` branches) they sit inside.
 * - `try`, `finally`, plain `break`/`continue`, `??`, `?.` and the logical assignments add nothing:
 *   they are shorthand the reader does not have to unfold.
 * Only direct recursion is detected (a call to the function's own name, or `this.<method>()`
 * inside that method): indirect cycles would need a call graph across functions.
 */

export interface ComplexityCollector {
  visitors: Visitors;
  metrics(): FileMetrics;
}

/**
 * A function with or without its own `this`. `NodeOfType<'FunctionDeclaration'>` is `never` (oxc
 * types every non-arrow function as one interface with a union `type`), hence this local union.
 */
type FunctionLike = FunctionNode | NodeOfType<'ArrowFunctionExpression'>;

interface Frame {
  fn: FunctionLike | null;
  /** The name the function can call itself by: its own id or the variable holding it. */
  selfName: string | null;
  /** The method name reachable as `this.<name>()`, for class and object methods. */
  methodName: string | null;
  cyclomatic: number;
  cognitive: number;
  recursive: boolean;
}

type IfNode = NodeOfType<'IfStatement'>;

/** Structures that add to cognitive complexity with their nesting level and nest their bodies. */
const NESTING_STRUCTURES = new Set([
  'IfStatement',
  'ConditionalExpression',
  'SwitchStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'CatchClause',
]);

/** True when `child` (a direct child of `structure`) is a region whose content is one level deeper. */
function nestsChild(structure: AstNode, child: AstNode): boolean {
  switch (structure.type) {
    case 'IfStatement':
      // `else if` continues the chain at the same level; its own branches are the nested ones.
      return child === structure.consequent || (child === structure.alternate && child.type !== 'IfStatement');
    case 'ConditionalExpression':
      return child !== structure.test;
    case 'SwitchStatement':
      return child !== structure.discriminant;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return child === structure.body;
    case 'CatchClause':
      return child === structure.body;
    default:
      return false;
  }
}

function isElseIf(node: IfNode): boolean {
  const parent = parentOf(node);
  return parent?.type === 'IfStatement' && parent.alternate === node;
}

function isBooleanOperator(node: AstNode | null): boolean {
  return node?.type === 'LogicalExpression' && (node.operator === '&&' || node.operator === '||');
}

/** Counts the sequences of like operators in a tree of `&&`/`||`, read left to right. */
function operatorSequences(root: AstNode): number {
  let sequences = 0;
  let previous = '';
  // In-order walk of the operator tree; anything that is not `&&`/`||` is an operand.
  const stack: (AstNode | string)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop() as AstNode | string;
    if (typeof item === 'string') {
      if (item !== previous) sequences++;
      previous = item;
      continue;
    }
    if (item.type !== 'LogicalExpression' || !isBooleanOperator(item)) continue;
    stack.push(item.right as AstNode, item.operator, item.left as AstNode);
  }
  return sequences;
}

function selfNameOf(fn: FunctionLike): string | null {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  const parent = parentOf(fn as AstNode);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return null;
}

function methodNameOf(fn: FunctionLike): string | null {
  if (fn.type === 'ArrowFunctionExpression') return null;
  const parent = parentOf(fn);
  if (parent?.type !== 'MethodDefinition' && parent?.type !== 'Property') return null;
  if (parent.computed || parent.key.type !== 'Identifier') return null;
  return parent.key.name;
}

/** Where a function is named: its id, method key or the variable/property it is assigned to. */
export function functionHead(fn: FunctionLike): AstNode {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id;
  const parent = parentOf(fn);
  if (!parent) return fn;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id : fn;
    case 'MethodDefinition':
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === fn ? (parent.key as AstNode) : fn;
    case 'AssignmentExpression':
      return parent.right === fn ? (parent.left as AstNode) : fn;
    default:
      return fn;
  }
}

/** A function's display name; private methods keep their `#`. */
export function displayName(fn: FunctionLike): string {
  const name = functionName(fn);
  if (name !== null) return name;
  const parent = parentOf(fn);
  if (
    (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') &&
    parent.key.type === 'PrivateIdentifier'
  )
    return `#${parent.key.name}`;
  return '<anonymous>';
}

/**
 * The span a complexity finding points at: the function's name, or for an anonymous function the
 * rest of its first line (`async (req, res) => {`), never the whole body.
 */
export function functionHeadSpan(source: SourceCode, fn: FunctionMetrics): Span {
  const start = source.offset(fn.line, fn.column);
  const lineEnd = start - (fn.column - 1) + source.lineText(fn.line).trimEnd().length;
  if (fn.name !== '<anonymous>' && source.text.startsWith(fn.name, start)) {
    return { start, end: start + fn.name.length };
  }
  return { start, end: Math.max(start + 1, lineEnd) };
}

/** A numeric `threshold` option, or the fallback when it is missing or not a usable number. */
export function thresholdOption(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * The visitors of a complexity rule: at the end of the file, one `tooComplex` finding per function
 * whose `metric` exceeds the `threshold` option, at the function's head.
 */
export function complexityThresholdVisitors(
  context: RuleContext<'tooComplex'>,
  metric: 'cyclomatic' | 'cognitive',
  defaultThreshold: number,
): Visitors {
  const threshold = thresholdOption(context.options.threshold, defaultThreshold);
  return {
    'Program:exit'() {
      for (const fn of context.fileMetrics().functions) {
        if (fn[metric] <= threshold) continue;
        context.report({
          node: functionHeadSpan(context.source, fn),
          messageId: 'tooComplex',
          data: { name: fn.name, value: fn[metric], threshold },
        });
      }
    },
  };
}

export function createComplexityCollector(source: SourceCode): ComplexityCollector {
  const moduleFrame: Frame = {
    fn: null,
    selfName: null,
    methodName: null,
    cyclomatic: 1,
    cognitive: 0,
    recursive: false,
  };
  const frames: Frame[] = [moduleFrame];
  const functions: FunctionMetrics[] = [];
  // Nesting level of each structure, so a nested structure only looks up to its nearest one.
  const levels = new Map<AstNode, number>();

  const current = (): Frame => frames[frames.length - 1] as Frame;

  const enterFunction = (fn: FunctionLike): void => {
    frames.push({
      fn,
      selfName: selfNameOf(fn),
      methodName: methodNameOf(fn),
      cyclomatic: 1,
      cognitive: 0,
      recursive: false,
    });
  };

  const exitFunction = (fn: FunctionLike): void => {
    const frame = current();
    if (frame.fn !== fn) return;
    frames.pop();
    if (!fn.body) return;
    const head = functionHead(fn);
    const headStart = Math.min(head.start, fn.start);
    const position = source.position(head.start);
    functions.push({
      name: displayName(fn),
      line: position.line,
      column: position.column,
      cyclomatic: frame.cyclomatic,
      cognitive: frame.cognitive + (frame.recursive ? 1 : 0),
      lines: source.position(fn.end).line - source.position(headStart).line + 1,
    });
  };

  /** Nesting level of a structure: how many nesting regions of its own function enclose it. */
  const nestingOf = (node: AstNode): number => {
    let child = node;
    for (let ancestor = parentOf(node); ancestor; ancestor = parentOf(ancestor)) {
      if (isFunctionLike(ancestor)) break;
      if (NESTING_STRUCTURES.has(ancestor.type)) {
        const level = (levels.get(ancestor) ?? 0) + (nestsChild(ancestor, child) ? 1 : 0);
        levels.set(node, level);
        return level;
      }
      child = ancestor;
    }
    levels.set(node, 0);
    return 0;
  };

  /** A structure that adds 1 plus its nesting level. */
  const nested = (node: AstNode): void => {
    const frame = current();
    frame.cyclomatic++;
    frame.cognitive += 1 + nestingOf(node);
  };

  const visitors: Visitors = {
    FunctionDeclaration: enterFunction,
    FunctionExpression: enterFunction,
    ArrowFunctionExpression: enterFunction,
    'FunctionDeclaration:exit': exitFunction,
    'FunctionExpression:exit': exitFunction,
    'ArrowFunctionExpression:exit': exitFunction,

    IfStatement(node) {
      const frame = current();
      frame.cyclomatic++;
      const level = nestingOf(node);
      // `else if` is a hybrid increment: it breaks the flow but adds no nesting penalty.
      frame.cognitive += isElseIf(node) ? 1 : 1 + level;
      if (node.alternate && node.alternate.type !== 'IfStatement') frame.cognitive++;
    },
    ConditionalExpression: nested,
    ForStatement: nested,
    ForInStatement: nested,
    ForOfStatement: nested,
    WhileStatement: nested,
    DoWhileStatement: nested,
    CatchClause: nested,
    SwitchStatement(node) {
      // Cyclomatic counts the cases; cognitive counts the switch once, as one decision to read.
      current().cognitive += 1 + nestingOf(node);
    },
    SwitchCase(node) {
      if (node.test) current().cyclomatic++;
    },
    LogicalExpression(node) {
      const frame = current();
      frame.cyclomatic++;
      if (!isBooleanOperator(node) || isBooleanOperator(parentOf(node))) return;
      frame.cognitive += operatorSequences(node);
    },
    AssignmentExpression(node) {
      if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') current().cyclomatic++;
    },
    BreakStatement(node) {
      if (node.label) current().cognitive++;
    },
    ContinueStatement(node) {
      if (node.label) current().cognitive++;
    },
    CallExpression(node) {
      const callee = node.callee as AstNode;
      if (callee.type === 'Identifier') {
        // The innermost function with that name: `walk` calling `walk` from inside a callback counts.
        for (let i = frames.length - 1; i > 0; i--) {
          const frame = frames[i] as Frame;
          if (frame.selfName === callee.name) {
            frame.recursive = true;
            return;
          }
        }
        return;
      }
      if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'ThisExpression') return;
      if (callee.property.type !== 'Identifier') return;
      // `this` passes through arrows: the method is the nearest non-arrow function.
      for (let i = frames.length - 1; i > 0; i--) {
        const frame = frames[i] as Frame;
        if (frame.fn?.type === 'ArrowFunctionExpression') continue;
        if (frame.methodName === callee.property.name) frame.recursive = true;
        return;
      }
    },
  };

  return {
    visitors,
    metrics: () => summarize(source, functions, moduleFrame),
  };
}

function summarize(source: SourceCode, functions: FunctionMetrics[], moduleFrame: Frame): FileMetrics {
  let maxCyclomatic = 0;
  let maxCognitive = 0;
  let totalCyclomatic = 0;
  for (const fn of functions) {
    if (fn.cyclomatic > maxCyclomatic) maxCyclomatic = fn.cyclomatic;
    if (fn.cognitive > maxCognitive) maxCognitive = fn.cognitive;
    totalCyclomatic += fn.cyclomatic;
  }
  const sorted = [...functions].sort((a, b) => a.line - b.line || a.column - b.column);
  const averageCyclomatic = functions.length > 0 ? totalCyclomatic / functions.length : moduleFrame.cyclomatic;
  return {
    functions: sorted,
    functionCount: functions.length,
    maxCyclomatic,
    maxCognitive,
    totalCyclomatic,
    maintainability: maintainabilityIndex(source, Math.max(1, functions.length), averageCyclomatic),
  };
}

/**
 * Maintainability index, 0-100, higher is easier to maintain: the SEI formula as rescaled by Visual
 * Studio, `max(0, (171 - 5.2 ln V - 0.23 CC - 16.2 ln LOC) * 100 / 171)`, with per-function
 * averages as in the original definition (so a file is judged by its typical function, not
 * penalised for holding many small ones):
 * - CC: the average cyclomatic complexity of the file's functions (the module's when it has none);
 * - LOC: source lines (lines with code, not blank or comment-only) per function;
 * - V: Halstead volume estimated from lexical tokens, `N log2 n` with N tokens and n distinct ones,
 *   per function. Halstead proper splits operators from operands; the split changes V little
 *   and would need a second classification pass over every node.
 * The comment-percentage term of some variants is left out: it rewards commented-out code as much
 * as explanation.
 */
function maintainabilityIndex(source: SourceCode, units: number, averageCyclomatic: number): number {
  const { tokens, distinct, codeLines } = tokenStats(source.text, source.lineStarts);
  if (tokens === 0) return 100;
  const volume = (tokens * Math.log2(Math.max(2, distinct))) / units;
  const loc = codeLines / units;
  const raw = 171 - 5.2 * Math.log(Math.max(1, volume)) - 0.23 * averageCyclomatic - 16.2 * Math.log(Math.max(1, loc));
  return Math.max(0, Math.min(100, Math.round((raw * 100) / 171)));
}
