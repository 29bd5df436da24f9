import type { FlowLocation } from '../rule.js';
import type { Span } from '../source-code.js';

/**
 * The data shapes of the taint engine. Everything that leaves a file's analysis (flows, function
 * summaries, the summaries of a module's exports that importers apply) is plain data: offsets,
 * locations, strings and numbers, with no syntax tree, so summaries can be cached and joined
 * across files.
 */

/** What a sink lets an attacker do; one taint rule owns each kind. */
export const SINK_KINDS = [
  'command',
  'code',
  'path',
  'sql',
  'nosql',
  'nosql-code',
  'prototype',
  'xss',
  'redirect',
  'ssrf',
  'deserialization',
  'log',
  'regex',
] as const;
export type SinkKind = (typeof SINK_KINDS)[number];

const KIND_BITS: Record<SinkKind, number> = Object.fromEntries(SINK_KINDS.map((kind, i) => [kind, 1 << i])) as Record<
  SinkKind,
  number
>;

/** Bit of one kind in a `cleared` mask. */
export function kindBit(kind: SinkKind): number {
  return KIND_BITS[kind];
}

/** A mask that clears every kind: a number or a boolean can inject nothing. */
export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;

export function maskOf(...kinds: SinkKind[]): number {
  let mask = 0;
  for (const kind of kinds) mask |= KIND_BITS[kind];
  return mask;
}

/**
 * A dangerous call (or assignment) as the sink tables describe it: which arguments must not carry
 * attacker data, and which flags a flow needs before it counts (`FLAG_EMBEDDED`: the data was built
 * into a larger string, as in a SQL statement made by concatenation).
 */
export interface SinkMatch {
  kind: SinkKind;
  /** What the sink is, for messages: `child_process.exec`. */
  name: string;
  /**
   * Indices of the dangerous arguments, -1 for the object a method is called on (`s` in
   * `s.match(re)`); for an array argument its elements count too.
   */
  args: number[];
  /** Flags every flow into this sink needs. */
  requires: number;
  /**
   * Flags a flow from a parameter of an exported function (the `library` threat model) needs:
   * wrapping `fs.readFile(file)` is an API, joining the caller's name under a base folder is a
   * confinement that the caller can escape.
   */
  libraryRequires: number | 'never';
  /** For an object literal argument, only these properties are dangerous (`hostname`, not `path`). */
  fields?: ReadonlySet<string>;
  /** The arguments are MongoDB filters: operators decide what is dangerous inside them. */
  query?: boolean;
  /** Added to the finding's message: why the sink is dangerous here (e.g. how a regex backtracks). */
  detail?: string;
  /**
   * Where the sink is when it lies in another file of the project, reached through a function that
   * file exports (its `name` then says which file); findings still point at the call in this file.
   */
  at?: FlowLocation;
}

/**
 * One step of a flow, newest first while it is built (a shared tail keeps copies cheap). A
 * *splice* stands for `count` steps of another chain (oldest first, from its `skip`th), so that
 * applying a summary adds the callee's steps without copying them.
 */
export interface Step {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly prev: Step | null;
  /** Steps up to and including this one, a splice counting those it stands for. */
  readonly length: number;
  readonly spliced: Step | null;
  readonly skip: number;
  readonly count: number;
  /** For a step in another file (inside an imported function): its location there; `start`/`end` are then 0. */
  readonly at: FlowLocation | null;
}

/** A step of a flow as reports take it: a span of this file, or a location in another file. */
export interface FlowStepOut {
  node: Span;
  message: string;
  at?: FlowLocation;
}

/** At most this many steps are kept per flow; a summary contributes at most half of them. */
export const MAX_STEPS = 40;

export function step(span: Span, message: string, prev: Step | null): Step {
  const length = (prev?.length ?? 0) + 1;
  return { start: span.start, end: span.end, message, prev, length, spliced: null, skip: 0, count: 0, at: null };
}

/** A step in another file of the project, at `at`. */
export function remoteStep(at: FlowLocation, message: string, prev: Step | null): Step {
  const length = (prev?.length ?? 0) + 1;
  return { start: 0, end: 0, message, prev, length, spliced: null, skip: 0, count: 0, at };
}

/** `head` followed by the newest steps of `tail` (at most MAX_STEPS / 2, and MAX_STEPS in all). */
export function joinSteps(head: Step | null, tail: Step | null): Step | null {
  if (!tail) return head;
  const kept = Math.min(tail.length, MAX_STEPS / 2);
  const before = head?.length ?? 0;
  const count = Math.min(kept, Math.max(0, MAX_STEPS - before));
  if (count === 0) return head;
  const skip = tail.length - kept;
  return { start: 0, end: 0, message: '', prev: head, length: before + count, spliced: tail, skip, count, at: null };
}

/** Steps oldest first, as a report shows them. */
export function stepList(last: Step | null): FlowStepOut[] {
  const newestFirst: FlowStepOut[] = [];
  for (let current = last; current; current = current.prev) {
    if (current.spliced) {
      const inner = stepList(current.spliced);
      for (let i = current.skip + current.count - 1; i >= current.skip; i--)
        newestFirst.push(inner[i] as (typeof inner)[number]);
    } else {
      const out: FlowStepOut = { node: { start: current.start, end: current.end }, message: current.message };
      if (current.at) out.at = current.at;
      newestFirst.push(out);
    }
  }
  return newestFirst.reverse();
}

/** Flags on a taint that some sinks need before they count a flow. */
export const FLAG_EMBEDDED = 1; // the value was built into a larger string (concatenation, template, join)
export const FLAG_JOINED = 2; // the value became a segment of a path under a base folder
export const FLAG_PROTO = 4; // the value may be an object reached through an attacker-chosen key
export const FLAG_MARKUP = 8; // the value was built into a string that holds HTML markup

/**
 * Where tainted data comes from: a source in this file (`param` -1), or parameter `param` of the
 * function `fn` (an offset key), which summaries substitute with the caller's argument.
 */
export interface Taint {
  readonly fn: number;
  readonly param: number;
  /** Kinds for which a sanitizer or guard made the value safe. */
  readonly cleared: number;
  readonly flags: number;
  readonly steps: Step | null;
  /** A short description of the source for messages, e.g. `req.query`. */
  readonly label: string;
}

export type Value = readonly Taint[];

export const CLEAN: Value = [];

/** A flow from a source to a sink, ready to report. */
export interface Flow {
  kind: SinkKind;
  /** The sink call or assignment. */
  sink: Span;
  /** What the sink is, e.g. `child_process.exec`. */
  sinkName: string;
  /** Where the data came from, e.g. `req.query` or `parameter "cmd" of exported function run`. */
  source: string;
  /** What the sink adds to a message, e.g. why a regular expression backtracks; '' when nothing. */
  detail: string;
  /** Oldest first; the last one is the sink (with `at` when it lies in another file). */
  steps: FlowStepOut[];
}

/** How parameter `param` (or a source, -1) of a function reaches its return value. */
export interface SummaryReturn {
  param: number;
  cleared: number;
  flags: number;
  label: string;
  steps: { start: number; end: number; message: string }[];
}

/** How parameter `param` of a function reaches a sink inside it (or in a function it calls). */
export interface SummarySink {
  param: number;
  kind: SinkKind;
  cleared: number;
  flags: number;
  sink: { start: number; end: number };
  sinkName: string;
  steps: { start: number; end: number; message: string }[];
}

/**
 * What callers need to know about one function, as plain data: which parameters reach its return
 * value and which reach sinks (`RemoteFunction` is the form importers apply, with locations).
 */
export interface FunctionSummary {
  /** Start offset of the function node: its identity in the file. */
  key: number;
  name: string | null;
  params: number;
  exported: boolean;
  returns: SummaryReturn[];
  sinks: SummarySink[];
}

/**
 * An exported function of another module of the project, as a caller applies it: which
 * parameters reach its return value and which reach sinks, with the steps inside that module
 * (each step carrying its location there). Holds no syntax tree, so modules' summaries can be kept.
 */
export interface RemoteFunction {
  /** The module, relative to the scan root. */
  readonly file: string;
  /** The name the module exports it under (`''` for the module's own value), for messages. */
  readonly name: string;
  readonly returns: readonly RemoteReturn[];
  readonly sinks: readonly RemoteSink[];
}

/** Parameter `param` (or a source in the module, -1) reaches the return value. */
export interface RemoteReturn {
  readonly param: number;
  readonly cleared: number;
  readonly flags: number;
  readonly label: string;
  readonly steps: Step | null;
}

/** Parameter `param` reaches a sink; `match.at` is where the sink is, `match.name` says in which file. */
export interface RemoteSink {
  readonly param: number;
  readonly match: SinkMatch;
  readonly cleared: number;
  readonly flags: number;
  readonly steps: Step | null;
}
