import { testRule } from '../test-support/rule-tester.js';
import rule from './no-listener-in-loop.js';

testRule(rule, {
  valid: [
    // Each iteration listens on its own object.
    `for (const button of document.querySelectorAll('.tab')) {
  button.addEventListener('click', () => selectTab(button.dataset.tab));
}`,
    `for (const url of upstreams) {
  const ws = new WebSocket(url);
  ws.on('message', (data) => relay(url, data));
}`,
    `items.forEach((item, i) => {
  elements[i].addEventListener('mouseenter', showTooltip);
});`,
    // A different event per iteration.
    `for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => shutdown(signal));
}`,
    // A listener per item, bounded by the list.
    `for (const plugin of plugins) {
  app.on('ready', () => plugin.init(app));
}`,
    // Per request, on the request's own objects.
    `app.get('/upload', (req, res) => {
  req.on('data', (chunk) => hash.update(chunk));
  req.on('end', () => res.json({ digest: hash.digest('hex') }));
});`,
    // Per request, but removed when the client leaves.
    `app.get('/events', (req, res) => {
  const send = (data) => res.write(\`data: \${JSON.stringify(data)}\\n\\n\`);
  bus.on('update', send);
  req.on('close', () => bus.off('update', send));
});`,
    // Fresh objects made by the call itself.
    `for (const file of files) {
  fs.createReadStream(file).on('error', onError).pipe(out);
}`,
    // Waiting for one event inside another listener, and listeners bounded by AbortSignal.
    `source.on('data', (chunk) => {
  if (!target.write(chunk)) {
    source.pause();
    target.once('drain', () => source.resume());
  }
});`,
    `button.addEventListener('click', () => {
  window.addEventListener('keydown', onKey, { signal: controller.signal });
});`,
    `app.post('/jobs', (req, res) => {
  const job = queue.add(req.body);
  queue.once(\`done:\${job.id}\`, (result) => res.json(result));
});`,
    // A one-shot event's callback runs once.
    `window.addEventListener('load', () => {
  document.addEventListener('click', trackClick);
});`,
    // knex join clauses.
    `for (const key of keys) query.join('b', function () { this.on('a.id', '=', 'b.id'); });`,
  ],
  invalid: [
    {
      code: `for (const job of jobs) {
  queue.on('completed', onCompleted);
  await queue.add(job.name, job.data);
}`,
      errors: [{ messageId: 'loop', line: 2 }],
    },
    {
      code: `app.get('/stream', (req, res) => {
  emitter.on('price', (price) => res.write(JSON.stringify(price)));
});`,
      errors: [{ messageId: 'repeated', line: 2 }],
    },
    {
      code: `io.on('connection', (socket) => {
  socket.on('chat', (msg) => io.emit('chat', msg));
  redis.on('message', (channel, message) => socket.emit(channel, message));
});`,
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      code: `menuButton.addEventListener('click', () => {
  menu.classList.toggle('open');
  document.addEventListener('click', closeMenuOnOutsideClick);
});`,
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      code: `rows.forEach((row) => {
  window.addEventListener('resize', () => layout());
  render(row);
});`,
      errors: [{ messageId: 'loop', line: 2 }],
    },
    {
      code: `setInterval(() => {
  process.on('warning', logWarning);
  collect();
}, 5000);`,
      errors: [{ messageId: 'repeated', line: 2 }],
    },
  ],
});
