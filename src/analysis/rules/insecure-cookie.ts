import { calleeMethod, dottedName, isTestDoublePath, nameWords, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import {
  callsWithValues,
  literalBoolean,
  loadedModules,
  lowerString,
  optionOf,
  propertyOf,
  rootName,
  type StaticValues,
} from '../static-values.js';

type Call = NodeOfType<'CallExpression'>;
type ObjectNode = NodeOfType<'ObjectExpression'>;
/** A cookie attribute as the code sets it; `unknown` when a value or a spread is decided elsewhere. */
type Flag = 'on' | 'off' | 'absent' | 'unknown';

interface CookieFlags {
  httpOnly: Flag;
  secure: Flag;
  sameSite: string | null;
}

/** Words of a cookie or variable name that mean it holds a session or a credential. */
const SENSITIVE_WORDS = new Set([
  'session',
  'sess',
  'sessionid',
  'sid',
  'ssid',
  'token',
  'auth',
  'authorization',
  'jwt',
  'refresh',
  'credential',
  'credentials',
  'bearer',
  'apikey',
  'remember',
]);
/** Last words that make a name about a credential rather than the credential: `tokenExpiry`, `auth_redirect`. */
const NOT_THE_SECRET = new Set([
  'expiry',
  'expires',
  'expiration',
  'exp',
  'type',
  'name',
  'redirect',
  'return',
  'url',
  'path',
  'state',
  'time',
  'timestamp',
  'at',
  'count',
  'hint',
  'present',
  'exists',
]);
/** Double-submit CSRF cookies must be readable by the page's script, so they go without `httpOnly`. */
const READ_BY_SCRIPT = /csrf|xsrf/i;
const RESPONSE_NAME = /^_?(res|resp|response|reply|rsp|\w*Response|\w*Res)$/;
const KOA_CONTEXT = /^(ctx|context|this)$/;
interface SessionPackage {
  /** Where the cookie settings sit: under `cookie` or at the top level of the options. */
  placement: 'cookie' | 'top';
  /** What a missing `secure` means: never secure, secure on HTTPS requests (the `cookies` package), or secure. */
  secure: Flag;
}
const SESSION_PACKAGES: Record<string, SessionPackage> = {
  'express-session': { placement: 'cookie', secure: 'absent' },
  'cookie-session': { placement: 'top', secure: 'unknown' },
  'koa-session': { placement: 'top', secure: 'unknown' },
  '@fastify/session': { placement: 'cookie', secure: 'on' },
  '@fastify/secure-session': { placement: 'cookie', secure: 'unknown' },
  'fastify-session': { placement: 'cookie', secure: 'on' },
};
const MAYBE_COOKIE = /cookie|session/i;

export default defineRule({
  id: 'insecure-cookie',
  meta: {
    description:
      'Session and authentication cookies set without `httpOnly` or `secure`, or with `sameSite: "none"` but not `secure`, through res.cookie, Koa, Fastify, Next.js, Set-Cookie headers and session middleware.',
    category: 'security',
    severity: 'medium',
    cwe: [614, 1004, 1275],
    messages: {
      cookieFlags:
        'Cookie `{{name}}` holds a session or credential but is set without {{missing}}: {{why}}. Set `httpOnly: true` and `secure: true`.',
      sessionFlag:
        'The session cookie is configured with `{{setting}}`: {{why}} Remove it (the middleware defaults are safe) or enable it only for local development.',
      sameSiteNone:
        "Cookie `{{name}}` is set with `sameSite: 'none'` but without `secure: true`: current browsers drop it and older ones send it with every cross-site request (CSRF). Add `secure: true`, or use `sameSite: 'lax'`.",
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_COOKIE.test(text)) return {};

    const reportCookie = (name: string, flags: CookieFlags, at: AstNode): void => {
      if (flags.sameSite === 'none' && flags.secure !== 'on' && flags.secure !== 'unknown') {
        context.report({ node: at, messageId: 'sameSiteNone', data: { name } });
        return;
      }
      const missing: string[] = [];
      const why: string[] = [];
      if ((flags.httpOnly === 'off' || flags.httpOnly === 'absent') && !READ_BY_SCRIPT.test(name)) {
        missing.push('`httpOnly`');
        why.push('any script injected into the page (XSS) can read and steal it');
      }
      if ((flags.secure === 'off' || flags.secure === 'absent') && !/^__(Host|Secure)-/.test(name)) {
        missing.push('`secure`');
        why.push('the browser sends it over plain HTTP too, where anyone on the network can read it');
      }
      if (missing.length === 0) return;
      context.report({
        node: at,
        messageId: 'cookieFlags',
        data: { name, missing: missing.join(' and '), why: why.join(', and ') },
      });
    };

    const checkSession = (options: ObjectNode | null, pkg: SessionPackage, values: StaticValues): void => {
      const cookie =
        pkg.placement === 'cookie' && options ? values.objectOf(optionOf(options, 'cookie').value) : options;
      if (!cookie) return;
      const httpOnly = propertyOf(cookie, 'httpOnly');
      if (httpOnly && literalBoolean(values.resolve(httpOnly.value as AstNode)) === false)
        context.report({
          node: httpOnly,
          messageId: 'sessionFlag',
          data: { setting: 'httpOnly: false', why: 'any script injected into the page (XSS) can read the session id.' },
        });
      const secure = propertyOf(cookie, 'secure');
      // The express-session README sets `secure: false` and turns it on in production: `sess.cookie.secure = true`.
      if (secure && literalBoolean(values.resolve(secure.value as AstNode)) === false && !/\.secure\s*=[^=]/.test(text))
        context.report({
          node: secure,
          messageId: 'sessionFlag',
          data: {
            setting: 'secure: false',
            why: 'the session id also travels over plain HTTP, where anyone on the network can take over the session.',
          },
        });
      const sameSite = optionOf(cookie, 'sameSite').value;
      // With `secure: false` written out, the finding above already says it.
      if (
        sameSite &&
        lowerString(values, sameSite) === 'none' &&
        cookieFlag(cookie, 'secure', pkg.secure, values) === 'absent'
      )
        context.report({ node: sameSite, messageId: 'sameSiteNone', data: { name: 'session' } });
    };

    return callsWithValues(text, (calls, values, program) => {
      // Resolving every callee costs; only a file that loads a session package can configure one.
      const modules = loadedModules(program, calls);
      const mayConfigureSession = Object.keys(SESSION_PACKAGES).some((name) => modules.has(name));
      for (const call of calls) {
        const session = mayConfigureSession ? sessionConfiguration(call, values) : null;
        if (session) {
          checkSession(session.options, session.pkg, values);
          continue;
        }
        const cookie = cookieSet(call, values, text);
        if (cookie) reportCookie(cookie.name, cookie.flags, call);
      }
    });
  },
});

/** Session middleware options: `session({...})`, `cookieSession({...})`, `app.register(fastifySession, {...})`. */
function sessionConfiguration(
  call: Call,
  values: StaticValues,
): { options: ObjectNode | null; pkg: SessionPackage } | null {
  const method = calleeMethod(call);
  let plugin: AstNode = call.callee as AstNode;
  let optionsArguments = call.arguments as AstNode[];
  if (method === 'register' && call.arguments[0]) {
    plugin = call.arguments[0] as AstNode;
    optionsArguments = call.arguments.slice(1) as AstNode[];
  }
  const ref = values.moduleOf(plugin);
  const pkg = ref && ref.path.length === 0 ? SESSION_PACKAGES[ref.module] : undefined;
  if (!pkg) return null;
  // `koa-session` takes `(options, app)` and, in old versions, `(app, options)`.
  const options = optionsArguments.map((a) => values.objectOf(a)).find((o) => o !== null) ?? null;
  return { options, pkg };
}

/** A cookie written by a response: its name and attributes, or null when the cookie is not sensitive. */
function cookieSet(call: Call, values: StaticValues, text: string): { name: string; flags: CookieFlags } | null {
  const method = calleeMethod(call);
  if (method === 'cookie' || method === 'setCookie') return responseCookie(call, values, text);
  if (method === 'set') return cookieStoreSet(call, values, text);
  if (method === 'serialize') {
    const ref = values.moduleOf(call.callee as AstNode);
    return ref?.module === 'cookie' ? namedCookie(call, values, text, 'none') : null;
  }
  return setCookieHeader(call, values);
}

/** Express `res.cookie(name, value, options)`, Fastify `reply.setCookie(...)`: nothing is on by default. */
function responseCookie(call: Call, values: StaticValues, text: string): { name: string; flags: CookieFlags } | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const root = rootName(callee.object as AstNode);
  if (root === null || !RESPONSE_NAME.test(root)) return null;
  return namedCookie(call, values, text, 'none');
}

/**
 * `ctx.cookies.set(name, value, options)` in Koa (httpOnly by default, secure on HTTPS requests) and
 * Next.js `cookies().set(...)` / `response.cookies.set(...)` (no defaults, also `set({ name, value, ... })`).
 */
function cookieStoreSet(call: Call, values: StaticValues, text: string): { name: string; flags: CookieFlags } | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const store = unwrap(callee.object as AstNode);
  const isStore =
    (store.type === 'MemberExpression' && propertyName(store) === 'cookies') ||
    (store.type === 'CallExpression' && dottedName(store.callee as AstNode) === 'cookies') ||
    (store.type === 'AwaitExpression' && unwrap(store.argument as AstNode).type === 'CallExpression');
  if (!isStore) return null;
  const koa = store.type === 'MemberExpression' && KOA_CONTEXT.test(rootName(store) ?? '');
  const first = call.arguments[0] as AstNode | undefined;
  const object = first ? values.objectOf(first) : null;
  if (object && !koa) {
    const name = staticString(optionOf(object, 'name').value);
    if (name === null || !isSensitiveName(name)) return null;
    return { name, flags: flagsOf(object, true, 'none', values) };
  }
  return namedCookie(call, values, text, koa ? 'koa' : 'none');
}

/** Reads `(name, value, options)`: the cookie counts when its name, or the value's name, is about a credential. */
function namedCookie(
  call: Call,
  values: StaticValues,
  text: string,
  defaults: 'none' | 'koa',
): { name: string; flags: CookieFlags } | null {
  const [nameNode, valueNode, optionsNode] = call.arguments as (AstNode | undefined)[];
  if (!nameNode || !valueNode || nameNode.type === 'SpreadElement') return null;
  const options = optionsNode ? values.objectOf(optionsNode) : null;
  if (isClearing(valueNode, options, values)) return null;
  const literal = staticString(values.resolve(nameNode));
  const label = literal ?? dottedName(nameNode);
  if (!(label !== null && isSensitiveName(label)) && !holdsCredential(valueNode)) return null;
  const name = literal ?? text.slice(nameNode.start, Math.min(nameNode.end, nameNode.start + 40));
  return { name, flags: flagsOf(options, optionsNode === undefined || options !== null, defaults, values) };
}

/** Writing an empty value, or one that expires at once, is how a cookie is deleted. */
function isClearing(value: AstNode, options: ObjectNode | null, values: StaticValues): boolean {
  const target = unwrap(value);
  if (staticString(target) === '' || (target.type === 'Literal' && target.value === null)) return true;
  if (target.type === 'Identifier' && target.name === 'undefined') return true;
  if (!options) return false;
  const maxAge = optionOf(options, 'maxAge').value;
  const expires = optionOf(options, 'expires').value;
  const resolved = maxAge ? values.resolve(maxAge) : null;
  if (resolved?.type === 'Literal' && typeof resolved.value === 'number' && resolved.value <= 0) return true;
  return (
    expires?.type === 'NewExpression' && /^0+$|^1$/.test(String((expires.arguments[0] as { value?: unknown })?.value))
  );
}

function flagsOf(
  options: ObjectNode | null,
  visible: boolean,
  defaults: 'none' | 'koa',
  values: StaticValues,
): CookieFlags {
  if (!visible) return { httpOnly: 'unknown', secure: 'unknown', sameSite: null };
  // Koa's cookies are httpOnly unless told otherwise, and secure whenever the request came over HTTPS.
  const httpOnly = cookieFlag(options, 'httpOnly', defaults === 'koa' ? 'on' : 'absent', values);
  const secure = cookieFlag(options, 'secure', defaults === 'koa' ? 'unknown' : 'absent', values);
  const sameSite = options ? lowerString(values, optionOf(options, 'sameSite').value) : null;
  return { httpOnly, secure, sameSite };
}

function cookieFlag(options: ObjectNode | null, name: string, absent: Flag, values: StaticValues): Flag {
  if (!options) return absent;
  const { value, known } = optionOf(options, name);
  if (value === null) return known ? absent : 'unknown';
  const flag = literalBoolean(values.resolve(value));
  return flag === null ? 'unknown' : flag ? 'on' : 'off';
}

/** `res.setHeader('Set-Cookie', 'session=' + id + '; Path=/; HttpOnly')`, with the attributes written out. */
function setCookieHeader(call: Call, values: StaticValues): { name: string; flags: CookieFlags } | null {
  const method = calleeMethod(call);
  if (method !== 'setHeader' && method !== 'header' && method !== 'set' && method !== 'append') return null;
  const [header, value] = call.arguments as (AstNode | undefined)[];
  if (!header || !value || lowerString(values, header) !== 'set-cookie') return null;
  const text = joinedText(unwrap(value));
  if (text === null) return null;
  const equals = text.indexOf('=');
  const name = text.slice(0, equals);
  if (equals <= 0 || name.includes('\u0000') || !isSensitiveName(name)) return null;
  const semicolon = text.indexOf(';', equals);
  const attributes = semicolon < 0 ? '' : text.slice(semicolon).toLowerCase();
  // An expression among the attributes may add the missing ones.
  if (attributes.includes('\u0000')) return null;
  const sameSite = /;\s*samesite=(\w+)/.exec(attributes)?.[1] ?? null;
  return {
    name,
    flags: {
      httpOnly: /;\s*httponly\b/.test(attributes) ? 'on' : 'absent',
      secure: /;\s*secure\b/.test(attributes) ? 'on' : 'absent',
      sameSite,
    },
  };
}

/** The text of a string, template or `+` concatenation, with `\u0000` where an expression goes. */
function joinedText(node: AstNode): string | null {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : null;
  if (node.type === 'TemplateLiteral') {
    let text = '';
    node.quasis.forEach((quasi, index) => {
      text += (quasi.value.cooked ?? '') + (index < node.expressions.length ? '\u0000' : '');
    });
    return text;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = joinedText(unwrap(node.left as AstNode));
    if (left === null) return null;
    return left + (joinedText(unwrap(node.right as AstNode)) ?? '\u0000');
  }
  return null;
}

function isSensitiveName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || NOT_THE_SECRET.has(last)) return false;
  if (words.includes('api') && words.includes('key')) return true;
  return words.some((word) => SENSITIVE_WORDS.has(word));
}

/** A value named like a credential: `token`, `session.id`, `jwt.sign(...)`, `createAccessToken(user)`. */
function holdsCredential(value: AstNode): boolean {
  const target = unwrap(value);
  const name = target.type === 'CallExpression' ? dottedName(target.callee as AstNode) : dottedName(target);
  return name !== null && isSensitiveName(name.replace(/^(this|req|request|ctx)\./, ''));
}
