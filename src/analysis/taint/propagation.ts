import {
  alwaysExits,
  bindingNames,
  calleeMethod,
  calleeName,
  isFunctionLike,
  isLoop,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import type { SourceCode, Span } from '../source-code.js';
import type { ThreatModel } from '../types.js';
import { calleeRef, constantString } from './callees.js';
import type { FunctionIndex, FunctionInfo, Table } from './functions.js';
import type { ImportedModules, ImportRef } from './imports.js';
import {
  ALL_KINDS,
  CLEAN,
  FLAG_EMBEDDED,
  FLAG_JOINED,
  FLAG_MARKUP,
  FLAG_PROTO,
  type Flow,
  type FlowStepOut,
  joinSteps,
  kindBit,
  MAX_STEPS,
  maskOf,
  type RemoteFunction,
  type RemoteSink,
  type Step,
  step,
  stepList,
  type Taint,
  type Value,
} from './model.js';
import { regexSink, regexSubject } from './regex-sinks.js';
import { isHtmlResponse } from './responses.js';
import {
  CLEAN_METHODS,
  CLEAN_PROPERTIES,
  fixesOrigin,
  guardsOf,
  hasMarkup,
  moduleSanitizerMask,
  replaceMask,
  sanitizerMask,
  URL_HOST_PARTS,
  urlArgument,
} from './sanitizers.js';
import type { Binding, Scope, Scopes } from './scope.js';
import { isHtmlPropertySink, type SinkMatch, sinksOfCall } from './sinks.js';
import { callbackSource, callSource, isContextBinding, memberSource, sourceMask } from './sources.js';
import { type SummaryCallEntry, SummaryStore } from './summaries.js';
import { type TemplateRender, templateRender } from './templates.js';

/**
 * The data-flow core: an abstract interpreter over the AST that walks a function in statement
 * order, with an environment from bindings to taint values. Branches fork the environment and join
 * after; loops run their body twice; guards (`if (!ALLOWED.has(x)) return;`) refine what follows
 * them. Calls to functions of the same file apply their summaries (which parameters reach the
 * return value and which reach sinks, which callbacks they call with what, which parameters they
 * check on every way out); calls to functions other modules of the project export apply those
 * modules' summaries (see `imports.ts`). Closures read the flow-insensitive join of everything a
 * captured variable was ever assigned.
 *
 * Only functions that taint can reach are analysed, and each again only when something it read
 * changed (a worklist, not rounds over the whole file):
 * - the analysis starts at the functions where taint starts (sources, and the `library` entry
 *   points), given by the caller of `run`;
 * - a call analyses its callee first, on demand, and the caller depends on the callee's summary;
 * - a function whose return value carries taint that is not its own parameters' wakes the
 *   functions that may call it;
 * - a tainted write to a captured variable or to a `this` field wakes the functions that read it,
 *   and, the first time, the functions that can see it (by name) and were never analysed.
 * Analyses run in passes in source order, like the rounds they replace; a function is analysed at
 * most MAX_ANALYSES times (2 in large files).
 */

const MAX_TAINTS = 6;
/** How often one function may be analysed; files over LARGE_FILE allow 2. */
const MAX_ANALYSES = 8;
const LARGE_FILE = 256 * 1024;
/** Statements after which the rest of a statement list is unreachable. */
const JUMPS: ReadonlySet<string> = new Set([
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
]);

/** How deep callees are analysed on demand inside their caller's analysis before being queued instead. */
const MAX_DEMAND_DEPTH = 12;
/** The parameter index that stands for `arguments`: every argument of the call. */
const ALL_ARGUMENTS = 1000;

/** A binding's abstract value: its taint, per-property taints (`obj.a.b`), and identity for prototype pollution. */
interface Slot {
  readonly value: Value;
  readonly fields: ReadonlyMap<string, Value> | null;
  /** Taints that make this object possibly `Object.prototype` (reached through an attacker key). */
  readonly id: Value;
}

const EMPTY_SLOT: Slot = { value: CLEAN, fields: null, id: CLEAN };

function sameTaint(a: Taint, b: Taint): boolean {
  return a.fn === b.fn && a.param === b.param && a.cleared === b.cleared && a.flags === b.flags && a.label === b.label;
}

export function join(a: Value, b: Value): Value {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  let out: Taint[] | null = null;
  for (const t of b) {
    const current: readonly Taint[] = out ?? a;
    if (current.length >= MAX_TAINTS) break;
    if (current.some((u) => sameTaint(u, t))) continue;
    out ??= [...a];
    out.push(t);
  }
  return out ?? a;
}

/** The join of two field maps; `a` itself when `b` adds nothing (no copy). */
function joinFields(
  a: ReadonlyMap<string, Value> | null,
  b: ReadonlyMap<string, Value> | null,
): ReadonlyMap<string, Value> | null {
  if (!b || b.size === 0 || a === b) return a;
  if (!a || a.size === 0) return b;
  let out: Map<string, Value> | null = null;
  for (const [key, value] of b) {
    const before = a.get(key);
    const after = before === undefined ? value : join(before, value);
    if (after === before) continue;
    out ??= new Map(a);
    out.set(key, after);
  }
  return out ?? a;
}

/** The join of two slots; `a` itself when `b` adds nothing. */
function joinSlot(a: Slot | undefined, b: Slot | undefined): Slot {
  if (!a) return b ?? EMPTY_SLOT;
  if (!b || a === b) return a;
  const value = join(a.value, b.value);
  const fields = joinFields(a.fields, b.fields);
  const id = join(a.id, b.id);
  if (value === a.value && fields === a.fields && id === a.id) return a;
  return { value, fields, id };
}

function slotSize(s: Slot | undefined): number {
  if (!s) return 0;
  let n = s.value.length + s.id.length;
  if (s.fields) for (const v of s.fields.values()) n += v.length + 1;
  return n;
}

/** `first` joined with every value of `rest`. */
function joinValues(first: Value, rest: readonly Value[]): Value {
  let value = first;
  for (const v of rest) value = join(value, v);
  return value;
}

/** Adds a step (and flags or cleared kinds) to every taint of a value. */
function extend(value: Value, span: Span, message: string, flags = 0, cleared = 0): Value {
  if (value.length === 0) return value;
  return value.map((t) =>
    taint(
      t,
      t.cleared | cleared,
      t.flags | flags,
      t.steps && t.steps.length >= MAX_STEPS ? t.steps : step(span, message, t.steps),
    ),
  );
}

/** Forgets that kinds were cleared: a decoded or parsed value may hold again what its text could not. */
function unclear(value: Value, mask: number): Value {
  if (value.length === 0) return value;
  return value.map((t) => (t.cleared & mask ? taint(t, t.cleared & ~mask, t.flags, t.steps) : t));
}

function clear(value: Value, mask: number): Value {
  if (mask === 0 || value.length === 0) return value;
  return value.map((t) => taint(t, t.cleared | mask, t.flags, t.steps));
}

function withFlags(value: Value, flags: number): Value {
  if (value.length === 0) return value;
  return value.map((t) => taint(t, t.cleared, t.flags | flags, t.steps));
}

/**
 * Scoped environment: a child sees its parent's slots and guards; joins write back. Branches and
 * conditions create many short-lived children, so the maps are created on first write.
 */
class Env {
  own: Map<Binding, Slot> | null = null;
  guards: Map<string, number> | null = null;
  constructor(readonly parent: Env | null) {}

  get(binding: Binding): Slot | undefined {
    for (let env: Env | null = this; env; env = env.parent) {
      const slot = env.own?.get(binding);
      if (slot) return slot;
    }
    return undefined;
  }

  set(binding: Binding, slot: Slot): void {
    this.own ??= new Map();
    this.own.set(binding, slot);
  }

  /** Joins in what a branch that may not have run wrote. */
  joinFrom(branch: Env): void {
    if (branch.own) for (const [binding, slot] of branch.own) this.set(binding, joinSlot(this.get(binding), slot));
  }

  guardMask(key: string): number {
    let mask = 0;
    for (let env: Env | null = this; env; env = env.parent) mask |= env.guards?.get(key) ?? 0;
    return mask;
  }

  hasGuards(): boolean {
    for (let env: Env | null = this; env; env = env.parent) if (env.guards && env.guards.size > 0) return true;
    return false;
  }

  addGuard(key: string, mask: number): void {
    this.guards ??= new Map();
    this.guards.set(key, (this.guards.get(key) ?? 0) | mask);
  }
}

/** How a library function with known data flow passes its arguments on. */
interface Modeled {
  kind: 'join' | 'resolve' | 'format' | 'assign' | 'carry' | 'receiver';
  /** The function's name, for steps: `path.join`. */
  name: string;
}

/** What evaluating a call needs that depends on the call node alone (computed once, see `factsOf`). */
interface CallFacts {
  readonly method: string | null;
  readonly name: string | null;
  /** The source the call reads (`req.get('x')`), or null. */
  readonly source: string | null;
  /** For `ws.on('message', cb)`: the source `cb` receives, or null. */
  readonly event: string | null;
  readonly sinks: readonly SinkMatch[];
  /** Kinds the result is sanitised for. */
  readonly mask: number;
  /** The function of this file the call runs, when known. */
  readonly target: FunctionInfo | null;
  /** Otherwise, the function another module of the project exports that the call runs. */
  readonly imported: ImportRef | null;
  /** A template engine rendering a template written in the code. */
  readonly template: TemplateRender | null;
  readonly model: Modeled | null;
  /** Unknown calls named like lookups (`find`, `query`): their result is not their argument. */
  readonly nonPropagating: boolean;
}

interface Frame {
  readonly info: FunctionInfo;
  scope: Scope;
  returns: Value;
  /** Per parameter, the kinds a guard clears at every exit seen so far (`if (bad(x)) throw ...`); null before the first. */
  exits: number[] | null;
}

/** MongoDB operators whose operand is a value compared as it is, even an object. */
const COMPARISON_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);
/** MongoDB operators whose operand is JavaScript the server runs. */
const CODE_OPERATORS = new Set(['$where', '$function', '$accumulator']);

function codeOperatorSink(name: string): SinkMatch {
  return { kind: 'nosql-code', name: `${name} query operator`, args: [], requires: 0, libraryRequires: 'never' };
}

const ITERATION = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every', 'sort']);
const PROMISE_CALLBACKS = new Set(['then', 'catch', 'finally']);
/** Methods whose result carries the receiver's data (strings and arrays). */
const CARRYING_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'trimLeft',
  'trimRight',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'slice',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'split',
  'normalize',
  'repeat',
  'at',
  'charAt',
  'match',
  'matchAll',
  'toString',
  'flat',
  'reverse',
  'pop',
  'shift',
  'get',
  'getAll',
  'values',
  'entries',
  'keys',
  'filter',
  'find',
  'slice',
  'toJSON',
  'exec',
]);
/** Of those, the methods of strings alone: their result is a string (an object would have thrown). */
const STRING_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'trimLeft',
  'trimRight',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'normalize',
  'repeat',
  'charAt',
  'toString',
]);
const NOSQL = maskOf('nosql');
const SSRF = maskOf('ssrf');
const REGEX = maskOf('regex');
/** What a check of a URL's host proves: requests and redirects go to an allowed host. */
const URL_TARGET = maskOf('ssrf', 'redirect');
/** Conversions that make a string (no query operators left) ... */
const CARRY_CLEARS: ReadonlyMap<string, number> = new Map([['String', NOSQL]]);
/**
 * ... and parsers that undo what a string source was safe for: JSON and nested query strings build
 * objects again, decoding brings back the line breaks a raw URL cannot hold.
 */
const CARRY_RESTORES: ReadonlyMap<string, number> = new Map([
  ['JSON.parse', NOSQL],
  ['qs.parse', NOSQL | maskOf('log')],
  ['decodeURIComponent', maskOf('log')],
  ['decodeURI', maskOf('log')],
  ['unescape', maskOf('log')],
  ['querystring.unescape', maskOf('log')],
  ['querystring.parse', maskOf('log')],
  ['url.parse', maskOf('log')],
  ['URL', maskOf('log')],
  ['URLSearchParams', maskOf('log')],
]);

const MUTATORS = new Set(['push', 'unshift', 'splice', 'set', 'add', 'append']);
/**
 * Unknown calls named like lookups return stored data, not their argument; a folder listing holds
 * names found on disk, not the caller's text (a file read does return what the caller pointed at).
 */
const NON_PROPAGATING =
  /^(?:readdir|opendir|lstat|realpath|glob|find|fetch|load|query|select|count|exists|has|is|lookup|search|validate|check|compare|verify|test|emit|send|log|debug|info|warn|error|trace|write|print|assert|expect|should|on|once|addEventListener|listen|use|require|import|setTimeout|setInterval|clearTimeout|stat|access|hash|encrypt|decrypt|sign|random|uuid|now)/i;

/** Middleware and settings that remove query operators from every request (`$`-keys) or wrap filters in `$eq`. */
const OPERATOR_STRIPPING = /express-mongo-sanitize|sanitizeFilter['"]?\s*,\s*true/;

export interface AnalysisOptions {
  model: ThreatModel;
  source: SourceCode;
  /** The project's modules, for calls of functions they export; without it such calls are unknown. */
  imports?: ImportedModules;
}

export class TaintAnalysis {
  private readonly allSlots = new Map<Binding, Slot>();
  private readonly thisFields = new Map<Table, Map<string, Value>>();
  private readonly bindingIds = new Map<Binding, number>();
  private readonly closureWritten = new Set<Binding>();
  readonly summaries = new SummaryStore();
  readonly flows = new Map<string, Flow>();
  private readonly infoByKey = new Map<number, FunctionInfo>();

  // The worklist, indexed by function order.
  private readonly functions: readonly FunctionInfo[];
  private readonly maxRuns: number;
  /** Analyses done so far. */
  private readonly runs: Uint8Array;
  /** 1 once taint can reach the function: it is analysed, and woken again when its inputs change. */
  private readonly active: Uint8Array;
  /** 1 while queued for an analysis. */
  private readonly dirty: Uint8Array;
  /** 1 while being analysed (recursion uses the summary it has). */
  private readonly busy: Uint8Array;
  /** 1 once the possible callers were woken (the return value carries outside taint). */
  private readonly callersWoken: Uint8Array;
  /** This pass: a min-heap of orders still to analyse; the next pass: any order. */
  private pass: number[] = [];
  private nextPass: number[] = [];
  /** Order of the function the pass is at. */
  private cursor = -1;
  /** Order of the function being analysed (the innermost, with on-demand analyses). */
  private current = 0;
  private demandDepth = 0;
  /** Who read what: wake them when it grows. */
  private readonly callers: (Set<number> | undefined)[];
  private readonly slotReaders = new Map<Binding, Set<number>>();
  /** Readers of `this` fields, by table and first property (a write to `a.b` matters to readers of `a...`). */
  private readonly fieldReaders = new Map<Table, Map<string, Set<number>>>();
  private readonly slotsSeen = new Set<Binding>();
  /** Per node, what does not change between analyses: guard keys, facts about calls. */
  private readonly guardKeys = new Map<AstNode, string | null>();
  private readonly callFacts = new Map<AstNode, CallFacts>();
  private readonly tablesSeen = new Set<Table>();
  private readonly regexSinks = new Map<AstNode, SinkMatch | null>();
  /** Kinds every request source is safe for: a file that installs `express-mongo-sanitize` strips operators. */
  private readonly sanitizedRequests: number;

  constructor(
    private readonly index: FunctionIndex,
    private readonly scopes: Scopes,
    private readonly options: AnalysisOptions,
  ) {
    for (const info of index.functions) this.infoByKey.set(info.key, info);
    this.functions = index.functions;
    const n = this.functions.length;
    // Big files get fewer analyses per function: the first find nearly everything, later ones refine summaries.
    this.maxRuns = options.source.text.length > LARGE_FILE ? 2 : MAX_ANALYSES;
    this.runs = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.dirty = new Uint8Array(n);
    this.busy = new Uint8Array(n);
    this.callersWoken = new Uint8Array(n);
    this.callers = new Array(n);
    this.sanitizedRequests = OPERATOR_STRIPPING.test(options.source.text) ? maskOf('nosql') : 0;
  }

  /** Analyses from `entries` (the functions where taint starts) until nothing changes. */
  run(entries: Iterable<FunctionInfo>): void {
    for (const info of entries) this.wake(info.order);
    for (let order = this.take(); order >= 0; order = this.take()) {
      if (this.dirty[order] === 0) continue;
      this.cursor = order;
      this.analyzeFrame(this.functions[order] as FunctionInfo);
    }
  }

  // ---- the worklist ------------------------------------------------------------------------

  /** Queues a function for analysis: later in this pass when it comes after the current one. */
  private wake(order: number): void {
    this.active[order] = 1;
    if (this.dirty[order] === 1 || (this.runs[order] as number) >= this.maxRuns) return;
    this.dirty[order] = 1;
    if (order > this.cursor) heapPush(this.pass, order);
    else this.nextPass.push(order);
  }

  /** Wakes functions that were never analysed (the already analysed ones registered what they read). */
  private wakeNew(order: number): void {
    if (this.active[order] === 0) this.wake(order);
  }

  private take(): number {
    if (this.pass.length === 0) {
      if (this.nextPass.length === 0) return -1;
      // A sorted array is a heap: the next pass goes in source order again.
      this.pass = this.nextPass.sort((a, b) => a - b);
      this.nextPass = [];
      this.cursor = -1;
    }
    return heapPop(this.pass);
  }

  /** The current function depends on `target`'s summary; a callee never analysed is analysed now. */
  private needSummary(target: FunctionInfo): void {
    const order = target.order;
    if (this.runs[order] === 0 && this.busy[order] === 0) {
      if (this.demandDepth < MAX_DEMAND_DEPTH) {
        this.active[order] = 1;
        this.demandDepth++;
        try {
          this.analyzeFrame(target);
        } catch (error) {
          // Deeply nested code on top of the caller's own analysis can exhaust the stack: the
          // worklist analyses the callee again later from the top (the caller depends on it).
          if (!(error instanceof RangeError)) throw error;
          this.wake(order);
        } finally {
          this.demandDepth--;
        }
      } else this.wake(order);
    }
    let callers = this.callers[order];
    if (!callers) {
      callers = new Set();
      this.callers[order] = callers;
    }
    callers.add(this.current);
  }

  /** A summary learned something: its callers apply it again. */
  private summaryGrew(info: FunctionInfo): void {
    const callers = this.callers[info.order];
    if (callers) for (const order of callers) this.wake(order);
  }

  /** The return value carries taint from outside the function: callers never analysed must see it. */
  private returnsOutsideTaint(info: FunctionInfo, returns: Value): void {
    if (this.callersWoken[info.order] === 1) return;
    if (!returns.some((t) => t.fn !== info.key)) return;
    this.callersWoken[info.order] = 1;
    for (const order of this.index.possibleCallers(info)) this.wakeNew(order);
  }

  /** Reads the flow-insensitive value of a binding (a closure's view), remembering who read it. */
  private shared(binding: Binding): Slot {
    let readers = this.slotReaders.get(binding);
    if (!readers) {
      readers = new Set();
      this.slotReaders.set(binding, readers);
    }
    readers.add(this.current);
    return this.allSlots.get(binding) ?? EMPTY_SLOT;
  }

  private sharedGrew(binding: Binding): void {
    const readers = this.slotReaders.get(binding);
    if (readers) for (const order of readers) this.wake(order);
    if (this.slotsSeen.has(binding)) return;
    this.slotsSeen.add(binding);
    // Functions inside the binding's owner that mention its name and resolve it to this binding.
    const owner = this.index.infoOf(binding.owner);
    // Only functions nested in the owner can see the binding.
    if (!owner || owner.last === owner.order) return;
    for (const order of this.index.mentioning(binding.name, owner)) {
      if (order === owner.order || this.active[order] === 1) continue;
      const fn = this.functions[order] as FunctionInfo;
      if (this.scopes.scopeOf(fn.node).lookup(binding.name) === binding) this.wake(order);
    }
  }

  /** The `this` fields of an object, for a read of `this.<first>...`. */
  private fieldsOf(table: Table, first: string): Map<string, Value> | undefined {
    let byName = this.fieldReaders.get(table);
    if (!byName) {
      byName = new Map();
      this.fieldReaders.set(table, byName);
    }
    let readers = byName.get(first);
    if (!readers) {
      readers = new Set();
      byName.set(first, readers);
    }
    readers.add(this.current);
    return this.thisFields.get(table);
  }

  private fieldsGrew(table: Table, path: string): void {
    const dot = path.indexOf('.');
    const readers = this.fieldReaders.get(table)?.get(dot < 0 ? path : path.slice(0, dot));
    if (readers) for (const order of readers) this.wake(order);
    if (this.tablesSeen.has(table)) return;
    this.tablesSeen.add(table);
    // Methods of the object, and what they nest (arrows, `var self = this` closures).
    for (const info of this.index.functionsWithThis(table)) {
      for (let order = info.order; order <= info.last; order++) this.wakeNew(order);
    }
  }

  // ---- frames ------------------------------------------------------------------------------

  private analyzeFrame(info: FunctionInfo): void {
    const order = info.order;
    this.dirty[order] = 0;
    this.runs[order] = (this.runs[order] as number) + 1;
    this.busy[order] = 1;
    const outer = this.current;
    this.current = order;
    const env = new Env(null);
    const frame: Frame = { info, scope: this.scopes.scopeOf(info.node), returns: CLEAN, exits: null };
    const node = info.node;
    try {
      if (node.type === 'Program') {
        this.statements(node.body as AstNode[], env, frame);
      } else if (isFunctionLike(node)) {
        node.params.forEach((param, index) => {
          this.initParam(param as AstNode, index, env, frame);
        });
        const body = node.body as AstNode | null;
        if (body?.type === 'BlockStatement') {
          this.statements(body.body as AstNode[], env, frame);
          this.exit(env, frame);
        } else if (body) frame.returns = join(frame.returns, this.ev(body, env, frame));
      }
    } finally {
      this.current = outer;
      this.busy[order] = 0;
    }
    const summary = this.summaries.get(info);
    summary.paramGuards = frame.exits?.some((mask) => mask !== 0) ? frame.exits : null;
    if (this.summaries.addReturns(summary, frame.returns)) {
      this.summaryGrew(info);
      this.returnsOutsideTaint(info, summary.returns);
    }
  }

  /** A way out of the function: only the guards on parameters that hold at every exit hold after a call. */
  private exit(env: Env, frame: Frame): void {
    const fn = frame.info.node;
    if (!isFunctionLike(fn)) return;
    const guarded = env.hasGuards();
    const scope = this.scopes.scopeOf(fn);
    const masks = fn.params.map((param) => {
      const node = unwrap(param as AstNode);
      const binding = guarded && node.type === 'Identifier' ? scope.names.get(node.name) : undefined;
      return binding ? env.guardMask(String(this.bindingId(binding))) : 0;
    });
    frame.exits = frame.exits ? frame.exits.map((mask, i) => mask & (masks[i] ?? 0)) : masks;
  }

  /** After `assertSafe(key)`, whose every normal exit has checked its parameter, the argument is checked too. */
  private applyParamGuards(target: FunctionInfo, call: AstNode, env: Env, frame: Frame): void {
    const guards = this.summaries.peek(target)?.paramGuards;
    if (!guards || call.type !== 'CallExpression') return;
    guards.forEach((mask, index) => {
      const argument = call.arguments[index];
      if (mask === 0 || !argument || argument.type === 'SpreadElement') return;
      const key = this.guardKey(argument as AstNode, frame);
      if (key !== null) env.addGuard(key, mask);
    });
  }

  private initParam(param: AstNode, index: number, env: Env, frame: Frame): void {
    const fnName = frame.info.name ?? 'an anonymous function';
    for (const name of bindingNames(param)) {
      const binding = frame.scope.names.get(name);
      if (!binding) continue;
      const idNode = findIdentifier(param, name) ?? param;
      const taint: Taint = {
        fn: frame.info.key,
        param: index,
        cleared: 0,
        flags: 0,
        steps: step(idNode, `parameter "${name}"`, null),
        label: `parameter "${name}" of ${frame.info.exported ? 'exported ' : ''}function ${fnName}`,
      };
      const slot: Slot = { value: [taint], fields: null, id: [taint] };
      env.set(binding, slot);
      this.joinAll(binding, slot);
    }
  }

  private joinAll(binding: Binding, slot: Slot): void {
    const before = this.allSlots.get(binding);
    const after = joinSlot(before, slot);
    if (after === before || slotSize(after) <= slotSize(before)) return;
    this.allSlots.set(binding, after);
    this.sharedGrew(binding);
  }

  // ---- statements --------------------------------------------------------------------------

  private statements(list: readonly AstNode[], env: Env, frame: Frame): void {
    for (const statement of list) {
      this.statement(statement, env, frame);
      // What follows an unconditional jump never runs (function declarations there are hoisted
      // and analysed as functions of their own).
      if (JUMPS.has(statement.type)) return;
    }
  }

  /** Enters the scope a node creates (a function's body block shares the function's); returns the one to restore. */
  private enterScope(node: AstNode, frame: Frame): Scope {
    const saved = frame.scope;
    const parent = parentOf(node);
    const ownsScope =
      node.type !== 'BlockStatement' || !(parent && (isFunctionLike(parent) || parent.type === 'CatchClause'));
    if (ownsScope) frame.scope = this.scopes.scopeOf(node);
    return saved;
  }

  private statement(node: AstNode, env: Env, frame: Frame): void {
    switch (node.type) {
      case 'VariableDeclaration':
        for (const declarator of node.declarations) {
          if (!declarator.init) continue;
          const init = declarator.init as AstNode;
          this.assignPattern(declarator.id as AstNode, init, this.ev(init, env, frame), env, frame);
        }
        return;
      case 'ExpressionStatement':
      case 'ThrowStatement':
        this.ev((node.type === 'ThrowStatement' ? node.argument : node.expression) as AstNode, env, frame);
        return;
      case 'ReturnStatement':
        if (node.argument) frame.returns = join(frame.returns, this.ev(node.argument as AstNode, env, frame));
        this.exit(env, frame);
        return;
      case 'BlockStatement':
      case 'StaticBlock': {
        const saved = this.enterScope(node, frame);
        this.statements(node.body as AstNode[], env, frame);
        frame.scope = saved;
        return;
      }
      case 'IfStatement':
        this.ifStatement(node, env, frame);
        return;
      case 'TryStatement':
        this.tryStatement(node, env, frame);
        return;
      case 'SwitchStatement':
        this.switchStatement(node, env, frame);
        return;
      case 'LabeledStatement':
        this.statement(node.body as AstNode, env, frame);
        return;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        this.exportStatement(node, env, frame);
        return;
      default:
        if (isLoop(node)) this.loopStatement(node, env, frame);
        return;
    }
  }

  private loopStatement(node: AstNode, env: Env, frame: Frame): void {
    if (node.type === 'WhileStatement' || node.type === 'DoWhileStatement') {
      this.loop(node, env, frame, CLEAN);
      return;
    }
    const saved = this.enterScope(node, frame);
    if (node.type === 'ForStatement') {
      if (node.init?.type === 'VariableDeclaration') this.statement(node.init, env, frame);
      else if (node.init) this.ev(node.init as AstNode, env, frame);
      this.loop(node, env, frame, CLEAN);
    } else if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
      const collection = this.ev(node.right as AstNode, env, frame);
      const element = extend(collection, node.left, node.type === 'ForInStatement' ? 'each key' : 'each element');
      this.loop(node, env, frame, element);
    }
    frame.scope = saved;
  }

  private tryStatement(node: NodeOfType<'TryStatement'>, env: Env, frame: Frame): void {
    this.statement(node.block, env, frame);
    if (node.handler) {
      const saved = this.enterScope(node.handler, frame);
      this.statements(node.handler.body.body as AstNode[], env, frame);
      frame.scope = saved;
    }
    if (node.finalizer) this.statement(node.finalizer, env, frame);
  }

  private exportStatement(
    node: NodeOfType<'ExportNamedDeclaration' | 'ExportDefaultDeclaration'>,
    env: Env,
    frame: Frame,
  ): void {
    const declaration = node.declaration as AstNode | null;
    if (!declaration) return;
    if (node.type === 'ExportNamedDeclaration') this.statement(declaration, env, frame);
    // `export default function () {}` is analysed as a function of its own.
    else if (!isFunctionLike(declaration) && declaration.type !== 'ClassDeclaration') this.ev(declaration, env, frame);
  }

  /** A loop runs its body twice (enough for a value to flow around once); `element` is what `for in/of` assigns. */
  private loop(node: AstNode, env: Env, frame: Frame, element: Value): void {
    const inner = new Env(env);
    for (let pass = 0; pass < 2; pass++) {
      switch (node.type) {
        case 'ForStatement':
          if (node.test) this.ev(node.test as AstNode, inner, frame);
          this.statement(node.body as AstNode, inner, frame);
          if (node.update) this.ev(node.update as AstNode, inner, frame);
          break;
        case 'ForInStatement':
        case 'ForOfStatement': {
          const left = node.left as AstNode;
          const target = left.type === 'VariableDeclaration' ? (left.declarations[0]?.id as AstNode) : left;
          if (target) this.assignPattern(target, null, element, inner, frame);
          this.statement(node.body as AstNode, inner, frame);
          break;
        }
        case 'WhileStatement':
        case 'DoWhileStatement':
          this.ev(node.test as AstNode, inner, frame);
          this.statement(node.body as AstNode, inner, frame);
          break;
        default:
          break;
      }
    }
    // The body may run zero times: join what it did with what was there before.
    env.joinFrom(inner);
  }

  private ifStatement(node: NodeOfType<'IfStatement'>, env: Env, frame: Frame): void {
    const test = node.test as AstNode;
    this.ev(test, env, frame);
    const guards = guardsOf(test);
    const whenTrue = new Env(env);
    const whenFalse = new Env(env);
    this.applyGuards(guards, true, whenTrue, frame, test);
    this.applyGuards(guards, false, whenFalse, frame, test);
    this.statement(node.consequent as AstNode, whenTrue, frame);
    if (node.alternate) this.statement(node.alternate as AstNode, whenFalse, frame);
    const exitsTrue = alwaysExits(node.consequent as AstNode);
    const exitsFalse = node.alternate ? alwaysExits(node.alternate as AstNode) : false;
    if (exitsTrue && exitsFalse) return;
    if (exitsTrue) this.adopt(env, whenFalse);
    else if (exitsFalse) this.adopt(env, whenTrue);
    else this.merge(env, whenTrue, whenFalse);
  }

  /** The only branch that continues: its slots and guards hold after the statement. */
  private adopt(env: Env, branch: Env): void {
    if (branch.own) for (const [binding, slot] of branch.own) env.set(binding, slot);
    if (branch.guards) for (const [key, mask] of branch.guards) env.addGuard(key, mask);
  }

  private merge(env: Env, a: Env, b: Env): void {
    if (a.own) for (const binding of a.own.keys()) env.set(binding, joinSlot(a.get(binding), b.get(binding)));
    if (b.own)
      for (const binding of b.own.keys())
        if (!a.own?.has(binding)) env.set(binding, joinSlot(a.get(binding), b.get(binding)));
    const keys = new Set([...(a.guards?.keys() ?? []), ...(b.guards?.keys() ?? [])]);
    for (const key of keys) {
      const mask = a.guardMask(key) & b.guardMask(key);
      if (mask & ~env.guardMask(key)) env.addGuard(key, mask);
    }
  }

  private switchStatement(node: NodeOfType<'SwitchStatement'>, env: Env, frame: Frame): void {
    this.ev(node.discriminant as AstNode, env, frame);
    const key = this.guardKey(node.discriminant as AstNode, frame);
    const saved = this.enterScope(node, frame);
    const branches: Env[] = [];
    for (const c of node.cases) {
      const branch = new Env(env);
      // `case 'a':` — an allow-list of constants.
      if (c.test && key !== null && (c.test.type === 'Literal' || staticString(c.test as AstNode) !== null))
        branch.addGuard(key, ALL_KINDS);
      this.statements(c.consequent as AstNode[], branch, frame);
      const exits = c.consequent.length > 0 && alwaysExits(c.consequent[c.consequent.length - 1] as AstNode);
      if (!exits || c.consequent[c.consequent.length - 1]?.type === 'BreakStatement') branches.push(branch);
    }
    // Without `default` no case may run: what was there before stays possible (nothing to join).
    for (const branch of branches) env.joinFrom(branch);
    frame.scope = saved;
  }

  // ---- guards ------------------------------------------------------------------------------

  private bindingId(binding: Binding): number {
    let id = this.bindingIds.get(binding);
    if (id === undefined) {
      id = this.bindingIds.size + 1;
      this.bindingIds.set(binding, id);
    }
    return id;
  }

  /** A key naming what a guard checked: the root variable plus the rest of the expression's text. */
  private guardKey(node: AstNode, frame: Frame): string | null {
    let key = this.guardKeys.get(node);
    if (key === undefined) {
      key = this.computeGuardKey(node, frame);
      this.guardKeys.set(node, key);
    }
    return key;
  }

  private computeGuardKey(node: AstNode, frame: Frame): string | null {
    let target = unwrap(node);
    while (
      target.type === 'CallExpression' &&
      calleeMethod(target) !== null &&
      ['trim', 'toLowerCase', 'toUpperCase', 'toString', 'normalize'].includes(calleeMethod(target) ?? '')
    ) {
      const callee = unwrap(target.callee as AstNode);
      if (callee.type !== 'MemberExpression') break;
      target = unwrap(callee.object as AstNode);
    }
    let root = target;
    while (root.type === 'MemberExpression') root = unwrap(root.object as AstNode);
    let prefix: string;
    if (root.type === 'Identifier') {
      const binding = frame.scope.lookup(root.name);
      prefix = binding ? String(this.bindingId(binding)) : `g:${root.name}`;
    } else if (root.type === 'ThisExpression') prefix = 'this';
    else return null;
    const text = this.options.source.text.slice(root.end, target.end).replace(/\s+/g, '').replace(/\?\./g, '.');
    return `${prefix}${text}`;
  }

  private applyGuards(guards: ReturnType<typeof guardsOf>, when: boolean, env: Env, frame: Frame, test: AstNode): void {
    for (const guard of guards) {
      if (guard.when !== when && guard.when !== 'both') continue;
      if (guard.object && this.isIteratedObject(guard.object, guard.subject, test)) continue;
      const key = this.guardKey(guard.subject, frame);
      if (key !== null) env.addGuard(key, guard.mask);
      // `const { hostname } = new URL(target)` checked: `target` goes to an allowed host.
      const parsed = guard.mask & SSRF ? this.parsedUrlOf(guard.subject, frame) : null;
      const parsedKey = parsed ? this.guardKey(parsed, frame) : null;
      if (parsedKey !== null) env.addGuard(parsedKey, guard.mask & URL_TARGET);
    }
  }

  /** For a variable holding a parsed URL or its host (`new URL(x)`, `new URL(x).hostname`): the text `x`. */
  private parsedUrlOf(subject: AstNode, frame: Frame): AstNode | null {
    const target = unwrap(subject);
    if (target.type !== 'Identifier') return null;
    const binding = frame.scope.lookup(target.name);
    if (!binding?.init || binding.reassigned || binding.kind === 'param') return null;
    if (binding.path.length > 1 || (binding.path.length === 1 && !URL_HOST_PARTS.has(binding.path[0] as string)))
      return null;
    let init = unwrap(binding.init);
    if (init.type === 'MemberExpression' && URL_HOST_PARTS.has(propertyName(init) ?? ''))
      init = unwrap(init.object as AstNode);
    return urlArgument(init);
  }

  /**
   * `for (k in src) if (src.hasOwnProperty(k))` only skips inherited keys of the source: an own
   * `__proto__` key of parsed JSON still passes. The check guards only a different object.
   */
  private isIteratedObject(object: AstNode, subject: AstNode, test: AstNode): boolean {
    const subjectNode = unwrap(subject);
    if (subjectNode.type !== 'Identifier') return false;
    const objectText = this.compactText(object);
    for (let current = parentOf(test); current; current = parentOf(current)) {
      // `Object.keys(src).forEach((k) => ...)`
      if (isFunctionLike(current)) return this.keysCallbackOf(current) === objectText;
      if (current.type === 'ForInStatement' || current.type === 'ForOfStatement') {
        let iterated = unwrap(current.right as AstNode);
        if (iterated.type === 'CallExpression' && iterated.arguments[0]) iterated = iterated.arguments[0] as AstNode;
        if (this.compactText(iterated) === objectText) return true;
      }
    }
    return false;
  }

  /** For a callback of `f(obj).forEach(cb)`-like calls: the text of `obj`; null otherwise. */
  private keysCallbackOf(fn: AstNode): string | null {
    const call = parentOf(fn);
    if (call?.type !== 'CallExpression') return null;
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression') return null;
    const keysCall = unwrap(callee.object as AstNode);
    const arg = keysCall.type === 'CallExpression' ? (keysCall.arguments[0] as AstNode | undefined) : undefined;
    return arg ? this.compactText(arg) : null;
  }

  /** A node's source text without whitespace, to compare expressions. */
  private compactText(node: AstNode): string {
    return this.options.source.text.slice(node.start, node.end).replace(/\s+/g, '');
  }

  private guarded(value: Value, node: AstNode, env: Env, frame: Frame): Value {
    if (value.length === 0 || !env.hasGuards()) return value;
    const key = this.guardKey(node, frame);
    if (key === null) return value;
    let mask = env.guardMask(key);
    // A guard on `opts` covers `opts.file`; one on `a.b` covers `a.b.c`.
    for (let i = key.length - 1; i > 0; i--) {
      const c = key[i];
      if (c === '.' || c === '[') mask |= env.guardMask(key.slice(0, i));
    }
    return clear(value, mask);
  }

  // ---- assignment --------------------------------------------------------------------------

  private readSlot(binding: Binding, env: Env, frame: Frame): Slot {
    if (binding.owner === frame.info.node) {
      const local = env.get(binding);
      if (!local) return this.shared(binding);
      // A callback that assigns the variable (`o = o[key]` in a forEach) changes it behind our back.
      return this.closureWritten.has(binding) ? joinSlot(local, this.shared(binding)) : local;
    }
    return this.shared(binding);
  }

  private writeSlot(binding: Binding, slot: Slot, env: Env, frame: Frame, strong: boolean): void {
    if (binding.owner === frame.info.node) env.set(binding, strong ? slot : joinSlot(env.get(binding), slot));
    else if (!this.closureWritten.has(binding)) {
      this.closureWritten.add(binding);
      // The owner now reads the variable's shared value too.
      const owner = this.index.infoOf(binding.owner);
      if (owner) this.wake(owner.order);
    }
    this.joinAll(binding, slot);
  }

  private assignPattern(pattern: AstNode, init: AstNode | null, value: Value, env: Env, frame: Frame): void {
    switch (pattern.type) {
      case 'Identifier': {
        const binding = frame.scope.lookup(pattern.name);
        if (!binding) return;
        const fields = init ? this.objectFields(init, env, frame) : null;
        const slot: Slot = {
          value: fields && init ? this.objectRemainder(init, value, env, frame) : value,
          fields,
          id: init ? this.identity(init, env, frame) : value.filter((t) => t.flags & FLAG_PROTO),
        };
        this.writeSlot(binding, slot, env, frame, true);
        return;
      }
      case 'ObjectPattern':
        for (const property of pattern.properties) this.assignProperty(property as AstNode, init, value, env, frame);
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements)
          if (element) this.assignPattern(element as AstNode, null, value, env, frame);
        return;
      case 'AssignmentPattern': {
        const fallback = this.ev(pattern.right as AstNode, env, frame);
        this.assignPattern(pattern.left as AstNode, init, join(value, fallback), env, frame);
        return;
      }
      case 'RestElement':
        this.assignPattern(pattern.argument as AstNode, null, value, env, frame);
        return;
      case 'MemberExpression':
        this.assignMember(pattern, value, env, frame, null);
        return;
      default:
        return;
    }
  }

  /** One property of `{ a, b: c, ...rest } = init`. */
  private assignProperty(property: AstNode, init: AstNode | null, value: Value, env: Env, frame: Frame): void {
    if (property.type === 'RestElement') {
      this.assignPattern(property.argument as AstNode, null, value, env, frame);
      return;
    }
    const name = propertyName(property);
    const fieldValue = init && name !== null ? this.readField(init, name, value, env, frame) : value;
    this.assignPattern((property as { value: AstNode }).value, null, fieldValue, env, frame);
  }

  /** `const { file } = req.query`: the value of one property of the initializer. */
  private readField(init: AstNode, name: string, whole: Value, env: Env, frame: Frame): Value {
    const target = unwrap(init);
    if (target.type === 'Identifier') {
      const binding = frame.scope.lookup(target.name);
      if (binding) {
        const slot = this.readSlot(binding, env, frame);
        if (slot.fields) return this.guarded(join(slot.value, readPath(slot, [name])), init, env, frame);
      }
    }
    return whole;
  }

  /** Static properties of an object literal, for `const o = { cmd: x }`. */
  private objectFields(init: AstNode, env: Env, frame: Frame): ReadonlyMap<string, Value> | null {
    const target = unwrap(init);
    if (target.type === 'Identifier') {
      const binding = frame.scope.lookup(target.name);
      return binding ? this.readSlot(binding, env, frame).fields : null;
    }
    if (target.type !== 'ObjectExpression') return null;
    let fields: Map<string, Value> | null = null;
    for (const property of target.properties) {
      if (property.type !== 'Property') continue;
      const name = propertyName(property as AstNode);
      if (name === null) continue;
      const value = property.value as AstNode;
      if (isFunctionLike(value)) continue;
      // Values were evaluated with the whole literal; evaluating a leaf again has no new effect.
      const v = this.ev(value, env, frame, true);
      if (v.length === 0) continue;
      fields ??= new Map();
      fields.set(name, v);
    }
    return fields;
  }

  /** For an object literal kept field by field: the taint of what has no static key (spreads, computed keys). */
  private objectRemainder(init: AstNode, whole: Value, env: Env, frame: Frame): Value {
    const target = unwrap(init);
    if (target.type !== 'ObjectExpression')
      return target.type === 'Identifier' ? this.remainderOf(target, frame, env) : whole;
    let value: Value = CLEAN;
    for (const property of target.properties) {
      if (property.type === 'SpreadElement')
        value = join(value, this.ev(property.argument as AstNode, env, frame, true));
      else if (propertyName(property as AstNode) === null)
        value = join(value, this.ev(property.value as AstNode, env, frame, true));
    }
    return value;
  }

  private remainderOf(node: NodeOfType<'Identifier'>, frame: Frame, env: Env): Value {
    const binding = frame.scope.lookup(node.name);
    return binding ? this.readSlot(binding, env, frame).value : CLEAN;
  }

  /** What object an expression denotes, for prototype pollution: taints that make it possibly `Object.prototype`. */
  private identity(node: AstNode, env: Env, frame: Frame): Value {
    const target = unwrap(node);
    switch (target.type) {
      case 'Identifier': {
        const binding = frame.scope.lookup(target.name);
        // `var target = arguments[0]`: the objects passed in, as for parameters.
        return binding ? this.readSlot(binding, env, frame).id : argumentsOf(target, frame);
      }
      case 'MemberExpression': {
        if (!target.computed) return CLEAN;
        const property = unwrap(target.property as AstNode);
        // `objects[0]`: an element of a list of objects is one of the objects passed in.
        if (property.type === 'Literal')
          return typeof property.value === 'number' ? this.identity(target.object as AstNode, env, frame) : CLEAN;
        // A key of an `Object.create(null)` map reaches no prototype.
        if (this.isNullPrototype(target.object as AstNode, frame)) return CLEAN;
        const key = this.ev(property, env, frame, true).filter((t) => !(t.cleared & kindBit('prototype')));
        return join(
          this.identity(target.object as AstNode, env, frame),
          extend(key, target, 'property chosen by the key', FLAG_PROTO),
        );
      }
      case 'LogicalExpression':
        return join(
          this.identity(target.left as AstNode, env, frame),
          this.identity(target.right as AstNode, env, frame),
        );
      case 'ConditionalExpression': {
        const [whenTrue, whenFalse] = this.branchEnvs(target.test as AstNode, env, frame);
        return join(
          this.identity(target.consequent as AstNode, whenTrue, frame),
          this.identity(target.alternate as AstNode, whenFalse, frame),
        );
      }
      case 'AssignmentExpression':
        return this.identity(target.right as AstNode, env, frame);
      case 'ArrayExpression': {
        let value: Value = CLEAN;
        for (const element of target.elements)
          if (element && element.type !== 'SpreadElement')
            value = join(value, this.identity(element as AstNode, env, frame));
        return value;
      }
      case 'SequenceExpression': {
        const last = target.expressions[target.expressions.length - 1];
        return last ? this.identity(last as AstNode, env, frame) : CLEAN;
      }
      default:
        return CLEAN;
    }
  }

  private isNullPrototype(node: AstNode, frame: Frame): boolean {
    const target = unwrap(node);
    if (target.type !== 'Identifier') return false;
    const binding = frame.scope.lookup(target.name);
    if (!binding?.init || binding.reassigned) return false;
    const init = unwrap(binding.init);
    return (
      init.type === 'CallExpression' &&
      calleeName(init) === 'Object.create' &&
      unwrap(init.arguments[0] as AstNode).type === 'Literal' &&
      (unwrap(init.arguments[0] as AstNode) as { value: unknown }).value === null
    );
  }

  private assignMember(
    target: NodeOfType<'MemberExpression'>,
    value: Value,
    env: Env,
    frame: Frame,
    node: AstNode | null,
  ): void {
    const object = unwrap(target.object as AstNode);
    if (target.computed) {
      const property = unwrap(target.property as AstNode);
      const key = property.type === 'Literal' ? CLEAN : this.ev(property, env, frame);
      this.ev(object, env, frame);
      if (node && key.length > 0) this.prototypeSink(target, key, value, env, frame, node);
      const name = propertyName(target);
      if (name === null) {
        // `headers[name] = v`: the object now holds attacker data somewhere.
        this.mutate(object, value, env, frame);
        return;
      }
    }
    const html = node ? isHtmlPropertySink(target) : null;
    if (html && node) {
      this.hit({ kind: 'xss', name: html, args: [], requires: 0, libraryRequires: 'never' }, value, node);
    }
    if (node && value.length > 0) this.contextBodySink(target, value, node, frame);
    const path: string[] = [];
    let root: AstNode = target;
    while (root.type === 'MemberExpression') {
      const name = propertyName(root);
      if (name === null) {
        this.mutate(root, value, env, frame);
        return;
      }
      path.unshift(name);
      root = unwrap(root.object as AstNode);
    }
    const fieldPath = path.join('.');
    if (root.type === 'Identifier' && this.index.thisAlias(root)) {
      this.writeThisField(fieldPath, value, frame, root);
    } else if (root.type === 'Identifier') {
      const binding = frame.scope.lookup(root.name);
      if (!binding) return;
      const slot = this.readSlot(binding, env, frame);
      // Clean data into a property never tainted before changes nothing: skip the copy.
      if (value.length === 0 && !slot.fields?.has(fieldPath)) return;
      this.writeSlot(binding, withField(slot, fieldPath, value, binding.owner === frame.info.node), env, frame, true);
    } else if (root.type === 'ThisExpression') {
      this.writeThisField(fieldPath, value, frame);
    }
  }

  /** Koa's `ctx.body = html`: the response body, HTML when it holds markup or the handler sets an HTML type. */
  private contextBodySink(target: NodeOfType<'MemberExpression'>, value: Value, node: AstNode, frame: Frame): void {
    if (propertyName(target) !== 'body') return;
    let object = unwrap(target.object as AstNode);
    if (object.type === 'MemberExpression' && propertyName(object) === 'response')
      object = unwrap(object.object as AstNode);
    if (object.type !== 'Identifier' || !isContextBinding(frame.scope.lookup(object.name))) return;
    const requires = isHtmlResponse(frame.info.node, object.name) ? 0 : FLAG_MARKUP;
    this.hit({ kind: 'xss', name: `${object.name}.body`, args: [], requires, libraryRequires: 'never' }, value, node);
  }

  /** The table of `this`, or of `self` in `var self = this`; undefined when `root` is neither. */
  private thisTableFor(root: AstNode, frame: Frame): Table | null | undefined {
    if (root.type === 'ThisExpression') return this.index.thisTableOf(frame.info);
    if (root.type !== 'Identifier') return undefined;
    const alias = this.index.thisAlias(root);
    return alias ? this.index.thisTableOf(alias) : undefined;
  }

  private writeThisField(path: string, value: Value, frame: Frame, root?: AstNode): void {
    if (value.length === 0) return;
    const table = root ? this.thisTableFor(root, frame) : this.index.thisTableOf(frame.info);
    if (!table) return;
    let fields = this.thisFields.get(table);
    if (!fields) {
      fields = new Map();
      this.thisFields.set(table, fields);
    }
    const before = fields.get(path) ?? CLEAN;
    const after = join(before, value);
    if (after.length > before.length) {
      fields.set(path, after);
      this.fieldsGrew(table, path);
    }
  }

  /** Weakly adds data to the object an expression denotes: `list.push(x)`, `Object.assign(o, x)`. */
  private mutate(target: AstNode, value: Value, env: Env, frame: Frame): void {
    if (value.length === 0) return;
    const node = unwrap(target);
    const path: string[] = [];
    let root = node;
    while (root.type === 'MemberExpression') {
      const name = propertyName(root);
      if (name === null) path.length = 0;
      else path.unshift(name);
      root = unwrap(root.object as AstNode);
    }
    if (root.type === 'Identifier' && path.length > 0 && this.index.thisAlias(root)) {
      this.writeThisField(path.join('.'), value, frame, root);
    } else if (root.type === 'Identifier') {
      const binding = frame.scope.lookup(root.name);
      if (!binding) return;
      const slot = this.readSlot(binding, env, frame);
      if (path.length === 0) {
        this.writeSlot(binding, { ...slot, value: join(slot.value, value) }, env, frame, true);
      } else {
        this.writeSlot(binding, withField(slot, path.join('.'), value, false), env, frame, true);
      }
    } else if (root.type === 'ThisExpression' && path.length > 0) {
      this.writeThisField(path.join('.'), value, frame);
    }
  }

  /** `obj[key] = value` where `obj` may be `Object.prototype`: the key and the value are attacker data. */
  private prototypeSink(
    target: NodeOfType<'MemberExpression'>,
    key: Value,
    value: Value,
    env: Env,
    frame: Frame,
    node: AstNode,
  ): void {
    const bit = kindBit('prototype');
    if (!key.some((t) => !(t.cleared & bit))) return;
    // A path setter's `o[k] = {}` adds the attacker's key to the prototype whatever the value.
    if (!value.some((t) => !(t.cleared & bit)) && !createsContainer(node)) return;
    const object = this.identity(target.object as AstNode, env, frame);
    if (object.length === 0) return;
    this.hit(
      { kind: 'prototype', name: 'property assignment', args: [], requires: FLAG_PROTO, libraryRequires: FLAG_PROTO },
      object,
      node,
    );
  }

  // ---- expressions -------------------------------------------------------------------------

  /**
   * The taint of an expression's value. Evaluating also detects sinks in it; `pure` skips calls
   * (a second look at a sub-expression already evaluated).
   */
  ev(node: AstNode, env: Env, frame: Frame, pure = false): Value {
    // TypeScript wrappers, parentheses and optional chains pass their value through.
    const inner = unwrap(node);
    if (inner !== node) return this.ev(inner, env, frame, pure);
    switch (node.type) {
      case 'Identifier':
        return this.evIdentifier(node, env, frame);
      case 'MemberExpression':
        return this.evMember(node, env, frame, pure);
      case 'TemplateLiteral':
        return this.evTemplate(node, env, frame, pure);
      case 'TaggedTemplateExpression':
        // `sql\`... ${x}\``: tags build parameterised queries; their result is not the raw text.
        for (const expression of node.quasi.expressions) this.ev(expression as AstNode, env, frame, pure);
        return CLEAN;
      case 'BinaryExpression':
        return this.evBinary(node, env, frame, pure);
      case 'LogicalExpression':
        return this.evLogical(node, env, frame, pure);
      case 'ConditionalExpression':
        return this.evConditional(node, env, frame, pure);
      case 'UnaryExpression':
        this.ev(node.argument as AstNode, env, frame, pure);
        return CLEAN;
      case 'AssignmentExpression':
        return pure ? CLEAN : this.evAssignment(node, env, frame);
      case 'SequenceExpression': {
        let last: Value = CLEAN;
        for (const expression of node.expressions) last = this.ev(expression as AstNode, env, frame, pure);
        return last;
      }
      case 'ArrayExpression':
        return this.evArray(node, env, frame, pure);
      case 'ObjectExpression':
        return this.evObject(node, env, frame, pure);
      case 'AwaitExpression':
      case 'YieldExpression':
        return node.argument ? this.ev(node.argument as AstNode, env, frame, pure) : CLEAN;
      case 'CallExpression':
      case 'NewExpression':
        return pure ? CLEAN : this.evCall(node, env, frame);
      case 'JSXElement':
        if (!pure) this.jsx(node, env, frame);
        return CLEAN;
      default:
        // Literals, `this`, functions and classes (analysed on their own), updates (numbers).
        return CLEAN;
    }
  }

  private evTemplate(node: NodeOfType<'TemplateLiteral'>, env: Env, frame: Frame, pure: boolean): Value {
    let value: Value = CLEAN;
    // The text before each substitution, with NUL standing for earlier substitutions.
    let before = '';
    node.expressions.forEach((expression, index) => {
      before += node.quasis[index]?.value.cooked ?? '';
      const v = this.ev(expression as AstNode, env, frame, pure);
      if (v.length > 0) value = join(value, this.embedded(v, before));
      before += '\0';
    });
    const texts = node.quasis.map((q) => q.value.cooked ?? q.value.raw);
    const flags = (texts.some((t) => t.length > 0) ? FLAG_EMBEDDED : 0) | (texts.some(hasMarkup) ? FLAG_MARKUP : 0);
    // Whatever went in, the result is a string: it carries no query operators.
    return extend(value, node, 'template literal', flags, NOSQL);
  }

  /** A value written into a string after the text `before`: a segment, and no longer the host of a URL with a fixed origin. */
  private embedded(value: Value, before: string): Value {
    if (before.length === 0) return value;
    const flagged = withFlags(value, FLAG_JOINED);
    return fixesOrigin(before) ? clear(flagged, SSRF) : flagged;
  }

  private evConditional(node: NodeOfType<'ConditionalExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    this.ev(node.test as AstNode, env, frame, pure);
    const [whenTrue, whenFalse] = this.branchEnvs(node.test as AstNode, env, frame);
    const value = join(
      this.ev(node.consequent as AstNode, whenTrue, frame, pure),
      this.ev(node.alternate as AstNode, whenFalse, frame, pure),
    );
    env.joinFrom(whenTrue);
    env.joinFrom(whenFalse);
    return value;
  }

  private evArray(node: NodeOfType<'ArrayExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    let value: Value = CLEAN;
    for (const element of node.elements) {
      if (!element) continue;
      const inner = element.type === 'SpreadElement' ? (element.argument as AstNode) : (element as AstNode);
      value = join(value, this.ev(inner, env, frame, pure));
    }
    return value;
  }

  private evObject(node: NodeOfType<'ObjectExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    let value: Value = CLEAN;
    for (const property of node.properties) {
      if (property.type === 'SpreadElement') {
        value = join(value, this.ev(property.argument as AstNode, env, frame, pure));
        continue;
      }
      if (property.computed) this.ev(property.key as AstNode, env, frame, pure);
      value = join(value, this.ev(property.value as AstNode, env, frame, pure));
    }
    return value;
  }

  private evIdentifier(node: NodeOfType<'Identifier'>, env: Env, frame: Frame): Value {
    const binding = frame.scope.lookup(node.name);
    if (!binding) return this.guarded(argumentsOf(node, frame), node, env, frame);
    if (binding.kind === 'function' || binding.kind === 'class' || binding.kind === 'import') return CLEAN;
    const slot = this.readSlot(binding, env, frame);
    let value = slot.value;
    if (slot.fields) for (const field of slot.fields.values()) value = join(value, field);
    return this.guarded(value, node, env, frame);
  }

  private evMember(node: NodeOfType<'MemberExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    // Static chains: `req.query.file`, `opts.cmd`, `this.root`.
    const path: string[] = [];
    let root: AstNode = node;
    while (root.type === 'MemberExpression' && propertyName(root) !== null) {
      path.unshift(propertyName(root) as string);
      root = unwrap(root.object as AstNode);
    }
    if (path.length > 0 && CLEAN_PROPERTIES.has(path[path.length - 1] as string)) {
      if (root !== node) this.ev(root, env, frame, pure);
      return CLEAN;
    }
    if (root.type === 'Identifier' || root.type === 'ThisExpression')
      return this.guarded(this.staticChain(node, root, path, env, frame), node, env, frame);
    if (root !== node) {
      // A dynamic part inside the chain: `a[i].b`.
      const base = this.ev(root, env, frame, pure);
      return this.guarded(base, node, env, frame);
    }
    // `obj[key]`
    const object = this.ev(node.object as AstNode, env, frame, pure);
    const key = this.ev(node.property as AstNode, env, frame, pure);
    // The key's taint rides along flagged as identity only: `obj[k]` may be `Object.prototype`,
    // while its content is the object's (a clean lookup table stays clean for other sinks).
    const result = join(
      object,
      withFlags(
        key.filter((t) => !(t.cleared & kindBit('prototype'))),
        FLAG_PROTO,
      ),
    );
    return this.guarded(result, node, env, frame);
  }

  /** A static chain from a variable or `this`: a source, a `this` field, or a property of a variable. */
  private staticChain(node: AstNode, root: AstNode, path: readonly string[], env: Env, frame: Frame): Value {
    const binding = root.type === 'Identifier' ? frame.scope.lookup(root.name) : null;
    const label = root.type === 'Identifier' ? memberSource(root, binding, path, this.options.model) : null;
    if (label !== null) return [this.sourceTaint(label, node)];
    const table = this.thisTableFor(root, frame);
    if (table !== undefined) {
      const fields = table ? this.fieldsOf(table, path[0] as string) : undefined;
      return fields ? readFieldMap(fields, path) : CLEAN;
    }
    if (!binding || binding.kind === 'function' || binding.kind === 'class' || binding.kind === 'import') return CLEAN;
    const slot = this.readSlot(binding, env, frame);
    return join(slot.value, readPath(slot, path));
  }

  /** Environments for the two branches of a condition, each with the guards that hold there. */
  private branchEnvs(test: AstNode, env: Env, frame: Frame): [Env, Env] {
    const guards = guardsOf(test);
    const whenTrue = new Env(env);
    const whenFalse = new Env(env);
    if (guards.length > 0) {
      this.applyGuards(guards, true, whenTrue, frame, test);
      this.applyGuards(guards, false, whenFalse, frame, test);
    }
    return [whenTrue, whenFalse];
  }

  /** `a && b`: `b` runs only when `a` held, so `a`'s guards apply to it (`||`: when `a` failed). */
  private evLogical(node: NodeOfType<'LogicalExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    const left = this.ev(node.left as AstNode, env, frame, pure);
    if (node.operator === '??') return join(left, this.ev(node.right as AstNode, env, frame, pure));
    const inner = new Env(env);
    this.applyGuards(guardsOf(node.left as AstNode), node.operator === '&&', inner, frame, node.left as AstNode);
    const right = this.ev(node.right as AstNode, inner, frame, pure);
    env.joinFrom(inner);
    return join(left, right);
  }

  private evBinary(node: NodeOfType<'BinaryExpression'>, env: Env, frame: Frame, pure: boolean): Value {
    if (node.operator !== '+') {
      if (node.left.type !== 'PrivateIdentifier') this.ev(node.left as AstNode, env, frame, pure);
      this.ev(node.right as AstNode, env, frame, pure);
      return CLEAN;
    }
    // Long concatenations nest to the left: walk the spine without recursion.
    const operands: AstNode[] = [];
    let current: AstNode = node;
    while (current.type === 'BinaryExpression' && current.operator === '+') {
      operands.push(current.right as AstNode);
      current = current.left as AstNode;
    }
    operands.push(current);
    operands.reverse();
    let value: Value = CLEAN;
    let anyClean = false;
    let markup = false;
    let before = '';
    for (const operand of operands) {
      const text = constantString(operand, frame.scope);
      if (text !== null) {
        anyClean = true;
        markup ||= hasMarkup(text);
        before += text;
        continue;
      }
      const v = this.ev(operand, env, frame, pure);
      if (v.length === 0) anyClean = true;
      // Anything after the first operand is appended to a prefix: a segment, not the whole path.
      else value = join(value, this.embedded(v, before));
      before += '\0';
    }
    const flags = (anyClean ? FLAG_EMBEDDED : 0) | (markup ? FLAG_MARKUP : 0);
    return extend(value, node, 'string concatenation', flags, NOSQL);
  }

  private evAssignment(node: NodeOfType<'AssignmentExpression'>, env: Env, frame: Frame): Value {
    const left = unwrap(node.left as AstNode);
    const rightNode = node.right as AstNode;
    let value = this.ev(rightNode, env, frame);
    if (node.operator !== '=') {
      const previous = this.ev(left, env, frame, true);
      if (node.operator === '+=') value = this.appended(node, previous, value, frame);
      else if (node.operator === '||=' || node.operator === '&&=' || node.operator === '??=')
        value = join(previous, value);
      else value = CLEAN;
    }
    if (left.type === 'Identifier') {
      const binding = frame.scope.lookup(left.name);
      if (binding) this.assignVariable(node, binding, value, env, frame);
      return value;
    }
    if (left.type === 'MemberExpression') {
      this.assignMember(left, value.length > 0 ? extend(value, node, 'stored in a property') : value, env, frame, node);
      return value;
    }
    this.assignPattern(left, rightNode, value, env, frame);
    return value;
  }

  /** `html += x`: the string grows; it holds markup (or a URL's fixed origin) when its first value or the new text does. */
  private appended(node: NodeOfType<'AssignmentExpression'>, previous: Value, added: Value, frame: Frame): Value {
    const left = unwrap(node.left as AstNode);
    const binding = left.type === 'Identifier' ? frame.scope.lookup(left.name) : null;
    const start = staticString(binding?.init);
    const text = constantString(node.right as AstNode, frame.scope);
    const markup = (start !== null && hasMarkup(start)) || (text !== null && hasMarkup(text));
    const value = join(previous, start !== null && fixesOrigin(start) ? clear(added, SSRF) : added);
    return extend(value, node, 'string concatenation', FLAG_EMBEDDED | (markup ? FLAG_MARKUP : 0), NOSQL);
  }

  /** `x = value`, `x += value`: a plain assignment also takes the fields and identity of an object literal. */
  private assignVariable(
    node: NodeOfType<'AssignmentExpression'>,
    binding: Binding,
    value: Value,
    env: Env,
    frame: Frame,
  ): void {
    const rightNode = node.right as AstNode;
    let slot: Slot;
    if (node.operator === '=') {
      const stepped = value.length > 0 ? extend(value, node, `assigned to ${binding.name}`) : value;
      const fields = this.objectFields(rightNode, env, frame);
      slot = {
        value: fields ? this.objectRemainder(rightNode, stepped, env, frame) : stepped,
        fields,
        id: this.identity(rightNode, env, frame),
      };
    } else {
      const { fields, id } = this.readSlot(binding, env, frame);
      slot = { value, fields, id };
    }
    this.writeSlot(binding, slot, env, frame, true);
  }

  private jsx(node: NodeOfType<'JSXElement'>, env: Env, frame: Frame): void {
    for (const attribute of node.openingElement.attributes) {
      if (attribute.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') continue;
      if (attribute.name.name !== 'dangerouslySetInnerHTML') continue;
      const container = attribute.value;
      if (container?.type !== 'JSXExpressionContainer') continue;
      const expression = container.expression as AstNode;
      if (expression.type === 'JSXEmptyExpression') continue;
      const value = this.ev(expression, env, frame);
      this.hit(
        { kind: 'xss', name: 'dangerouslySetInnerHTML', args: [], requires: 0, libraryRequires: 'never' },
        value,
        attribute,
      );
    }
    for (const child of node.children) {
      if (child.type === 'JSXExpressionContainer' && child.expression.type !== 'JSXEmptyExpression')
        this.ev(child.expression as AstNode, env, frame);
      else if (child.type === 'JSXElement') this.jsx(child, env, frame);
    }
  }

  // ---- calls -------------------------------------------------------------------------------

  private evCall(call: NodeOfType<'CallExpression' | 'NewExpression'>, env: Env, frame: Frame): Value {
    const callee = unwrap(call.callee as AstNode);
    let receiver: Value = CLEAN;
    if (callee.type === 'MemberExpression') {
      receiver = this.ev(callee.object as AstNode, env, frame);
      if (callee.computed) this.ev(callee.property as AstNode, env, frame);
    } else if (callee.type !== 'Identifier') this.ev(callee, env, frame);
    const facts = this.factsOf(call, callee, frame);
    // Arguments a sink looks into (an options object, a MongoDB filter) are evaluated part by part.
    let parts = null as Map<number, Value> | null;
    const args: Value[] = call.arguments.map((argument, index) => {
      const node = (argument.type === 'SpreadElement' ? argument.argument : argument) as AstNode;
      const sink = argument.type === 'SpreadElement' ? undefined : facts.sinks.find((m) => m.args.includes(index));
      if (!sink?.fields && !sink?.query) return this.ev(node, env, frame);
      const [whole, part] = sink.query
        ? this.evQuery(node, env, frame, 0)
        : this.evFields(node, sink.fields as ReadonlySet<string>, env, frame);
      parts ??= new Map();
      parts.set(index, part);
      return whole;
    });
    if (facts.source !== null) return [this.sourceTaint(facts.source, call)];
    if (facts.event !== null) this.listener(call as NodeOfType<'CallExpression'>, facts.event, frame);
    for (const sink of facts.sinks) {
      for (const index of sink.args) {
        const value = index < 0 ? receiver : sink.fields || sink.query ? parts?.get(index) : args[index];
        if (value && value.length > 0) this.hit(sink, value, call);
      }
    }
    const subject = regexSubject(facts.method);
    if (subject !== null) this.regexFlow(call, subject < 0 ? receiver : args[0], frame);
    if (call.type === 'CallExpression') this.callsParameter(callee, args, frame);
    return this.callResult(call, callee, facts, receiver, args, env, frame);
  }

  /** `re.test(s)`, `s.replace(re, ...)` with attacker data in `s`: a sink when `re` backtracks super-linearly. */
  private regexFlow(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    value: Value | undefined,
    frame: Frame,
  ): void {
    // The regex is analysed only for a string that carries attacker data.
    if (!value?.some((t) => !(t.cleared & REGEX))) return;
    let sink = this.regexSinks.get(call);
    if (sink === undefined) {
      sink = regexSink(call, frame.scope);
      this.regexSinks.set(call, sink);
    }
    if (sink) this.hit(sink, value, call);
  }

  /**
   * An options object whose `fields` alone are dangerous (`{ hostname, path }` of `http.get`): the
   * whole value, and the part those fields (and spreads) carry.
   */
  private evFields(node: AstNode, fields: ReadonlySet<string>, env: Env, frame: Frame): [Value, Value] {
    const target = unwrap(node);
    if (target.type === 'Identifier') {
      const whole = this.ev(target, env, frame);
      const binding = frame.scope.lookup(target.name);
      const slot = binding ? this.readSlot(binding, env, frame) : null;
      if (!slot?.fields) return [whole, whole];
      let part = slot.value;
      for (const [path, value] of slot.fields) if (fields.has(path.split('.')[0] as string)) part = join(part, value);
      return [whole, this.guarded(part, target, env, frame)];
    }
    if (target.type !== 'ObjectExpression') {
      const whole = this.ev(target, env, frame);
      return [whole, whole];
    }
    let whole: Value = CLEAN;
    let part: Value = CLEAN;
    for (const property of target.properties) {
      const valueNode = (property.type === 'SpreadElement' ? property.argument : property.value) as AstNode;
      if (property.type === 'Property' && property.computed)
        whole = join(whole, this.ev(property.key as AstNode, env, frame));
      const value = this.ev(valueNode, env, frame);
      whole = join(whole, value);
      const name = property.type === 'Property' ? propertyName(property as AstNode) : null;
      if (name === null || fields.has(name)) part = join(part, value);
    }
    return [whole, part];
  }

  /**
   * A MongoDB filter (or pipeline): its whole value, and the taint that can bring operators into it.
   * Values under comparison operators (`{ $eq: x }`) are compared as they are; JavaScript under
   * `$where`/`$function`/`$accumulator` is a sink of its own.
   */
  private evQuery(node: AstNode, env: Env, frame: Frame, depth: number): [Value, Value] {
    const target = unwrap(node);
    if (target.type === 'ArrayExpression' || target.type === 'ObjectExpression') {
      let whole: Value = CLEAN;
      let operators: Value = CLEAN;
      const items = target.type === 'ArrayExpression' ? target.elements : target.properties;
      for (const item of items) {
        if (!item) continue;
        const [w, o] = this.evQueryItem(item as AstNode, env, frame, depth);
        whole = join(whole, w);
        operators = join(operators, o);
      }
      return [whole, operators];
    }
    const whole = this.ev(target, env, frame);
    if (target.type === 'Identifier' && depth < 3) {
      // `const filter = { name: { $eq: x } }`: the literal it was built from decides.
      const binding = frame.scope.lookup(target.name);
      const init = binding && !binding.reassigned && binding.path.length === 0 ? binding.init : null;
      if (init && unwrap(init).type === 'ObjectExpression') {
        const slot = this.readSlot(binding as Binding, env, frame);
        const literalKeys = new Set(
          (unwrap(init) as NodeOfType<'ObjectExpression'>).properties.map((p) => propertyName(p as AstNode)),
        );
        let operators = this.queryOperatorsOf(init, env, frame, depth + 1);
        // Properties added after the literal (`filter.owner = req.body.owner`).
        for (const [path, value] of slot.fields ?? [])
          if (!literalKeys.has(path.split('.')[0] as string)) operators = join(operators, value);
        return [whole, this.guarded(operators, target, env, frame)];
      }
    }
    return [whole, whole];
  }

  /** One property (or element) of a filter literal. */
  private evQueryItem(item: AstNode, env: Env, frame: Frame, depth: number): [Value, Value] {
    if (item.type === 'SpreadElement') {
      const value = this.ev(item.argument as AstNode, env, frame);
      return [value, value];
    }
    if (item.type !== 'Property') return this.evQuery(item, env, frame, depth + 1);
    const key = item.computed ? this.ev(item.key as AstNode, env, frame) : CLEAN;
    const name = propertyName(item);
    const valueNode = item.value as AstNode;
    if (name !== null && COMPARISON_OPERATORS.has(name)) {
      const value = this.ev(valueNode, env, frame);
      return [join(key, value), key];
    }
    if (name !== null && CODE_OPERATORS.has(name)) {
      const value = this.ev(valueNode, env, frame);
      this.hit(codeOperatorSink(name), value, item);
      return [join(key, value), key];
    }
    const [whole, operators] = this.evQuery(valueNode, env, frame, depth + 1);
    // An attacker-chosen key can itself be an operator (`{ [field]: value }` with field `$where`).
    return [join(key, whole), join(key, operators)];
  }

  /** The operator taint of a filter literal evaluated again at its use (no calls run twice). */
  private queryOperatorsOf(init: AstNode, env: Env, frame: Frame, depth: number): Value {
    const target = unwrap(init);
    if (target.type !== 'ObjectExpression' || depth > 3) return this.ev(target, env, frame, true);
    let operators: Value = CLEAN;
    for (const property of target.properties) {
      if (property.type !== 'Property') {
        operators = join(operators, this.ev(property.argument as AstNode, env, frame, true));
        continue;
      }
      const name = propertyName(property as AstNode);
      if (property.computed) operators = join(operators, this.ev(property.key as AstNode, env, frame, true));
      if (name !== null && CODE_OPERATORS.has(name))
        this.hit(codeOperatorSink(name), this.ev(property.value as AstNode, env, frame, true), property as AstNode);
      if (name !== null && (COMPARISON_OPERATORS.has(name) || CODE_OPERATORS.has(name))) continue;
      operators = join(operators, this.queryOperatorsOf(property.value as AstNode, env, frame, depth + 1));
    }
    return operators;
  }

  /** `ws.on('message', (data) => ...)`: the callback receives attacker data. */
  private listener(call: NodeOfType<'CallExpression'>, label: string, frame: Frame): void {
    const callback = this.functionArgument(call.arguments[1] as AstNode | undefined, frame);
    if (!callback) return;
    this.applySummary(callback, [[this.sourceTaint(label, call)]], call);
  }

  /** A taint starting at a source: some kinds are safe from the start (a string source cannot carry query operators). */
  private sourceTaint(label: string, node: AstNode): Taint {
    const cleared = sourceMask(label) | this.sanitizedRequests;
    return { fn: -1, param: -1, cleared, flags: 0, steps: step(node, `source: ${label}`, null), label };
  }

  /** What a call returns: sanitised, a summary applied, a known library function, or its inputs. */
  private callResult(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    callee: AstNode,
    facts: CallFacts,
    receiver: Value,
    args: Value[],
    env: Env,
    frame: Frame,
  ): Value {
    const { method, name, mask } = facts;
    if (mask !== 0) {
      // A function of this file named like a sanitiser still runs the sinks inside it.
      if (facts.target) this.applySummary(facts.target, args, call, frame);
      else this.applyImported(facts, args, call);
      if (mask === ALL_KINDS) return CLEAN;
      return extend(joinValues(receiver, args), call, `sanitised by ${name ?? method ?? 'a call'}`, 0, mask | NOSQL);
    }
    if (facts.template) return this.rendered(call, facts.template, args);
    if (facts.target) {
      const result = this.applySummary(facts.target, args, call, frame);
      this.applyParamGuards(facts.target, call, env, frame);
      return result;
    }
    const imported = this.applyImported(facts, args, call);
    if (imported !== null) return imported;
    const isMethod = callee.type === 'MemberExpression' && method !== null;
    if (isMethod) {
      const called = this.methodCall(call, callee, method, receiver, args, frame);
      if (called !== null) return called;
    }
    if (facts.model) return this.modeled(call, facts.model, receiver, args, env, frame);
    if (isMethod) {
      const known = this.knownMethod(call, callee, method, receiver, args, env, frame);
      if (known !== null) return known;
    }
    // Unknown function: assume its result carries its inputs, unless it is named like a lookup.
    if (facts.nonPropagating) return CLEAN;
    const value = joinValues(receiver, args);
    return value.length > 0 ? extend(value, call, `${name ?? method ?? 'call'}()`) : CLEAN;
  }

  /** A template rendered with data: raw output is markup the data wrote, escaped output is safe for HTML. */
  private rendered(call: AstNode, template: TemplateRender, args: Value[]): Value {
    let data: Value = CLEAN;
    for (const index of template.data) data = join(data, args[index] ?? CLEAN);
    if (data.length === 0) return CLEAN;
    if (template.raw)
      return extend(data, call, `rendered unescaped by ${template.engine}`, FLAG_EMBEDDED | FLAG_MARKUP, NOSQL);
    return extend(data, call, `rendered escaped by ${template.engine}`, 0, maskOf('xss') | NOSQL);
  }

  /** `fn.call(...)`, `fn.apply(...)` and callbacks (`list.map(fn)`, `promise.then(fn)`); null when neither. */
  private methodCall(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    callee: NodeOfType<'MemberExpression'>,
    method: string,
    receiver: Value,
    args: Value[],
    frame: Frame,
  ): Value | null {
    if (method === 'call' || method === 'apply') {
      const value = this.callOrApply(call, unwrap(callee.object as AstNode), method, args, frame);
      if (value !== null) return value;
    }
    return this.callbacks(call, method, receiver, args, frame);
  }

  private callOrApply(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    fnNode: AstNode,
    method: 'call' | 'apply',
    args: Value[],
    frame: Frame,
  ): Value | null {
    const passed = method === 'call' ? args.slice(1) : [args[1] ?? CLEAN, args[1] ?? CLEAN, args[1] ?? CLEAN];
    const resolved = this.index.resolveCallee(fnNode, frame.info);
    if (resolved) return this.applySummary(resolved, passed, call);
    // `Array.prototype.forEach.call(list, fn)`
    const borrowed = fnNode.type === 'MemberExpression' ? propertyName(fnNode) : this.borrowedMethod(fnNode, frame);
    if (borrowed && (ITERATION.has(borrowed) || borrowed === 'reduce') && method === 'call') {
      const callback = this.functionArgument(call.arguments[1] as AstNode | undefined, frame);
      if (callback) {
        const list = args[0] ?? CLEAN;
        const element = list.length > 0 ? extend(list, call, `each element (${borrowed})`) : CLEAN;
        const result = this.applySummary(callback, [element, CLEAN, list], call);
        return borrowed === 'map' ? result : CLEAN;
      }
    }
    return borrowed === 'slice' || borrowed === 'concat' ? join(args[0] ?? CLEAN, args[1] ?? CLEAN) : null;
  }

  /** Methods of strings, arrays and collections: what their result carries; null when unknown. */
  private knownMethod(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    callee: NodeOfType<'MemberExpression'>,
    method: string,
    receiver: Value,
    args: Value[],
    env: Env,
    frame: Frame,
  ): Value | null {
    if (CLEAN_METHODS.has(method)) return CLEAN;
    if (MUTATORS.has(method)) {
      const added = joinValues(CLEAN, args);
      if (added.length > 0)
        this.mutate(callee.object as AstNode, extend(added, call, `added by ${method}()`), env, frame);
      return CLEAN;
    }
    if (method === 'join') return extend(receiver, call, 'joined', FLAG_EMBEDDED);
    if (method === 'concat' || method === 'replace' || method === 'replaceAll')
      return extend(joinValues(receiver, args), call, `${method}()`, method === 'concat' ? FLAG_EMBEDDED : 0);
    if (CARRYING_METHODS.has(method))
      return receiver.length > 0
        ? extend(receiver, call, `${method}()`, 0, STRING_METHODS.has(method) ? NOSQL : 0)
        : CLEAN;
    return null;
  }

  /** `var each = Array.prototype.forEach`: the method name a variable holds. */
  private borrowedMethod(node: AstNode, frame: Frame): string | null {
    if (node.type !== 'Identifier') return null;
    const binding = frame.scope.lookup(node.name);
    const init = binding?.init ? unwrap(binding.init) : null;
    if (init?.type !== 'MemberExpression' || binding?.path.length) return null;
    const object = unwrap(init.object as AstNode);
    if (object.type === 'MemberExpression' && propertyName(object) === 'prototype') return propertyName(init);
    if (object.type === 'ArrayExpression') return propertyName(init);
    return null;
  }

  private functionArgument(node: AstNode | undefined, frame: Frame): FunctionInfo | null {
    if (!node) return null;
    const target = unwrap(node);
    if (isFunctionLike(target)) return this.index.infoOf(target) ?? null;
    return this.index.resolveCallee(target, frame.info);
  }

  /** `list.forEach((x) => ...)`, `.map`, `promise.then((x) => ...)`, `.reduce`. */
  private callbacks(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    method: string,
    receiver: Value,
    args: Value[],
    frame: Frame,
  ): Value | null {
    if (ITERATION.has(method)) {
      const callback = this.functionArgument(call.arguments[0] as AstNode | undefined, frame);
      if (!callback) return null;
      const element = receiver.length > 0 ? extend(receiver, call, `each element (${method})`) : CLEAN;
      const result = this.applySummary(callback, [element, CLEAN, receiver], call);
      if (method === 'map' || method === 'flatMap') return result;
      if (method === 'filter' || method === 'find' || method === 'findLast' || method === 'sort') return receiver;
      return CLEAN;
    }
    if (method === 'reduce' || method === 'reduceRight') {
      const callback = this.functionArgument(call.arguments[0] as AstNode | undefined, frame);
      if (!callback) return null;
      const initial = args[1] ?? CLEAN;
      const first = this.applySummary(callback, [initial, receiver], call);
      return join(first, this.applySummary(callback, [join(initial, first), receiver], call));
    }
    if (PROMISE_CALLBACKS.has(method)) {
      let result: Value = CLEAN;
      call.arguments.forEach((argument, index) => {
        const callback = this.functionArgument(argument as AstNode, frame);
        if (!callback) return;
        const input = method === 'then' && index === 0 ? receiver : CLEAN;
        result = join(result, this.applySummary(callback, [input], call));
      });
      return result;
    }
    return null;
  }

  /** What a library function with known data flow does with its arguments (see `modelOf`). */
  private modeled(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    model: Modeled,
    receiver: Value,
    args: Value[],
    env: Env,
    frame: Frame,
  ): Value {
    const all = (from = 0): Value => {
      let value: Value = CLEAN;
      for (let i = from; i < args.length; i++) value = join(value, args[i] ?? CLEAN);
      return value;
    };
    switch (model.kind) {
      case 'join':
      case 'resolve': {
        let value: Value = CLEAN;
        // `join` appends segments under its first argument; `resolve` takes an absolute path as it is,
        // so resolving a caller's path chooses a path rather than confining one.
        const joins = model.kind === 'join';
        args.forEach((arg, index) => {
          value = join(value, joins && index > 0 ? withFlags(arg, FLAG_JOINED) : arg);
        });
        return extend(value, call, `${model.name}()`);
      }
      case 'format':
        return extend(all(), call, `${model.name}()`, FLAG_EMBEDDED);
      case 'assign': {
        const sources = all(1);
        const first = call.arguments[0] as AstNode | undefined;
        if (first && sources.length > 0) this.mutate(first, sources, env, frame);
        return join(args[0] ?? CLEAN, sources);
      }
      case 'carry': {
        const value = extend(all(), call, `${model.name}()`, 0, CARRY_CLEARS.get(model.name) ?? 0);
        const restored = CARRY_RESTORES.get(model.name);
        return restored ? unclear(value, restored) : value;
      }
      case 'receiver':
        return model.name.endsWith('toString') ? clear(receiver, NOSQL) : receiver;
    }
  }

  /** Library functions with known data flow: `path.join`, `util.format`, `Object.assign`, `JSON.parse`... */
  private modelOf(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    name: string | null,
    method: string | null,
    frame: Frame,
  ): Modeled | null {
    // Compiled imports (`_path2.default.join`, `path_1.default.join`) by the module they read.
    const ref = calleeRef(call.callee as AstNode, frame.scope);
    const byModule = ref && ref.name !== '' ? this.modelByName(call, `${ref.module}.${ref.name}`, method, frame) : null;
    if (byModule || name === null) return byModule;
    return this.modelByName(call, name, method, frame);
  }

  private modelByName(
    call: NodeOfType<'CallExpression' | 'NewExpression'>,
    name: string,
    method: string | null,
    frame: Frame,
  ): Modeled | null {
    const short = name.replace(/^(?:node:)?/, '');
    if (/^path(?:\.posix|\.win32)?\.(?:join|resolve)$/.test(short) || short === 'join' || short === 'resolve') {
      if (!/^path/.test(short) && !this.isPathImport(call, frame)) return null;
      return { kind: /join$/.test(short) ? 'join' : 'resolve', name: short };
    }
    if (/^path(?:\.posix|\.win32)?\.(?:normalize|relative|dirname|extname|format|parse|toNamespacedPath)$/.test(short))
      return { kind: 'carry', name: short };
    if (
      short === 'util.format' ||
      short === 'format' ||
      short === 'util.formatWithOptions' ||
      short === 'sprintf' ||
      short === 'vsprintf'
    )
      return { kind: 'format', name: short };
    if (
      short === 'Object.assign' ||
      short === '_.assign' ||
      short === '_.extend' ||
      short === '_.merge' ||
      short === 'extend'
    )
      return { kind: 'assign', name: short };
    if (
      /^(?:JSON\.parse|String|Array\.from|Array\.of|Object\.(?:keys|values|entries|fromEntries|freeze)|Buffer\.from|decodeURIComponent|decodeURI|unescape|url\.parse|URL|URLSearchParams|querystring\.parse|qs\.parse|querystring\.unescape|structuredClone)$/.test(
        short,
      )
    )
      return { kind: 'carry', name: short };
    if (method === 'toString' || method === 'valueOf') return { kind: 'receiver', name: short };
    return null;
  }

  /** Facts about a call that do not change between analyses, computed on its first evaluation. */
  private factsOf(call: NodeOfType<'CallExpression' | 'NewExpression'>, callee: AstNode, frame: Frame): CallFacts {
    let facts = this.callFacts.get(call);
    if (facts) return facts;
    const method = calleeMethod(call);
    const name = calleeName(call);
    const { scope } = frame;
    const { model } = this.options;
    const isCall = call.type === 'CallExpression';
    const target = this.index.resolveCallee(callee, frame.info);
    const { imports } = this.options;
    facts = {
      method,
      name,
      source: isCall ? callSource(call, scope, model) : null,
      event: isCall ? callbackSource(call, scope, model) : null,
      sinks: sinksOfCall(call, scope),
      mask: sanitizerMask(call) | (isCall ? replaceMask(call) : 0) | moduleSanitizerMask(callee, scope),
      target,
      imported: isCall && !target && imports ? imports.resolve(callee, scope) : null,
      template: templateRender(call, scope),
      model: this.modelOf(call, name, method, frame),
      nonPropagating: method !== null && NON_PROPAGATING.test(method),
    };
    this.callFacts.set(call, facts);
    return facts;
  }

  private isPathImport(call: NodeOfType<'CallExpression' | 'NewExpression'>, frame: Frame): boolean {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'Identifier') return false;
    const binding = frame.scope.lookup(callee.name);
    return (
      binding?.importSource === 'path' ||
      binding?.importSource === 'node:path' ||
      staticString(binding?.init as AstNode) === 'path'
    );
  }

  /** Applies a callee's summary at a call: its sinks see the arguments, its return value is computed. */
  private applySummary(target: FunctionInfo, args: readonly Value[], call: AstNode, frame?: Frame): Value {
    this.needSummary(target);
    const summary = this.summaries.peek(target);
    if (!summary) return CLEAN;
    const passed = `passed to ${target.name ?? 'a function'}()`;
    if (frame && summary.calls.length > 0) this.runCallbacks(target, summary.calls, args, call, frame, passed);
    if (summary.sinks.length === 0 && summary.returns.length === 0) return CLEAN;
    for (const entry of summary.sinks) {
      const arg = argumentAt(args, entry.param);
      if (!arg || arg.length === 0) continue;
      const via: Via = { call, message: passed, tail: entry.steps };
      for (const t of arg)
        this.reach(entry.match, t, t.cleared | entry.cleared, t.flags | entry.flags, entry.sink, via);
    }
    let result: Value = CLEAN;
    for (const r of summary.returns) {
      if (r.fn === target.key && r.param >= 0) {
        const arg = argumentAt(args, r.param);
        if (!arg) continue;
        const via: Via = { call, message: passed, tail: r.steps };
        result = join(
          result,
          arg.map((t) => taint(t, t.cleared | r.cleared, t.flags | r.flags, stepsVia(t.steps, via))),
        );
      } else result = join(result, [r]);
    }
    return result.length > 0 ? extend(result, call, `returned by ${target.name ?? 'a function'}()`) : result;
  }

  /**
   * `check(file, (found) => send(found))` where `check` calls its parameter with data: the function
   * passed there runs with that data (the callee's parameters replaced by this call's arguments).
   */
  private runCallbacks(
    target: FunctionInfo,
    calls: readonly SummaryCallEntry[],
    args: readonly Value[],
    call: AstNode,
    frame: Frame,
    passed: string,
  ): void {
    if (call.type !== 'CallExpression') return;
    const byCallback = new Map<FunctionInfo, Value[]>();
    for (const entry of calls) {
      const callback = this.functionArgument(call.arguments[entry.param] as AstNode | undefined, frame);
      if (!callback) continue;
      const { taint: t } = entry;
      let value: Value;
      if (t.fn === target.key && t.param >= 0) {
        const via: Via = { call, message: passed, tail: t.steps };
        value = (argumentAt(args, t.param) ?? CLEAN).map((a) =>
          taint(a, a.cleared | t.cleared, a.flags | t.flags, stepsVia(a.steps, via)),
        );
      } else value = [t];
      if (value.length === 0) continue;
      const passedOn = byCallback.get(callback) ?? [];
      passedOn[entry.index] = join(passedOn[entry.index] ?? CLEAN, value);
      byCallback.set(callback, passedOn);
    }
    for (const [callback, passedOn] of byCallback)
      this.applySummary(
        callback,
        Array.from(passedOn, (v) => v ?? CLEAN),
        call,
      );
  }

  /** `callback(data)` where `callback` is a parameter: what the function calls its caller's function with. */
  private callsParameter(callee: AstNode, args: readonly Value[], frame: Frame): void {
    if (callee.type !== 'Identifier') return;
    const binding = frame.scope.lookup(callee.name);
    if (binding?.kind !== 'param' || binding.path.length > 0) return;
    const owner = this.index.infoOf(binding.owner);
    if (!owner) return;
    const summary = this.summaries.get(owner);
    let grew = false;
    args.forEach((value, index) => {
      for (const t of value) {
        // Only what a caller can name: the owner's parameters, and sources.
        if ((t.fn === owner.key || t.param < 0) && this.summaries.addCall(summary, binding.paramIndex, index, t))
          grew = true;
      }
    });
    if (grew) this.summaryGrew(owner);
  }

  /**
   * A call of a function another module exports, with attacker data among its arguments: that
   * module's summary applied (its sinks reached from here are findings here, where the data
   * enters); null when the module or the export is unknown (the call is then an unknown function).
   */
  private applyImported(facts: CallFacts, args: readonly Value[], call: AstNode): Value | null {
    const { imports } = this.options;
    if (!facts.imported || !imports || !args.some((a) => a.length > 0)) return null;
    const remote = imports.summary(facts.imported);
    return remote ? this.applyRemote(remote, args, call) : null;
  }

  private applyRemote(remote: RemoteFunction, args: readonly Value[], call: AstNode): Value {
    const callee = remote.name ? `${remote.name}() in ${remote.file}` : `the function ${remote.file} exports`;
    const passed = `passed to ${callee}`;
    for (const entry of remote.sinks) {
      const arg = argumentAt(args, entry.param);
      if (!arg || arg.length === 0) continue;
      const via: Via = { call, message: passed, tail: entry.steps };
      // Under `library` the module reports its own exported parameter reaching the sink: one finding is enough.
      const quiet = this.options.model === 'library' && reportsItself(entry);
      for (const t of arg)
        this.reach(entry.match, t, t.cleared | entry.cleared, t.flags | entry.flags, call, via, quiet);
    }
    let result: Value = CLEAN;
    for (const r of remote.returns) {
      if (r.param < 0) {
        result = join(result, [
          { fn: -1, param: -1, cleared: r.cleared, flags: r.flags, steps: r.steps, label: r.label },
        ]);
        continue;
      }
      const arg = argumentAt(args, r.param);
      if (!arg) continue;
      const via: Via = { call, message: passed, tail: r.steps };
      result = join(
        result,
        arg.map((t) => taint(t, t.cleared | r.cleared, t.flags | r.flags, stepsVia(t.steps, via))),
      );
    }
    return result.length > 0 ? extend(result, call, `returned by ${callee}`) : result;
  }

  // ---- sinks -------------------------------------------------------------------------------

  private hit(match: SinkMatch, value: Value, node: AstNode): void {
    const sink = { start: node.start, end: node.end };
    for (const t of value) this.reach(match, t, t.cleared, t.flags, sink, null);
  }

  /**
   * A taint reaches a sink, with `cleared` and `flags` as they are there; `via` is the call whose
   * summary led to it. Its steps are built only when a flow or a summary entry is new.
   */
  private reach(
    match: SinkMatch,
    t: Taint,
    cleared: number,
    flags: number,
    sink: Span,
    via: Via | null,
    quiet = false,
  ): void {
    if (cleared & kindBit(match.kind)) return;
    if (flags & FLAG_PROTO && match.kind !== 'prototype') return;
    const steps = (): Step | null => stepsVia(t.steps, via);
    if (t.param >= 0) {
      const owner = this.infoByKey.get(t.fn);
      if (!owner) return;
      // The parameter's function learns that its parameter reaches this sink.
      if (this.summaries.addSink(this.summaries.get(owner), t.param, match, cleared, flags, sink, steps))
        this.summaryGrew(owner);
      if (this.options.model !== 'library' || !owner.exported || match.libraryRequires === 'never') return;
      const needs = match.requires | match.libraryRequires;
      if ((flags & needs) !== needs) return;
    } else if ((flags & match.requires) !== match.requires) return;
    if (!quiet) this.emit(match, t.label, sink, steps);
  }

  private emit(match: SinkMatch, source: string, sink: Span, steps: () => Step | null): void {
    const key = `${match.kind}:${sink.start}:${sink.end}`;
    if (this.flows.has(key)) return;
    const list = stepList(steps());
    const last: FlowStepOut = { node: sink, message: `reaches ${match.name}` };
    if (match.at) last.at = match.at;
    list.push(last);
    this.flows.set(key, {
      kind: match.kind,
      sink,
      sinkName: match.name,
      source,
      detail: match.detail ?? '',
      steps: list,
    });
  }
}

/** `arguments` inside a function: every argument of the call (see ALL_ARGUMENTS); CLEAN for any other global. */
function argumentsOf(node: NodeOfType<'Identifier'>, frame: Frame): Value {
  if (node.name !== 'arguments' || !isFunctionLike(frame.info.node)) return CLEAN;
  const { info } = frame;
  return [
    {
      fn: info.key,
      param: ALL_ARGUMENTS,
      cleared: 0,
      flags: 0,
      steps: step(node, 'arguments', null),
      label: `the arguments of ${info.exported ? 'exported ' : ''}function ${info.name ?? 'an anonymous function'}`,
    },
  ];
}

/** `o[k] = {}`, `o[k] = []`, `o[k] = new Object()`: the step of a path setter that creates a missing level. */
function createsContainer(node: AstNode): boolean {
  if (node.type !== 'AssignmentExpression' || node.operator !== '=') return false;
  const right = unwrap(node.right as AstNode);
  if (right.type === 'ObjectExpression' || right.type === 'ArrayExpression') return true;
  return right.type === 'NewExpression' && /^(?:Object|Array)$/.test(calleeName(right) ?? '');
}

/** The value a summary's parameter `index` stands for at a call (`arguments`: all of them). */
function argumentAt(args: readonly Value[], index: number): Value | undefined {
  if (index !== ALL_ARGUMENTS) return args[index];
  let value: Value = CLEAN;
  for (const a of args) value = join(value, a);
  return value;
}

/** Whether a module's exported parameter reaching this sink is a finding of the module itself under `library`. */
function reportsItself(entry: RemoteSink): boolean {
  const { match } = entry;
  if (match.libraryRequires === 'never') return false;
  const needs = match.requires | match.libraryRequires;
  return (entry.flags & needs) === needs;
}

/** A call whose summary a taint went through: the call's step, then the summary's steps. */
interface Via {
  readonly call: Span;
  readonly message: string;
  readonly tail: Step | null;
}

function stepsVia(steps: Step | null, via: Via | null): Step | null {
  if (!via) return steps;
  const atCall = steps && steps.length >= MAX_STEPS ? steps : step(via.call, via.message, steps);
  return joinSteps(atCall, via.tail);
}

/** A copy of a taint with other kinds cleared, flags and steps (spelled out: one object shape for all taints). */
function taint(t: Taint, cleared: number, flags: number, steps: Step | null): Taint {
  return { fn: t.fn, param: t.param, cleared, flags, steps, label: t.label };
}

const MAX_FIELDS = 24;

/** A slot with one property set (`strong`) or added to; past MAX_FIELDS properties fold into the whole value. */
function withField(slot: Slot, path: string, value: Value, strong: boolean): Slot {
  const previous = slot.fields?.get(path);
  if (!previous && (slot.fields?.size ?? 0) >= MAX_FIELDS) return { ...slot, value: join(slot.value, value) };
  const fields = new Map(slot.fields ?? []);
  fields.set(path, strong ? value : join(previous ?? CLEAN, value));
  return { ...slot, fields };
}

function readPath(slot: Slot, path: readonly string[]): Value {
  if (!slot.fields || path.length === 0) return CLEAN;
  return readFieldMap(slot.fields, path);
}

/** Fields at the path, its prefixes (a tainted `a` taints `a.b`) and below it. */
function readFieldMap(fields: ReadonlyMap<string, Value>, path: readonly string[]): Value {
  let value: Value = CLEAN;
  let prefix = '';
  for (const part of path) {
    prefix = prefix ? `${prefix}.${part}` : part;
    const v = fields.get(prefix);
    if (v) value = join(value, v);
  }
  const below = `${prefix}.`;
  for (const [key, v] of fields) if (key.startsWith(below)) value = join(value, v);
  return value;
}

function findIdentifier(pattern: AstNode, name: string): AstNode | null {
  const node = unwrap(pattern);
  switch (node.type) {
    case 'Identifier':
      return node.name === name ? node : null;
    case 'ObjectPattern':
      for (const property of node.properties) {
        const found = findIdentifier(
          property.type === 'RestElement' ? (property.argument as AstNode) : (property.value as AstNode),
          name,
        );
        if (found) return found;
      }
      return null;
    case 'ArrayPattern':
      for (const element of node.elements) {
        const found = element ? findIdentifier(element as AstNode, name) : null;
        if (found) return found;
      }
      return null;
    case 'AssignmentPattern':
      return findIdentifier(node.left as AstNode, name);
    case 'RestElement':
      return findIdentifier(node.argument as AstNode, name);
    case 'TSParameterProperty':
      return findIdentifier(node.parameter as AstNode, name);
    default:
      return null;
  }
}

/** A binary min-heap of function orders, in a plain array. */
function heapPush(heap: number[], value: number): void {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= value) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0] as number;
  const last = heap.pop() as number;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && (heap[right] as number) < (heap[left] as number) ? right : left;
    if ((heap[child] as number) >= last) break;
    heap[i] = heap[child] as number;
    i = child;
  }
  heap[i] = last;
  return top;
}
