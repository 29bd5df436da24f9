import {
  blockBody,
  calleeMethod,
  dottedName,
  isFunctionLike,
  isTestDoublePath,
  parentOf,
  propertyName,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

/** Options that turn certificate checks off when set to the value listed. */
const DISABLING_OPTIONS = new Map<string, boolean>([
  ['rejectUnauthorized', false],
  ['strictSSL', false],
  ['sslValidate', false],
  ['tlsAllowInvalidCertificates', true],
  ['tlsAllowInvalidHostnames', true],
  ['tlsInsecure', true],
]);
const ENV_SWITCH = 'NODE_TLS_REJECT_UNAUTHORIZED';
/** A condition that makes the switch an explicit choice: an `--insecure` flag, a development-only branch. */
const OPT_IN =
  /insecure|unsafe|self.?signed|allow.?(invalid|untrusted|unauthori)|ignore.?(ssl|tls|cert)|skip.?(ssl|tls|verif)|no.?verify|verify.?(ssl|tls|cert)|\bdev\b|development|\blocal(host)?\b|\btest(ing)?\b|NODE_ENV/i;
/** A TLS mode the user picks by name: `switch (sslmode)`, `ssl === 'prefer'` (libpq's modes). */
const SSL_MODE = /ssl.?mode|tls.?mode|verify.?mode|\b(ssl|tls)\w*\s*[!=]==?\s*['"]/i;
const NOOP_NAMES = new Set(['noop', '_.noop', 'lodash.noop', 'Function.prototype']);

/** `false`, `0`, `'0'`, `'false'`, `!1`: the literal forms of "off". */
function literalBoolean(node: AstNode): boolean | null {
  const target = unwrap(node);
  if (target.type === 'Literal') {
    if (typeof target.value === 'boolean') return target.value;
    if (target.value === 0 || target.value === '0' || target.value === 'false') return false;
    if (target.value === 1 || target.value === '1' || target.value === 'true') return true;
    return null;
  }
  if (target.type === 'UnaryExpression' && target.operator === '!') {
    const inner = unwrap(target.argument as AstNode);
    if (inner.type === 'Literal' && typeof inner.value === 'number') return inner.value === 0;
  }
  return null;
}

/** `() => undefined`, `() => {}`, `function () { return null; }`, `noop`: accepts every certificate. */
function acceptsEverything(node: AstNode): boolean {
  const target = unwrap(node);
  if (!isFunctionLike(target)) return NOOP_NAMES.has(dottedName(target) ?? '');
  const body = blockBody(target);
  if (!body) return isNothing(target.body as AstNode);
  return body.body.every(
    (statement) =>
      statement.type === 'EmptyStatement' ||
      (statement.type === 'ReturnStatement' && (!statement.argument || isNothing(statement.argument as AstNode))),
  );
}

function isNothing(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name === 'undefined';
  if (target.type === 'Literal') return target.value === null;
  return target.type === 'UnaryExpression' && target.operator === 'void';
}

type TextOf = (node: AstNode) => string;

/** True when `node` only runs, or only takes effect, under a condition that names an opt-in. */
function behindOptIn(node: AstNode, text: TextOf): boolean {
  let child = node;
  for (let current = parentOf(node); current && !isFunctionLike(current); current = parentOf(current)) {
    if (guardedBy(current, child, text)) return true;
    child = current;
  }
  return false;
}

/** Whether `parent` only lets `child` run under an opt-in condition. */
function guardedBy(parent: AstNode, child: AstNode, text: TextOf): boolean {
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression': {
      if (parent.test === child) return false;
      const test = text(parent.test as AstNode);
      return OPT_IN.test(test) || SSL_MODE.test(test);
    }
    case 'LogicalExpression':
      return parent.right === child && OPT_IN.test(text(parent.left as AstNode));
    case 'SwitchCase': {
      // `switch (config.sslmode) { case 'no-verify': ... }`: a mode the user chose by name.
      if (parent.test === child) return false;
      const owner = parentOf(parent);
      if (owner?.type === 'SwitchStatement' && SSL_MODE.test(text(owner.discriminant as AstNode))) return true;
      return parent.test !== null && OPT_IN.test(text(parent.test as AstNode));
    }
    default:
      return false;
  }
}

export default defineRule({
  id: 'tls-verification-disabled',
  meta: {
    description:
      'TLS certificate verification switched off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0, strictSSL: false, a checkServerIdentity that accepts anything): anyone on the network path can impersonate the server.',
    category: 'security',
    severity: 'high',
    cwe: [295],
    messages: {
      option:
        "`{{name}}: {{value}}` turns off TLS certificate verification: anyone on the network path can read and change this traffic. Trust the server's CA instead (the `ca` option or NODE_EXTRA_CA_CERTS).",
      environment:
        'Setting NODE_TLS_REJECT_UNAUTHORIZED to 0 turns off certificate verification for every TLS connection of the process. Remove it and trust the needed CA with NODE_EXTRA_CA_CERTS.',
      identity:
        '`checkServerIdentity` accepts every certificate, so a certificate for any host passes. Remove it, or return an Error when the check fails.',
      call: "`{{name}}()` turns off TLS certificate verification for this request. Trust the server's CA instead.",
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const report = (
      node: AstNode,
      messageId: 'option' | 'environment' | 'identity' | 'call',
      data?: Record<string, string>,
    ): void => {
      if (!behindOptIn(node, (n) => context.source.getText(n)))
        context.report({ node, messageId, ...(data ? { data } : {}) });
    };
    /** One option by name: `{ rejectUnauthorized: false }` or `agent.options.rejectUnauthorized = false`. */
    const checkOption = (at: AstNode, name: string | null, value: AstNode): void => {
      if (name === null) return;
      if (name === ENV_SWITCH) {
        if (literalBoolean(value) === false) report(at, 'environment');
        return;
      }
      if (name === 'checkServerIdentity') {
        if (acceptsEverything(value)) report(at, 'identity');
        return;
      }
      const disabling = DISABLING_OPTIONS.get(name);
      const actual = disabling === undefined ? null : literalBoolean(value);
      if (actual !== null && actual === disabling) report(at, 'option', { name, value: String(disabling) });
    };
    return {
      Property(node: NodeOfType<'Property'>) {
        if (node.kind === 'init' && parentOf(node)?.type === 'ObjectExpression')
          checkOption(node, propertyName(node), node.value as AstNode);
      },
      AssignmentExpression(node) {
        const target = unwrap(node.left as AstNode);
        if (node.operator === '=' && target.type === 'MemberExpression')
          checkOption(node, propertyName(target), node.right as AstNode);
      },
      CallExpression(node) {
        // superagent: `request.get(url).disableTLSCerts()`.
        if (calleeMethod(node) === 'disableTLSCerts') report(node, 'call', { name: 'disableTLSCerts' });
      },
    };
  },
});
