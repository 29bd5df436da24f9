import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-atomic.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-atomic-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates a file, with its folder when asked', async () => {
    const file = path.join(dir, 'a', 'b', 'out.json');
    await writeFileAtomic(file, '{}\n', { mkdir: true });
    expect(await fs.readFile(file, 'utf8')).toBe('{}\n');
    expect(await fs.readdir(path.dirname(file))).toEqual(['out.json']);
  });

  it.skipIf(process.platform === 'win32')('replaces a file keeping its mode, or sets the one given', async () => {
    const file = path.join(dir, 'script.js');
    await fs.writeFile(file, 'old');
    await fs.chmod(file, 0o750);
    await writeFileAtomic(file, 'new');
    expect(await fs.readFile(file, 'utf8')).toBe('new');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o750);
    await writeFileAtomic(file, Buffer.from('bytes'), { mode: 0o600 });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind when the write fails', async () => {
    const target = path.join(dir, 'taken');
    await fs.mkdir(path.join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual(['taken']);
  });
});
