import { testRule } from '../test-support/rule-tester.js';
import rule from './mock-in-production.js';

testRule(rule, {
  valid: [
    {
      name: 'real service calls',
      code: `
import { stripe } from './lib/stripe';
export async function checkout(cart) {
  return stripe.paymentIntents.create({ amount: cart.total, currency: 'eur' });
}`,
    },
    {
      name: 'physics simulation is real work',
      code: `
export function tick(world, dt) {
  simulateRigidBodies(world, dt);
  simulateParticles(world.particles, dt);
}`,
    },
    {
      name: 'words that only start like mock',
      code: `
import { MockupGallery } from './components/MockupGallery';
const stubbornRetry = stubbornness(3);`,
    },
    {
      name: 'MSW started behind a development switch',
      filename: 'web/src/main.tsx',
      code: `
async function enableMocking() {
  if (import.meta.env.DEV) {
    const { worker } = await import('./mocks/browser');
    await worker.start();
  }
}
enableMocking().then(() => createRoot(root).render(<App />));`,
    },
    {
      name: 'mock library packages are not flagged',
      code: `import MockAdapter from 'axios-mock-adapter';\nimport { faker } from '@faker-js/faker';`,
    },
    {
      name: 'a fallback class written in the same file',
      code: `
class FakeWorker {
  constructor(fn) { this.fn = fn; }
  async run(...args) { return this.fn(...args); }
}
export function createWorker(fn, options) {
  return isMainThreadOnly ? new FakeWorker(fn) : new Worker(fn, options);
}`,
    },
    {
      name: 'inside the mock module itself',
      filename: 'src/services/mockPayments.ts',
      code: `export const charge = (amount) => fakeCharge(amount);`,
    },
    {
      name: 'modules named about mocks, not mocks themselves',
      code: `
import mockInProduction from './rules/mock-in-production.js';
import fakeNewsDetector from './models/fake-news-detector';`,
    },
    {
      name: 'lodash constant utilities',
      code: `var stubFalse = require('./stubFalse');
var isBuffer = nativeIsBuffer || stubFalse;
const list = stubArray();`,
    },
    {
      name: 'type-only import from a mocks folder',
      code: `import type { User } from '../mocks/types';`,
    },
    {
      name: 'a mock folder importing its siblings',
      filename: 'web/src/mocks/handlers.ts',
      code: `import { mockUsers } from './data/mockUsers';\nexport const handlers = [mockUsersHandler(mockUsers)];`,
    },
    {
      name: 'inside the fake itself',
      code: `
export function simulateDeployment(app) {
  const log = fakeBuildLog(app.name);
  return { url: 'https://' + app.name + '.example.app', log };
}`,
    },
    {
      name: 'test files and stories',
      filename: 'web/src/components/OrderTable.stories.tsx',
      code: `import { mockOrders } from '../mocks/orders';\nexport const Default = { args: { orders: mockOrders() } };`,
    },
    {
      name: 'Jest mock-function API on a test helper',
      filename: 'src/testing-helpers/db.ts',
      code: `export const db = { query: jest.fn().mockResolvedValue([]) };`,
    },
  ],
  invalid: [
    {
      name: 'simulated deployment in a route',
      code: `
router.post('/api/deployments', async (req, res) => {
  const result = await simulateDeployment(req.body.projectId);
  res.json(result);
});`,
      errors: [{ messageId: 'mockCall', line: 3 }],
    },
    {
      name: 'mock payment in a checkout service',
      code: `
export async function pay(order: Order) {
  const charge = await mockPayment(order.total);
  await orders.markPaid(order.id, charge.id);
}`,
      errors: [{ messageId: 'mockCall', line: 3 }],
    },
    {
      name: 'dashboard importing mock data',
      filename: 'web/src/pages/orders/OrdersPage.tsx',
      code: `
import { useState } from 'react';
import { mockOrders } from '../../data/mockOrders';
import { fakeCustomers } from '@/mocks/customers';
export function OrdersPage() {
  const [orders] = useState(mockOrders);
  return <OrderTable orders={orders} customers={fakeCustomers} />;
}`,
      errors: [
        { messageId: 'mockImport', line: 3 },
        { messageId: 'mockImport', line: 4 },
      ],
    },
    {
      name: 'CommonJS require of a stub module',
      code: `const emailClient = require('./services/email.stub');\nmodule.exports = { emailClient };`,
      errors: [{ messageId: 'mockImport', line: 1 }],
    },
    {
      name: 'mock class wired into the container',
      code: `
export const container = {
  payments: new MockPaymentGateway(),
  mailer: createMailer(config.smtp),
};`,
      errors: [{ messageId: 'mockCall', line: 3 }],
    },
    {
      name: 'fake AI call in a worker',
      code: `
export async function handleJob(job) {
  const summary = this.fakeCompletion(job.data.prompt);
  await jobs.complete(job.id, summary);
}`,
      errors: [{ messageId: 'mockCall', line: 3 }],
    },
  ],
});
