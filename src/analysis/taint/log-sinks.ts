import { calleeName, isLoggingCall, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { FLAG_EMBEDDED, type SinkMatch } from './model.js';

/**
 * Log calls as sinks of log injection: attacker text written into a log line can start a forged
 * line with a CR/LF. Only text counts: an object passed as a structured field (`logger.info({ user })`)
 * is serialised with escaping by JSON loggers (pino, winston, bunyan) and by `util.inspect`.
 */

/** Whole parts of a request (`req.body`, `req.query`): objects, printed with `util.inspect`'s escaping. */
const REQUEST_PARTS = new Set(['body', 'query', 'params', 'headers', 'cookies']);

/** Arguments that are structured data rather than text. */
function isStructured(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'ObjectExpression' || target.type === 'ArrayExpression') return true;
  if (target.type !== 'MemberExpression' || unwrap(target.object as AstNode).type !== 'Identifier') return false;
  const name = propertyName(target);
  return name !== null && REQUEST_PARTS.has(name);
}

export function logSinks(call: NodeOfType<'CallExpression' | 'NewExpression'>): SinkMatch[] {
  if (call.type !== 'CallExpression' || !isLoggingCall(call)) return [];
  const args = call.arguments as AstNode[];
  const name = calleeName(call) ?? 'log';
  // `console.log('a', b)` joins its arguments into one line; loggers take a message first.
  const consoleLike = name.startsWith('console.') || name === 'debug' || name === 'log';
  const text: number[] = [];
  const formatted: number[] = [];
  args.forEach((arg, index) => {
    if (isStructured(arg)) return;
    if (index === 0 || consoleLike) text.push(index);
    if (index > 0) formatted.push(index);
  });
  const out: SinkMatch[] = [];
  if (text.length > 0) out.push({ kind: 'log', name, args: text, requires: FLAG_EMBEDDED, libraryRequires: 'never' });
  // `logger.info('user %s logged in', name)`, `console.log('user:', name)`: the value is written raw
  // into the line after the text.
  const lead = staticString(args[0]);
  if (formatted.length > 0 && lead !== null && (consoleLike || /%s/.test(lead)))
    out.push({ kind: 'log', name, args: formatted, requires: 0, libraryRequires: 'never' });
  return out;
}
