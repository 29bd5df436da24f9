import { calleeMethod, dottedName, nameWords, unwrap } from './ast.js';
import type { AstNode, NodeOfType } from './rule.js';

/**
 * What a name says a value is, for the crypto rules: a password, a secret key. Names are judged by
 * their words (`hashedPassword` is hash + password), so `resetPasswordToken` is a token, not a password.
 */

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode', 'pword']);
/** `userPass`, `newPass`: `pass` alone is too common a word (`passCount`, `bypass`) to count elsewhere. */
const PASS_QUALIFIERS = new Set([
  'user',
  'new',
  'old',
  'plain',
  'raw',
  'admin',
  'login',
  'db',
  'my',
  'current',
  'root',
]);
/** Words that make a password-named value something about the password, not the password itself. */
const ABOUT_A_PASSWORD = new Set([
  'token',
  'reset',
  'hash',
  'hashed',
  'digest',
  'salt',
  'salted',
  'policy',
  'length',
  'len',
  'hint',
  'label',
  'field',
  'input',
  'placeholder',
  'regex',
  'pattern',
  'rule',
  'rules',
  'strength',
  'score',
  'min',
  'max',
  'expires',
  'expiry',
  'expiration',
  'changed',
  'updated',
  'date',
  'time',
  'at',
  'count',
  'attempts',
  'error',
  'errors',
  'message',
  'msg',
  'url',
  'link',
  'path',
  'id',
  'type',
  'visible',
  'shown',
  'show',
  'hidden',
  'toggle',
  'icon',
  'algorithm',
  'iterations',
  'version',
  'required',
  'mode',
  'encrypted',
  'enc',
  'cipher',
  'crypt',
  'bcrypt',
  'argon',
  'argon2',
  'scrypt',
  'pbkdf2',
  'schema',
  'validator',
  'dto',
  'form',
  'email',
  'sent',
]);
/** Words before `key` that make it a secret: `appKey` and `signingKey` sign things, `cacheKey` does not. */
const SECRET_KEY_QUALIFIERS = new Set([
  'secret',
  'private',
  'api',
  'app',
  'signing',
  'sign',
  'hmac',
  'merchant',
  'partner',
  'client',
  'access',
  'master',
  'shared',
  'mch',
]);

/** True for names of passwords: `password`, `req.body.pwd`, `newPassword`, `userPass`; not `passwordHash`, `resetPasswordToken`. */
export function isPasswordName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => ABOUT_A_PASSWORD.has(w))) return false;
  if (words.some((w) => PASSWORD_WORDS.has(w))) return true;
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  return last === 'pass' && (words.length === 1 || (previous !== undefined && PASS_QUALIFIERS.has(previous)));
}

/** True for names of a stored password hash: `passwordHash`, `hashedPassword`, `user.password`, `pwdDigest`. */
export function isPasswordHashName(name: string): boolean {
  const words = nameWords(name);
  if (!words.some((w) => PASSWORD_WORDS.has(w))) return false;
  const about = words.filter((w) => ABOUT_A_PASSWORD.has(w));
  return about.every((w) => w === 'hash' || w === 'hashed' || w === 'digest');
}

/** True for names of a secret key: `secret`, `appSecret`, `API_SECRET`, `signKey`, `merchantKey`; not `cacheKey`, `publicKey`. */
export function isSecretKeyName(name: string): boolean {
  const words = nameWords(name);
  if (words.includes('public') || words.includes('pub')) return false;
  const last = words[words.length - 1];
  if (last === 'secret' || last === 'appsecret' || last === 'apisecret' || last === 'secretkey') return true;
  const previous = words[words.length - 2];
  return (last === 'key' || last === 'salt') && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous);
}

/**
 * The name a value is known by in the source: the last segment of `req.body.password` or
 * `this.secret`, an identifier's own name, the text of a string used as a key. Null for anything
 * computed.
 */
export function valueName(node: AstNode): string | null {
  const target = unwrap(node);
  const name = dottedName(target);
  if (name === null) return null;
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Calls that carry their first argument (or receiver) into the bytes hashed unchanged in meaning. */
const CONVERSIONS = new Set([
  'from',
  'encode',
  'toString',
  'trim',
  'normalize',
  'concat',
  'join',
  'String',
  'stringify',
]);
const MAX_DEPTH = 6;

/** The password-named value inside a hashed expression: `password`, `salt + password`, `Buffer.from(pwd)`. */
function passwordIn(node: AstNode, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  const target = unwrap(node);
  switch (target.type) {
    case 'Identifier':
    case 'MemberExpression': {
      const name = valueName(target);
      return name !== null && isPasswordName(name) ? name : null;
    }
    case 'BinaryExpression':
      return target.operator === '+'
        ? (passwordIn(target.left as AstNode, depth + 1) ?? passwordIn(target.right as AstNode, depth + 1))
        : null;
    case 'TemplateLiteral':
      return firstPassword(target.expressions as AstNode[], depth);
    case 'ArrayExpression':
      return firstPassword(target.elements.filter((e) => e !== null) as AstNode[], depth);
    case 'CallExpression':
      return conversionPassword(target, depth);
    default:
      return null;
  }
}

function firstPassword(nodes: readonly AstNode[], depth: number): string | null {
  for (const node of nodes) {
    const found = passwordIn(node, depth + 1);
    if (found) return found;
  }
  return null;
}

/** `Buffer.from(password, 'utf8')`, `password.normalize()`, `[salt, password].join('')`. */
function conversionPassword(call: NodeOfType<'CallExpression'>, depth: number): string | null {
  const method = calleeMethod(call);
  if (method === null || !CONVERSIONS.has(method)) return null;
  const callee = unwrap(call.callee as AstNode);
  const parts = [...(call.arguments as AstNode[])];
  if (callee.type === 'MemberExpression') parts.push(callee.object as AstNode);
  return firstPassword(parts, depth);
}

/** The first password-named value among expressions that are hashed or encoded together, or null. */
export function passwordAmong(nodes: readonly AstNode[]): string | null {
  return firstPassword(nodes, -1);
}
