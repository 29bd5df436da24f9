import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { AppError } from '../errors.js';

export interface DirectoryLock {
  /** The lock file (`<folder>.lock`). */
  readonly file: string;
  release(): Promise<void>;
}

/**
 * Takes `<folder>.lock` for this process: a file created exclusively that holds the owner's pid.
 * The embedded database is single-process, so a second `ectus serve` (or `ectus migrate` beside a
 * running server) on the same data folder must stop instead of corrupting it. A lock left by a
 * process that no longer runs is taken over.
 */
export async function acquireDirectoryLock(folder: string): Promise<DirectoryLock> {
  const file = `${folder}.lock`;
  const content = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  if (!(await tryCreate(file, content))) {
    const holder = await readHolder(file);
    if (holder !== undefined && isRunning(holder.pid)) {
      throw new AppError(
        'ECTUS_DATABASE_LOCKED',
        `The embedded database in ${folder} is in use by process ${holder.pid}. Stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
      );
    }
    // Stale: only remove the file we judged stale, not one another process just created.
    if ((await readHolder(file))?.raw === holder?.raw) await fs.rm(file, { force: true });
    if (!(await tryCreate(file, content))) {
      throw new AppError('ECTUS_DATABASE_LOCKED', `Another process took the lock ${file} at the same moment.`);
    }
  }
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      if ((await readHolder(file))?.raw === content) await fs.rm(file, { force: true });
    },
  };
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  try {
    await fs.writeFile(file, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readHolder(file: string): Promise<{ pid: number; raw: string } | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(raw, 10);
  return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0, raw };
}

/** Signal 0 checks that a process exists; EPERM means it exists but belongs to someone else. */
function isRunning(pid: number): boolean {
  if (pid === 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
