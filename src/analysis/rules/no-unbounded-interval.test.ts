import { testRule } from '../test-support/rule-tester.js';
import rule from './no-unbounded-interval.js';

testRule(rule, {
  valid: [
    // Module level of an entry script: lives as long as the process, by design.
    `setInterval(() => metrics.flush(), 10_000);`,
    // The id is kept and cleared.
    `class Poller {
  start() {
    this.timer = setInterval(() => this.poll(), this.intervalMs);
  }
  stop() {
    clearInterval(this.timer);
  }
}`,
    `useEffect(() => {
  const id = setInterval(() => setNow(Date.now()), 1000);
  return () => clearInterval(id);
}, []);`,
    `function waitFor(check) {
  return new Promise((resolve) => {
    const id = setInterval(() => {
      if (check()) {
        clearInterval(id);
        resolve();
      }
    }, 50);
  });
}`,
    // Returned to the caller, who owns it.
    `export function every(ms, fn) {
  return setInterval(fn, ms);
}`,
    // unref(): the timer does not keep the process alive.
    `function startSweeper(cache) {
  setInterval(() => cache.prune(), 60_000).unref();
}`,
    // Runs once: a top-level IIFE, main(), a listen callback.
    `(async () => {
  await db.connect();
  setInterval(() => db.ping(), 30_000);
})();`,
    `async function main() {
  setInterval(reportHealth, 15_000);
}
main();`,
    `server.listen(port, () => {
  setInterval(() => log.info('alive'), 60_000);
});`,
    `useEffect(() => {
  intervalRef.current = setInterval(refresh, 5000);
  return () => clearInterval(intervalRef.current);
}, [refresh]);`,
  ],
  invalid: [
    {
      code: `class SessionStore {
  constructor() {
    this.sessions = new Map();
  }
  watch() {
    setInterval(() => this.evictExpired(), 60_000);
  }
}`,
      errors: [{ messageId: 'discarded', line: 6 }],
    },
    {
      code: `function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setInterval(() => setNow(Date.now()), 1000);
  }, []);
  return <span>{new Date(now).toLocaleTimeString()}</span>;
}`,
      filename: 'src/clock.jsx',
      errors: [{ messageId: 'effectWithoutCleanup', line: 4 }],
    },
    {
      code: `useEffect(() => {
  const id = setInterval(poll, 2000);
  console.log('polling started');
}, [poll]);`,
      errors: [{ messageId: 'unused', line: 2 }],
    },
    {
      code: `app.post('/jobs', (req, res) => {
  const job = queue.add(req.body);
  setInterval(() => job.refreshStatus(), 1000);
  res.status(202).json({ id: job.id });
});`,
      errors: [{ messageId: 'discarded', line: 3 }],
    },
    {
      code: `useEffect(() => setInterval(refresh, 5000), []);`,
      errors: [{ messageId: 'effectWithoutCleanup', line: 1 }],
    },
    {
      code: `useEffect(() => {
  const timer = setInterval(refresh, 5000);
  if (timer) log('started');
}, []);`,
      errors: [{ messageId: 'effectWithoutCleanup', line: 2 }],
    },
  ],
});
