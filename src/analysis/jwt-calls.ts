import { calleeMethod, dottedName, unwrap } from './ast.js';
import { calledMember, objectProperty } from './crypto-values.js';
import { moduleMemberOf } from './module-bindings.js';
import type { AstNode, NodeOfType } from './rule.js';

/**
 * Calls into JWT libraries, described by what they do: sign, verify or only decode a token, and
 * where the key and the options sit. Covers jsonwebtoken, jose, jwt-simple, hono/jwt, @nestjs/jwt,
 * express-jwt, koa-jwt, passport-jwt and @fastify/jwt.
 */

type Call = NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>;

export type JwtOperation = 'sign' | 'verify' | 'decode' | 'middleware';

export interface JwtCall {
  /** The package, e.g. `jsonwebtoken`, `jose`. */
  library: string;
  operation: JwtOperation;
  /** A secret or key passed as an argument. */
  key: AstNode | null;
  /** The options object (inline or not); middleware and Nest calls keep the secret there. */
  options: AstNode | null;
  /** jwt-simple's `decode(token, key, true)` skips the signature check. */
  noVerify?: boolean;
}

/** Option keys that hold a signing secret. */
export const SECRET_OPTION_KEYS = ['secret', 'secretOrKey', 'secretOrPrivateKey', 'privateKey'] as const;

const MIDDLEWARE_MODULES = new Set(['express-jwt', 'koa-jwt', 'passport-jwt', 'hono/jwt']);
const FASTIFY_PLUGINS = new Set(['@fastify/jwt', 'fastify-jwt']);
/** A receiver that holds a JWT service: `this.jwtService`, `jwt`, `tokenService.jwt`. */
const JWT_RECEIVER = /(^|\.)(jwt\w*|\w*Jwt\w*)$/i;

function arg(call: Call, index: number): AstNode | null {
  return (call.arguments[index] as AstNode | undefined) ?? null;
}

/** The JWT operation a call performs, or null when it is not a call into a JWT library. */
export function jwtCall(call: Call): JwtCall | null {
  const member = calledMember(call);
  if (member) return fromModule(call, member.module, member.path);
  const method = calleeMethod(call);
  if (method === null) return null;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  // `new SignJWT(claims).setProtectedHeader(...).sign(key)` (jose).
  const root = chainRoot(callee.object as AstNode);
  const rootMember = root ? calledMember(root) : null;
  if (rootMember?.module === 'jose') return joseBuilder(rootMember.path[0], method, call);
  // `this.jwtService.sign(payload, { secret })` (@nestjs/jwt) and other services named for JWT.
  if (JWT_RECEIVER.test(dottedName(callee.object as AstNode) ?? '')) return serviceCall(call, method);
  if (method === 'register' && isFastifyJwtPlugin(arg(call, 0)))
    return { library: '@fastify/jwt', operation: 'middleware', key: null, options: arg(call, 1) };
  return null;
}

function fromModule(call: Call, module: string, path: string[]): JwtCall | null {
  const name = path[path.length - 1] ?? '';
  switch (module) {
    case 'jsonwebtoken':
    case 'jwt-simple':
      return libraryCall(call, module, name);
    case 'jose':
      return joseCall(call, path);
    case '@nestjs/jwt':
      if (path[0] === 'JwtModule' && /^register/.test(name))
        return { library: module, operation: 'middleware', key: null, options: arg(call, 0) };
      return call.type === 'NewExpression' && name === 'JwtService'
        ? { library: module, operation: 'middleware', key: null, options: arg(call, 0) }
        : null;
    default:
      if (module === 'hono/jwt' && name !== 'jwt') return libraryCall(call, module, name);
      return MIDDLEWARE_MODULES.has(module)
        ? { library: module, operation: 'middleware', key: null, options: arg(call, 0) }
        : null;
  }
}

/** jsonwebtoken, jwt-simple and hono/jwt: `sign(payload, key, options)`, `verify(token, key, options)`, `decode(token)`. */
function libraryCall(call: Call, library: string, name: string): JwtCall | null {
  if (name === 'sign' || name === 'encode')
    return { library, operation: 'sign', key: arg(call, 1), options: arg(call, library === 'jwt-simple' ? 3 : 2) };
  if (name === 'verify') return { library, operation: 'verify', key: arg(call, 1), options: arg(call, 2) };
  if (name !== 'decode') return null;
  if (library !== 'jwt-simple') return { library, operation: 'decode', key: null, options: arg(call, 1) };
  const noVerify = arg(call, 2);
  const skips =
    noVerify !== null && unwrap(noVerify).type === 'Literal' && (unwrap(noVerify) as { value: unknown }).value === true;
  return { library, operation: skips ? 'decode' : 'verify', key: arg(call, 1), options: null, noVerify: skips };
}

function joseCall(call: Call, path: string[]): JwtCall | null {
  const [first, second] = path;
  if (first === 'jwtVerify' || first === 'compactVerify' || first === 'jwtDecrypt')
    return { library: 'jose', operation: 'verify', key: arg(call, 1), options: arg(call, 2) };
  if (first === 'decodeJwt' || (first === 'UnsecuredJWT' && second === 'decode'))
    return { library: 'jose', operation: 'decode', key: null, options: null };
  if (first === 'UnsecuredJWT' && call.type === 'NewExpression')
    return { library: 'jose', operation: 'sign', key: null, options: null, noVerify: true };
  return null;
}

/** `new SignJWT(...)...sign(key)`, `new EncryptJWT(...)...encrypt(key)`. */
function joseBuilder(builder: string | undefined, method: string, call: Call): JwtCall | null {
  const signs = (builder === 'SignJWT' || builder === 'CompactSign') && method === 'sign';
  const encrypts = builder === 'EncryptJWT' && method === 'encrypt';
  return signs || encrypts ? { library: 'jose', operation: 'sign', key: arg(call, 0), options: null } : null;
}

function serviceCall(call: Call, method: string): JwtCall | null {
  if (/^sign(Async)?$/.test(method)) return { library: 'service', operation: 'sign', key: null, options: arg(call, 1) };
  if (/^verify(Async)?$/.test(method))
    return { library: 'service', operation: 'verify', key: null, options: arg(call, 1) };
  return method === 'decode' ? { library: 'service', operation: 'decode', key: null, options: null } : null;
}

/** The `new X(...)` a builder chain starts from: `new SignJWT(p).setIssuedAt().setExpirationTime('2h')`. */
function chainRoot(node: AstNode): NodeOfType<'NewExpression'> | null {
  let current = unwrap(node);
  for (let steps = 0; steps < 20; steps++) {
    if (current.type === 'NewExpression') return current;
    if (current.type !== 'CallExpression') return null;
    const callee = unwrap(current.callee as AstNode);
    if (callee.type !== 'MemberExpression') return null;
    current = unwrap(callee.object as AstNode);
  }
  return null;
}

function isFastifyJwtPlugin(node: AstNode | null): boolean {
  const member = node ? moduleMemberOf(node) : null;
  return member !== null && FASTIFY_PLUGINS.has(member.module);
}

/** The secret-holding properties of an inline options object: `{ secret: '...' }`. */
export function secretOptions(options: AstNode | null): NodeOfType<'Property'>[] {
  const object = options ? unwrap(options) : null;
  if (object?.type !== 'ObjectExpression') return [];
  const found: NodeOfType<'Property'>[] = [];
  for (const key of SECRET_OPTION_KEYS) {
    const property = objectProperty(object, key);
    if (property) found.push(property);
  }
  return found;
}

/** Packages whose every export is about JWTs, for `calleeNameFilter`. */
export function isJwtModule(source: string): boolean {
  return (
    source === 'jsonwebtoken' ||
    source === 'jose' ||
    source === 'jwt-simple' ||
    source === '@nestjs/jwt' ||
    MIDDLEWARE_MODULES.has(source) ||
    FASTIFY_PLUGINS.has(source)
  );
}
