import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashContent } from '../hash-content.js';
import { diskProjectFiles, memoryProjectFiles, recordingProjectFiles } from './project-files.js';

const root = mkdtempSync(path.join(tmpdir(), 'ectus-project-'));
mkdirSync(path.join(root, 'src'));
writeFileSync(path.join(root, 'src', 'db.js'), 'module.exports = { query() {} };\n');
writeFileSync(path.join(root, 'src', 'ignored.js'), 'secret();\n');
writeFileSync(path.join(root, 'src', 'blob.js'), Buffer.from([0x61, 0, 0x62]));
writeFileSync(path.join(tmpdir(), 'outside-ectus-project.js'), 'x();\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('diskProjectFiles', () => {
  const project = diskProjectFiles(root, ['src/db.js', 'src/blob.js'], 1024 * 1024);

  it('reads a file of the scan with its content hash', () => {
    const text = 'module.exports = { query() {} };\n';
    expect(project.read('src/db.js')).toEqual({ text, hash: hashContent(text) });
  });

  it('reads only files of the scan: not ignored files, not paths outside the root', () => {
    expect(project.read('src/ignored.js')).toBeNull();
    expect(project.read('../outside-ectus-project.js')).toBeNull();
  });

  it('gives null for a file that is not source text', () => {
    expect(project.read('src/blob.js')).toBeNull();
  });
});

describe('memoryProjectFiles and recordingProjectFiles', () => {
  it('serves in-memory sources by normalised path and records what was read', () => {
    const inner = memoryProjectFiles([
      { path: 'src\\a.js', content: 'a();' },
      { path: 'src/b.js', content: 'b();' },
    ]);
    expect([...inner.files].sort()).toEqual(['src/a.js', 'src/b.js']);
    const recording = recordingProjectFiles(inner);
    expect(recording.project.read('src/b.js')?.text).toBe('b();');
    expect(recording.project.read('src/missing.js')).toBeNull();
    expect(recording.used()).toEqual([{ file: 'src/b.js', hash: hashContent('b();') }]);
  });
});
