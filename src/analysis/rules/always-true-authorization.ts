import type { Class, MethodDefinition } from 'oxc-parser';
import {
  bindingNames,
  type FunctionLike,
  functionName,
  isFunctionLike,
  isLoggingCall,
  isTestDoublePath,
  isVariableReference,
  parentOf,
  unwrap,
} from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

/** Names that promise an access decision. Matched after a `Middleware`/`Guard`/`Handler` suffix is removed. */
const ACCESS_NAMES: readonly RegExp[] = [
  /^(is|has)(Authori[sz]ed|Authenticated|Admin|SuperAdmin|Owner|Role|Roles|AnyRole|Permission|Permissions|Access|Scope|Scopes|ValidToken|ValidSignature|ValidApiKey)$/,
  /^can(Access|Edit|Delete|Manage|Modify|Update|Write|Admin)[A-Z]?\w*$/,
  /^(check|verify|validate|ensure|require|assert)(Auth|Authenticated|Authentication|Authori[sz]ation|Authori[sz]ed|Permission|Permissions|Access|Role|Roles|Admin|Owner|Ownership|Token|AccessToken|Jwt|JWT|Signature|WebhookSignature|ApiKey|APIKey|Session|Scope|Scopes|Credentials|Login|LoggedIn|Hmac|HMAC|Csrf|CSRF|CsrfToken)$/,
  /^(authori[sz]e|authenticate|isLoggedIn|isSignedIn|verifyPassword|checkPassword|comparePassword|protect|adminOnly|authRequired|loginRequired)$/,
  /^(auth|authn|authz|admin|jwt|apiKey|session|role|roles|permission|permissions|acl|rbac)$/i,
];
const NAME_SUFFIX = /(Middleware|Guard|Handler|Fn)$/;
/** Bare nouns like `auth` or `admin` only count as middleware: `authMiddleware`, `adminGuard`. */
const MIDDLEWARE_ONLY =
  /^(auth|authn|authz|admin|jwt|apiKey|session|role|roles|permission|permissions|acl|rbac|protect|adminOnly|authRequired|loginRequired)$/i;
/** Classes that allow everything on purpose (null objects, public policies, dev doubles). */
const PERMISSIVE_CLASS =
  /allow|permit|public|anonymous|noop|null|open|unrestricted|insecure|dev|local|fake|mock|stub|dummy|test/i;
/** Classes that provide a decision as a service; other classes' zero-argument methods describe the instance. */
const SERVICE_CLASS =
  /(Service|Guard|Provider|Manager|Middleware|Policy|Checker|Validator|Verifier|Gate|Client|Auth\w*)$/;
const GUARD_CLASS = /auth|role|admin|permission|jwt|token|access|api.?key|session/i;
const GRANT_KEYS = new Set([
  'valid',
  'isValid',
  'authorized',
  'authorised',
  'allowed',
  'authenticated',
  'granted',
  'ok',
]);

type Verdict = 'returnsTrue' | 'callsNext';

function accessName(fn: FunctionLike): { name: string; middlewareOnly: boolean } | null {
  const full = functionName(fn);
  if (full === null) return null;
  const name = full.slice(full.lastIndexOf('.') + 1);
  const base = name.replace(NAME_SUFFIX, '');
  if (base.length === 0) return null;
  const suffixed = base !== name;
  if (!ACCESS_NAMES.some((pattern) => pattern.test(base))) {
    if (name === 'canActivate') return { name, middlewareOnly: false };
    return null;
  }
  // `auth`, `admin`, `session`... alone name too many things; only a suffix or a `next` makes them middleware.
  return { name, middlewareOnly: MIDDLEWARE_ONLY.test(base) && !suffixed };
}

function isTrueValue(node: AstNode | null | undefined): boolean {
  if (!node) return false;
  const value = unwrap(node);
  if (value.type === 'Literal') return value.value === true;
  if (value.type === 'CallExpression') {
    const callee = unwrap(value.callee as AstNode);
    return (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'Promise' &&
      callee.property.type === 'Identifier' &&
      callee.property.name === 'resolve' &&
      value.arguments.length === 1 &&
      isTrueValue(value.arguments[0] as AstNode)
    );
  }
  if (value.type === 'ObjectExpression') {
    // `{ valid: true, userId: 'demo' }` grants as surely as `true` does.
    return value.properties.some((p) => {
      if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') return false;
      return GRANT_KEYS.has(p.key.name) && isTrueValue(p.value as AstNode);
    });
  }
  return false;
}

function isNextCall(node: AstNode | null | undefined, nextName: string | null): boolean {
  if (!node || nextName === null) return false;
  let value = unwrap(node);
  if (value.type === 'AwaitExpression') value = unwrap(value.argument as AstNode);
  return (
    value.type === 'CallExpression' &&
    value.arguments.length === 0 &&
    value.callee.type === 'Identifier' &&
    value.callee.name === nextName
  );
}

/** Nodes that may decide something this check cannot follow: throwing, constructing, importing, nested classes. */
const UNDECIDED_NODES = new Set([
  'ThrowStatement',
  'YieldExpression',
  'NewExpression',
  'TaggedTemplateExpression',
  'ImportExpression',
  'ClassExpression',
  'ClassDeclaration',
]);

/** The root identifier of `req.user.role`, or null. */
function memberRoot(node: AstNode): string | null {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object as AstNode);
  return current.type === 'Identifier' ? current.name : null;
}

/**
 * Decides whether the function grants access on every path without looking at its arguments. Any
 * call (other than logging and `next()`), `await`, `throw` or read of a parameter means it might
 * decide something, so the answer is then null.
 */
function alwaysGrants(fn: FunctionLike): Verdict | null {
  const params = new Set<string>();
  for (const param of fn.params) for (const n of bindingNames(param as AstNode)) params.add(n);
  const nextName = params.has('next') ? 'next' : null;
  const body = fn.body as AstNode | null;
  if (!body) return null;
  if (body.type !== 'BlockStatement') {
    if (isNextCall(body, nextName)) return 'callsNext';
    return isTrueValue(body) ? 'returnsTrue' : null;
  }
  const statements = body.body as AstNode[];
  if (statements.length === 0) return null;
  let decided = true;
  let trueReturns = 0;
  /** `return true` counts; `return next()` or a bare `return` in middleware passes; anything else decides. */
  const visitReturn = (argument: AstNode | null): false => {
    if (argument && isTrueValue(argument)) {
      trueReturns++;
      return false;
    }
    if (!isNextCall(argument, nextName) && !(argument === null && nextName !== null)) decided = false;
    return false;
  };
  const visit = (node: AstNode): boolean => {
    if (!decided) return false;
    if (isFunctionLike(node) || UNDECIDED_NODES.has(node.type)) {
      decided = false;
      return false;
    }
    switch (node.type) {
      case 'AwaitExpression':
        if (!isNextCall(node, nextName)) decided = false;
        return false;
      case 'CallExpression':
        if (!isNextCall(node, nextName) && !isLoggingCall(node) && !isTrueValue(node)) decided = false;
        return false;
      case 'ReturnStatement':
        return visitReturn(node.argument as AstNode | null);
      case 'AssignmentExpression': {
        // `req.user = { id: 'demo', role: 'admin' }` fakes a session; it does not read the request.
        const root = memberRoot(node.left as AstNode);
        if (node.left.type === 'MemberExpression' && root !== null && params.has(root)) {
          walk(node.right as AstNode);
          return false;
        }
        return true;
      }
      case 'Identifier':
        if (params.has(node.name) && isVariableReference(node)) decided = false;
        return false;
      default:
        return true;
    }
  };
  const walk = (node: AstNode): void => {
    if (visit(node)) forEachDescendant(node, visit);
  };
  walk(body);
  if (!decided) return null;
  if (nextName !== null) {
    // `next()` must run unconditionally: as a statement of the function body itself.
    const callsNext = statements.some(
      (s) =>
        (s.type === 'ExpressionStatement' && isNextCall(s.expression as AstNode, nextName)) ||
        (s.type === 'ReturnStatement' && isNextCall(s.argument as AstNode | null, nextName)),
    );
    if (callsNext && trueReturns === 0) return 'callsNext';
    return null;
  }
  const last = statements[statements.length - 1];
  if (trueReturns === 0 || last?.type !== 'ReturnStatement' || !isTrueValue(last.argument as AstNode | null))
    return null;
  return 'returnsTrue';
}

/** Where to point: the function's name when it has one, so the finding lands on the declaration line. */
function nameNode(fn: FunctionLike): AstNode {
  if (fn.id) return fn.id;
  const parent = parentOf(fn);
  if (parent?.type === 'VariableDeclarator') return parent.id as AstNode;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition')
    return parent.key as AstNode;
  return fn;
}

type ClassNode = Class;

function enclosingClass(fn: FunctionLike): { method: MethodDefinition | null; cls: ClassNode | null } {
  const parent = parentOf(fn);
  if (parent?.type === 'MethodDefinition') {
    const body = parentOf(parent);
    const cls = body ? parentOf(body) : null;
    if (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') return { method: parent, cls };
    return { method: parent, cls: null };
  }
  if (parent?.type === 'PropertyDefinition') {
    const body = parentOf(parent);
    const cls = body ? parentOf(body) : null;
    if (cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression') return { method: null, cls };
  }
  return { method: null, cls: null };
}

export default defineRule({
  id: 'always-true-authorization',
  meta: {
    description:
      'An access check that grants every request: a function named like an authorization or authentication decision that always returns true or always calls next().',
    category: 'reality',
    severity: 'high',
    cwe: [285, 862],
    messages: {
      returnsTrue:
        '`{{name}}` is named as an access check but returns true on every path without examining its arguments: everyone is let in.',
      callsNext:
        '`{{name}}` is named as an access check but always calls next() without examining the request: every request passes.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const check = (fn: FunctionLike): void => {
      const named = accessName(fn);
      if (named === null) return;
      const { method, cls } = enclosingClass(fn);
      if (method && (method.kind === 'get' || method.kind === 'set')) return;
      const className = cls?.id?.name ?? '';
      if (cls && PERMISSIVE_CLASS.test(className)) return;
      if (named.name === 'canActivate' && !(cls && GUARD_CLASS.test(className))) return;
      const parent = parentOf(fn);
      // Route tables give each entry its own policy; a public entry answering true is the design.
      if (parent?.type === 'Property' && parentOf(parentOf(parent) as AstNode)?.type === 'ArrayExpression') return;
      if (fn.params.length === 0) {
        // Without arguments the answer describes the object itself (`AdminUser#isAdmin`), unless a service decides.
        if (parent?.type === 'Property') return;
        if (cls && (cls.superClass !== null || !SERVICE_CLASS.test(className))) return;
      }
      const verdict = alwaysGrants(fn);
      if (verdict === null) return;
      if (named.middlewareOnly && verdict !== 'callsNext') return;
      context.report({ node: nameNode(fn), messageId: verdict, data: { name: named.name } });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});
