import { testRule } from '../test-support/rule-tester.js';
import rule from './sql-injection.js';

const HELPERS = {
  path: 'src/helpers/sql.js',
  content: `function buildQuery(id) {
  return 'SELECT * FROM orders WHERE id = ' + id;
}
function safeQuery(id) {
  return { text: 'SELECT * FROM orders WHERE id = $1', values: [id] };
}
function label(id) {
  return 'order';
}
module.exports = { buildQuery, safeQuery, label };
`,
};

/** A data-access module that runs the SQL it builds. */
const REPOSITORY = {
  path: 'src/db/orders.js',
  content: `const { pool } = require('./pool');
exports.findByCustomer = async function (customer) {
  const { rows } = await pool.query("SELECT * FROM orders WHERE customer = '" + customer + "'");
  return rows;
};
exports.findById = async function (id) {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [Number(id)]);
  return rows;
};
`,
};

testRule(rule, {
  valid: [
    // Placeholders with a values array.
    `const { Pool } = require('pg');
const pool = new Pool();
app.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE email = $1', [req.query.email]);
  res.json(rows);
});`,
    // mysql2 placeholders.
    `app.get('/order', async (req, res) => {
  const [rows] = await connection.execute('SELECT * FROM orders WHERE id = ?', [req.params.id]);
  res.json(rows);
});`,
    // Tagged template: the library turns interpolations into parameters.
    `app.get('/u', async (req, res) => {
  const rows = await sql\`SELECT * FROM users WHERE name = \${req.query.name}\`;
  res.json(rows);
});`,
    // Escaped with the driver's escape function.
    `const mysql = require('mysql');
app.get('/p', (req, res) => {
  db.query('SELECT * FROM products WHERE sku = ' + mysql.escape(req.query.sku), (e, r) => res.json(r));
});`,
    // A numeric id.
    `app.get('/n', async (req, res) => {
  const id = parseInt(req.params.id, 10);
  res.json(await db.query(\`SELECT * FROM notes WHERE id = \${id}\`));
});`,
    // Not a database: a search client with a query method.
    `app.get('/search', async (req, res) => {
  res.json(await searchIndex.query('title:' + req.query.q));
});`,
    // Sort column checked against an allow-list.
    `const COLUMNS = ['name', 'created_at'];
app.get('/list', async (req, res) => {
  const column = req.query.sort;
  if (!COLUMNS.includes(column)) return res.status(400).end();
  res.json(await knex.raw('SELECT * FROM items ORDER BY ' + column));
});`,
    {
      name: 'cross-file: the imported helper uses a placeholder',
      filename: 'src/routes/orders.js',
      code: `const helpers = require('../helpers/sql');
app.get('/o', async (req, res) => {
  res.json(await pool.query(helpers.safeQuery(req.query.id)));
});`,
      project: [HELPERS],
    },
    {
      name: 'cross-file: the imported helper ignores its parameter',
      filename: 'src/routes/orders.js',
      code: `const { label } = require('../helpers/sql');
app.get('/o', async (req, res) => {
  res.json(await pool.query('SELECT * FROM t WHERE kind = ' + label(req.query.id)));
});`,
      project: [HELPERS],
    },
    {
      name: 'cross-file: the repository converts the value before querying',
      filename: 'src/routes/orders.js',
      code: `import { findById } from '../db/orders.js';
app.get('/o/:id', async (req, res) => {
  res.json(await findById(req.params.id));
});`,
      project: [REPOSITORY],
    },
    {
      name: 'cross-file: a package import is not followed',
      filename: 'src/routes/orders.js',
      code: `const { findByCustomer } = require('orders-db');
app.get('/o', async (req, res) => {
  res.json(await findByCustomer(req.query.customer));
});`,
      project: [{ path: 'node_modules/orders-db/index.js', content: REPOSITORY.content }],
    },
    {
      name: 'cross-file: a module outside the project is not read',
      filename: 'src/routes/orders.js',
      code: `const { findByCustomer } = require('../../../shared/orders');
app.get('/o', async (req, res) => {
  res.json(await findByCustomer(req.query.customer));
});`,
      project: [REPOSITORY],
    },
  ],
  invalid: [
    {
      code: `app.get('/users', async (req, res) => {
  const result = await pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(result.rows);
});`,
      errors: [{ messageId: 'flow', line: 2 }],
    },
    {
      name: 'template literal, sequelize',
      code: `router.get('/by-email', async (ctx) => {
  const email = ctx.query.email;
  ctx.body = await sequelize.query(\`SELECT * FROM accounts WHERE email = '\${email}'\`);
});`,
      errors: [{ messageId: 'flow', line: 3 }],
    },
    {
      name: 'knex.raw through a helper building the statement',
      code: `function byStatus(status) {
  return 'SELECT * FROM tickets WHERE status = ' + status;
}
app.get('/t', async (req, res) => {
  res.json(await knex.raw(byStatus(req.query.status)));
});`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'sqlite db.all',
      code: `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('app.db');
app.get('/s', (req, res) => {
  const q = 'SELECT * FROM notes WHERE title LIKE "%' + req.query.term + '%"';
  db.all(q, (err, rows) => res.json(rows));
});`,
      errors: [{ messageId: 'flow', line: 5 }],
    },
    {
      name: 'cross-file: the SQL is built by an imported helper and run here',
      filename: 'src/routes/orders.js',
      code: `const helpers = require('../helpers/sql');
app.get('/o', async (req, res) => {
  const q = helpers.buildQuery(req.query.id);
  res.json(await db.query(q));
});`,
      project: [HELPERS],
      errors: [{ messageId: 'flow', line: 4 }],
    },
    {
      name: 'cross-file: the imported repository runs the concatenated SQL (reported at the call)',
      filename: 'src/routes/orders.js',
      code: `import { findByCustomer } from '../db/orders.js';
app.get('/o', async (req, res) => {
  const customer = req.query.customer;
  res.json(await findByCustomer(customer));
});`,
      project: [REPOSITORY],
      errors: [{ messageId: 'flow', line: 4 }],
    },
  ],
});
