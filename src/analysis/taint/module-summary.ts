import { calleeName, dottedName, propertyName, staticString, unwrap } from '../ast.js';
import { parseSource } from '../parse.js';
import type { AstNode, FlowLocation } from '../rule.js';
import { SourceCode, type Span } from '../source-code.js';
import type { ThreatModel } from '../types.js';
import { FunctionIndex } from './functions.js';
import type { ImportedModules } from './imports.js';
import { type RemoteFunction, type RemoteSink, remoteStep, type Step, stepList } from './model.js';
import { TaintAnalysis } from './propagation.js';
import { Scopes } from './scope.js';
import type { InternalSummary } from './summaries.js';

/**
 * The summaries of the functions one module exports, for the files that import it: the module
 * is analysed with its exported functions as entry points (their parameters are the caller's
 * data, as under the `library` model, whatever the model of the scan) and each exported name is
 * mapped to its function's summary, with every step located in the module.
 */

/**
 * Exports a module takes from another one: `export { f as g } from './m'` (`name` `g` is `f`
 * there), `export * from './m'` and `module.exports = require('./m')` (`prefix` ''), `export * as
 * ns from './m'` and `exports.ns = require('./m')` (`prefix` `ns.`).
 */
export type Forward =
  | { readonly specifier: string; readonly name: string; readonly as: string }
  | { readonly specifier: string; readonly prefix: string };

/** What importers of one module need: its exported functions' summaries, and the exports it forwards. */
export interface ModuleSummary {
  readonly functions: ReadonlyMap<string, RemoteFunction>;
  readonly forwards: readonly Forward[];
}

const NONE: ModuleSummary = { functions: new Map(), forwards: [] };

/** Summaries by export name (see `FunctionIndex.exportedFunctions`); `imports` follows the module's own imports. */
export function summarizeModule(
  file: string,
  text: string,
  model: ThreatModel,
  imports: ImportedModules | undefined,
): ModuleSummary {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return NONE;
  const program = parsed.program as AstNode;
  // Parents are set by the listing walk below; the root has none.
  (program as { parent?: AstNode | null }).parent = null;
  const forwards = forwardsOf(program);
  const source = new SourceCode(text, parsed.comments);
  const scopes = new Scopes();
  const index = new FunctionIndex(program, scopes, { names: true });
  index.complete();
  const exported = index.exportedFunctions();
  if (exported.size === 0) return { functions: NONE.functions, forwards };
  const analysis = new TaintAnalysis(index, scopes, { model, source, ...(imports ? { imports } : {}) });
  analysis.run(new Set(exported.values()));
  const locate = locator(file, source);
  const functions = new Map<string, RemoteFunction>();
  for (const [name, info] of exported) {
    const summary = analysis.summaries.peek(info);
    functions.set(name, summary ? remoteFunction(file, name, summary, locate) : { file, name, returns: [], sinks: [] });
  }
  return { functions, forwards };
}

/** Re-exports among the module's top-level statements. */
function forwardsOf(program: AstNode): Forward[] {
  const forwards: Forward[] = [];
  for (const statement of (program as { body: AstNode[] }).body) {
    if (statement.type === 'ExportNamedDeclaration' && statement.source) {
      const specifier = String(statement.source.value);
      for (const s of statement.specifiers) {
        const as = exportName(s.exported as AstNode);
        const name = exportName(s.local as AstNode);
        if (as !== null && name !== null) forwards.push({ specifier, name, as });
      }
    } else if (statement.type === 'ExportAllDeclaration') {
      const as = statement.exported ? exportName(statement.exported as AstNode) : '';
      if (as !== null) forwards.push({ specifier: String(statement.source.value), prefix: as === '' ? '' : `${as}.` });
    } else if (statement.type === 'ExpressionStatement') {
      forwards.push(...requireForwards(unwrap(statement.expression as AstNode)));
    }
  }
  return forwards;
}

/** An exported name as importers use it: `default` is the module's own value (`''`). */
function exportName(node: AstNode): string | null {
  const name = node.type === 'Identifier' ? node.name : staticString(node);
  return name === 'default' ? '' : name;
}

/** `module.exports = require('./m')`, `exports.db = require('./db')`, `__exportStar(require('./m'), exports)`. */
function requireForwards(expression: AstNode): Forward[] {
  if (expression.type === 'CallExpression' && /(?:^|\.)__exportStar$/.test(calleeName(expression) ?? '')) {
    const specifier = requiredModule(expression.arguments[0] as AstNode | undefined);
    return specifier === null ? [] : [{ specifier, prefix: '' }];
  }
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return [];
  const specifier = requiredModule(expression.right as AstNode);
  if (specifier === null) return [];
  const left = unwrap(expression.left as AstNode);
  // The whole module: its own value and its names.
  if (dottedName(left) === 'module.exports')
    return [
      { specifier, name: '', as: '' },
      { specifier, prefix: '' },
    ];
  const name = left.type === 'MemberExpression' ? propertyName(left) : null;
  const object = left.type === 'MemberExpression' ? dottedName(left.object as AstNode) : null;
  if (name === null || (object !== 'exports' && object !== 'module.exports')) return [];
  return [
    { specifier, name: '', as: name },
    { specifier, prefix: `${name}.` },
  ];
}

function requiredModule(node: AstNode | undefined): string | null {
  const target = node ? unwrap(node) : null;
  if (target?.type !== 'CallExpression' || calleeName(target) !== 'require') return null;
  return staticString(target.arguments[0] as AstNode);
}

type Locate = (span: Span) => FlowLocation;

function locator(file: string, source: SourceCode): Locate {
  return (span) => {
    const from = source.position(span.start);
    const to = source.position(span.end);
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  };
}

function remoteFunction(file: string, name: string, summary: InternalSummary, locate: Locate): RemoteFunction {
  const key = summary.info.key;
  const sinks: RemoteSink[] = summary.sinks.map((entry) => ({
    param: entry.param,
    // A sink already in another module keeps its place; one of this module gets it.
    match: entry.match.at
      ? entry.match
      : { ...entry.match, name: `${entry.match.name} in ${file}`, at: locate(entry.sink) },
    cleared: entry.cleared,
    flags: entry.flags,
    steps: located(entry.steps, locate),
  }));
  const returns = summary.returns
    .filter((t) => t.fn === key || t.param < 0)
    .map((t) => ({
      param: t.fn === key ? t.param : -1,
      cleared: t.cleared,
      flags: t.flags,
      label: t.label,
      steps: located(t.steps, locate),
    }));
  return { file, name, returns, sinks };
}

/** The same steps, each carrying its location in the module (steps from modules further on keep theirs). */
function located(steps: Step | null, locate: Locate): Step | null {
  let chain: Step | null = null;
  for (const s of stepList(steps)) chain = remoteStep(s.at ?? locate(s.node), s.message, chain);
  return chain;
}
