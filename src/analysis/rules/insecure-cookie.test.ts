import { testRule } from '../test-support/rule-tester.js';
import rule from './insecure-cookie.js';

testRule(rule, {
  valid: [
    `app.post('/login', (req, res) => {
  res.cookie('session', sessionId, { httpOnly: true, secure: true, sameSite: 'lax' });
  res.end();
});`,
    // `secure` decided by the environment.
    `res.cookie('token', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'strict' });`,
    // Options shared through a constant.
    `const AUTH_COOKIE = { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 3600_000 };
router.post('/refresh', (req, res) => {
  res.cookie('refresh_token', newRefreshToken, AUTH_COOKIE);
  res.sendStatus(204);
});`,
    // Options built elsewhere.
    `res.cookie('jwt', token, cookieOptions());`,
    // A spread may supply the flags.
    `res.cookie('sid', id, { ...baseCookieOptions, maxAge: 86400000 });`,
    // Not sensitive.
    `res.cookie('theme', 'dark', { maxAge: 31536000000 });`,
    `res.cookie('locale', req.query.lang);`,
    `res.cookie('tokenExpiry', expiresAt.toISOString());`,
    // Clearing a cookie.
    `res.cookie('token', '', { expires: new Date(0) });`,
    // A double-submit CSRF cookie must be readable by the page.
    `res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });`,
    // `__Host-` cookies are secure-only by browser rule.
    `res.cookie('__Host-session', id, { httpOnly: true, path: '/' });`,
    // Koa: httpOnly by default, secure on HTTPS requests.
    `router.post('/login', async (ctx) => {
  ctx.cookies.set('session', ctx.state.sessionId, { signed: true });
});`,
    // sameSite none with secure: a deliberate cross-site cookie.
    `res.cookie('session', id, { httpOnly: true, secure: true, sameSite: 'none' });`,
    // express-session defaults are httpOnly; secure switched on for production the documented way.
    `const session = require('express-session');
const sess = { secret: process.env.SESSION_SECRET, cookie: { secure: false } };
if (app.get('env') === 'production') {
  app.set('trust proxy', 1);
  sess.cookie.secure = true;
}
app.use(session(sess));`,
    `const session = require('express-session');
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));`,
    `const session = require('express-session');
app.use(session({ secret: s, cookie: { secure: isProduction, httpOnly: true, sameSite: 'lax' } }));`,
    // cookie-session marks cookies secure by itself on HTTPS requests.
    `const session = require('cookie-session');
app.use(session({ name: 'private', maxAge: 2592000000, signed: false, sameSite: 'none' }));`,
    // A Set-Cookie header with every flag.
    `res.setHeader('Set-Cookie', \`session=\${id}; Path=/; HttpOnly; Secure; SameSite=Lax\`);`,
    // Client-side cookie libraries cannot set httpOnly at all.
    `Cookies.set('token', token, { expires: 7 });`,
    // A test.
    {
      code: `res.cookie('session', 'abc');`,
      filename: 'src/routes/auth.test.ts',
    },
  ],
  invalid: [
    {
      code: `router.post('/login', async (req, res) => {
  const token = jwt.sign({ sub: user.id }, secret);
  res.cookie('token', token, { httpOnly: true, sameSite: 'lax' });
  res.redirect('/');
});`,
      errors: [{ messageId: 'cookieFlags', line: 3 }],
    },
    {
      code: `res.cookie('session', sessionId);`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    {
      code: `res.status(200).cookie('access_token', accessToken, { secure: true }).json({ ok: true });`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    // A name from a constant, a value named like a credential.
    {
      code: `const COOKIE = 'auth';
res.cookie(COOKIE, createAccessToken(user), { httpOnly: false, secure: true });`,
      errors: [{ messageId: 'cookieFlags', line: 2 }],
    },
    {
      code: `res.cookie(COOKIE_NAME, refreshToken, { maxAge: 604800000 });`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    // Fastify.
    {
      code: `reply.setCookie('sessionId', id, { path: '/', secure: false, httpOnly: true });`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    // Koa with the defaults switched off.
    {
      code: `ctx.cookies.set('jwt', token, { httpOnly: false });`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    // Next.js.
    {
      code: `import { cookies } from 'next/headers';
export async function POST() {
  (await cookies()).set('session', token, { path: '/' });
}`,
      errors: [{ messageId: 'cookieFlags', line: 3 }],
    },
    {
      code: `response.cookies.set({ name: 'auth-token', value: token, secure: true });`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    {
      code: `res.cookie('session', id, { httpOnly: true, sameSite: 'none' });`,
      errors: [{ messageId: 'sameSiteNone', line: 1 }],
    },
    // The cookie package.
    {
      code: `import * as cookie from 'cookie';
res.setHeader('Set-Cookie', cookie.serialize('sid', sid, { path: '/' }));`,
      errors: [{ messageId: 'cookieFlags', line: 2 }],
    },
    // A hand-written header.
    {
      code: `res.setHeader('Set-Cookie', 'session=' + id + '; Path=/; HttpOnly');`,
      errors: [{ messageId: 'cookieFlags', line: 1 }],
    },
    // Session middleware with the protections switched off.
    {
      code: `const session = require('express-session');
app.use(session({
  secret: process.env.SESSION_SECRET,
  cookie: { httpOnly: false, secure: false },
}));`,
      errors: [
        { messageId: 'sessionFlag', line: 4 },
        { messageId: 'sessionFlag', line: 4 },
      ],
    },
    {
      code: `import cookieSession from 'cookie-session';
app.use(cookieSession({ name: 'session', keys: [key], sameSite: 'none', secure: false }));`,
      errors: [{ messageId: 'sessionFlag', line: 2 }],
    },
    {
      code: `const session = require('express-session');
app.use(session({ secret, cookie: { sameSite: 'none', maxAge: 3600000 } }));`,
      errors: [{ messageId: 'sameSiteNone', line: 2 }],
    },
    {
      code: `import fastifySession from '@fastify/session';
app.register(fastifySession, { secret: process.env.SECRET, cookie: { secure: false } });`,
      errors: [{ messageId: 'sessionFlag', line: 2 }],
    },
  ],
});
