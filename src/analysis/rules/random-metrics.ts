import {
  calleeMethod,
  calleeName,
  dottedName,
  enclosingFunction,
  type FunctionLike,
  functionName,
  isTestDoublePath,
  nameWords,
  parentOf,
  propertyName,
  requestHandlerInfo,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** Words that name measurements on their own. */
const STRONG = new Set([
  'metric',
  'metrics',
  'stat',
  'stats',
  'statistics',
  'usage',
  'utilization',
  'utilisation',
  'cpu',
  'memory',
  'mem',
  'heap',
  'ram',
  'disk',
  'latency',
  'uptime',
  'throughput',
  'rps',
  'qps',
  'bandwidth',
  'p50',
  'p90',
  'p95',
  'p99',
  'telemetry',
]);
/** Words that are measurements only where the code is about monitoring or analysis (games have health and scores too). */
const WEAK = new Set([
  'count',
  'load',
  'rate',
  'status',
  'requests',
  'errors',
  'traffic',
  'connections',
  'sessions',
  'health',
  'healthy',
  'score',
  'accuracy',
  'confidence',
  'performance',
]);
const CONTEXT = new Set([
  ...STRONG,
  'health',
  'status',
  'performance',
  'monitor',
  'monitoring',
  'dashboard',
  'system',
  'analytics',
  'analysis',
  'analyze',
  'analyse',
  'server',
  'cluster',
  'overview',
  'kpi',
  'kpis',
  'report',
  'insights',
  'assessment',
  'evaluate',
  'evaluation',
  'audit',
  'scan',
]);
/** Keys where randomness is the point: identifiers, jitter, geometry, sampling. */
const RANDOM_BY_DESIGN = new Set([
  'id',
  'ids',
  'uuid',
  'guid',
  'key',
  'nonce',
  'salt',
  'seed',
  'token',
  'hash',
  'color',
  'colour',
  'hue',
  'jitter',
  'delay',
  'backoff',
  'timeout',
  'interval',
  'offset',
  'x',
  'y',
  'z',
  'angle',
  'rotation',
  'position',
  'opacity',
  'width',
  'height',
  'size',
  'radius',
  'duration',
  'index',
  'idx',
  'shuffle',
  'random',
  'sample',
  'sampled',
  'sampling',
]);
/** Functions and folders that fabricate data openly: seeds, fixtures, stories, demos. */
const HONEST_FAKE_WORDS = new Set(['seed', 'mock', 'fake', 'dummy', 'demo', 'sample', 'stub', 'fixture', 'simulator']);
/** Demos and examples show made-up numbers on purpose. */
const DEMO_PATH = /(^|\/)(demo|demos|examples?)\//i;
const VALUE_FUNCTIONS = new Set([
  'Math.floor',
  'Math.round',
  'Math.ceil',
  'Math.trunc',
  'Math.abs',
  'Math.min',
  'Math.max',
  'Number',
  'Number.parseFloat',
  'Number.parseInt',
  'parseFloat',
  'parseInt',
]);
const NUMBER_FORMATS = new Set(['toFixed', 'toPrecision', 'toLocaleString']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '<', '>', '<=', '>=']);
const RECORDING_METHODS = new Set(['set', 'observe', 'inc', 'dec', 'record', 'update', 'gauge', 'histogram', 'timing']);
const RECORDING_VERBS = new Set([
  'set',
  'record',
  'report',
  'track',
  'emit',
  'push',
  'send',
  'update',
  'publish',
  'observe',
]);
const INSTRUMENT = /(gauge|histogram|counter|meter|metric|summary)$/i;
const RESPONSE_METHODS = new Set(['json', 'send', 'emit', 'broadcast', 'write']);
const TIMER_CALLS = new Set(['setTimeout', 'setInterval', 'sleep', 'delay', 'wait']);

type Sink = { name: string; words: string[] } | null;
/** One step of following a value up the tree: on to `next`, or ended at `sink` (null: nowhere to report). */
type Step = { next: AstNode } | { sink: Sink };
const NOWHERE: Step = { sink: null };
/** Nodes that carry the value through unchanged (or hold it among others) without deciding anything. */
const VALUE_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
  'ConditionalExpression',
  'TemplateLiteral',
  'ArrayExpression',
  'ObjectExpression',
]);

function isMathRandom(node: NodeOfType<'CallExpression'>): boolean {
  return node.arguments.length === 0 && calleeName(node) === 'Math.random';
}

export default defineRule({
  id: 'random-metrics',
  meta: {
    description:
      'Math.random() used as a metric, health, usage or status value: the monitoring data is fabricated, not measured.',
    category: 'reality',
    severity: 'medium',
    cwe: [684],
    messages: {
      fabricated:
        'Math.random() feeds `{{name}}`: this {{kind}} is invented, not measured. Read the real value (os, process, prom-client, systeminformation, the database) or leave it out.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || DEMO_PATH.test(context.filename))
      return {};
    let fileWords: string[] | null = null;

    const inMonitoringContext = (from: AstNode): boolean => {
      fileWords ??= nameWords(context.filename.slice(context.filename.lastIndexOf('/') + 1));
      if (fileWords.some((w) => CONTEXT.has(w))) return true;
      for (let fn = enclosingFunction(from); fn; fn = enclosingFunction(fn)) {
        const name = functionName(fn);
        if (name && nameWords(name).some((w) => CONTEXT.has(w))) return true;
        const route = requestHandlerInfo(fn);
        if (route?.path && nameWords(route.path).some((w) => CONTEXT.has(w))) return true;
      }
      return false;
    };

    const matches = (sink: Sink, at: AstNode): boolean => {
      if (!sink) return false;
      if (sink.words.some((w) => STRONG.has(w))) return true;
      return sink.words.some((w) => WEAK.has(w)) && inMonitoringContext(at);
    };

    const openlyFake = (node: AstNode): boolean => {
      for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
        const name = functionName(fn);
        if (name && nameWords(name).some((w) => HONEST_FAKE_WORDS.has(w))) return true;
      }
      return false;
    };

    /** A variable that only times a wait (`const latency = Math.random() * 500; await sleep(latency)`) simulates, it does not report. */
    const usedAsWait = (declarator: NodeOfType<'VariableDeclarator'>, name: string): boolean => {
      const declaration = parentOf(declarator);
      const scope = declaration ? parentOf(declaration) : null;
      if (!scope) return false;
      let timed = false;
      forEachDescendant(scope, (node) => {
        if (timed) return false;
        if (node.type === 'CallExpression') {
          const method = calleeMethod(node);
          if (
            method !== null &&
            TIMER_CALLS.has(method) &&
            node.arguments.some((a) => a.type === 'Identifier' && a.name === name)
          )
            timed = true;
        }
        return true;
      });
      return timed;
    };

    const functionSink = (fn: FunctionLike): Sink => {
      const name = functionName(fn);
      return name ? { name, words: nameWords(name) } : null;
    };

    /** `recordLatency(...)`, `setCpuUsage(...)`: a recording verb followed by what is recorded. */
    const verbSink = (name: string | null, method: string, at: AstNode): Sink => {
      const words = nameWords(method);
      if (!RECORDING_VERBS.has(words[0] ?? '') || words.length < 2) return null;
      const sink = { name: name ?? method, words: words.slice(1) };
      return matches(sink, at) ? sink : null;
    };

    /** `res.json({ value: Math.random() })` from a `/metrics` route or a `getStats` handler. */
    const responseSink = (call: NodeOfType<'CallExpression'>, name: string): Sink => {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
        const route = requestHandlerInfo(fn);
        const routeWords = route?.path ? nameWords(route.path) : [];
        const fnName = functionName(fn);
        const all = [...routeWords, ...(fnName ? nameWords(fnName) : [])];
        if (all.some((w) => STRONG.has(w))) return { name: route?.path ?? fnName ?? name, words: all };
      }
      return null;
    };

    /** A method call on a named object: `cpuGauge.set(...)`, `res.json(...)`. */
    const methodSink = (call: NodeOfType<'CallExpression'>, name: string, method: string): Sink => {
      const object = name.slice(0, name.lastIndexOf('.'));
      if (RECORDING_METHODS.has(method)) {
        if (INSTRUMENT.test(object)) return { name, words: ['metric'] };
        return { name, words: object.split('.').flatMap(nameWords) };
      }
      if (RESPONSE_METHODS.has(method)) return responseSink(call, name);
      return null;
    };

    const callSink = (call: NodeOfType<'CallExpression'>, at: AstNode): Sink => {
      const name = calleeName(call);
      const method = calleeMethod(call);
      if (method === null) return null;
      const sink = verbSink(name, method, at);
      if (sink) return sink;
      return name?.includes('.') ? methodSink(call, name, method) : null;
    };

    const jsxSink = (attribute: NodeOfType<'JSXAttribute'>): Sink => {
      const attrName = attribute.name.type === 'JSXIdentifier' ? attribute.name.name : null;
      if (attrName === null) return null;
      const attrWords = nameWords(attrName);
      if (attrWords.some((w) => STRONG.has(w))) return { name: attrName, words: attrWords };
      const opening = parentOf(attribute);
      if (opening?.type !== 'JSXOpeningElement') return null;
      const element = opening.name.type === 'JSXIdentifier' ? opening.name.name : null;
      if (element === null) return null;
      const elementWords = nameWords(element);
      if (elementWords.some((w) => STRONG.has(w) || w === 'gauge' || w === 'kpi'))
        return { name: `${element} ${attrName}`, words: [...elementWords, 'metric'] };
      return null;
    };

    /** `Math.random().toFixed(2)`: a number format keeps the value, so the walk goes on from the call. */
    const formatStep = (member: NodeOfType<'MemberExpression'>, current: AstNode): Step => {
      const call = parentOf(member);
      const method = propertyName(member);
      if (member.object !== current || method === null || !NUMBER_FORMATS.has(method)) return NOWHERE;
      if (call?.type !== 'CallExpression' || call.callee !== member) return NOWHERE;
      return { next: call };
    };

    const callStep = (call: NodeOfType<'CallExpression'>, current: AstNode, start: AstNode): Step => {
      if (call.callee === current) return NOWHERE;
      const name = calleeName(call);
      if (name !== null && VALUE_FUNCTIONS.has(name)) return { next: call };
      return { sink: callSink(call, start) };
    };

    /** An object key: a measurement key ends the walk, any other key lets it go on to the object's use. */
    const propertyStep = (property: NodeOfType<'Property'>, current: AstNode, start: AstNode): Step => {
      if (property.value !== current) return NOWHERE;
      const key = propertyName(property);
      if (key === null) return NOWHERE;
      const words = nameWords(key);
      if (words.some((w) => RANDOM_BY_DESIGN.has(w))) return NOWHERE;
      const sink = { name: key, words };
      return matches(sink, start) ? { sink } : { next: property };
    };

    const declaratorSink = (declarator: NodeOfType<'VariableDeclarator'>, current: AstNode, start: AstNode): Sink => {
      if (declarator.init !== current || declarator.id.type !== 'Identifier') return null;
      const name = declarator.id.name;
      const sink = { name, words: nameWords(name) };
      if (!matches(sink, start) || usedAsWait(declarator, name)) return null;
      return sink;
    };

    const assignmentSink = (assignment: NodeOfType<'AssignmentExpression'>, current: AstNode): Sink => {
      if (assignment.right !== current) return null;
      const target = dottedName(assignment.left as AstNode);
      if (target === null) return null;
      const words = target
        .split('.')
        .filter((s) => s !== 'this')
        .flatMap(nameWords);
      return { name: target, words };
    };

    /** The value is what `fn` returns: its name is the sink, or an unnamed series callback passes it on. */
    const returnStep = (fn: FunctionLike | null): Step => {
      if (!fn) return NOWHERE;
      const sink = functionSink(fn);
      if (sink) return { sink };
      // An unnamed callback: follow it into the call that builds a series from it.
      const holder = parentOf(fn);
      if (holder?.type !== 'CallExpression' || holder.callee === fn) return NOWHERE;
      const method = calleeMethod(holder);
      if (method !== 'from' && method !== 'map' && method !== 'fill') return NOWHERE;
      return { next: holder };
    };

    const jsxStep = (container: NodeOfType<'JSXExpressionContainer'>): Step => {
      const attribute = parentOf(container);
      return { sink: attribute?.type === 'JSXAttribute' ? jsxSink(attribute) : null };
    };

    /** One step up from `current` into `parent`. */
    const step = (current: AstNode, parent: AstNode, start: AstNode): Step => {
      if (VALUE_WRAPPERS.has(parent.type)) return { next: parent };
      switch (parent.type) {
        case 'BinaryExpression':
          return ARITHMETIC.has(parent.operator) ? { next: parent } : NOWHERE;
        case 'UnaryExpression':
          return parent.operator === '-' || parent.operator === '+' ? { next: parent } : NOWHERE;
        case 'MemberExpression':
          return formatStep(parent, current);
        case 'CallExpression':
          return callStep(parent, current, start);
        case 'Property':
          return propertyStep(parent, current, start);
        case 'VariableDeclarator':
          return { sink: declaratorSink(parent, current, start) };
        case 'AssignmentExpression':
          return { sink: assignmentSink(parent, current) };
        case 'ReturnStatement':
          return returnStep(enclosingFunction(parent));
        case 'ArrowFunctionExpression':
          return parent.body === current ? returnStep(parent) : NOWHERE;
        case 'JSXExpressionContainer':
          return jsxStep(parent);
        default:
          return NOWHERE;
      }
    };

    /**
     * Follows the random value up through arithmetic, rounding and formatting to where it lands: a
     * key, a variable, a return value, a recording call or a JSX attribute. Null when it lands
     * anywhere else (a condition, an index, a string id), which is how sampling and ids stay quiet.
     */
    const findSink = (start: AstNode): Sink => {
      let current = start;
      for (let steps = 0; steps < 24; steps++) {
        const parent = parentOf(current);
        if (!parent) return null;
        const next = step(current, parent, start);
        if ('sink' in next) return next.sink;
        current = next.next;
      }
      return null;
    };

    return {
      CallExpression(node) {
        if (!isMathRandom(node)) return;
        const sink = findSink(node);
        if (!matches(sink, node) || sink === null) return;
        if (openlyFake(node)) return;
        const kind = sink.words.some((w) => w === 'health' || w === 'healthy' || w === 'status') ? 'status' : 'metric';
        context.report({ node, messageId: 'fabricated', data: { name: sink.name, kind } });
      },
    };
  },
});
