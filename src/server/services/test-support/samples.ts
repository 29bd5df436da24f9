/** Realistic sources for scan tests: an Express handler with two injections and a missing catch. */
export const VULNERABLE_HANDLER = `import express from 'express';
import { exec } from 'node:child_process';
import { db } from './db.js';

const app = express();
app.get('/users', async (req, res) => {
  const rows = await db.query('SELECT * FROM users WHERE id = ' + req.query.id);
  exec('ls ' + req.query.dir);
  res.send(rows);
});
`;

/** The same module done safely: bound parameters, no shell. */
export const SAFE_MODULE = `import { db } from './db.js';

export async function findUser(id: string) {
  return db.query('SELECT * FROM users WHERE id = $1', [id]);
}
`;
