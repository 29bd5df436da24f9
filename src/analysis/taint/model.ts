import type { Span } from '../source-code.js';

/**
 * The data shapes of the taint engine. Everything that leaves a file's analysis (flows and
 * function summaries) is plain data: offsets, strings and numbers, so a later project-wide phase
 * can cache summaries and join them across files.
 */

/** What a sink lets an attacker do; one taint rule owns each kind. */
export const SINK_KINDS = [
  'command',
  'code',
  'path',
  'sql',
  'nosql',
  'prototype',
  'xss',
  'redirect',
  'ssrf',
  'deserialization',
  'log',
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

/** One step of a flow, newest first while it is built (a shared tail keeps copies cheap). */
export interface Step {
  readonly span: Span;
  readonly message: string;
  readonly prev: Step | null;
  readonly length: number;
}

export function step(span: Span, message: string, prev: Step | null): Step {
  return { span: { start: span.start, end: span.end }, message, prev, length: (prev?.length ?? 0) + 1 };
}

/** Steps oldest first, as a report shows them. */
export function stepList(last: Step | null): { node: Span; message: string }[] {
  const list: { node: Span; message: string }[] = [];
  for (let current = last; current; current = current.prev) list.push({ node: current.span, message: current.message });
  return list.reverse();
}

/** Flags on a taint that some sinks need before they count a flow. */
export const FLAG_EMBEDDED = 1; // the value was built into a larger string (concatenation, template, join)
export const FLAG_JOINED = 2; // the value became a segment of a path under a base folder
export const FLAG_PROTO = 4; // the value may be an object reached through an attacker-chosen key

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
  steps: { node: Span; message: string }[];
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
 * value and which reach sinks. A project phase can key these by module and export name.
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
