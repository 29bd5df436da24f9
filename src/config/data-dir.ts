import os from 'node:os';
import path from 'node:path';

/**
 * Ectus's data folder (scan cache, embedded database, backups): `ECTUS_DATA_DIR` when set, else
 * `~/.ectus`. Always absolute; a relative `ECTUS_DATA_DIR` is taken from the working directory.
 *
 * @example
 * const cacheDir = path.join(dataDir(), 'cache', 'scan');
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ECTUS_DATA_DIR?.trim();
  return path.resolve(configured ? configured : path.join(os.homedir(), '.ectus'));
}
