import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unhandled-json-parse.js';

testRule(rule, {
  valid: [
    `app.post('/webhook', express.text(), (req, res) => {
  let payload;
  try {
    payload = JSON.parse(req.body);
  } catch {
    return res.status(400).json({ error: 'Invalid JSON' });
  }
  handle(payload);
  res.sendStatus(204);
});`,
    // A fixed, bundled file: not input.
    `export function version() {
  return JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}`,
    `function loadSchema() {
  return JSON.parse(readFileSync(path.join(__dirname, 'schema.json'), 'utf8'));
}`,
    // Not directly from input.
    'const copy = JSON.parse(JSON.stringify(state));',
    `function parseToken(token) {
  return JSON.parse(atob(token.split('.')[1]));
}`,
    `fetch('/api/me')
  .then(async (res) => JSON.parse(await res.text()))
  .then(renderProfile)
  .catch(showError);`,
    {
      filename: 'src/routes/orders.test.ts',
      code: "const body = JSON.parse(fs.readFileSync(fixturePath, 'utf8'));",
    },
    // A deserializer option: the library calls it inside its own try/catch.
    `const subject = webSocket({
  url,
  deserializer: (e) => JSON.parse(e.data),
});`,
    `ws.on('close', (code) => {
  const reason = JSON.parse(code);
});`,
  ],
  invalid: [
    {
      code: `router.get('/search', (req, res) => {
  const filters = JSON.parse(req.query.filters);
  res.json(search(filters));
});`,
      errors: [{ messageId: 'unhandledParse', line: 2 }],
    },
    {
      code: `export async function getProfile(userId) {
  const res = await fetch(\`\${API}/users/\${userId}\`);
  const data = JSON.parse(await res.text());
  return data.profile;
}`,
      errors: [{ messageId: 'unhandledParse', line: 3 }],
    },
    {
      code: `async function loadProject(dir) {
  const manifest = JSON.parse(await fs.promises.readFile(path.join(dir, 'project.json'), 'utf8'));
  return manifest;
}`,
      errors: [{ messageId: 'unhandledParse', line: 2 }],
    },
    {
      code: `wss.on('connection', (socket) => {
  socket.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    dispatch(socket, msg);
  });
});`,
      errors: [{ messageId: 'unhandledParse', line: 3 }],
    },
    {
      filename: 'src/hooks/useCart.js',
      code: `export function useCart() {
  const [items, setItems] = useState(() => JSON.parse(localStorage.getItem('cart') || '[]'));
  return [items, setItems];
}`,
      errors: [{ messageId: 'unhandledParse', line: 2 }],
    },
    {
      code: `window.addEventListener('message', (event) => {
  const { type, payload } = JSON.parse(event.data);
  handlers[type]?.(payload);
});`,
      errors: [{ messageId: 'unhandledParse', line: 2 }],
    },
    {
      code: `const socket = new WebSocket(url);
socket.onmessage = (e) => {
  store.apply(JSON.parse(e.data));
};`,
      errors: [{ messageId: 'unhandledParse', line: 3 }],
    },
    {
      code: `export const handler = async (event) => {
  const order = JSON.parse(event.body);
  await saveOrder(order);
  return { statusCode: 201 };
};`,
      errors: [{ messageId: 'unhandledParse', line: 2 }],
    },
  ],
});
