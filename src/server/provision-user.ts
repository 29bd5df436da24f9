import { createAccountService } from '../auth/accounts.js';
import { createAuthContext } from '../auth/auth-context.js';
import { checkPasswordPolicy, createPasswordHasher, type PasswordProblem } from '../auth/passwords.js';
import type { PublicUser } from '../auth/public-user.js';
import { buildRoleCatalog } from '../auth/rbac.js';
import { createAccessTokens, generateDevelopmentKey } from '../auth/tokens.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { listRoles } from '../db/repositories/roles.js';
import { AppError } from '../errors.js';
import type { DatabaseConfig } from './config.js';

export interface ProvisionUserInput {
  email: string;
  password: string;
  name: string;
  role: string;
}

/**
 * Creates a verified user directly in the database, as the system (`ectus user create`; the way to
 * make the first administrator). Migrates the database first, so it works before the first
 * `ectus serve`. Refusals are `AppError`s with the reason.
 *
 * @example
 * const user = await provisionUser(loadDatabaseConfig(process.env), { email, password, name: 'Ada', role: 'admin' });
 */
export async function provisionUser(config: DatabaseConfig, input: ProvisionUserInput): Promise<PublicUser> {
  // Checked before opening the database (the service checks again): a refusal should be quick.
  const problem = await checkPasswordPolicy(input.password, { email: input.email });
  if (problem) throw passwordRefused(problem);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db);
    const catalog = buildRoleCatalog(await listRoles(database.db));
    if (!catalog.has(input.role)) {
      throw new AppError(
        'ECTUS_USAGE',
        `There is no role "${input.role}"; choose one of ${[...catalog.keys()].join(', ')}.`,
      );
    }
    const context = createAuthContext({
      db: database.db,
      passwords: createPasswordHasher(),
      // Creating a user issues no token; the context needs a signer all the same.
      accessTokens: createAccessTokens({ key: generateDevelopmentKey(), issuer: 'ectus-cli', audience: 'none' }),
    });
    const result = await createAccountService(context).createUser({ ...input, verified: true }, null);
    if (result.kind === 'email-taken')
      throw new AppError('ECTUS_EMAIL_TAKEN', `${input.email} already has an account.`);
    if (result.kind === 'password-rejected') throw passwordRefused(result.problem);
    if (result.kind === 'invalid-input') throw new AppError('ECTUS_USAGE', `The ${result.field} is not valid.`);
    return result.user;
  } finally {
    await database.close();
  }
}

function passwordRefused(problem: PasswordProblem): AppError {
  return new AppError(
    'ECTUS_PASSWORD_REJECTED',
    `The password was refused (${problem}): use 12 to 128 characters, not a common password, not the email.`,
  );
}
