import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerAdvisoriesCommand } from './commands/advisories.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerRulesCommand } from './commands/rules.js';
import { registerSbomCommand } from './commands/sbom.js';
import { registerScanCommand } from './commands/scan.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommand } from './commands/user.js';

export function buildProgram(): Command {
  const program = new Command('ectus')
    .description('Ectus: analysis, gated AI generation and documentation for your codebase.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerScanCommand(program);
  registerRulesCommand(program);
  registerSbomCommand(program);
  registerAdvisoriesCommand(program);
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerUserCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or config error. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isAppError(error)) {
      process.stderr.write(`ectus: ${error.message} [${error.code}]\n`);
      if (Array.isArray(error.details)) {
        for (const problem of error.details as { path?: string; message?: string }[]) {
          process.stderr.write(`  - ${problem.path ? `${problem.path}: ` : ''}${problem.message ?? String(problem)}\n`);
        }
      }
      return error.exitCode;
    }
    process.stderr.write(`ectus: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
