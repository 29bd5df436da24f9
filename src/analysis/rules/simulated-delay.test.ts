import { testRule } from '../test-support/rule-tester.js';
import rule from './simulated-delay.js';

testRule(rule, {
  valid: [
    {
      name: 'retry with backoff',
      code: `
export async function sendWebhook(url, payload) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(payload) });
    if (res.ok) return;
    await sleep(2 ** attempt * 250);
  }
  throw new Error('webhook failed');
}`,
    },
    {
      name: 'polling a job until it finishes',
      code: `
async function waitForBuild(id) {
  while (true) {
    const build = await api.getBuild(id);
    if (build.status !== 'running') return build;
    await new Promise((r) => setTimeout(r, 2000));
  }
}`,
    },
    {
      name: 'rate limiting between real sends',
      code: `
export async function sendNewsletter(recipients) {
  for (const to of recipients) {
    mailer.send({ to, template: 'newsletter' });
    await delay(200);
  }
}`,
    },
    {
      name: 'work function with real work around the wait',
      code: `
export async function processUpload(file) {
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the fs watcher settle
  const text = await readFile(file.path, 'utf8');
  return parse(text);
}`,
    },
    {
      name: 'yielding to the event loop',
      code: `
async function buildIndex(docs) {
  const index = new Map();
  for (const doc of docs) index.set(doc.id, doc);
  await sleep(0);
  return index;
}`,
    },
    {
      name: 'a wait in a function not named for work',
      code: `
export async function showToastLater(message) {
  await sleep(3000);
  setVisible(false);
}`,
    },
    {
      name: 'lodash delay with a callback is not a wait',
      code: `async function saveDraft() { await _.delay(flush, 500); }`,
    },
    {
      name: 'tests',
      filename: 'src/jobs/queue.test.ts',
      code: `async function processJob() { await sleep(100); }`,
    },
  ],
  invalid: [
    {
      name: 'fake deployment',
      code: `
export async function deployApplication(config) {
  console.log('Deploying', config.name);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return { success: true, url: \`https://\${config.name}.example.app\` };
}`,
      errors: [{ messageId: 'theatre', line: 4 }],
    },
    {
      name: 'fake progress loop in a worker',
      code: `
export async function processVideo(job) {
  for (let pct = 0; pct <= 100; pct += 20) {
    await sleep(1000);
    job.updateProgress(pct);
  }
  return { status: 'completed' };
}`,
      errors: [{ messageId: 'theatre', line: 4 }],
    },
    {
      name: 'React save button that only waits',
      filename: 'web/src/pages/settings/SettingsPage.tsx',
      code: `
const saveSettings = async () => {
  setSaving(true);
  await new Promise((r) => setTimeout(r, 1000));
  setSaving(false);
  toast.success('Settings saved');
};`,
      errors: [{ messageId: 'theatre', line: 4 }],
    },
    {
      name: 'comment says simulate',
      code: `
router.post('/api/reports', async (req, res) => {
  const report = await reports.create(req.body);
  // Simulate PDF rendering time
  await sleep(2000);
  res.json(report);
});`,
      errors: [{ messageId: 'marked', line: 5 }],
    },
    {
      name: 'named simulated latency constant',
      code: `
const SIMULATED_LATENCY_MS = 800;
export async function getUser(id) {
  await delay(SIMULATED_LATENCY_MS);
  return users.get(id);
}`,
      errors: [{ messageId: 'marked', line: 4 }],
    },
  ],
});
