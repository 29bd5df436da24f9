import path from 'node:path';
import type { Command } from 'commander';
import type { MigrationStatus } from '../../db/migrate.js';

interface MigrateFlags {
  status?: boolean;
  dataDir?: string;
  json?: boolean;
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (DATABASE_URL, else the embedded database in the data folder).')
    .option('--status', 'only list applied and pending migrations; change nothing')
    .option('--data-dir <path>', 'data folder of the embedded database (ECTUS_DATA_DIR; default ~/.ectus)')
    .option('--json', 'print JSON')
    .action(async (flags: MigrateFlags) => {
      process.exitCode = await runMigrate(flags);
    });
}

async function runMigrate(flags: MigrateFlags): Promise<number> {
  // Loaded on demand (its schemas take a while): other commands do not need it.
  const { loadDatabaseConfig } = await import('../../server/config.js');
  const config = loadDatabaseConfig(process.env, {
    dataDir: flags.dataDir === undefined ? undefined : path.resolve(flags.dataDir),
  });
  // Loaded on demand, so that other commands do not pay for the database drivers at start.
  const { openDatabase } = await import('../../db/client.js');
  const { migrate, migrationStatus } = await import('../../db/migrate.js');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (flags.status) {
      const status = await migrationStatus(database.db);
      if (flags.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else printStatus(status);
      return status.pending.length > 0 ? 1 : 0;
    }
    const result = await migrate(database.db);
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.applied.length === 0) process.stdout.write('The database is up to date.\n');
    else process.stdout.write(`Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

function printStatus(status: MigrationStatus): void {
  const lines = [
    ...status.applied.map((tag) => `  applied  ${tag}`),
    ...status.pending.map((tag) => `  pending  ${tag}`),
    ...status.unknown.map((tag) => `  unknown  ${tag} (applied by a newer Ectus)`),
  ];
  const summary =
    status.pending.length === 0
      ? 'The database is up to date.'
      : `${status.pending.length} migration(s) pending: run ectus migrate.`;
  process.stdout.write(`${lines.join('\n')}\n${summary}\n`);
}
