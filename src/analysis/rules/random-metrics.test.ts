import { testRule } from '../test-support/rule-tester.js';
import rule from './random-metrics.js';

testRule(rule, {
  valid: [
    {
      name: 'random id',
      code: `const job = { id: Math.random().toString(36).slice(2), status: 'queued' };`,
    },
    {
      name: 'sampling decision',
      code: `
export function maybeTrace(span) {
  if (Math.random() < config.sampleRate) exporter.export(span);
}`,
    },
    {
      name: 'backoff jitter',
      code: `
async function withRetry(fn, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    try { return await fn(); } catch (error) {
      const delay = 2 ** i * 100 + Math.random() * 100;
      await sleep(delay);
    }
  }
}`,
    },
    {
      name: 'shuffle',
      code: `export const shuffled = (items) => [...items].sort(() => Math.random() - 0.5);`,
    },
    {
      name: 'real metrics next to a random request id',
      code: `
import os from 'node:os';
app.get('/api/metrics', (req, res) => {
  res.json({
    requestId: Math.random().toString(36).slice(2),
    cpu: os.loadavg()[0],
    memory: process.memoryUsage().rss,
  });
});`,
    },
    {
      name: 'game health without monitoring context',
      code: `
export function spawnEnemy(level) {
  return { health: 50 + Math.random() * 50, x: Math.random() * 800, y: 0 };
}`,
    },
    {
      name: 'animation particles',
      code: `const particles = Array.from({ length: 40 }, () => ({ x: Math.random() * width, opacity: Math.random() }));`,
    },
    {
      name: 'simulated latency variable used as a wait',
      code: `
async function handler(req, res) {
  const latency = Math.random() * 300;
  await sleep(latency);
  res.json(await db.users.findMany());
}`,
    },
    {
      name: 'seed script',
      filename: 'scripts/seed-db.ts',
      code: `await db.insert(stats).values({ views: Math.floor(Math.random() * 1000), cpu: Math.random() });`,
    },
    {
      name: 'storybook story',
      filename: 'web/src/components/CpuChart.stories.tsx',
      code: `export const Default = { args: { cpu: Math.random() * 100 } };`,
    },
    {
      name: 'openly fake generator',
      code: `export function mockMetrics() { return { cpu: Math.random() * 100 }; }`,
    },
    {
      name: 'test file',
      filename: 'src/monitoring/collector.test.ts',
      code: `const sample = { cpu: Math.random() * 100 };`,
    },
  ],
  invalid: [
    {
      name: 'Express metrics endpoint',
      code: `
router.get('/api/system/metrics', (req, res) => {
  res.json({
    cpu: Math.round(Math.random() * 100),
    memory: (Math.random() * 16).toFixed(1),
    uptime: process.uptime(),
  });
});`,
      errors: [
        { messageId: 'fabricated', line: 4 },
        { messageId: 'fabricated', line: 5 },
      ],
    },
    {
      name: 'status derived from a coin flip',
      code: `
export async function getServiceHealth() {
  return {
    status: Math.random() > 0.1 ? 'healthy' : 'degraded',
    responseTime: 120,
  };
}`,
      errors: [{ messageId: 'fabricated', line: 4 }],
    },
    {
      name: 'React dashboard polling fake values',
      filename: 'web/src/pages/dashboard/Dashboard.tsx',
      code: `
export function Dashboard() {
  const [cpuUsage, setCpuUsage] = useState(0);
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setCpuUsage(Math.random() * 100);
      setRequests(Math.floor(Math.random() * 500));
    }, 2000);
    return () => clearInterval(timer);
  }, []);
  return <Gauge value={cpuUsage} />;
}`,
      errors: [
        { messageId: 'fabricated', line: 7 },
        { messageId: 'fabricated', line: 8 },
      ],
    },
    {
      name: 'getter returning a random number',
      code: `
export function getMemoryUsage(): number {
  return Math.random() * 1024;
}`,
      errors: [{ messageId: 'fabricated', line: 3 }],
    },
    {
      name: 'nested key and chart series',
      code: `
export const overview = {
  stats: { activeUsers: Math.floor(Math.random() * 1000) },
  latencyHistory: Array.from({ length: 24 }, () => Math.random() * 200),
};`,
      errors: [
        { messageId: 'fabricated', line: 3 },
        { messageId: 'fabricated', line: 4 },
      ],
    },
    {
      name: 'prometheus gauge fed with noise',
      code: `
const queueDepthGauge = new client.Gauge({ name: 'queue_depth', help: 'jobs waiting' });
setInterval(() => queueDepthGauge.set(Math.floor(Math.random() * 50)), 5000);`,
      errors: [{ messageId: 'fabricated', line: 3 }],
    },
    {
      name: 'fake analysis score',
      code: `
export async function analyzeRepository(repo) {
  const files = await listFiles(repo);
  return { files: files.length, qualityScore: Math.round(Math.random() * 40 + 60) };
}`,
      errors: [{ messageId: 'fabricated', line: 4 }],
    },
    {
      name: 'JSX gauge',
      filename: 'web/src/components/ServerCard.tsx',
      code: `export const ServerCard = ({ name }) => <CpuGauge label={name} value={Math.random() * 100} />;`,
      errors: [{ messageId: 'fabricated', line: 1 }],
    },
  ],
});
