import type { AstNode, NodeOfType, RuleContext, Visitors } from '../rule.js';
import type { SourceCode } from '../source-code.js';
import type { ThreatModel } from '../types.js';
import { FunctionIndex, type FunctionInfo } from './functions.js';
import { ImportedModules } from './imports.js';
import type { Flow, FunctionSummary, SinkKind } from './model.js';
import { TaintAnalysis } from './propagation.js';
import { Scopes } from './scope.js';
import { isSourceSite, maybeSourceSite } from './sources.js';
import { toPlain } from './summaries.js';

export type { Flow, FunctionSummary, SinkKind } from './model.js';

/**
 * The taint engine's entry point. Every taint rule calls `analyzeTaint` from its `Program:exit`
 * handler (parents are set on every node by then); the analysis runs once per file and threat
 * model, and each rule reports the flows of the sink kind it owns.
 *
 * Most files cannot have a flow, and finding that out must cost little: a file without the name
 * of any sink, or (under `remote`) without anything named like a request, is skipped on its text;
 * otherwise the first taint rule of the file collects the nodes that may read a source during the
 * engine's walk, and a file where none of them does is skipped without a walk of its own.
 */

export interface TaintResult {
  flows: Flow[];
  /** Per-function summaries as plain, serialisable data (for tools and tests). */
  summaries(): FunctionSummary[];
}

const EMPTY: TaintResult = { flows: [], summaries: () => [] };

const cache = new WeakMap<AstNode, Map<string, TaintResult>>();

/**
 * Names that every sink needs in the text; a file without any of them has no sink and skips the
 * analysis. `]` followed by `=` stands for computed assignments (prototype pollution).
 */
const MAYBE_SINK =
  /child_process|shelljs|execa|cross-spawn|\bexec|\bspawn|\beval\b|\bFunction\b|\bvm\b|runIn|setTimeout|setInterval|\bfs\b|fs-extra|readFile|writeFile|createReadStream|createWriteStream|sendFile|download|unlink|readdir|mkdir|\.query\(|\.execute\(|\.(?:all|run|each|prepare)\(|[rR]aw\(|redirect|[lL]ocation|innerHTML|outerHTML|dangerouslySetInnerHTML|\.send\(|\.write\(|\.end\(|fetch|axios|got\b|https?\.(?:get|request)|unserialize|deserialize|\]\s*=[^=]/;

/**
 * Names of sinks that only remote sources reach in practice (every parameter-based flow into them is
 * `libraryRequires: 'never'`, and the local model's inputs are cleared for them): XSS, NoSQL
 * queries, logs, more HTTP client methods, template engines. They count only with a request in sight.
 */
const MAYBE_REMOTE_SINK =
  /insertAdjacentHTML|createContextualFragment|document\.write|srcdoc|\.html\(|\.append\(|\.body\s*=|SafeString|Response\(|\.render(?:String)?\(|\.compile\(|\.template\(|\.find|\.update|\.delete|\.remove\(|\.count|\.exists\(|\.where\(|\.aggregate\(|\.distinct\(|mapReduce|\$where|console\.|logger|\blog\b|\bdebug\b|\.(?:info|warn|warning|error|trace|fatal|verbose|silly)\(|\.(?:post|put|patch|del|head|stream|options)\(|needle|superagent|undici|\brequest\(/;

/** A regular expression applied to a string, in a file that writes one: the `regex` (ReDoS) sinks. */
const MAYBE_REGEX_SINK = /\.(?:test|exec|match|matchAll|replace|replaceAll|split|search)\(/;
const HAS_REGEX = /RegExp\(|(?:[=(,:[!&|?;{}]|\breturn|\bcase)\s*\/(?![/*])/;

/** Deserializers beyond those `MAYBE_SINK` names: YAML with JavaScript types, funcster, cryo, v8. */
const MAYBE_DESERIALIZER = /js-yaml|funcster|cryo|\bv8\b/;

/** A relative import or require: the sink may be in a module of the project the file calls. */
const LOCAL_IMPORT = /(?:\bfrom|\bimport|\brequire\s*\()\s*['"]\.\.?\//;

/**
 * Whether a file's text may hold a flow under `model`: the name of a sink (or, when the project's
 * other files are at hand, a relative import), and a source in sight where one is needed.
 */
function maybeFlow(text: string, model: ThreatModel, project: boolean): boolean {
  let remote: boolean | undefined;
  const hasRemote = (): boolean => {
    remote ??= MAYBE_REMOTE_SOURCE.test(text);
    return remote;
  };
  if (MAYBE_SINK.test(text) || MAYBE_DESERIALIZER.test(text) || (project && LOCAL_IMPORT.test(text)))
    return model !== 'remote' || hasRemote();
  if (model === 'remote' && !hasRemote()) return false;
  if (MAYBE_REGEX_SINK.test(text) && HAS_REGEX.test(text)) return true;
  return MAYBE_REMOTE_SINK.test(text) && hasRemote();
}

/**
 * Under the `remote` threat model every source is a request-like parameter (`req`, `request`,
 * `ctx`, `context`, Hono's `c`) or a message listener; a file mentioning none of them has no source,
 * so no flow can start in it and the analysis is skipped. (Its function summaries matter to the files
 * that import it, which analyse it for themselves, with its exports as entry points.)
 */
const MAYBE_REMOTE_SOURCE =
  /\b(?:req|request|incomingMessage|ctx|context)\b|\bc\s*[,)=:]|\bc\.req\b|\.(?:on|once|addListener|addEventListener)\(\s*['"`]message|\b(?:ws|socket|websocket|webSocket|client|conn|connection|peer)\.(?:on|once|addListener|addEventListener)\(|\blocation\.(?:hash|search|href)|document\.(?:URL|documentURI|baseURI|referrer|location)|\b(?:window|self|globalThis)\.(?:name|location)\b/i;

/** What the taint rules of one file share before the analysis: whether it is worth running, and the possible sources. */
interface FileState {
  readonly model: ThreatModel;
  readonly worth: boolean;
  /** Nodes that may read a source, collected during the engine's walk; null when nobody collected. */
  candidates: AstNode[] | null;
}

const files = new WeakMap<SourceCode, FileState>();

function fileState(context: RuleContext): FileState {
  const model = context.settings.threatModel;
  let state = files.get(context.source);
  if (!state || state.model !== model) {
    const { text } = context.source;
    const worth = !context.settings.isTestFile && maybeFlow(text, model, context.project !== undefined);
    state = { model, worth, candidates: null };
    files.set(context.source, state);
  }
  return state;
}

export function analyzeTaint(program: NodeOfType<'Program'>, context: RuleContext): TaintResult {
  const model = context.settings.threatModel;
  let perModel = cache.get(program);
  if (!perModel) {
    perModel = new Map();
    cache.set(program, perModel);
  }
  const cached = perModel.get(model);
  if (cached) return cached;
  const state = fileState(context);
  let result = EMPTY;
  if (state.worth) {
    const imports = context.project && new ImportedModules(context.project, context.filename, model);
    result = analyze(program, context.source, model, state.candidates, imports);
  }
  perModel.set(model, result);
  return result;
}

function analyze(
  program: AstNode,
  source: SourceCode,
  model: ThreatModel,
  candidates: AstNode[] | null,
  imports: ImportedModules | undefined,
): TaintResult {
  const scopes = new Scopes();
  // Outside `library` taint starts only at sources: with none among the collected nodes, stop here.
  if (
    candidates &&
    model !== 'library' &&
    !candidates.some((node) => isSourceSite(node, scopes.scopeAround(node), model))
  )
    return EMPTY;
  const index = new FunctionIndex(program, scopes, {
    collect: candidates ? undefined : (node) => maybeSourceSite(node, model),
    // Under `library` nearly every function is analysed: build the name index in the same walk.
    names: model === 'library',
  });
  const entries = entryPoints(index, scopes, model, candidates ?? index.collected);
  if (entries.size === 0) return EMPTY;
  index.complete();
  const analysis = new TaintAnalysis(index, scopes, { model, source, ...(imports ? { imports } : {}) });
  analysis.run(entries);
  return {
    flows: [...analysis.flows.values()].sort((a, b) => a.sink.start - b.sink.start),
    summaries: () =>
      [...analysis.summaries.all()].map((s) =>
        toPlain(s, s.info.node.type === 'Program' ? 0 : (s.info.node as { params: unknown[] }).params.length),
      ),
  };
}

/**
 * The functions where taint starts: those that read a source, and under `library` the exported
 * ones (their parameters are the caller's data). Only what taint can reach from them is analysed.
 * Sources are decided before the method tables exist (module aliases are then taken as constant,
 * which can only add entries).
 */
function entryPoints(
  index: FunctionIndex,
  scopes: Scopes,
  model: ThreatModel,
  candidates: readonly AstNode[],
): Set<FunctionInfo> {
  const entries = new Set<FunctionInfo>();
  for (const node of candidates) {
    const info = index.enclosingInfo(node);
    if (info && !entries.has(info) && isSourceSite(node, scopes.scopeAround(node), model)) entries.add(info);
  }
  if (model === 'library') {
    index.complete();
    for (const info of index.functions) if (info.exported) entries.add(info);
  }
  return entries;
}

/**
 * Visitors for a taint rule that owns `kinds`: at the end of the file, one finding per flow, with
 * the path from source to sink as the finding's flow steps. The first taint rule of a file also
 * collects the nodes that may read a source, so the analysis needs no walk to find none.
 */
export function taintVisitors<M extends string>(
  context: RuleContext<M>,
  kinds: readonly SinkKind[],
  messageId: (flow: Flow) => M,
): Visitors {
  const visitors: Visitors = {
    'Program:exit'(program) {
      const { flows } = analyzeTaint(program, context as unknown as RuleContext);
      for (const flow of flows) {
        if (!kinds.includes(flow.kind)) continue;
        context.report({
          node: flow.sink,
          messageId: messageId(flow),
          data: { source: flow.source, sink: flow.sinkName, detail: flow.detail },
          flow: flow.steps,
        });
      }
    },
  };
  const state = fileState(context as unknown as RuleContext);
  if (state.worth && state.candidates === null) {
    const found: AstNode[] = [];
    state.candidates = found;
    const { model } = state;
    const collect = (node: AstNode): void => {
      if (maybeSourceSite(node, model)) found.push(node);
    };
    visitors.MemberExpression = collect;
    visitors.CallExpression = collect;
  }
  return visitors;
}
