import { execFileSync } from 'node:child_process';
import { linkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../analysis/deps/osv/test-support/zip-writer.js';
import { AppError } from '../../errors.js';
import { detectArchiveFormat, extractArchive, safeEntryPath } from './extract-archive.js';
import { systemTarGz, zipDeclaring, zipWithModes } from './test-support/archives.js';
import { writeTar } from './test-support/tar-writer.js';

const HANDLER = `import express from 'express';
const app = express();
app.get('/users/:id', (req, res) => res.send(req.params.id));
`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const LATIN1 = Buffer.from('const name = "caf\u00e9";\n', 'latin1');

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the archive to be refused');
}

describe('extractArchive: ZIP', () => {
  it('keeps text files with relative paths and counts what it skips', () => {
    const zip = writeZip([
      { name: 'demo/', data: '' },
      { name: 'demo/src/app.ts', data: HANDLER },
      { name: './demo/README.md', data: '# Demo\n', store: true },
      { name: 'demo//lib/util.js', data: 'module.exports = {};\n' },
      { name: 'demo/logo.png', data: PNG },
      { name: 'demo/legacy.js', data: LATIN1 },
      { name: 'demo/bom.ts', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export {};\n')]) },
    ]);
    const extracted = extractArchive(zip);
    expect(extracted).toMatchObject({ format: 'zip', entries: 7, skipped: { binary: 1, invalidUtf8: 1, tooLarge: 0 } });
    expect(extracted.files).toEqual([
      { path: 'demo/README.md', content: '# Demo\n' },
      { path: 'demo/bom.ts', content: 'export {};\n' },
      { path: 'demo/lib/util.js', content: 'module.exports = {};\n' },
      { path: 'demo/src/app.ts', content: HANDLER },
    ]);
  });

  it('skips (and counts) files over the entry limit without inflating them', () => {
    const extracted = extractArchive(
      writeZip([
        { name: 'small.ts', data: 'export {};\n' },
        { name: 'bundle.js', data: 'x'.repeat(5000) },
      ]),
      { maxEntryBytes: 4096 },
    );
    expect(extracted.files.map((file) => file.path)).toEqual(['small.ts']);
    expect(extracted.skipped.tooLarge).toBe(1);
  });

  it('keeps the last of two entries with the same path, as extraction would', () => {
    const extracted = extractArchive(
      writeZip([
        { name: 'a.ts', data: 'first' },
        { name: './a.ts', data: 'second' },
      ]),
    );
    expect(extracted.files).toEqual([{ path: 'a.ts', content: 'second' }]);
  });

  it.each([
    ['../../etc/passwd', 'has a ".." segment'],
    ['demo/../../outside.ts', 'has a ".." segment'],
    ['/etc/cron.d/evil', 'has an absolute path'],
    ['C:/Windows/System32/evil.dll', 'starts with a drive letter'],
    ['c:evil.ts', 'starts with a drive letter'],
    ['..\\..\\evil.ts', 'has a backslash'],
    ['demo\\..\\..\\evil.ts', 'has a backslash'],
    ['demo/evil\u0000.ts', 'control characters'],
    ['demo/\u001b[31mred.ts', 'control characters'],
  ])('refuses the zip-slip entry %j', (name, reason) => {
    const zip = writeZip([
      { name: 'demo/ok.ts', data: 'export {};\n' },
      { name, data: 'owned' },
    ]);
    const error = failure(() => extractArchive(zip));
    expect(error.code).toBe('ECTUS_ARCHIVE_UNSAFE_ENTRY');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain(reason);
    expect(error.details).toMatchObject({ entry: name });
  });

  it.each([
    ['a symbolic link', 0o120777, 'is a symbolic link'],
    ['a character device', 0o020666, 'is a device'],
    ['a FIFO', 0o010644, 'is a device or a FIFO'],
  ])('refuses %s', (_kind, mode, reason) => {
    const zip = zipWithModes(
      [
        { name: 'demo/ok.ts', data: 'export {};\n' },
        { name: 'demo/entry', data: '/etc/passwd', store: true },
      ],
      { 'demo/entry': mode, 'demo/ok.ts': 0o100644 },
    );
    const error = failure(() => extractArchive(zip));
    expect(error.code).toBe('ECTUS_ARCHIVE_UNSAFE_ENTRY');
    expect(error.message).toContain(reason);
  });

  it('reads Unix modes of plain files and folders', () => {
    const zip = zipWithModes(
      [
        { name: 'demo/', data: '' },
        { name: 'demo/ok.ts', data: 'export {};\n' },
      ],
      { 'demo/': 0o040755, 'demo/ok.ts': 0o100644 },
    );
    expect(extractArchive(zip).files).toEqual([{ path: 'demo/ok.ts', content: 'export {};\n' }]);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const bomb = writeZip(Array.from({ length: 8 }, (_, i) => ({ name: `layer-${i}.js`, data: zeros })));
    expect(bomb.length).toBeLessThan(100_000);
    const error = failure(() => extractArchive(bomb));
    expect(error.code).toBe('ECTUS_ARCHIVE_TOO_LARGE');
    expect(error.httpStatus).toBe(413);
    expect(error.details).toMatchObject({ limit: 'maxCompressionRatio' });
  });

  it('refuses archives whose files add up to more than the total limit', () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.ts`, data: `${i}`.repeat(3000), store: true }));
    const error = failure(() => extractArchive(writeZip(files), { maxTotalBytes: 10_000 }));
    expect(error.code).toBe('ECTUS_ARCHIVE_TOO_LARGE');
    expect(error.details).toMatchObject({ limit: 'maxTotalBytes', max: 10_000 });
  });

  it('stops inflating an entry that lies about its size', () => {
    const zip = zipDeclaring([{ name: 'liar.ts', data: 'a'.repeat(1_000_000) }], 'liar.ts', 100);
    const error = failure(() => extractArchive(zip));
    expect(error.code).toBe('ECTUS_ARCHIVE_INVALID');
    expect(error.message).toMatch(/does not inflate/);
  });

  it('refuses archives with too many entries before reading their directory', () => {
    const files = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.ts`, data: 'export {};\n' }));
    const error = failure(() => extractArchive(writeZip(files), { maxEntries: 20 }));
    expect(error.code).toBe('ECTUS_ARCHIVE_TOO_LARGE');
    expect(error.details).toMatchObject({ limit: 'maxEntries', max: 20 });
  });

  it('refuses archives larger than the upload limit and damaged ones', () => {
    const zip = writeZip([{ name: 'a.ts', data: 'export const a = 1;\n', store: true }]);
    expect(failure(() => extractArchive(zip, { maxCompressedBytes: 50 }))).toMatchObject({
      code: 'ECTUS_ARCHIVE_TOO_LARGE',
      details: { limit: 'maxCompressedBytes' },
    });
    const damaged = Buffer.from(zip);
    const at = damaged.indexOf('export');
    expect(at).toBeGreaterThan(0);
    damaged[at] = 0x45;
    expect(failure(() => extractArchive(damaged))).toMatchObject({ code: 'ECTUS_ARCHIVE_INVALID' });
    expect(failure(() => extractArchive(zip.subarray(0, zip.length - 30)))).toMatchObject({
      code: 'ECTUS_ARCHIVE_INVALID',
    });
  });

  it('refuses paths over the length limit', () => {
    const name = `${'a/'.repeat(600)}x.ts`;
    const error = failure(() => extractArchive(writeZip([{ name, data: 'x' }])));
    expect(error.code).toBe('ECTUS_ARCHIVE_INVALID');
    expect(error.details).toMatchObject({ limit: 'maxPathLength', max: 1024 });
  });
});

describe('extractArchive: tar.gz', () => {
  it('reads an archive made by the system tar, long names included', () => {
    const long = `packages/${'nested-folder/'.repeat(10)}deep.ts`;
    const upload = systemTarGz({ 'src/app.ts': HANDLER, [long]: 'export {};\n', 'img/logo.png': PNG });
    const extracted = extractArchive(upload);
    expect(extracted.format).toBe('tar.gz');
    expect(extracted.files.map((file) => file.path)).toEqual([long, 'src/app.ts']);
    expect(extracted.files.find((file) => file.path === 'src/app.ts')?.content).toBe(HANDLER);
    expect(extracted.skipped).toEqual({ binary: 1, invalidUtf8: 0, tooLarge: 0 });
  });

  it('refuses a symbolic link made by the system tar', () => {
    const upload = systemTarGz({ 'src/app.ts': HANDLER }, (root) => symlinkSync('/etc/passwd', path.join(root, 'pw')));
    const error = failure(() => extractArchive(upload));
    expect(error).toMatchObject({ code: 'ECTUS_ARCHIVE_UNSAFE_ENTRY', details: { entry: './pw' } });
    expect(error.message).toContain('symbolic link');
  });

  it('refuses a hard link made by the system tar', () => {
    const upload = systemTarGz({ 'src/app.ts': HANDLER }, (root) =>
      linkSync(path.join(root, 'src/app.ts'), path.join(root, 'copy.ts')),
    );
    expect(failure(() => extractArchive(upload)).message).toContain('hard link');
  });

  it('refuses a FIFO made by the system tar', () => {
    const upload = systemTarGz({ 'src/app.ts': HANDLER }, (root) => execFileSync('mkfifo', [path.join(root, 'pipe')]));
    expect(failure(() => extractArchive(upload)).message).toContain('device or a FIFO');
  });

  it.each([
    ['../../../home/user/.bashrc', 'has a ".." segment'],
    ['/etc/passwd', 'has an absolute path'],
    ['D:\\autoexec.bat', 'starts with a drive letter'],
    ['src\\..\\..\\evil.ts', 'has a backslash'],
  ])('refuses the tar-slip entry %j, also behind a pax or GNU long name', (name, reason) => {
    for (const archive of [
      writeTar([
        { name: 'ok.ts', data: 'ok' },
        { name, data: 'owned' },
      ]),
      writeTar([{ name: 'innocent.ts', data: 'owned', pax: { path: name } }]),
      writeTar([{ name: 'innocent.ts', data: 'owned', gnuLongName: name }]),
    ]) {
      const error = failure(() => extractArchive(gzipSync(archive)));
      expect(error.code).toBe('ECTUS_ARCHIVE_UNSAFE_ENTRY');
      expect(error.message).toContain(reason);
    }
  });

  it.each([
    ['3', 'device'],
    ['4', 'device'],
    ['S', 'unsupported entry type'],
  ])('refuses entries of type %j', (type, reason) => {
    const error = failure(() => extractArchive(gzipSync(writeTar([{ name: 'dev/thing', type }]))));
    expect(error.code).toBe('ECTUS_ARCHIVE_UNSAFE_ENTRY');
    expect(error.message).toContain(reason);
  });

  it('refuses a gzip bomb while inflating it, at the bound its limits give', () => {
    const bomb = gzipSync(writeTar([{ name: 'zeros.js', data: Buffer.alloc(20 * 1024 * 1024) }]));
    const error = failure(() => extractArchive(bomb, { maxTotalBytes: 1024 * 1024, maxEntries: 100 }));
    expect(error.code).toBe('ECTUS_ARCHIVE_TOO_LARGE');
    expect(error.message).toMatch(/expands to more than/);
  });

  it('stops inflating at the compression ratio, before the size limits are reached', () => {
    const bomb = gzipSync(writeTar([{ name: 'zeros.js', data: Buffer.alloc(20 * 1024 * 1024) }]));
    const error = failure(() => extractArchive(bomb));
    expect(error.details).toEqual({ limit: 'maxCompressionRatio', max: 100 });
    expect(error.message).toMatch(/possible archive bomb/);
  });

  it('refuses contents far larger than the archive', () => {
    const layers = Array.from({ length: 3 }, (_, i) => ({
      name: `layer-${i}.js`,
      data: Buffer.alloc(3 * 1024 * 1024),
    }));
    const error = failure(() => extractArchive(gzipSync(writeTar(layers))));
    expect(error.details).toMatchObject({ limit: 'maxCompressionRatio' });
  });

  it('refuses too many entries and too many bytes', () => {
    const many = writeTar(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.ts`, data: 'x' })));
    expect(failure(() => extractArchive(gzipSync(many), { maxEntries: 10 })).details).toMatchObject({
      limit: 'maxEntries',
    });
    const big = writeTar(Array.from({ length: 3 }, (_, i) => ({ name: `f${i}.ts`, data: 'y'.repeat(4000) })));
    expect(failure(() => extractArchive(gzipSync(big), { maxTotalBytes: 10_000 })).details).toMatchObject({
      limit: 'maxTotalBytes',
    });
  });

  it('refuses damaged gzip and tar data', () => {
    const upload = gzipSync(writeTar([{ name: 'a.ts', data: 'export {};\n' }]));
    expect(failure(() => extractArchive(upload.subarray(0, upload.length - 12))).code).toBe('ECTUS_ARCHIVE_INVALID');
    const notTar = gzipSync(Buffer.from('this is a gzipped text file, not a tar archive\n'.repeat(20)));
    expect(failure(() => extractArchive(notTar)).message).toMatch(/checksum/);
  });

  it('reads uncompressed tar archives too', () => {
    const extracted = extractArchive(writeTar([{ name: 'lib/a.py', data: 'import os\n' }]));
    expect(extracted).toMatchObject({ format: 'tar', files: [{ path: 'lib/a.py', content: 'import os\n' }] });
  });
});

describe('detectArchiveFormat and safeEntryPath', () => {
  it('goes by content, not by name', () => {
    expect(detectArchiveFormat(writeZip([]))).toBe('zip');
    expect(detectArchiveFormat(gzipSync('x'))).toBe('tar.gz');
    expect(detectArchiveFormat(Buffer.from('PK'))).toBeNull();
    expect(failure(() => extractArchive(Buffer.from('{"files": []}'))).code).toBe('ECTUS_ARCHIVE_INVALID');
  });

  it('makes safe paths canonical and leaves no way out', () => {
    expect(safeEntryPath('./src//app.ts')).toBe('src/app.ts');
    expect(safeEntryPath('src/./app.ts')).toBe('src/app.ts');
    expect(safeEntryPath('a..b/..c/d..')).toBe('a..b/..c/d..');
    expect(safeEntryPath('./')).toBe('');
    expect(() => safeEntryPath('src/..')).toThrow(AppError);
    expect(() => safeEntryPath('//server/share/x')).toThrow(/absolute/);
  });
});
