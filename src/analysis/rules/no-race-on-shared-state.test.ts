import { testRule } from '../test-support/rule-tester.js';
import rule from './no-race-on-shared-state.js';

testRule(rule, {
  valid: [
    // Await first, then update in one synchronous step.
    `let total = 0;
export async function addOrder(id) {
  const amount = await fetchAmount(id);
  total += amount;
}`,
    // The read happens after the await resumes.
    `let seen = 0;
export async function track(event) {
  seen = (await store.count(event)) + seen;
}`,
    // A local, not shared state.
    `export async function sum(ids) {
  let total = 0;
  for (const id of ids) total += await price(id);
  return total;
}`,
    // A parameter with the same name as the module variable.
    `let count = 0;
export async function bump(count) {
  count += await delta();
  return count;
}`,
    // Lazy initialisation is a different question.
    `let client;
export async function getClient() {
  client = client || (await connect());
  return client;
}`,
    // The snapshot is not used for the write.
    `const stats = { hits: 0 };
export async function hit(req) {
  const before = stats.hits;
  await log(req, before);
  stats.hits = stats.hits + 1;
}`,
    // Save and restore around an await is deliberate.
    `const context = { currentSuite: null };
export async function runWithSuite(suite, fn) {
  const previous = context.currentSuite;
  context.currentSuite = suite;
  await fn();
  context.currentSuite = previous;
}`,
    // Not in an async function: no interleaving inside.
    `let version = 0;
function next() {
  version = version + 1;
  return version;
}`,
    // Module constants cannot be reassigned; other modules' state is unknown.
    `import { config } from './config.js';
export async function reload() {
  const old = config.timeout;
  await refresh();
  config.timeout = old * 2;
}`,
  ],
  invalid: [
    {
      code: `let balance = 0;
export async function deposit(accountId) {
  balance += await fetchDeposit(accountId);
}`,
      errors: [{ messageId: 'staleCompound', line: 3 }],
    },
    {
      code: `let processed = 0;
export async function handle(job) {
  processed = processed + (await worker.run(job)).count;
}`,
      errors: [{ messageId: 'staleCompound', line: 3 }],
    },
    {
      code: `class Wallet {
  async withdraw(amount) {
    const current = this.balance;
    await this.audit.record('withdraw', amount);
    this.balance = current - amount;
  }
}`,
      errors: [{ messageId: 'staleSnapshot', line: 5 }],
    },
    {
      code: `const cache = { size: 0, entries: new Map() };
export async function put(key, load) {
  const size = cache.size;
  cache.entries.set(key, await load(key));
  cache.size = size + 1;
}`,
      errors: [{ messageId: 'staleSnapshot', line: 5 }],
    },
    {
      code: `let token = null;
export async function refresh() {
  token = await auth.renew(token);
  return token;
}`,
      errors: [{ messageId: 'staleCompound', line: 3 }],
    },
  ],
});
