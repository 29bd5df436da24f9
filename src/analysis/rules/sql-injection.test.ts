import { testRule } from '../test-support/rule-tester.js';
import rule from './sql-injection.js';

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
  ],
});
