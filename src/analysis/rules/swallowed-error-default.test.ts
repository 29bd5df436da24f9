import { testRule } from '../test-support/rule-tester.js';
import rule from './swallowed-error-default.js';

testRule(rule, {
  valid: [
    {
      name: 'logs before falling back',
      code: `
export async function getProjects(userId) {
  try {
    return await db.project.findMany({ where: { userId } });
  } catch (error) {
    logger.error({ error, userId }, 'failed to load projects');
    return [];
  }
}`,
    },
    {
      name: 'rethrows as an application error',
      code: `
async function loadInvoices(customerId) {
  try {
    const res = await fetch(\`/api/customers/\${customerId}/invoices\`);
    return await res.json();
  } catch (cause) {
    throw new AppError('ECTUS_UPSTREAM', 'invoices unavailable', { cause });
  }
}`,
    },
    {
      name: 'parse-or-null helper without IO',
      code: `
export function parseJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}`,
    },
    {
      name: 'boolean probe',
      code: `
export async function isDatabaseReachable() {
  try {
    await pool.query('select 1');
    return true;
  } catch {
    return false;
  }
}`,
    },
    {
      name: 'explicit try-helper',
      code: `
export async function tryReadConfig(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}`,
    },
    {
      name: 'documented expected failure',
      code: `
async function readCachedReport(key) {
  try {
    return await redis.get(key);
  } catch {
    // cache is optional: a miss or an outage both mean "recompute"
    return null;
  }
}`,
    },
    {
      name: 'uses the error to decide',
      code: `
async function findUser(id) {
  try {
    return await usersApi.get(id);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}`,
    },
    {
      name: 'side-effect callback: nothing was going to be returned',
      code: `
await Promise.all(files.map(async (file) => {
  try {
    const code = await api.download(file);
    if (isTestCode(code)) testFiles.push(file);
  } catch {
    return null;
  }
}));`,
    },
    {
      name: 'local probe of a child process',
      code: `
async function getGitRoot(cwd) {
  try {
    return resolve(cwd, (await exec('git', ['rev-parse', '--show-cdup'], { cwd })).stdout.trim());
  } catch {
    return null;
  }
}`,
    },
    {
      name: 'returns a real fallback value computed elsewhere',
      code: `
async function getRates() {
  try {
    return await ratesClient.latest();
  } catch {
    return cachedRates;
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'fetch failure becomes an empty list',
      code: `
export async function fetchUsers() {
  try {
    const response = await fetch('/api/users');
    return await response.json();
  } catch (error) {
    return [];
  }
}`,
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'database failure becomes "not found"',
      code: `
export class UserRepository {
  async findByEmail(email: string): Promise<User | null> {
    try {
      return await this.db.user.findUnique({ where: { email } });
    } catch {
      return null;
    }
  }
}`,
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'default object shape for a dashboard',
      code: `
const loadStats = async () => {
  try {
    const { data } = await api.get('/stats');
    return data;
  } catch (err) {
    return { users: 0, revenue: 0, orders: [] };
  }
};`,
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'wrapper named for a remote read',
      code: `
export async function loadDashboard() {
  try {
    const [users, orders] = await Promise.all([fetchUsers(), fetchOrders()]);
    return { users, orders };
  } catch {
    return { users: [], orders: [] };
  }
}`,
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'non-awaited query call',
      code: `
function countOpenTickets() {
  try {
    return db.prepare('select count(*) from tickets where open = 1').get().count;
  } catch (e) {
    return 0;
  }
}`,
      errors: [{ messageId: 'swallowed', line: 5 }],
    },
  ],
});
