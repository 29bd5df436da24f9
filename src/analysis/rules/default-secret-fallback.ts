import {
  calleeMethod,
  calleeName,
  dottedName,
  nameWords,
  parentOf,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { holdsProviderSecret } from '../secrets/find-secrets.js';

const SECRET_WORDS = new Set([
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'pass',
  'salt',
  'pepper',
  'token',
  'apikey',
]);
/** Words before `key` that make it a secret key: `API_KEY`, `ENCRYPTION_KEY`, `JWT_KEY`; not `CACHE_KEY`. */
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'encryption',
  'encrypt',
  'signing',
  'sign',
  'hmac',
  'master',
  'session',
  'jwt',
  'auth',
  'access',
  'crypto',
  'cipher',
  'aes',
  'client',
  'app',
  'admin',
  'webhook',
  'service',
]);
/** Values meant for the browser are public by design. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'anon']);
const CONFIG_OBJECT = /^(config|cfg|conf|configuration|options|opts|settings|env|secrets|environment)$/i;
/** `jwt.secret`, `APP_KEY`: a configuration key, not a URL or a header name with slashes. */
const CONFIG_KEY = /^[A-Za-z_][\w.]*$/;
const ENV_PREFIXES = ['process.env.', 'import.meta.env.', 'Bun.env.'];
const ENV_CALLS = new Set(['Deno.env.get', 'env', 'getEnv', 'readEnv', 'requireEnv']);

function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => PUBLIC_WORDS.has(w)) || (words[0] === 'next' && words[1] === 'public')) return false;
  // `SECRET_KEY_BASE`, `API_KEY_VALUE`: the qualifier after the noun does not change what it holds.
  while (words.length > 1 && (words[words.length - 1] === 'base' || words[words.length - 1] === 'value')) words.pop();
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  const previous = words[words.length - 2];
  return last === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous);
}

/** `process.env.JWT_SECRET`, `import.meta.env.VITE_X`, `Deno.env.get('X')`: the variable's name. */
function envName(node: AstNode): string | null {
  const target = unwrap(node);
  if (target.type === 'CallExpression') {
    const callee = calleeName(target);
    return callee !== null && ENV_CALLS.has(callee) ? staticString(target.arguments[0] as AstNode) : null;
  }
  const name = dottedName(target);
  if (name === null) return null;
  for (const prefix of ENV_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return null;
}

/** `config.jwt.secret`, `options.password`: a secret read from configuration. */
function configName(node: AstNode): string | null {
  const name = dottedName(unwrap(node));
  if (name === null || !name.includes('.')) return null;
  const segments = name.split('.');
  return segments.slice(0, -1).some((s) => CONFIG_OBJECT.test(s)) ? (segments[segments.length - 1] ?? null) : null;
}

/** The operands of `a || b || c` (left to right), TS wrappers removed. */
function operands(node: AstNode, out: AstNode[] = []): AstNode[] {
  const target = unwrap(node);
  if (target.type === 'LogicalExpression' && (target.operator === '||' || target.operator === '??')) {
    operands(target.left as AstNode, out);
    operands(target.right as AstNode, out);
  } else out.push(target);
  return out;
}

/** The name the whole expression is stored under: `const jwtSecret = ...`, `{ secret: ... }`. */
function receiverName(node: AstNode): string | null {
  let current = node;
  let parent = parentOf(current);
  while (
    parent?.type === 'LogicalExpression' ||
    parent?.type === 'TSAsExpression' ||
    parent?.type === 'TSNonNullExpression'
  ) {
    current = parent;
    parent = parentOf(current);
  }
  if (!parent) return null;
  if (parent.type === 'VariableDeclarator' && parent.init === current && parent.id.type === 'Identifier')
    return parent.id.name;
  if (parent.type === 'Property' && parent.value === current) return propertyName(parent);
  if (parent.type === 'AssignmentExpression' && parent.right === current) {
    const left = unwrap(parent.left as AstNode);
    return left.type === 'Identifier' ? left.name : left.type === 'MemberExpression' ? propertyName(left) : null;
  }
  return null;
}

function fallbackText(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  const text = staticString(unwrap(node));
  // `process.env.BCRYPT_SALT || '10'` is a cost factor, not a secret.
  if (text === null || text.trim().length === 0 || /^\d{1,3}$/.test(text.trim())) return null;
  return text;
}

export default defineRule({
  id: 'default-secret-fallback',
  meta: {
    description:
      "A secret read from the environment or configuration with a literal fallback (`process.env.JWT_SECRET || 'secret'`): when it is not set, production silently runs with a secret anyone can read.",
    category: 'reality',
    severity: 'high',
    cwe: [1188, 798],
    messages: {
      fallback:
        '`{{name}}` falls back to a hard-coded value ({{length}} characters, not shown) when it is not configured: production then runs with a secret anyone with the source knows. Fail at start-up when it is missing instead.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    const report = (literal: AstNode, name: string, value: string): void => {
      // A real provider key is exposed-secret's finding, whatever the code around it does.
      if (holdsProviderSecret(context.source.text, literal)) return;
      context.report({ node: literal, messageId: 'fallback', data: { name, length: value.length }, redact: [literal] });
    };

    return {
      LogicalExpression(node: NodeOfType<'LogicalExpression'>) {
        if (node.operator !== '||' && node.operator !== '??') return;
        // Only the outermost `a || b || 'x'` is examined, once.
        const parent = parentOf(node);
        if (parent?.type === 'LogicalExpression' && (parent.operator === '||' || parent.operator === '??')) return;
        const parts = operands(node);
        const last = parts[parts.length - 1];
        const value = fallbackText(last);
        if (!last || value === null) return;
        let name: string | null = null;
        let readsEnvironment = false;
        for (const part of parts.slice(0, -1)) {
          const env = envName(part);
          if (env !== null) readsEnvironment = true;
          const candidate = env ?? configName(part);
          if (candidate !== null && isSecretName(candidate)) {
            name = candidate;
            break;
          }
        }
        if (name === null && readsEnvironment) {
          // `const jwtSecret = process.env.AUTH || 'dev'`: the variable says what it holds.
          const receiver = receiverName(node);
          if (receiver !== null && isSecretName(receiver)) name = receiver;
        }
        if (name !== null) report(last, name, value);
      },
      AssignmentPattern(node: NodeOfType<'AssignmentPattern'>) {
        const left = node.left as AstNode;
        if (left.type !== 'Identifier' || !isSecretName(left.name)) return;
        const value = fallbackText(node.right as AstNode);
        if (value !== null) report(node.right as AstNode, left.name, value);
      },
      CallExpression(node) {
        // `config.get('jwt.secret', 'dev')`, `env('APP_KEY', '...')`, `_.get(settings, 'auth.token', '...')`.
        const method = calleeMethod(node);
        if (method !== 'get' && method !== 'env' && method !== 'getEnv' && method !== 'getOrDefault') return;
        const args = node.arguments as AstNode[];
        const keyIndex = args.length === 3 && staticString(args[0]) === null ? 1 : 0;
        if (args.length !== keyIndex + 2) return;
        const key = staticString(args[keyIndex]);
        const fallback = args[keyIndex + 1];
        const value = fallbackText(fallback);
        if (key === null || value === null || !fallback || !CONFIG_KEY.test(key)) return;
        const name = key.split('.').pop() ?? key;
        if (isSecretName(name)) report(fallback, key, value);
      },
    };
  },
});
