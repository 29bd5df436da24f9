import { testRule } from '../test-support/rule-tester.js';
import rule from './insecure-random.js';

testRule(rule, {
  valid: [
    {
      name: 'tokens from the crypto module',
      code: `
import { randomBytes, randomInt } from 'node:crypto';
export const resetToken = randomBytes(32).toString('hex');
export const otp = randomInt(100000, 1000000);`,
    },
    {
      name: 'jitter, backoff and a random colour',
      code: `
const delay = Math.min(30000, 2 ** attempt * 100 + Math.random() * 100);
setTimeout(retry, 1000 * Math.random());
const color = '#' + Math.floor(Math.random() * 16777215).toString(16);
const style = { backgroundColor: \`hsl(\${Math.random() * 360}, 70%, 50%)\` };`,
    },
    {
      name: 'sampling, shuffling for display and element ids',
      filename: 'web/src/components/Field.tsx',
      code: `
if (Math.random() < 0.1) tracer.sample(span);
const shuffled = cards.sort(() => Math.random() - 0.5);
export function Field() {
  const id = 'field-' + Math.random().toString(36).slice(2);
  return <input id={id} />;
}
const requestId = Math.random().toString(36).substring(2, 10);`,
    },
    {
      name: 'a neutral helper whose results name nothing secret',
      code: `
function randomString(length) {
  let out = '';
  for (let i = 0; i < length; i++) out += CHARS.charAt(Math.floor(Math.random() * CHARS.length));
  return out;
}
const slug = randomString(6);
const filename = \`upload-\${randomString(8)}.png\`;`,
    },
    {
      name: 'test data and games',
      filename: 'src/games/dice.ts',
      code: `export const token = Math.floor(Math.random() * 6) + 1;`,
    },
    {
      name: 'seed scripts',
      filename: 'db/seeds/users.js',
      code: `const password = Math.random().toString(36).slice(2);`,
    },
    {
      name: 'a random placeholder a parser matches, and pagination or cancel tokens',
      code: `
var TOKEN = '';
for (var i = 0; i < 4; i++) TOKEN += (4294967296 * Math.random()).toString(16);
var startsWithToken = new RegExp('^' + TOKEN);
const cancelToken = Math.random().toString(36);
const nextPageToken = String(Math.random());`,
    },
    {
      name: 'an index variable picking a colour',
      code: `
export function randomColor() {
  const idx = Math.floor(Math.random() * COLORS.length);
  return COLORS[idx];
}`,
    },
    {
      name: 'token length and a retry count are numbers about a token',
      code: `
const tokenLength = 16 + Math.floor(Math.random() * 16);
const sessionTimeout = 1000 * 60 * (30 + Math.random() * 5);`,
    },
  ],
  invalid: [
    {
      name: 'a password reset token in an Express route',
      code: `
router.post('/forgot-password', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  const resetToken = Math.random().toString(36).substring(2) + Date.now().toString(36);
  user.resetToken = resetToken;
  await user.save();
  res.json({ ok: true });
});`,
      errors: [{ messageId: 'predictable', line: 4 }],
    },
    {
      name: 'a one-time code and a session id',
      code: `
export function sendLoginCode(user: User) {
  const code = Math.floor(100000 + Math.random() * 900000);
  return mailer.send(user.email, \`Your code is \${code}\`);
}
export function createSession(userId: string) {
  sessions.push({ id: Math.random().toString(36).slice(2), userId });
}`,
      errors: [
        { messageId: 'predictable', line: 3 },
        { messageId: 'predictable', line: 7 },
      ],
    },
    {
      name: 'a generated password built character by character',
      code: `
function generatePassword(length) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#';
  let result = '';
  for (let i = 0; i < length; i++) {
    result += chars[Math.floor(Math.random() * chars.length)];
  }
  return result;
}`,
      errors: [{ messageId: 'predictable', line: 6 }],
    },
    {
      name: 'a neutral helper used for an invitation code',
      code: `
const makeId = (n: number) => Array.from({ length: n }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');
export async function invite(email: string) {
  const inviteCode = makeId(12);
  await db.invites.insert({ email, inviteCode });
}`,
      errors: [{ messageId: 'predictable', line: 2 }],
    },
    {
      name: 'an OAuth nonce built through an index variable',
      code: `
function getNonce(size) {
  let result = '';
  for (let i = 0; i < size; i++) {
    const pos = Math.floor(Math.random() * NONCE_CHARS.length);
    result += NONCE_CHARS[pos];
  }
  return result;
}`,
      errors: [{ messageId: 'predictable', line: 5 }],
    },
    {
      name: 'a nonce collected in an array (the oauth package)',
      code: `
exports.OAuth.prototype._getNonce = function (nonceSize) {
  var result = [];
  var chars = this.NONCE_CHARS;
  var char_pos;
  for (var i = 0; i < nonceSize; i++) {
    char_pos = Math.floor(Math.random() * chars.length);
    result[i] = chars[char_pos];
  }
  return result.join('');
};`,
      errors: [{ messageId: 'predictable', line: 7 }],
    },
    {
      name: 'a hand-rolled uuid used as the session id',
      code: `
function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    const v = c === 'x' ? r : (r & 0x3) | 0x8;
    return v.toString(16);
  });
}
app.post('/login', async (req, res) => {
  const sessionId = uuid();
  sessions.set(sessionId, await authenticate(req.body));
  res.cookie('sid', sessionId, { httpOnly: true });
});`,
      errors: [{ messageId: 'predictable', line: 4 }],
    },
    {
      name: 'a CSRF token in a cookie, a CSP nonce and an API key property',
      code: `
app.use((req, res, next) => {
  res.cookie('csrf_token', Math.random().toString(36).slice(2));
  res.locals.nonce = Buffer.from(String(Math.random())).toString('base64');
  next();
});
const client = { name, apiKey: 'ak_' + Math.random().toString(36).substr(2, 16) };`,
      errors: [
        { messageId: 'predictable', line: 3 },
        { messageId: 'predictable', line: 4 },
        { messageId: 'predictable', line: 7 },
      ],
    },
  ],
});
