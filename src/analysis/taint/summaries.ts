import type { Span } from '../source-code.js';
import type { FunctionInfo } from './functions.js';
import { type FunctionSummary, type Step, stepList, type Taint, type Value } from './model.js';
import type { SinkMatch } from './sinks.js';

/**
 * Function summaries: for each function, the taints its return value carries (its own parameters,
 * substituted by the caller's arguments, or sources) and the sinks its parameters reach. Grown
 * monotonically as functions are analysed again; `toPlain` turns one into serialisable data
 * (`module-summary.ts` makes the located form other modules apply).
 */

export interface SummarySinkEntry {
  param: number;
  match: SinkMatch;
  cleared: number;
  flags: number;
  steps: Step | null;
  sink: Span;
}

/**
 * The function calls its parameter `param` (a callback) with `taint` in argument `index`: a
 * caller passing a function there runs it with that data.
 */
export interface SummaryCallEntry {
  param: number;
  index: number;
  taint: Taint;
}

export interface InternalSummary {
  readonly info: FunctionInfo;
  returns: Value;
  readonly sinks: SummarySinkEntry[];
  readonly calls: SummaryCallEntry[];
  /** Per parameter, the kinds a guard inside the function has cleared whenever it returns; null when none. */
  paramGuards: number[] | null;
  readonly seen: Set<string>;
}

const MAX_RETURNS = 8;
const MAX_SINKS = 128;
const MAX_CALLS = 32;

export class SummaryStore {
  private readonly byKey = new Map<number, InternalSummary>();

  get(info: FunctionInfo): InternalSummary {
    let summary = this.byKey.get(info.key);
    if (!summary) {
      summary = { info, returns: [], sinks: [], calls: [], paramGuards: null, seen: new Set() };
      this.byKey.set(info.key, summary);
    }
    return summary;
  }

  peek(info: FunctionInfo): InternalSummary | undefined {
    return this.byKey.get(info.key);
  }

  all(): IterableIterator<InternalSummary> {
    return this.byKey.values();
  }

  /** Adds return taints; true when the summary learned something new. */
  addReturns(summary: InternalSummary, value: Value): boolean {
    const added: Taint[] = [];
    for (const t of value) {
      const key = `r:${t.fn}:${t.param}:${t.cleared}:${t.flags}:${t.label}`;
      if (summary.seen.has(key) || summary.returns.length + added.length >= MAX_RETURNS) continue;
      summary.seen.add(key);
      added.push(t);
    }
    // A new array: callers may hold the previous one as a value.
    if (added.length > 0) summary.returns = summary.returns.concat(added);
    return added.length > 0;
  }

  /** Records that parameter `param` reaches a sink; true when new. `steps` is asked only then. */
  addSink(
    summary: InternalSummary,
    param: number,
    match: SinkMatch,
    cleared: number,
    flags: number,
    sink: Span,
    steps: () => Step | null,
  ): boolean {
    if (summary.sinks.length >= MAX_SINKS) return false;
    const key = `s:${param}:${match.kind}:${cleared}:${flags}:${sink.start}`;
    if (summary.seen.has(key)) return false;
    summary.seen.add(key);
    summary.sinks.push({ param, match, cleared, flags, steps: steps(), sink });
    return true;
  }

  /** Records that the function calls its parameter `param` with `taint` in argument `index`; true when new. */
  addCall(summary: InternalSummary, param: number, index: number, taint: Taint): boolean {
    if (summary.calls.length >= MAX_CALLS) return false;
    const key = `c:${param}:${index}:${taint.fn}:${taint.param}:${taint.cleared}:${taint.flags}:${taint.label}`;
    if (summary.seen.has(key)) return false;
    summary.seen.add(key);
    summary.calls.push({ param, index, taint });
    return true;
  }
}

function plainSteps(steps: Step | null): { start: number; end: number; message: string }[] {
  return stepList(steps).map((s) => ({ start: s.node.start, end: s.node.end, message: s.message }));
}

/** A summary as plain data (offsets, strings, numbers). */
export function toPlain(summary: InternalSummary, params: number): FunctionSummary {
  const { info } = summary;
  return {
    key: info.key,
    name: info.name,
    params,
    exported: info.exported,
    returns: summary.returns
      .filter((t) => t.fn === info.key || t.param < 0)
      .map((t) => ({
        param: t.fn === info.key ? t.param : -1,
        cleared: t.cleared,
        flags: t.flags,
        label: t.label,
        steps: plainSteps(t.steps),
      })),
    sinks: summary.sinks.map((entry) => ({
      param: entry.param,
      kind: entry.match.kind,
      cleared: entry.cleared,
      flags: entry.flags,
      sink: { start: entry.sink.start, end: entry.sink.end },
      sinkName: entry.match.name,
      steps: plainSteps(entry.steps),
    })),
  };
}
