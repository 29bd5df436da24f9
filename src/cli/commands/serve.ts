import path from 'node:path';
import type { Command } from 'commander';

interface ServeFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  dev?: boolean;
}

/** Requests in flight get this long to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_GRACE_MS = 30_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the platform server: the HTTP API under /api/v1, its OpenAPI document at /docs.')
    .option('-p, --port <port>', 'port to listen on (ECTUS_PORT; default 3000)')
    .option('--host <address>', 'address to listen on (ECTUS_HOST; default 127.0.0.1)')
    .option('--data-dir <path>', 'data folder: the embedded database lives here (ECTUS_DATA_DIR; default ~/.ectus)')
    .option('--dev', 'development: a random signing key when ECTUS_AUTH_SECRET is unset, emails written to the log')
    .addHelpText(
      'after',
      '\nConfiguration comes from the environment (see docs/server.md); ECTUS_AUTH_SECRET is required outside --dev.',
    )
    .action(async (flags: ServeFlags) => {
      process.exitCode = await runServe(flags);
    });
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

async function runServe(flags: ServeFlags): Promise<number> {
  // Loaded on demand (its schemas take a while): other commands do not need it.
  const { loadServerConfig } = await import('../../server/config.js');
  const config = loadServerConfig(process.env, {
    port: flags.port === undefined ? undefined : Number(flags.port),
    host: flags.host,
    dataDir: flags.dataDir === undefined ? undefined : path.resolve(flags.dataDir),
    dev: flags.dev,
  });
  // Loaded on demand: the server's dependencies would slow down every other command's start.
  const { startServer } = await import('../../server/start.js');
  const server = await startServer(config);
  process.stderr.write(`Ectus is listening on ${server.url} (API documentation at ${server.url}/docs)\n`);
  const signal = await waitForSignal();
  server.logger.info({ signal }, 'shutting down: finishing requests in flight');
  // A second signal, or requests that never end, must not keep the process forever.
  const force = () => {
    process.stderr.write('ectus: requests did not finish in time; stopping anyway\n');
    process.exit(1);
  };
  const timer = setTimeout(force, SHUTDOWN_GRACE_MS);
  timer.unref();
  process.once('SIGTERM', force);
  process.once('SIGINT', force);
  try {
    await server.close();
  } finally {
    clearTimeout(timer);
    process.off('SIGTERM', force);
    process.off('SIGINT', force);
  }
  server.logger.info('stopped');
  return 0;
}
