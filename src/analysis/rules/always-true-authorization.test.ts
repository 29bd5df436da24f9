import { testRule } from '../test-support/rule-tester.js';
import rule from './always-true-authorization.js';

testRule(rule, {
  valid: [
    {
      name: 'real role check',
      code: `
export function hasRole(user: User, role: string): boolean {
  return user.roles.includes(role);
}`,
    },
    {
      name: 'real JWT middleware',
      code: `
export async function requireAuth(req, res, next) {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return res.status(401).json({ error: 'unauthorized' });
  try {
    req.user = await verifyJwt(header.slice(7));
    next();
  } catch {
    res.status(401).json({ error: 'invalid token' });
  }
}`,
    },
    {
      name: 'returns true or throws: the throw is the decision',
      code: `
export function authorize(user, action) {
  if (!user.permissions.includes(action)) throw new ForbiddenError(action);
  return true;
}`,
    },
    {
      name: 'library call that throws on a bad token',
      code: `
export function verifyToken(token: string) {
  jwt.verify(token, config.jwtSecret);
  return true;
}`,
    },
    {
      name: 'polymorphic subclass: an admin is an admin',
      code: `
class AdminUser extends User {
  isAdmin() { return true; }
}`,
    },
    {
      name: 'entity object literal',
      code: `const systemAccount = { id: 'system', isAdmin: () => true };`,
    },
    {
      name: 'deliberately permissive policy class',
      code: `
export class AllowAllPolicy {
  canAccess(user, resource) { return true; }
}`,
    },
    {
      name: 'getter on an entity',
      code: `
export class Session {
  get isAuthenticated() { return true; }
}`,
    },
    {
      name: 'middleware that checks before next()',
      code: `
export const authMiddleware = (req, res, next) => {
  if (!req.session.userId) return res.redirect('/login');
  next();
};`,
    },
    {
      name: 'a bare `auth` function that is not middleware',
      code: `export function auth() { return true; }`,
    },
    {
      name: 'route table with a public entry',
      code: `
export const routes = [
  { path: '/', element: Home, canAccess: (user) => true },
  { path: '/admin', element: Admin, canAccess: (user) => user?.role === 'admin' },
];`,
    },
    {
      name: 'unrelated name',
      code: `export const isReady = () => true;`,
    },
    {
      name: 'canActivate on a public guard',
      code: `
@Injectable()
export class ThrottleSkipGuard implements CanActivate {
  canActivate(context: ExecutionContext) { return true; }
}`,
    },
    {
      name: 'test doubles are fine in tests',
      filename: 'src/auth/rbac.test.ts',
      code: `const isAdmin = (user) => true;`,
    },
  ],
  invalid: [
    {
      name: 'classic stub',
      code: `
export function isAuthorized(user, resource) {
  // TODO: check ACL
  return true;
}`,
      errors: [{ messageId: 'returnsTrue', line: 2 }],
    },
    {
      name: 'arrow resolving true',
      code: `
export const checkPermission = async (userId: string, permission: string): Promise<boolean> => true;`,
      errors: [{ messageId: 'returnsTrue', line: 2 }],
    },
    {
      name: 'Express middleware that always passes',
      code: `
import type { Request, Response, NextFunction } from 'express';

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  console.log('auth check', req.path);
  next();
}`,
      errors: [{ messageId: 'callsNext', line: 4 }],
    },
    {
      name: 'middleware that fakes a user and passes',
      code: `
const authMiddleware = (req, res, next) => {
  req.user = { id: 'demo-user', role: 'admin' };
  return next();
};
app.use('/api', authMiddleware);`,
      errors: [{ messageId: 'callsNext', line: 2 }],
    },
    {
      name: 'Koa middleware',
      code: `
router.use(async function verifyApiKey(ctx, next) {
  await next();
});`,
      errors: [{ messageId: 'callsNext', line: 2 }],
    },
    {
      name: 'service method with an unused argument',
      code: `
export class PermissionService {
  async hasPermission(user: User, permission: string): Promise<boolean> {
    return true;
  }
  async isAuthenticated(): Promise<boolean> {
    return Promise.resolve(true);
  }
}`,
      errors: [
        { messageId: 'returnsTrue', line: 3 },
        { messageId: 'returnsTrue', line: 6 },
      ],
    },
    {
      name: 'token verifier returning a granted result',
      code: `
module.exports.verifyToken = function (token) {
  return { valid: true, userId: 'user_123' };
};`,
      errors: [{ messageId: 'returnsTrue', line: 2 }],
    },
    {
      name: 'NestJS guard',
      code: `
@Injectable()
export class RolesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return true;
  }
}`,
      errors: [{ messageId: 'returnsTrue', line: 4 }],
    },
    {
      name: 'webhook signature check that ignores the signature',
      code: `
function verifySignature(payload: string, signature: string, secret: string): boolean {
  if (process.env.NODE_ENV === 'development') return true;
  return true;
}`,
      errors: [{ messageId: 'returnsTrue', line: 2 }],
    },
  ],
});
