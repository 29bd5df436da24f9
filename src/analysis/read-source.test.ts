import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadOutcome, readSource, readSourceSync } from './read-source.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-read-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const abs = path.join(dir, name);
  await fs.writeFile(abs, content);
  return abs;
}

/** Both readers must agree on every input. */
async function readBoth(abs: string, max = 1024 * 1024): Promise<ReadOutcome> {
  const asyncOutcome = await readSource(abs, max);
  expect(readSourceSync(abs, max)).toEqual(asyncOutcome);
  return asyncOutcome;
}

describe('readSource', () => {
  it('reads UTF-8 text with non-ASCII characters', async () => {
    const text = "const greeting = 'héllo wörld 👋';\n";
    const outcome = await readBoth(await write('a.ts', text));
    expect(outcome).toEqual({ ok: true, text, bytes: Buffer.byteLength(text), bom: false });
  });

  it('strips a UTF-8 byte-order mark once and says it was there', async () => {
    const body = 'export default 1;\n';
    const outcome = await readBoth(
      await write('bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])),
    );
    expect(outcome).toEqual({ ok: true, text: body, bytes: body.length + 3, bom: true });
  });

  it('keeps a second byte-order mark that is content', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const outcome = await readBoth(await write('two.ts', Buffer.concat([bom, bom, Buffer.from('x')])));
    expect(outcome.ok && outcome.text).toBe('\uFEFFx');
  });

  it('skips binary files with NUL bytes in the first 8 KiB', async () => {
    const outcome = await readBoth(await write('image.js', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])));
    expect(outcome).toMatchObject({ ok: false, skipped: 'binary', diagnostic: { code: 'ECTUS_BINARY_FILE' } });
  });

  it('does not look for NUL bytes past the first 8 KiB', async () => {
    const content = Buffer.concat([Buffer.from('a'.repeat(8192)), Buffer.from([0])]);
    const outcome = await readBoth(await write('late-nul.js', content));
    expect(outcome.ok).toBe(true);
  });

  it('skips files above the size limit without reading them', async () => {
    const outcome = await readBoth(await write('bundle.js', 'x'.repeat(2048)), 1024);
    expect(outcome).toMatchObject({ ok: false, skipped: 'too-large', diagnostic: { code: 'ECTUS_FILE_TOO_LARGE' } });
    expect(outcome.ok === false && outcome.diagnostic.message).toContain('2.0 KiB');
  });

  it('accepts a file exactly at the size limit', async () => {
    const outcome = await readBoth(await write('edge.js', 'x'.repeat(1024)), 1024);
    expect(outcome.ok).toBe(true);
  });

  it('reports invalid UTF-8 with the offset, without a skip reason', async () => {
    const latin1 = Buffer.concat([Buffer.from("const name = 'Jos"), Buffer.from([0xe9]), Buffer.from("';\n")]);
    const outcome = await readBoth(await write('latin1.js', latin1));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.skipped).toBeUndefined();
    expect(outcome.diagnostic.code).toBe('ECTUS_INVALID_UTF8');
    expect(outcome.diagnostic.message).toContain('offset 17');
  });

  it('rejects encoded surrogates and overlong forms', async () => {
    for (const bytes of [
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
    ]) {
      const outcome = await readBoth(await write('bad.js', Buffer.from([0x61, ...bytes])));
      expect(outcome.ok === false && outcome.diagnostic.message).toContain('offset 1');
    }
  });

  it('turns missing files and folders into read errors', async () => {
    const missing = await readBoth(path.join(dir, 'gone.ts'));
    expect(missing).toMatchObject({ ok: false, diagnostic: { code: 'ECTUS_READ_ERROR' } });
    expect(missing.ok === false && missing.diagnostic.message).toContain('ENOENT');
    const folder = await readBoth(dir);
    expect(folder).toMatchObject({ ok: false, diagnostic: { code: 'ECTUS_READ_ERROR' } });
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports permission errors (non-root only: root reads every file)',
    async () => {
      const abs = await write('secret.ts', 'x');
      await fs.chmod(abs, 0o000);
      const outcome = await readBoth(abs);
      expect(outcome.ok === false && outcome.diagnostic.message).toContain('EACCES');
    },
  );

  it('reads an empty file as empty text', async () => {
    expect(await readBoth(await write('empty.ts', ''))).toEqual({ ok: true, text: '', bytes: 0, bom: false });
  });
});
