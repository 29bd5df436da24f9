import { testRule } from '../test-support/rule-tester.js';
import rule from './jwt-unsafe-verification.js';

testRule(rule, {
  valid: [
    {
      name: 'verify with pinned algorithms in an Express middleware',
      code: `
import jwt from 'jsonwebtoken';
export function requireAuth(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
    next();
  } catch {
    res.status(401).end();
  }
}`,
    },
    {
      name: 'decode to pick a key, then verify in the same function',
      code: `
const jwt = require('jsonwebtoken');
async function authenticate(req, res, next) {
  const token = req.cookies.session;
  const decoded = jwt.decode(token, { complete: true });
  const key = await keys.get(decoded.header.kid);
  req.user = jwt.verify(token, key, { algorithms: ['RS256'] });
  next();
}`,
    },
    {
      name: 'decode for the expiry only, and for logging',
      code: `
import jwt from 'jsonwebtoken';
export async function logout(req, res) {
  const token = req.headers.authorization.slice(7);
  const { exp } = jwt.decode(token);
  await redis.set(\`revoked:\${token}\`, '1', 'EXAT', exp);
  const decoded = jwt.decode(token);
  if (decoded.exp * 1000 < Date.now()) return res.status(204).end();
  logger.info({ token: decoded.jti }, 'revoked');
  res.status(204).end();
}`,
    },
    {
      name: 'a browser reading its own token to show the user name',
      code: `
import jwt from 'jsonwebtoken';
export function getCurrentUser() {
  const token = localStorage.getItem('token');
  const decoded = jwt.decode(token);
  if (decoded.role === 'admin') showAdminMenu();
  return decoded;
}`,
    },
    {
      name: 'a refresh token matched against the stored copy',
      code: `
const jwt = require('jsonwebtoken');
exports.refresh = async (req, res) => {
  const { refreshToken } = req.body;
  const decoded = jwt.decode(refreshToken);
  const user = await User.findById(decoded.id);
  if (!user || user.refreshToken !== refreshToken) return res.sendStatus(401);
  res.json({ accessToken: issueAccessToken(user) });
};`,
    },
    {
      name: 'React components never verify',
      filename: 'web/src/components/Header.tsx',
      code: `
import { decodeJwt } from 'jose';
export function Header({ token }: { token: string }) {
  const claims = decodeJwt(token);
  return claims.role === 'admin' ? <AdminMenu /> : null;
}`,
    },
    {
      name: 'a public key with pinned algorithms; a secret without',
      code: `
const jwt = require('jsonwebtoken');
const publicKey = fs.readFileSync('keys/public.pem');
exports.check = (token) => jwt.verify(token, publicKey, { algorithms: ['RS256'] });
exports.checkHmac = (token) => jwt.verify(token, process.env.JWT_SECRET);`,
    },
    {
      name: 'algorithms without none, and an algorithm option of an unrelated call',
      code: `
app.use(expressjwt({ secret: getSecret, algorithms: ['RS256', 'ES256'] }));
const zipped = compress(data, { algorithm: 'none' });`,
    },
  ],
  invalid: [
    {
      name: "verify accepting 'none', direct and through an options constant",
      code: `
const jwt = require('jsonwebtoken');
const VERIFY_OPTIONS = { algorithms: ['HS256', 'none'] };
exports.a = (token) => jwt.verify(token, secret, { algorithms: ['none'] });
exports.b = (token) => jwt.verify(token, secret, VERIFY_OPTIONS);
exports.c = (token) => jwt.verify(token, otherSecret, VERIFY_OPTIONS);`,
      errors: [
        { messageId: 'noneAlgorithm', line: 3 },
        { messageId: 'noneAlgorithm', line: 4 },
      ],
    },
    {
      name: "an unsigned token from jwt.sign and from jose's UnsecuredJWT",
      code: `
import jwt from 'jsonwebtoken';
import { UnsecuredJWT } from 'jose';
export const issue = (user: User) => jwt.sign({ sub: user.id }, '', { algorithm: 'none' });
export const unsigned = new UnsecuredJWT({ sub: 'x' }).encode();`,
      errors: [
        { messageId: 'unsignedToken', line: 4 },
        { messageId: 'unsignedToken', line: 5 },
      ],
    },
    {
      name: 'express-jwt middleware that allows none',
      code: `
import { expressjwt } from 'express-jwt';
app.use(expressjwt({ secret: process.env.SECRET, algorithms: ['HS256', 'none'] }));`,
      errors: [{ messageId: 'noneAlgorithm', line: 3 }],
    },
    {
      name: 'an auth middleware that only decodes and sets req.user',
      code: `
const jwt = require('jsonwebtoken');
module.exports = function auth(req, res, next) {
  const token = req.header('Authorization').replace('Bearer ', '');
  const decoded = jwt.decode(token);
  if (!decoded) return res.status(401).send('Unauthorized');
  req.user = decoded;
  next();
};`,
      errors: [{ messageId: 'decodedTrusted', line: 5 }],
    },
    {
      name: 'an admin check on decoded claims in a TypeScript route',
      code: `
import * as jwt from 'jsonwebtoken';
router.delete('/users/:id', async (req: Request, res: Response) => {
  const payload = jwt.decode(req.cookies.token) as JwtPayload;
  if (payload.role !== 'admin') return res.sendStatus(403);
  await Users.delete(req.params.id);
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'decodedTrusted', line: 4 }],
    },
    {
      name: 'jose decodeJwt in a Next.js middleware and a lookup by the decoded id',
      code: `
import { decodeJwt } from 'jose';
export function middleware(request: NextRequest) {
  const { roles } = decodeJwt(request.cookies.get('session')?.value ?? '');
  if (!roles.includes('admin')) return NextResponse.redirect(new URL('/login', request.url));
  return NextResponse.next();
}
export async function GET(req: Request) {
  const claims = decodeJwt(req.headers.get('authorization')!.slice(7));
  return Response.json(await db.user.findUnique(claims.sub));
}`,
      errors: [
        { messageId: 'decodedTrusted', line: 4 },
        { messageId: 'decodedTrusted', line: 9 },
      ],
    },
    {
      name: 'a getUserFromToken helper returning the decoded token',
      code: `
const jwt = require('jsonwebtoken');
function getUserFromToken(token) {
  return jwt.decode(token);
}
function authenticate(req) {
  const user = jwt.decode(req.headers['x-token']);
  return user;
}`,
      errors: [{ messageId: 'decodedTrusted', line: 7 }],
    },
    {
      name: 'a JWKS key callback or a public key without pinned algorithms',
      code: `
const jwt = require('jsonwebtoken');
const jwksClient = require('jwks-rsa');
const client = jwksClient({ jwksUri: 'https://example.auth0.com/.well-known/jwks.json' });
function getKey(header, callback) {
  client.getSigningKey(header.kid, (err, key) => callback(err, key.getPublicKey()));
}
exports.verify = (token, cb) => jwt.verify(token, getKey, cb);
exports.verifyPem = (token) => jwt.verify(token, PUBLIC_KEY);`,
      errors: [
        { messageId: 'algorithmConfusion', line: 8 },
        { messageId: 'algorithmConfusion', line: 9 },
      ],
    },
  ],
});
