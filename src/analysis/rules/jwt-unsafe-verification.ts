import {
  bindingNames,
  calleeMethod,
  enclosingFunction,
  type FunctionLike,
  functionName,
  isFunctionLike,
  isTestDoublePath,
  nameWords,
  parentOf,
  propertyName,
  requestHandlerInfo,
  unwrap,
} from '../ast.js';
import { valueName } from '../crypto-names.js';
import { constantText, objectLiteralOf, objectProperty } from '../crypto-values.js';
import { isJwtModule, type JwtCall, jwtCall } from '../jwt-calls.js';
import { calleeNameFilter, declarationOf, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

type Call = NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>;
type MessageId = 'noneAlgorithm' | 'unsignedToken' | 'decodedTrusted' | 'algorithmConfusion';

const CANDIDATES = new Set([
  'sign',
  'verify',
  'decode',
  'decodeJwt',
  'UnsecuredJWT',
  'register',
  'registerAsync',
  'JwtService',
]);
/** Claims read to schedule a refresh or pick a key, not to decide who the caller is. */
const BENIGN_CLAIMS = new Set(['exp', 'iat', 'nbf', 'header', 'kid', 'alg', 'typ', 'iss', 'jti', 'jku', 'x5u']);
/** Where an authenticated identity is kept: `req.user`, `res.locals.auth`, `ctx.state.claims`. */
const IDENTITY_TARGETS = new Set([
  'user',
  'currentUser',
  'auth',
  'claims',
  'principal',
  'identity',
  'session',
  'account',
  'userId',
  'uid',
  'role',
  'roles',
  'permissions',
  'scope',
  'scopes',
  'tenant',
  'tenantId',
  'isAdmin',
  'admin',
]);
const ID_CLAIMS = new Set(['id', 'sub', 'userId', 'user_id', 'uid', 'email', 'username']);
const LOOKUP = /^(find|get|load|fetch|select|query)/i;
const AUTH_WORDS = new Set([
  'auth',
  'authenticate',
  'authenticated',
  'authorize',
  'authorized',
  'authorization',
  'guard',
  'protect',
  'protected',
  'require',
  'current',
  'user',
  'principal',
  'identity',
  'activate',
  'admin',
  'permission',
  'permissions',
  'role',
  'session',
  'middleware',
]);
const REQUEST_TEXT = /\b(req|request|ctx|context|event)\b|headers|authorization|cookies/i;
const BROWSER_TEXT = /localStorage|sessionStorage|document\.cookie|Cookies\.get|AsyncStorage|SecureStore/;
const CLIENT_FILE = /\.[jt]sx$|(^|\/)(web|client|frontend|public|components)\//;
/** A key that is public: tokens signed with any algorithm the key type allows are accepted without a pin. */
const PUBLIC_KEY_WORDS = new Set(['public', 'pub', 'pem', 'cert', 'certificate', 'jwks', 'jwk', 'x509', 'spki']);

interface Use {
  node: AstNode;
  text: string;
}

/** `algorithms: ['HS256', 'none']`: the options of verify calls and middleware that accept unsigned tokens. */
function acceptsNone(options: AstNode | null): AstNode | null {
  const object = options ? objectLiteralOf(options) : null;
  const property = object ? objectProperty(object.node, 'algorithms') : null;
  const list = property ? unwrap(property.value as AstNode) : null;
  if (!property || list?.type !== 'ArrayExpression') return null;
  return list.elements.some((e) => e !== null && constantText(e as AstNode) === 'none') ? property : null;
}

function signsWithNone(options: AstNode | null): AstNode | null {
  const object = options ? objectLiteralOf(options) : null;
  const property = object ? objectProperty(object.node, 'algorithm') : null;
  return property && constantText(property.value as AstNode) === 'none' ? property : null;
}

/** jsonwebtoken's `verify(token, publicKeyOrJwksCallback)` with no `algorithms` pinned. */
function unpinnedPublicKey(jwt: JwtCall): boolean {
  if (jwt.library !== 'jsonwebtoken' || jwt.operation !== 'verify' || !jwt.key) return false;
  const options = jwt.options ? objectLiteralOf(jwt.options) : null;
  if (options && objectProperty(options.node, 'algorithms')) return false;
  return looksPublic(jwt.key);
}

function looksPublic(key: AstNode): boolean {
  const target = unwrap(key);
  const name = target.type === 'CallExpression' ? calleeMethod(target) : valueName(target);
  if (name !== null && nameWords(name).some((w) => PUBLIC_KEY_WORDS.has(w) || w === 'getsigningkey')) return true;
  if (target.type !== 'Identifier') return false;
  // `function getKey(header, cb) { client.getSigningKey(header.kid, ...) }` (jwks-rsa).
  const declaration = declarationOf(target);
  const fn =
    declaration?.kind === 'function'
      ? declaration.node
      : declaration?.kind === 'variable' && declaration.declarator.init
        ? unwrap(declaration.declarator.init as AstNode)
        : null;
  return fn !== null && isFunctionLike(fn) && callsSigningKey(fn);
}

function callsSigningKey(fn: AstNode): boolean {
  let found = false;
  forEachDescendant(fn, (node) => {
    if (node.type === 'CallExpression' && /^getSigningKey/.test(calleeMethod(node) ?? '')) found = true;
    return !found;
  });
  return found;
}

/** True when a call in `fn` verifies something: `jwt.verify`, `jwtVerify`, `verifyToken`, `this.verifyAsync`. */
function verifiesIn(fn: AstNode): boolean {
  let found = false;
  forEachDescendant(fn, (node) => {
    if (node.type === 'CallExpression' && /verify/i.test(calleeMethod(node) ?? '')) found = true;
    return !found;
  });
  return found;
}

/**
 * `if (user.refreshToken !== token)`: the whole token is checked against a stored copy, so its
 * claims are as good as the server's own record.
 */
function comparesToken(fn: AstNode, token: AstNode | undefined): boolean {
  const target = token ? unwrap(token) : null;
  if (target?.type !== 'Identifier') return false;
  let found = false;
  forEachDescendant(fn, (node) => {
    if (node.type !== 'BinaryExpression' || !/^[!=]==?$/.test(node.operator)) return !found;
    const sides = [unwrap(node.left as AstNode), unwrap(node.right as AstNode)];
    if (sides.some((side) => side.type === 'Identifier' && side.name === target.name)) found = true;
    return !found;
  });
  return found;
}

/** Code that answers requests on a server: a handler or middleware, an auth-named function, a token read from the request. */
function onServer(fn: FunctionLike, call: Call, text: (node: AstNode) => string): boolean {
  if (BROWSER_TEXT.test(text(fn))) return false;
  const token = call.arguments[0] as AstNode | undefined;
  if (token && REQUEST_TEXT.test(text(token))) return true;
  for (let current: FunctionLike | null = fn; current; current = enclosingFunction(current)) {
    if (requestHandlerInfo(current)) return true;
    if (current.params.some((p) => p.type === 'Identifier' && /^(req|request|ctx|context|next)$/.test(p.name)))
      return true;
    if (isAuthFunction(current)) return true;
  }
  return false;
}

function isAuthFunction(fn: FunctionLike): boolean {
  const name = functionName(fn);
  return name !== null && nameWords(name).some((w) => AUTH_WORDS.has(w));
}

/** Names the decoded token (or its claims) is bound to: `const decoded = ...`, `const { role, sub } = ...`. */
function boundNames(call: Call): { whole: string[]; claims: string[] } {
  let current: AstNode = call;
  let parent = parentOf(current);
  while (
    parent &&
    (parent.type === 'AwaitExpression' || unwrap(parent) !== parent || parent.type === 'TSAsExpression')
  ) {
    current = parent;
    parent = parentOf(current);
  }
  if (parent?.type !== 'VariableDeclarator' || parent.init !== current) return { whole: [], claims: [] };
  const id = parent.id as AstNode;
  if (id.type === 'Identifier') return { whole: [id.name], claims: [] };
  return { whole: [], claims: bindingNames(id).filter((n) => !BENIGN_CLAIMS.has(n)) };
}

/** The claim a reference reads: `decoded.role` gives role; a destructured claim is its own name. */
function readClaim(reference: AstNode, isWhole: boolean): { node: AstNode; claim: string } | null {
  if (!isWhole) return { node: reference, claim: (reference as { name: string }).name };
  let node = reference;
  let parent = parentOf(node);
  // `decoded.payload.role`, `decoded?.user?.role`: the last static name decides.
  let claim: string | null = null;
  while (parent?.type === 'MemberExpression' && parent.object === node) {
    claim = propertyName(parent);
    node = parent;
    parent = parentOf(node);
    if (claim !== null && BENIGN_CLAIMS.has(claim)) return null;
  }
  return claim === null ? null : { node, claim };
}

/** A claim that takes part in a condition: `if (decoded.role === 'admin')`, `roles.includes('admin') ? ...`. */
function inCondition(node: AstNode): boolean {
  let current = node;
  for (let parent = parentOf(current); parent; parent = parentOf(current)) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test === current)
      return true;
    if (parent.type === 'BinaryExpression' && /^([!=]==?|[<>]=?)$/.test(parent.operator)) return true;
    const climbs =
      parent.type === 'MemberExpression' ||
      parent.type === 'ChainExpression' ||
      parent.type === 'LogicalExpression' ||
      (parent.type === 'UnaryExpression' && parent.operator === '!') ||
      (parent.type === 'CallExpression' && parent.callee === current);
    if (!climbs) return false;
    if (parent.type === 'CallExpression' && calleeMethod(parent) === 'includes') return true;
    current = parent;
  }
  return false;
}

/** `req.user = decoded`, `res.locals.userId = decoded.sub`. */
function storedAsIdentity(node: AstNode): string | null {
  let current = node;
  let parent = parentOf(current);
  while (
    parent &&
    (parent.type === 'ObjectExpression' || parent.type === 'Property' || parent.type === 'SpreadElement')
  ) {
    current = parent;
    parent = parentOf(current);
  }
  if (parent?.type !== 'AssignmentExpression' || parent.right !== current) return null;
  const target = valueName(parent.left as AstNode);
  return target !== null && IDENTITY_TARGETS.has(target) ? target : null;
}

function returnedAsUser(node: AstNode, fn: FunctionLike): boolean {
  const parent = parentOf(node);
  const returned =
    (parent?.type === 'ReturnStatement' && enclosingFunction(parent) === fn) ||
    (parent?.type === 'ArrowFunctionExpression' && parent === fn && parent.body === node);
  if (returned) return isAuthFunction(fn) || requestHandlerInfo(fn) !== null;
  // Passport-style `done(null, decoded)`.
  return (
    parent?.type === 'CallExpression' &&
    parent.arguments[1] === node &&
    /^(done|cb|callback)$/.test(calleeMethod(parent) ?? '')
  );
}

function lookedUpBy(claim: { node: AstNode; claim: string }): boolean {
  const parent = parentOf(claim.node);
  return (
    ID_CLAIMS.has(claim.claim) &&
    parent?.type === 'CallExpression' &&
    parent.callee !== claim.node &&
    LOOKUP.test(calleeMethod(parent) ?? '')
  );
}

/** How the function trusts the decoded token, or null when it does not. */
function trustedUse(call: Call, fn: FunctionLike): Use | null {
  const { whole, claims } = boundNames(call);
  const names = new Set([...whole, ...claims]);
  let use: Use | null = null;
  const direct = readClaim(call, true);
  if (direct && inCondition(direct.node)) return { node: call, text: `decides on \`${direct.claim}\`` };
  forEachDescendant(fn, (node) => {
    if (use) return false;
    if (node.type !== 'Identifier' || !names.has(node.name) || parentOf(node)?.type === 'VariableDeclarator')
      return true;
    use = referenceUse(node, whole.includes(node.name), fn);
    return true;
  });
  const stored = storedAsIdentity(call);
  return use ?? (stored ? { node: call, text: `sets \`${stored}\`` } : null);
}

function referenceUse(reference: AstNode, isWhole: boolean, fn: FunctionLike): Use | null {
  const stored = storedAsIdentity(reference);
  if (stored) return { node: reference, text: `sets \`${stored}\`` };
  if (isWhole && returnedAsUser(reference, fn)) return { node: reference, text: 'returns it as the user' };
  const claim = readClaim(reference, isWhole);
  if (!claim) return null;
  if (inCondition(claim.node)) return { node: reference, text: `decides on \`${claim.claim}\`` };
  const storedClaim = storedAsIdentity(claim.node);
  if (storedClaim) return { node: reference, text: `sets \`${storedClaim}\`` };
  return lookedUpBy(claim) ? { node: reference, text: `looks up the user by \`${claim.claim}\`` } : null;
}

export default defineRule({
  id: 'jwt-unsafe-verification',
  meta: {
    description:
      "JWTs accepted without a valid signature: the 'none' algorithm allowed or used, a decoded (unverified) token trusted for identity or authorization, or a public key used without pinning the algorithm.",
    category: 'security',
    severity: 'high',
    cwe: [347, 345],
    messages: {
      noneAlgorithm:
        "`algorithms` includes 'none': a token with no signature at all passes verification, so anyone can claim to be anyone. List only the algorithms you sign with.",
      unsignedToken:
        "This token is issued unsigned (algorithm 'none'): anyone can change its claims. Sign it with HS256 and a secret, or RS256/EdDSA and a private key.",
      decodedTrusted:
        '`{{name}}` only decodes the token, it does not check the signature, yet this code {{use}}: anyone can forge those claims. Use `jwt.verify` (jose `jwtVerify`) with pinned algorithms instead.',
      algorithmConfusion:
        "`jwt.verify` with a public key and no `algorithms` option: old jsonwebtoken versions accept an HS256 token signed with the public key itself. Pin the algorithms, e.g. `{ algorithms: ['RS256'] }`.",
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter((name) => CANDIDATES.has(name), isJwtModule);
    const text = (node: AstNode): string => context.source.getText(node);
    // Options shared by several calls are reported once, where they are written.
    const reported = new Set<AstNode>();
    const report = (node: AstNode, messageId: MessageId, data?: Record<string, string>): void => {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId, ...(data ? { data } : {}) });
    };

    const checkDecode = (call: Call): void => {
      const fn = enclosingFunction(call);
      if (!fn || CLIENT_FILE.test(context.filename) || verifiesIn(fn) || !onServer(fn, call, text)) return;
      if (comparesToken(fn, call.arguments[0] as AstNode | undefined)) return;
      const use = trustedUse(call, fn);
      if (use) report(call, 'decodedTrusted', { name: calleeMethod(call) ?? 'decode', use: use.text });
    };

    const check = (call: Call, jwt: JwtCall): void => {
      if (jwt.operation === 'decode') checkDecode(call);
      else if (jwt.noVerify) report(call, 'unsignedToken');
      else {
        const signs = jwt.operation === 'sign';
        const none = signs ? signsWithNone(jwt.options) : acceptsNone(jwt.options);
        if (none) report(none, signs ? 'unsignedToken' : 'noneAlgorithm');
        else if (unpinnedPublicKey(jwt)) report(call, 'algorithmConfusion');
      }
    };

    return matchingCalls(
      filter,
      (call) => {
        const jwt = jwtCall(call);
        if (jwt) check(call, jwt);
      },
      { constructors: true },
    );
  },
});
