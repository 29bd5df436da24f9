import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface WriteAtomicOptions {
  /** File mode of the result; defaults to the current file's mode, or 0o644 for a new file. */
  mode?: number;
  /** Create the parent folder when it is missing. */
  mkdir?: boolean;
}

/**
 * Writes a file so readers see either the old content or the new one, never a half-written file:
 * the data goes to a temporary file in the same folder (same file system) and is renamed over the
 * target. The temporary file is removed when anything fails.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const dir = path.dirname(target);
  if (options.mkdir) await fs.mkdir(dir, { recursive: true });
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await fs.stat(target)).mode & 0o7777;
    } catch {
      mode = 0o644;
    }
  }
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, data, { mode, flag: 'wx' });
    // writeFile's mode is filtered by the umask; the target must keep its exact mode.
    await fs.chmod(temp, mode);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
