import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';

interface CreateFlags {
  email: string;
  passwordStdin?: boolean;
  admin?: boolean;
  role?: string;
  name?: string;
  dataDir?: string;
  json?: boolean;
}

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('Manage platform users from the command line.');
  user
    .command('create')
    .description('Create a verified user (the first administrator: --admin). The password is read from standard input.')
    .requiredOption('--email <email>', 'email address, used to sign in')
    .option('--password-stdin', 'read the password from standard input (required: passwords never go in flags)')
    .option('--admin', 'make the user an administrator (same as --role admin)')
    .option('--role <role>', 'instance role: admin, maintainer, developer or viewer', 'developer')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--data-dir <path>', 'data folder of the embedded database (ECTUS_DATA_DIR; default ~/.ectus)')
    .option('--json', 'print the created user as JSON')
    .action(async (flags: CreateFlags) => {
      process.exitCode = await runCreate(flags);
    });
}

/** Standard input up to its end, without the line break that `echo` or a terminal adds. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function runCreate(flags: CreateFlags): Promise<number> {
  if (!flags.passwordStdin) {
    throw new AppError('ECTUS_USAGE', 'Pass --password-stdin and write the password to standard input.');
  }
  // Loaded on demand (its schemas take a while): other commands do not need it.
  const { loadDatabaseConfig } = await import('../../server/config.js');
  const config = loadDatabaseConfig(process.env, {
    dataDir: flags.dataDir === undefined ? undefined : path.resolve(flags.dataDir),
  });
  const password = await readPassword();
  // Loaded on demand, so that other commands do not pay for the database drivers at start.
  const { provisionUser } = await import('../../server/provision-user.js');
  const user = await provisionUser(config, {
    email: flags.email,
    password,
    name: flags.name ?? flags.email.split('@')[0] ?? flags.email,
    role: flags.admin ? 'admin' : (flags.role ?? 'developer'),
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(user, null, 2)}\n`);
  else process.stdout.write(`Created ${user.role} ${user.email} (verified), id ${user.id}\n`);
  return 0;
}
