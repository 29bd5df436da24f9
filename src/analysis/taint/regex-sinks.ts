import { calleeMethod, calleeName, propertyName, staticString, unwrap } from '../ast.js';
import { analyzeRedos, type RedosRisk } from '../regex/redos.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { forEachDescendant } from '../traverse.js';
import type { SinkMatch } from './model.js';
import type { Scope } from './scope.js';

/**
 * Regular expressions with super-linear backtracking as sinks of ReDoS: a long crafted string makes
 * `re.test(s)`, `s.match(re)`, `s.replace(re, ...)` and the like run for seconds or hours. The
 * regex is found where the call names it: a literal, `new RegExp('...')`, a variable bound to one,
 * or a property (`this.rules.heading`, `block.code`) that the file assigns a regex to.
 */

/** Methods that run a regex over a string, and where the string is: the receiver (-1) or argument 0. */
const SUBJECT: ReadonlyMap<string, number> = new Map([
  ['test', 0],
  ['exec', 0],
  ['match', -1],
  ['matchAll', -1],
  ['search', -1],
  ['split', -1],
  ['replace', -1],
  ['replaceAll', -1],
]);

/** Where the string a regex method scans is: -1 for the receiver, 0 for the first argument; null when not a regex method. */
export function regexSubject(method: string | null): number | null {
  return method === null ? null : (SUBJECT.get(method) ?? null);
}

interface Pattern {
  pattern: string;
  flags: string;
}

const MAX_DEPTH = 4;

function literalPattern(node: AstNode): Pattern | null {
  if (node.type !== 'Literal' || !('regex' in node) || !node.regex) return null;
  return node.regex as Pattern;
}

/** `new RegExp('a+b', 'i')`, `RegExp(SOURCE)`: a regex built from constant text. */
function constructedPattern(node: AstNode, scope: Scope | null, depth: number): Pattern | null {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return null;
  if (calleeName(node) !== 'RegExp') return null;
  const [source, flags] = node.arguments as AstNode[];
  const pattern = constantText(source, scope, depth);
  const flagText = flags ? constantText(flags, scope, depth) : '';
  return pattern === null || flagText === null ? null : { pattern, flags: flagText };
}

/** Longest text constant folding builds: patterns are short, and folding must stay cheap. */
const MAX_TEXT = 20_000;

/**
 * The text an expression always has: literals, constants, concatenations, template literals and
 * `[...].join(sep)` of such (`new RegExp('^(' + UNITS.join('|') + ')$')`); null when not constant.
 */
function constantText(node: AstNode | undefined, scope: Scope | null, depth: number): string | null {
  if (!node || depth > MAX_DEPTH * 4) return null;
  const target = unwrap(node);
  const text = staticString(target);
  if (text !== null) return text;
  switch (target.type) {
    case 'Literal':
      return typeof target.value === 'number' ? String(target.value) : null;
    case 'Identifier': {
      const binding = scope?.lookup(target.name);
      return binding && !binding.reassigned && binding.path.length === 0 && binding.kind !== 'param'
        ? constantText(binding.init ?? undefined, scope, depth + 1)
        : null;
    }
    case 'BinaryExpression': {
      if (target.operator !== '+') return null;
      const left = constantText(target.left as AstNode, scope, depth + 1);
      const right = left === null ? null : constantText(target.right as AstNode, scope, depth + 1);
      return right === null || (left as string).length + right.length > MAX_TEXT ? null : `${left}${right}`;
    }
    case 'TemplateLiteral':
      return joinedText(
        target.quasis.flatMap((q, i) => {
          const expression = target.expressions[i] as AstNode | undefined;
          return expression ? [q.value.cooked ?? '', expression] : [q.value.cooked ?? ''];
        }),
        '',
        scope,
        depth,
      );
    case 'ArrayExpression':
      // An array in a string is its elements joined with commas.
      return joinedText(target.elements as (AstNode | null)[], ',', scope, depth);
    case 'CallExpression':
      return joinCall(target, scope, depth);
    default:
      return null;
  }
}

/** `[a, b].join('|')`, `PARTS.join('')`. */
function joinCall(call: NodeOfType<'CallExpression'>, scope: Scope | null, depth: number): string | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'join') return null;
  const separator = call.arguments[0] ? constantText(call.arguments[0] as AstNode, scope, depth + 1) : ',';
  if (separator === null) return null;
  let list = unwrap(callee.object as AstNode);
  if (list.type === 'Identifier' && scope) {
    const binding = scope.lookup(list.name);
    if (!binding?.init || binding.reassigned || binding.path.length > 0) return null;
    list = unwrap(binding.init);
  }
  return list.type === 'ArrayExpression'
    ? joinedText(list.elements as (AstNode | null)[], separator, scope, depth)
    : null;
}

function joinedText(
  parts: readonly (AstNode | string | null)[],
  separator: string,
  scope: Scope | null,
  depth: number,
): string | null {
  const texts: string[] = [];
  let length = 0;
  for (const part of parts) {
    if (part !== null && typeof part !== 'string' && part.type === 'SpreadElement') return null;
    const text = part === null ? '' : typeof part === 'string' ? part : constantText(part, scope, depth + 1);
    if (text === null) return null;
    length += text.length + separator.length;
    if (length > MAX_TEXT) return null;
    texts.push(text);
  }
  return texts.join(separator);
}

/** A regex written directly: a literal or a constructor call with constant text. */
function directPattern(node: AstNode, scope: Scope | null, depth: number): Pattern | null {
  const target = unwrap(node);
  return literalPattern(target) ?? constructedPattern(target, scope, depth);
}

/** Regexes the file assigns to each property name: `{ heading: /.../ }`, `x.heading = /.../`, `this.re = /.../`. */
const propertyTables = new WeakMap<AstNode, Map<string, Pattern[]>>();

function propertyTable(program: AstNode, scope: Scope): Map<string, Pattern[]> {
  let table = propertyTables.get(program);
  if (table) return table;
  const found = new Map<string, Pattern[]>();
  table = found;
  const add = (name: string | null, value: AstNode | null | undefined): void => {
    const pattern = name !== null && value ? directPattern(value, scope, 0) : null;
    if (!pattern || name === null) return;
    const list = found.get(name);
    if (list) list.push(pattern);
    else found.set(name, [pattern]);
  };
  forEachDescendant(program, (node) => {
    if (node.type === 'Property' || node.type === 'PropertyDefinition')
      add(propertyName(node), node.value as AstNode | null);
    else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const left = unwrap(node.left as AstNode);
      if (left.type === 'MemberExpression') add(propertyName(left), node.right as AstNode);
    }
    return undefined;
  });
  propertyTables.set(program, table);
  return table;
}

function moduleScope(scope: Scope): Scope {
  let current = scope;
  while (current.parent) current = current.parent;
  return current;
}

/** The regexes an expression may hold, as far as this file says. */
function patternsOf(node: AstNode, scope: Scope, depth = 0): Pattern[] {
  const target = unwrap(node);
  const direct = directPattern(target, scope, depth);
  if (direct) return [direct];
  if (depth > MAX_DEPTH) return [];
  if (target.type === 'Identifier') {
    const binding = scope.lookup(target.name);
    if (!binding?.init || binding.reassigned || binding.kind === 'param' || binding.path.length > 0) return [];
    return patternsOf(binding.init, scope, depth + 1);
  }
  // `options.loose ? LOOSE_PAIR : PAIR`, `custom || DEFAULT_RE`
  if (target.type === 'ConditionalExpression')
    return [
      ...patternsOf(target.consequent as AstNode, scope, depth + 1),
      ...patternsOf(target.alternate as AstNode, scope, depth + 1),
    ];
  if (target.type === 'LogicalExpression')
    return [
      ...patternsOf(target.left as AstNode, scope, depth + 1),
      ...patternsOf(target.right as AstNode, scope, depth + 1),
    ];
  if (target.type === 'MemberExpression') {
    const name = propertyName(target);
    if (name === null) return [];
    const top = moduleScope(scope);
    return propertyTable(top.node, top).get(name) ?? [];
  }
  return [];
}

/** Analyses are kept per pattern and flags for the whole process: the same regexes recur across files. */
const risks = new Map<string, RedosRisk | null>();
const MAX_CACHED = 10_000;

function riskOf(pattern: Pattern): RedosRisk | null {
  const key = `${pattern.flags}/${pattern.pattern}`;
  let risk = risks.get(key);
  if (risk === undefined) {
    if (risks.size >= MAX_CACHED) risks.clear();
    risk = analyzeRedos(pattern.pattern, pattern.flags);
    risks.set(key, risk);
  }
  return risk;
}

function shown(pattern: Pattern): string {
  const text = pattern.pattern.length > 48 ? `${pattern.pattern.slice(0, 45)}...` : pattern.pattern;
  return `/${text}/${pattern.flags}`;
}

/**
 * The ReDoS sink a regex method call is, when the regex it runs backtracks super-linearly; null
 * otherwise. Asked only when the scanned string carries attacker data (the analysis costs).
 */
export function regexSink(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch | null {
  const method = calleeMethod(call);
  const subject = regexSubject(method);
  const callee = unwrap(call.callee as AstNode);
  if (subject === null || callee.type !== 'MemberExpression') return null;
  const regexNode = subject === 0 ? (callee.object as AstNode) : (call.arguments[0] as AstNode | undefined);
  if (!regexNode || regexNode.type === 'SpreadElement') return null;
  for (const pattern of patternsOf(regexNode, scope)) {
    const risk = riskOf(pattern);
    if (!risk) continue;
    return {
      kind: 'regex',
      name: `${shown(pattern)} in ${method}()`,
      args: [subject],
      requires: 0,
      libraryRequires: 0,
      detail: risk.explanation,
    };
  }
  return null;
}
