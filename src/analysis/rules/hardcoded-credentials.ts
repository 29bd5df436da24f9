import type { PropertyDefinition } from 'oxc-parser';
import { calleeMethod, calleeName, nameWords, parentOf, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { isPlaceholder } from '../secrets/allow-list.js';
import { isShownAsExample, objectHasKey } from '../secrets/code-context.js';
import { holdsProviderSecret } from '../secrets/find-secrets.js';
import { decodeURIComponentSafe } from '../secrets/structure.js';

type Kind = 'password' | 'secret' | 'token' | 'API key' | 'private key' | 'credentials';

/** Words before `key` that make it a secret key (`signingKey`), unlike `cacheKey` or `publicKey`. */
const SECRET_KEY_QUALIFIERS = new Set([
  'secret',
  'private',
  'api',
  'encryption',
  'signing',
  'hmac',
  'master',
  'access',
]);
/** Names that hold something about a credential, not the credential itself. */
const NOT_A_CREDENTIAL = new Set([
  'placeholder',
  'label',
  'hint',
  'example',
  'sample',
  'next',
  'page',
  'cancel',
  'cancellation',
  'continuation',
  'pagination',
  'cursor',
  'design',
  'theme',
  'color',
  'css',
  'style',
  'font',
  'lexer',
  'storage',
  'cookie',
  'param',
  'query',
  'env',
  'public',
  'publishable',
  'anon',
]);
const KNOWN_PREFIX =
  /^(sk_(live|test)_|rk_(live|test)_|whsec_|sk-[A-Za-z0-9]|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA[0-9A-Z]{12}|AIza[0-9A-Za-z_-]{20}|eyJ[A-Za-z0-9_-]{10,}\.|SG\.[A-Za-z0-9_-]{10,}|npm_[A-Za-z0-9]{20})/;
const PUBLIC_PREFIX = /^(pk_(live|test)_|pub-|public-)/;
const PLACEHOLDER =
  /^(your[\s_-]|my[\s_-]?(secret|password|token|key)|<.*>$|\[.*\]$|\{\{.*\}\}$|\$\{|%[sd]|x{3,}$|\*+$|\.{3}|•+$|(todo|tbd|replace[\s_-]?me|insert|enter|example|sample|dummy|placeholder|changeme|change[-_]me|redacted|hidden|none|null|undefined|n\/a)$)/i;
/** Validation rules and messages keyed by field: `{ password: 'required' }`, `'required|min:8'`. */
const VALIDATION_WORD =
  /^(required|optional|invalid|string|text|hidden|visible|show|hide|empty|missing|weak|medium|strong|match|mismatch|confirmed|unique|trim|masked|on|off|new-password|current-password)$|\|/i;
const ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const I18N_KEY = /^[a-z]+([A-Z][a-z]+)*([.:][a-z]+([A-Z][a-z]+)*)+$/;
/** Capitalised words: a label such as `Password` or `Enter your password`. */
const LABEL = /^[A-Z][a-z]+(\s+[A-Za-z]+)*[.:?!]?$/;
const WORD_LIKE = /^[A-Za-z]+([_.:-][A-Za-z]+)*$/;
const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@[^\s@/]+/i;
const AUTHORIZATION_VALUE = /^(Bearer|Basic|Token)\s+(\S+)$/;
/** Calls whose argument is a signing or encryption key. */
const KEY_ARGUMENT: Record<string, number> = {
  'jwt.sign': 1,
  'jwt.verify': 1,
  'jsonwebtoken.sign': 1,
  'jsonwebtoken.verify': 1,
  createHmac: 1,
  'crypto.createHmac': 1,
  createCipheriv: 1,
  'crypto.createCipheriv': 1,
  createDecipheriv: 1,
  'crypto.createDecipheriv': 1,
};
/** The last segments of those names. */
const KEY_METHODS = new Set(Object.keys(KEY_ARGUMENT).map((name) => name.slice(name.lastIndexOf('.') + 1)));

function kindOf(name: string): Kind | null {
  const words = nameWords(name);
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  if (last === undefined || words.some((w) => NOT_A_CREDENTIAL.has(w))) return null;
  if (last === 'password' || last === 'passwd' || last === 'pwd' || last === 'passphrase') return 'password';
  if (last === 'secret') return 'secret';
  if (last === 'apikey') return 'API key';
  if (last === 'token' || last === 'bearer') return 'token';
  if (last === 'credentials' || last === 'credential') return 'credentials';
  if (last === 'key' && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous)) {
    if (previous === 'private') return 'private key';
    if (previous === 'api' || previous === 'access') return 'API key';
    return 'secret';
  }
  return null;
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Literal values that are plainly not a credential: labels, keys, paths, placeholders. */
function isBenign(value: string, name: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4) return true;
  if (PLACEHOLDER.test(trimmed) || ENV_NAME.test(trimmed) || I18N_KEY.test(trimmed) || LABEL.test(trimmed)) return true;
  if (/^[/#.[]/.test(trimmed) || /^https?:\/\//.test(trimmed)) return true;
  const squashed = squash(trimmed);
  return (
    squashed === squash(name) || ['password', 'passwd', 'secret', 'token', 'apikey', 'credentials'].includes(squashed)
  );
}

/** Tokens and API keys are long and mixed; `'access_token'` is the name of a storage slot, not a token. */
function looksLikeToken(value: string): boolean {
  if (PUBLIC_PREFIX.test(value) || isPlaceholder(value)) return false;
  if (KNOWN_PREFIX.test(value)) return true;
  if (value.length < 12 || /\s/.test(value) || WORD_LIKE.test(value)) return false;
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** `'keyboard cat'` is a session secret; `'Enter the secret'` is a label. */
function isPhrase(value: string): boolean {
  return /\s/.test(value) && !/^[a-z]+( [a-z]+){1,2}$/.test(value);
}

function isCredential(kind: Kind, value: string, name: string): boolean {
  if (isBenign(value, name)) return false;
  switch (kind) {
    case 'password':
      return !/\s/.test(value) && !VALIDATION_WORD.test(value);
    case 'secret':
      return !isPhrase(value);
    default:
      return looksLikeToken(value);
  }
}

/** A string value written out in the source (not a fallback, a concatenation or a template with holes). */
function literalText(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  return staticString(unwrap(node));
}

export default defineRule({
  id: 'hardcoded-credentials',
  meta: {
    description:
      'Passwords, secrets, tokens and API keys written into the source, and connection URLs with an embedded password: anyone with the code has them.',
    category: 'reality',
    severity: 'high',
    cwe: [798],
    messages: {
      hardcoded:
        'Hard-coded {{kind}} in `{{name}}` ({{length}} characters, value not shown): anyone with the source has it. Load it from the environment or a secret store and rotate it.',
      urlPassword:
        'Connection URL with an embedded password (value not shown): anyone with the source can connect. Build the URL from environment variables and rotate the password.',
      keyArgument:
        'Hard-coded key passed to `{{name}}` ({{length}} characters, value not shown): tokens signed or data encrypted with it can be forged or read by anyone with the source.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    const text = context.source.text;
    // A literal holding a provider's key is exposed-secret's to report, with the provider named:
    // one secret, one finding. Every report here redacts the literal it is about.
    const report: typeof context.report = (descriptor) => {
      if (!descriptor.redact?.some((span) => holdsProviderSecret(text, span))) context.report(descriptor);
    };

    const check = (name: string | null, valueNode: AstNode | null | undefined, at: AstNode, special?: 'pass'): void => {
      if (name === null || !valueNode) return;
      const value = literalText(valueNode);
      if (value === null) return;
      const kind: Kind | null = special === 'pass' ? 'password' : kindOf(name);
      if (kind === null) {
        if (/^authorization$/i.test(name)) {
          const header = AUTHORIZATION_VALUE.exec(value);
          if (header?.[2] && looksLikeToken(header[2]))
            report({
              node: at,
              messageId: 'hardcoded',
              data: { kind: 'token', name, length: header[2].length },
              redact: [valueNode],
            });
        }
        return;
      }
      if (!isCredential(kind, value, name)) return;
      report({
        node: at,
        messageId: 'hardcoded',
        data: { kind, name, length: value.length },
        redact: [valueNode],
      });
    };

    const checkUrl = (text: string, node: AstNode): void => {
      if (text.length > 2048 || !text.includes('@')) return;
      const match = CREDENTIAL_URL.exec(text);
      if (!match?.[1]) return;
      const password = decodeURIComponentSafe(match[1]);
      if (PLACEHOLDER.test(password) || /^[$%:]/.test(password)) return;
      if (isShownAsExample(node)) return;
      report({ node, messageId: 'urlPassword', redact: [node] });
    };

    return {
      Literal(node) {
        if (typeof node.value === 'string') checkUrl(node.value, node);
      },
      TemplateLiteral(node) {
        const text = staticString(node);
        if (text !== null) checkUrl(text, node);
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier') check(node.id.name, node.init as AstNode | null, node.init as AstNode);
      },
      Property(node) {
        const object = parentOf(node);
        if (object?.type !== 'ObjectExpression' || node.kind !== 'init') return;
        const name = propertyName(node);
        if (name === null) return;
        // Firebase web config keys are public identifiers by design.
        if (name === 'apiKey' && objectHasKey(object, ['authDomain', 'projectId', 'messagingSenderId'])) return;
        const special = name === 'pass' && objectHasKey(object, ['user', 'username', 'login']) ? 'pass' : undefined;
        check(name, node.value as AstNode, node.value as AstNode, special);
      },
      PropertyDefinition(node) {
        // NodeOfType cannot name PropertyDefinition (its `type` is a union), hence the cast.
        const definition = node as unknown as PropertyDefinition;
        const value = definition.value as AstNode | null;
        if (value) check(propertyName(definition as unknown as AstNode), value, value);
      },
      AssignmentExpression(node) {
        if (node.operator !== '=') return;
        const left = unwrap(node.left as AstNode);
        const name =
          left.type === 'Identifier' ? left.name : left.type === 'MemberExpression' ? propertyName(left) : null;
        check(name, node.right as AstNode, node.right as AstNode);
      },
      CallExpression(node) {
        const method = calleeMethod(node);
        if (method === null) return;
        // The dotted name ends with the method; building it for every call of the file costs.
        const name = KEY_METHODS.has(method) ? calleeName(node) : null;
        const index = name === null ? undefined : KEY_ARGUMENT[name];
        if (name !== null && index !== undefined) {
          const argument = node.arguments[index] as AstNode | undefined;
          const value = literalText(argument);
          if (argument && value !== null && value.length > 0 && !ENV_NAME.test(value) && !PLACEHOLDER.test(value))
            report({
              node: argument,
              messageId: 'keyArgument',
              data: { name, length: value.length },
              redact: [argument],
            });
          return;
        }
        // `sgMail.setApiKey('SG....')`, `client.setToken('...')`.
        if (!/^set[A-Z]/.test(method)) return;
        const target = method.slice(3);
        const argument = node.arguments[0] as AstNode | undefined;
        if (argument && node.arguments.length === 1) check(target, argument, argument);
      },
    };
  },
});
