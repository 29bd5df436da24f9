import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDirectoryLock } from './directory-lock.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-lock-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has already exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireDirectoryLock', () => {
  it('writes <folder>.lock with the pid, refuses a second holder, and frees the lock on release', async () => {
    const folder = path.join(dir, 'db');
    const lock = await acquireDirectoryLock(folder);
    expect(lock.file).toBe(`${folder}.lock`);
    expect(Number.parseInt(await fs.readFile(lock.file, 'utf8'), 10)).toBe(process.pid);
    await expect(acquireDirectoryLock(folder)).rejects.toMatchObject({ code: 'ECTUS_DATABASE_LOCKED' });
    await lock.release();
    await lock.release();
    await expect(fs.access(lock.file)).rejects.toThrow();
    const again = await acquireDirectoryLock(folder);
    await again.release();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const folder = path.join(dir, 'db');
    await fs.writeFile(`${folder}.lock`, `${exitedPid()} 0123456789abcdef\n`);
    const lock = await acquireDirectoryLock(folder);
    expect(Number.parseInt(await fs.readFile(lock.file, 'utf8'), 10)).toBe(process.pid);
    await lock.release();
  });

  it('treats an unreadable lock file as stale', async () => {
    const folder = path.join(dir, 'db');
    await fs.writeFile(`${folder}.lock`, 'garbage');
    const lock = await acquireDirectoryLock(folder);
    await lock.release();
  });

  it('does not remove a lock file that another owner wrote after ours', async () => {
    const folder = path.join(dir, 'db');
    const lock = await acquireDirectoryLock(folder);
    await fs.writeFile(lock.file, '1 someone-else\n');
    await lock.release();
    expect(await fs.readFile(lock.file, 'utf8')).toBe('1 someone-else\n');
  });
});
