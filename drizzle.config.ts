import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes a new migration for changes to the schema; the SQL is committed
// and applied by `src/db/migrate.ts` (drizzle-kit never connects to a database here).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
