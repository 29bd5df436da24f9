import {
  calleeMethod,
  calleeName,
  dottedName,
  enclosingFunction,
  type FunctionLike,
  functionName,
  isTestDoublePath,
  isVariableReference,
  nameWords,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

type Call = NodeOfType<'CallExpression'>;

/** Words that name a secret on their own. */
const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'nonce',
  'salt',
  'pepper',
  'otp',
  'totp',
  'hotp',
  'csrf',
  'xsrf',
  'apikey',
  'credential',
  'credentials',
  'sid',
]);
/** Nouns that are secret only for a security purpose: a reset code, a session id, an invite link. */
const PURPOSE_NOUNS = new Set([
  'code',
  'codes',
  'id',
  'link',
  'url',
  'key',
  'pin',
  'hash',
  'string',
  'str',
  'value',
  'number',
  'num',
  'digits',
  'challenge',
  'state',
  'verifier',
]);
const SECURITY_PURPOSES = new Set([
  'session',
  'reset',
  'verification',
  'verify',
  'confirm',
  'confirmation',
  'invite',
  'invitation',
  'activation',
  'activate',
  'recovery',
  'auth',
  'authentication',
  'authorization',
  'login',
  'signin',
  'magic',
  'mfa',
  '2fa',
  'twofa',
  'security',
  'access',
  'api',
  'oauth',
  'sso',
  'unlock',
  'secret',
  'private',
  'encryption',
  'signing',
  'pkce',
]);
/** Where randomness only needs to look random: visuals, timing, sampling, games, test data. */
const HARMLESS_WORDS = new Set([
  'color',
  'colour',
  'hue',
  'rgb',
  'jitter',
  'delay',
  'backoff',
  'retry',
  'timeout',
  'interval',
  'duration',
  'animation',
  'anim',
  'position',
  'pos',
  'x',
  'y',
  'z',
  'offset',
  'angle',
  'rotation',
  'opacity',
  'width',
  'height',
  'size',
  'radius',
  'shuffle',
  'shuffled',
  'sample',
  'sampling',
  'sampled',
  'mock',
  'fake',
  'dummy',
  'demo',
  'test',
  'seed',
  'game',
  'dice',
  'roll',
  'avatar',
  'placeholder',
  'lorem',
  'quote',
  'tip',
  'index',
  'idx',
  'length',
  'len',
  'count',
  'percent',
  'progress',
  'chance',
  'probability',
  'weight',
  'score',
  'latency',
  'particle',
  'noise',
  'request',
  'trace',
  'span',
  'correlation',
  'cache',
  'nocache',
  'bust',
  'buster',
  'callback',
  'jsonp',
  'boundary',
  'file',
  'filename',
  'tmp',
  'temp',
  'element',
  'dom',
  'css',
  'class',
  'expires',
  'expiry',
  'ttl',
  'tab',
  'window',
  'field',
  'input',
  'label',
  'type',
  'cancel',
  'cancellation',
  'page',
  'pagination',
  'cursor',
  'continuation',
  'lexer',
  'parser',
  'marker',
  'sentinel',
  'delimiter',
  'separator',
]);
const HARMLESS_PATH = /(^|\/)(games?|demos?|playground|sketch(es)?|animations?)\//i;
const VALUE_FUNCTIONS = new Set([
  'Math.floor',
  'Math.round',
  'Math.ceil',
  'Math.trunc',
  'Math.abs',
  'Math.min',
  'Math.max',
  'Number',
  'String',
  'parseInt',
  'String.fromCharCode',
  'String.fromCodePoint',
  'Buffer.from',
  'btoa',
  'encodeURIComponent',
]);
/** Methods that keep the randomness of their receiver or index argument: `.toString(36).slice(2)`, `chars.charAt(i)`. */
const VALUE_METHODS = new Set([
  'toString',
  'substr',
  'substring',
  'slice',
  'padStart',
  'padEnd',
  'toUpperCase',
  'toLowerCase',
  'replace',
  'replaceAll',
  'split',
  'join',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'at',
  'toFixed',
  'repeat',
  'concat',
  'map',
]);
/** Callbacks whose return values make up the result of the call: `Array.from({ length }, () => ...)`. */
const BUILDER_METHODS = new Set(['from', 'map', 'fill', 'replace', 'replaceAll', 'flatMap']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '<<', '>>', '>>>', '**']);
const MAX_STEPS = 24;
/** Uses of a variable followed, and how many variables deep. */
const MAX_READS = 12;
const MAX_HOPS = 2;

/** Where a random value lands, named by words: a variable, key, setter, cookie name or function. */
interface Sink {
  name: string;
  words: string[];
  /** The value is what `fn` returns, and nothing else names it. */
  returnedBy?: FunctionLike;
  /** A local variable that holds the value (`const idx = ...`, `result += ...`): its uses say more. */
  variable?: NodeOfType<'Identifier'>;
}

type Step = { next: AstNode; words?: string[] } | { sink: Sink | null };
const NOWHERE: Step = { sink: null };

function sinkOf(name: string | null, carried: string[] = []): Step {
  return name === null ? NOWHERE : { sink: { name, words: [...nameWords(name), ...carried] } };
}

function variableSink(variable: NodeOfType<'Identifier'>): Step {
  return { sink: { name: variable.name, words: nameWords(variable.name), variable } };
}

/**
 * Reads of local variables in a function (or module), by name, in source order, not counting writes:
 * one walk per scope, however many of its variables are followed (a module that makes several
 * random keys would otherwise be walked once per key).
 */
type ReadIndex = Map<AstNode, Map<string, AstNode[]>>;

/** Reads of a local variable in the function (or module) that declares it, not counting writes to it. */
function readsOf(variable: NodeOfType<'Identifier'>, index: ReadIndex): AstNode[] {
  const scope = enclosingFunction(variable) ?? programOf(variable);
  if (!scope) return [];
  let byName = index.get(scope);
  if (!byName) {
    const names = new Map<string, AstNode[]>();
    forEachDescendant(scope, (node) => {
      if (node.type !== 'Identifier') return undefined;
      const parent = parentOf(node);
      const written =
        (parent?.type === 'AssignmentExpression' && parent.left === node) ||
        (parent?.type === 'VariableDeclarator' && parent.id === node);
      if (written || !isVariableReference(node)) return undefined;
      const reads = names.get(node.name);
      if (reads) reads.push(node);
      else names.set(node.name, [node]);
      return undefined;
    });
    byName = names;
    index.set(scope, byName);
  }
  const reads: AstNode[] = [];
  for (const node of byName.get(variable.name) ?? []) {
    if (node === variable) continue;
    reads.push(node);
    if (reads.length === MAX_READS) break;
  }
  return reads;
}

function programOf(node: AstNode): AstNode | null {
  let current: AstNode | null = node;
  while (current && current.type !== 'Program') current = parentOf(current);
  return current;
}

/** `chars[Math.floor(Math.random() * n)]`, `.toString(36).slice(2)`, `chars.charAt(i)`: the result still carries the value. */
function memberStep(member: NodeOfType<'MemberExpression'>, current: AstNode): Step {
  if (member.computed && member.property === current) return { next: member };
  const call = parentOf(member);
  const method = propertyName(member);
  if (member.object !== current || call?.type !== 'CallExpression' || call.callee !== member) return NOWHERE;
  return method !== null && VALUE_METHODS.has(method) ? { next: call } : NOWHERE;
}

/** A call the value is passed to: a value function keeps it, anything else is where it lands. */
function callStep(call: Call, current: AstNode): Step {
  if (call.callee === current) return NOWHERE;
  const name = calleeName(call);
  if (name !== null && VALUE_FUNCTIONS.has(name)) return { next: call };
  const method = calleeMethod(call);
  const callee = unwrap(call.callee as AstNode);
  // `sessions.push({ id: ... })`: the collection names what goes in.
  if ((method === 'push' || method === 'unshift' || method === 'add') && callee.type === 'MemberExpression') {
    const collection = unwrap(callee.object as AstNode);
    if (collection.type === 'Identifier') return variableSink(collection);
    return sinkOf(dottedName(collection)?.replace(/^this\./, '') ?? null);
  }
  if (method !== null && VALUE_METHODS.has(method)) return { next: call };
  // `res.cookie('sid', value)`, `localStorage.setItem('token', value)`, `setResetCode(value)`.
  const key = call.arguments[0] !== current ? staticString(call.arguments[0] as AstNode) : null;
  if (key !== null) return sinkOf(key);
  return method !== null && /^(set|save|store|send|create)[A-Z]/.test(method) ? sinkOf(method) : NOWHERE;
}

function returnStep(fn: FunctionLike | null): Step {
  if (!fn) return NOWHERE;
  const name = functionName(fn);
  if (name !== null) return { sink: { name, words: nameWords(name), returnedBy: fn } };
  const holder = parentOf(fn);
  if (holder?.type !== 'CallExpression' || holder.callee === fn) return NOWHERE;
  return BUILDER_METHODS.has(calleeMethod(holder) ?? '') ? { next: holder } : NOWHERE;
}

/** Nodes that pass the value on whole: TS wrappers, `await`, either branch of a ternary, templates, arrays. */
const PASS_THROUGH = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'ParenthesizedExpression',
  'ConditionalExpression',
  'TemplateLiteral',
  'ArrayExpression',
  'AwaitExpression',
]);

function step(current: AstNode, parent: AstNode): Step {
  if (PASS_THROUGH.has(parent.type))
    return parent.type === 'ConditionalExpression' && parent.test === current ? NOWHERE : { next: parent };
  return valueStep(current, parent) ?? landingStep(current, parent);
}

/** Operations that compute a new value from the random one; null for anything else. */
function valueStep(current: AstNode, parent: AstNode): Step | null {
  switch (parent.type) {
    case 'BinaryExpression':
      return ARITHMETIC.has(parent.operator) ? { next: parent } : NOWHERE;
    case 'UnaryExpression':
      return parent.operator === '-' || parent.operator === '+' || parent.operator === '~' ? { next: parent } : NOWHERE;
    case 'MemberExpression':
      return memberStep(parent, current);
    case 'CallExpression':
      return callStep(parent, current);
    default:
      return null;
  }
}

/** Places where the value lands under a name: a key, a variable, an assignment, a return value. */
function landingStep(current: AstNode, parent: AstNode): Step {
  switch (parent.type) {
    case 'Property':
      return propertyStep(parent, current);
    case 'VariableDeclarator':
      return parent.init === current && parent.id.type === 'Identifier' ? variableSink(parent.id) : NOWHERE;
    case 'AssignmentExpression': {
      if (parent.right !== current) return NOWHERE;
      const target = unwrap(parent.left as AstNode);
      if (target.type === 'Identifier') return variableSink(target);
      // `result[i] = chars[pos]`: the array holds it.
      const array = target.type === 'MemberExpression' && target.computed ? unwrap(target.object as AstNode) : null;
      if (array?.type === 'Identifier') return variableSink(array);
      return sinkOf(dottedName(target)?.replace(/^this\./, '') ?? null);
    }
    case 'ReturnStatement':
      return returnStep(enclosingFunction(parent));
    case 'ArrowFunctionExpression':
      return parent.body === current ? returnStep(parent) : NOWHERE;
    default:
      return NOWHERE;
  }
}

/** `{ id: Math.random() }` pushed into `sessions`: a neutral key's words join whatever names the object. */
function propertyStep(property: NodeOfType<'Property'>, current: AstNode): Step {
  const key = property.value === current ? propertyName(property) : null;
  if (key === null) return NOWHERE;
  const words = nameWords(key);
  return isSecretName(words) || words.some((w) => HARMLESS_WORDS.has(w))
    ? sinkOf(key)
    : { next: parentOf(property) ?? property, words };
}

/** Follows a random value up through arithmetic, string building and picks from an alphabet to where it lands. */
function findSink(start: AstNode): Sink | null {
  let current = start;
  const carried: string[] = [];
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const parent = parentOf(current);
    if (!parent) return null;
    const next = step(current, parent);
    if ('sink' in next) return next.sink ? { ...next.sink, words: [...next.sink.words, ...carried] } : null;
    if (next.words) carried.push(...next.words);
    current = next.next;
  }
  return null;
}

function isSecretName(names: readonly string[]): boolean {
  // `sessions`, `tokens`, `resetCodes`: the singular decides.
  const words = names.map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  for (let i = 0; i < words.length; i++) {
    if (!PURPOSE_NOUNS.has(words[i] as string)) continue;
    if (words.some((w, j) => j !== i && SECURITY_PURPOSES.has(w))) return true;
  }
  return false;
}

function isHarmless(words: readonly string[]): boolean {
  return words.some((w) => HARMLESS_WORDS.has(w));
}

export default defineRule({
  id: 'insecure-random',
  meta: {
    description:
      'Math.random() used to make a token, password, session id, reset or verification code, nonce, salt or API key: its output is predictable, so the secret can be guessed.',
    category: 'security',
    severity: 'high',
    cwe: [338, 330],
    messages: {
      predictable:
        'Math.random() makes `{{name}}`: it is not a cryptographic generator, and its output can be predicted from a few samples. Use `crypto.randomBytes`, `crypto.randomInt` or `crypto.randomUUID` (`crypto.getRandomValues` in browsers).',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || HARMLESS_PATH.test(context.filename))
      return {};
    const randoms: Call[] = [];
    const readIndex: ReadIndex = new Map();
    let callsByName: Map<string, Call[]> | null = null;

    const callsTo = (program: AstNode, name: string): Call[] => {
      if (!callsByName) {
        const index = new Map<string, Call[]>();
        forEachDescendant(program, (node) => {
          const method = node.type === 'CallExpression' ? calleeMethod(node) : null;
          if (method !== null) index.set(method, [...(index.get(method) ?? []), node as Call]);
          return undefined;
        });
        callsByName = index;
      }
      return callsByName.get(name) ?? [];
    };

    let patternNames: Set<string> | null = null;
    /** Names built into a `RegExp`: a random `TOKEN` there is a placeholder a parser matches, not a secret. */
    const inPattern = (program: AstNode, name: string): boolean => {
      if (!patternNames) {
        const names = new Set<string>();
        forEachDescendant(program, (node) => {
          if ((node.type === 'NewExpression' || node.type === 'CallExpression') && calleeName(node) === 'RegExp') {
            for (const argument of node.arguments)
              forEachDescendant(argument as AstNode, (inner) => {
                if (inner.type === 'Identifier') names.add(inner.name);
                return undefined;
              });
          }
          return undefined;
        });
        patternNames = names;
      }
      return patternNames.has(name);
    };

    /** A secret the value ends up in, judged by name, or null. */
    const judge = (sink: Sink | null, from: AstNode, program: AstNode, hops: number): string | null => {
      if (!sink) return null;
      if (isSecretName(sink.words) && !isHarmless(sink.words)) return inPattern(program, sink.name) ? null : sink.name;
      // `const idx = Math.floor(Math.random() * n); out += chars[idx]`: follow the variable to its uses.
      if (sink.variable && hops < MAX_HOPS) {
        for (const read of readsOf(sink.variable, readIndex)) {
          const found = judge(findSink(read), read, program, hops + 1);
          if (found !== null) return found;
        }
      }
      return isHarmless(sink.words) ? null : byFunction(sink, from, program);
    };

    /** `let result = ''; ... return result;` inside `generateResetCode()`: the function says what it makes. */
    const byFunction = (sink: Sink, from: AstNode, program: AstNode): string | null => {
      const fn = sink.returnedBy ?? enclosingFunction(from);
      const fnName = fn ? functionName(fn) : null;
      const fnWords = fnName === null ? [] : nameWords(fnName);
      if (fnName === null || isHarmless(fnWords)) return null;
      if (isSecretName([...fnWords, ...sink.words])) return fnName;
      if (!sink.returnedBy) return null;
      // `function makeId(n) {...}` called as `const inviteCode = makeId(8)`.
      for (const call of callsTo(program, fnName)) {
        const use = findSink(call);
        if (use && !isHarmless(use.words) && isSecretName(use.words)) return use.name;
      }
      return null;
    };

    return {
      CallExpression(node) {
        // The method first: it is cheaper than the dotted name of every call without arguments.
        if (node.arguments.length === 0 && calleeMethod(node) === 'random' && calleeName(node) === 'Math.random')
          randoms.push(node);
      },
      'Program:exit'(program) {
        for (const random of randoms) {
          const name = judge(findSink(random), random, program as AstNode, 0);
          if (name !== null) context.report({ node: random, messageId: 'predictable', data: { name } });
        }
      },
    };
  },
});
