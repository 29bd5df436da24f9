import type { AstNode, NodeOfType, RuleContext, Visitors } from '../rule.js';
import { FunctionIndex } from './functions.js';
import type { Flow, FunctionSummary, SinkKind } from './model.js';
import { TaintAnalysis } from './propagation.js';
import { Scopes } from './scope.js';
import { toPlain } from './summaries.js';

export type { Flow, FunctionSummary, SinkKind } from './model.js';

/**
 * The taint engine's entry point. Every taint rule calls `analyzeTaint` from its `Program:exit`
 * handler (parents are set on every node by then); the analysis runs once per file and threat
 * model, and each rule reports the flows of the sink kind it owns.
 */

export interface TaintResult {
  flows: Flow[];
  /** Per-function summaries as plain data, for a later cross-file phase. */
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
 * Under the `remote` threat model every source is a request-like parameter (`req`, `request`,
 * `ctx`, `context`, Hono's `c`) or a message listener; a file mentioning none of them has no source,
 * so no flow can start in it and the analysis is skipped. (Function summaries would only matter to
 * a cross-file phase, which does not exist yet.)
 */
const MAYBE_REMOTE_SOURCE =
  /\b(?:req|request|incomingMessage|ctx|context)\b|\bc\s*[,)=:]|\bc\.req\b|\.(?:on|once|addListener|addEventListener)\(\s*['"`]message|\b(?:ws|socket|websocket|webSocket|client|conn|connection|peer)\.(?:on|once|addListener|addEventListener)\(/;

function mayHaveSource(model: string, text: string): boolean {
  return model !== 'remote' || MAYBE_REMOTE_SOURCE.test(text);
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
  let result = EMPTY;
  if (
    !context.settings.isTestFile &&
    MAYBE_SINK.test(context.source.text) &&
    mayHaveSource(model, context.source.text)
  ) {
    const scopes = new Scopes();
    const index = new FunctionIndex(program, scopes);
    const analysis = new TaintAnalysis(index, scopes, { model, source: context.source });
    analysis.run();
    result = {
      flows: [...analysis.flows.values()].sort((a, b) => a.sink.start - b.sink.start),
      summaries: () =>
        [...analysis.summaries.all()].map((s) =>
          toPlain(s, s.info.node.type === 'Program' ? 0 : (s.info.node as { params: unknown[] }).params.length),
        ),
    };
  }
  perModel.set(model, result);
  return result;
}

/**
 * Visitors for a taint rule that owns `kinds`: at the end of the file, one finding per flow, with
 * the path from source to sink as the finding's flow steps.
 */
export function taintVisitors<M extends string>(
  context: RuleContext<M>,
  kinds: readonly SinkKind[],
  messageId: (flow: Flow) => M,
): Visitors {
  return {
    'Program:exit'(program) {
      const { flows } = analyzeTaint(program, context as unknown as RuleContext);
      for (const flow of flows) {
        if (!kinds.includes(flow.kind)) continue;
        context.report({
          node: flow.sink,
          messageId: messageId(flow),
          data: { source: flow.source, sink: flow.sinkName },
          flow: flow.steps,
        });
      }
    },
  };
}
