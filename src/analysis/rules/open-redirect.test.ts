import { testRule } from '../test-support/rule-tester.js';
import rule from './open-redirect.js';

testRule(rule, {
  valid: [
    // A fixed destination.
    `app.post('/login', (req, res) => {
  res.redirect('/dashboard');
});`,
    // The destination is picked from an allow-list by the request, never taken from it.
    `const DESTINATIONS = { home: '/', orders: '/orders' };
app.get('/go', (req, res) => {
  res.redirect(DESTINATIONS.home);
});`,
    // Checked against an allow-list before use.
    `const ALLOWED = ['/dashboard', '/orders'];
app.get('/next', (req, res) => {
  const target = req.query.next;
  if (!ALLOWED.includes(target)) return res.redirect('/');
  res.redirect(target);
});`,
    // An allow-list decides in a conditional expression.
    `const ALLOWED = ['/dashboard', '/orders'];
app.post('/login', (req, res) => {
  const target = req.query.returnTo;
  res.redirect(ALLOWED.includes(target) ? target : '/dashboard');
});`,
    // Request data in the query string of a fixed path, encoded.
    `app.get('/search', (req, res) => {
  res.redirect('/results?q=' + encodeURIComponent(req.query.q));
});`,
  ],
  invalid: [
    {
      code: `app.get('/login/callback', (req, res) => {
  res.redirect(req.query.returnTo);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      code: `router.post('/logout', (req, res) => {
  const { next } = req.body;
  res.redirect(302, next);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      code: `app.use((req, res) => {
  res.setHeader('Location', req.headers.referer);
  res.statusCode = 302;
  res.end();
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      code: `router.get('/out', async (ctx) => {
  ctx.redirect(ctx.query.url);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
  ],
});
