import { testRule } from '../test-support/rule-tester.js';
import rule from './hardcoded-sample-data.js';

testRule(rule, {
  valid: [
    {
      name: 'real query',
      code: `
export async function getUsers(db) {
  return db.select().from(users).limit(50);
}`,
    },
    {
      name: 'static reference data without sample values',
      code: `
export function listPlans() {
  return [
    { id: 'free', name: 'Free', seats: 1 },
    { id: 'team', name: 'Team', seats: 10 },
  ];
}`,
    },
    {
      name: 'sample values only once',
      code: `
export function getContacts() {
  return [{ name: 'Support', email: 'support@acme-tools.io' }, { name: 'Sales', email: 'sales@example.com' }];
}`,
    },
    {
      name: 'filters by the request',
      code: `
const USERS = [
  { id: 1, name: 'John Doe', email: 'john@example.com' },
  { id: 2, name: 'Jane Doe', email: 'jane@example.com' },
];
app.get('/api/users', (req, res) => {
  res.json(USERS.filter((u) => u.name.includes(req.query.q)));
});`,
    },
    {
      name: 'not a read function and not exported',
      code: `
function buildExample() {
  return [{ name: 'John Doe' }, { name: 'Jane Doe' }];
}`,
    },
    {
      name: 'fixtures and stories are sample data on purpose',
      filename: 'web/src/fixtures/users.ts',
      code: `export function getUsers() { return [{ name: 'John Doe' }, { name: 'Jane Doe' }]; }`,
    },
    {
      name: 'test file',
      filename: 'src/server/routes/users/users.test.ts',
      code: `export const getUsers = () => [{ name: 'John Doe' }, { name: 'Jane Smith' }];`,
    },
  ],
  invalid: [
    {
      name: 'exported API client returning canned users after a fake wait',
      filename: 'web/src/api/users.ts',
      code: `
export async function fetchUsers() {
  await new Promise((r) => setTimeout(r, 300));
  return [
    { id: 1, name: 'John Doe', email: 'john.doe@example.com', role: 'admin' },
    { id: 2, name: 'Jane Smith', email: 'jane@example.com', role: 'member' },
  ];
}`,
      errors: [{ messageId: 'sampleData', line: 4 }],
    },
    {
      name: 'GET route answering a module-level list',
      code: `
const products = [
  { id: 'p1', name: 'Product 1', price: 9.99 },
  { id: 'p2', name: 'Product 2', price: 19.99 },
  { id: 'p3', name: 'Product 3', price: 29.99 },
];
router.get('/api/products', (req, res) => {
  res.status(200).json({ data: products, total: products.length });
});`,
      errors: [{ messageId: 'sampleData', line: 2 }],
    },
    {
      name: 'service method with lorem ipsum posts',
      code: `
export class PostService {
  findAll() {
    return [
      { id: 1, title: 'Lorem ipsum dolor', author: 'foo' },
      { id: 2, title: 'Sit amet consectetur', author: 'bar' },
    ];
  }
}`,
      errors: [{ messageId: 'sampleData', line: 4 }],
    },
    {
      name: 'Next.js GET handler',
      filename: 'app/api/customers/route.ts',
      code: `
export async function GET() {
  const customers = [
    { name: 'Acme Corp', contact: 'test@acme.com' },
    { name: 'Sample Company', contact: 'jane@example.org' },
  ];
  return Response.json(customers);
}`,
      errors: [{ messageId: 'sampleData', line: 3 }],
    },
  ],
});
