import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TarEntry, TarFormatError, tarEntries } from './tar.js';
import { writeTar } from './test-support/tar-writer.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ectus-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function entries(archive: Buffer): Omit<TarEntry, 'data'>[] {
  return [...tarEntries(archive)].map(({ data: _data, ...entry }) => entry);
}

function contents(archive: Buffer): Record<string, string> {
  return Object.fromEntries(
    [...tarEntries(archive)].filter((e) => e.type === 'file').map((e) => [e.name, e.data.toString('utf8')]),
  );
}

/** An archive made by the system's tar from a folder laid out by `build`. */
function systemTar(name: string, format: string, build: (root: string) => void): Buffer {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  build(root);
  const target = path.join(dir, `${name}.tar`);
  execFileSync('tar', ['--format', format, '-cf', target, '-C', root, '.']);
  return readFileSync(target);
}

const LONG = `src/${'deeply-nested-folder/'.repeat(6)}handler.ts`;

function layout(root: string): void {
  mkdirSync(path.join(root, path.dirname(LONG)), { recursive: true });
  writeFileSync(path.join(root, LONG), 'export const handler = () => 1;\n');
  writeFileSync(path.join(root, 'package.json'), '{"name":"demo"}\n');
}

describe('tarEntries', () => {
  it.each(['gnu', 'pax', 'ustar'])('reads archives of the system tar in %s format, long names included', (format) => {
    expect(LONG.length).toBeGreaterThan(100);
    const archive = systemTar(`layout-${format}`, format, layout);
    const files = contents(archive);
    expect(files[`./${LONG}`]).toBe('export const handler = () => 1;\n');
    expect(files['./package.json']).toBe('{"name":"demo"}\n');
    expect(entries(archive).filter((e) => e.type === 'directory').length).toBeGreaterThan(5);
  });

  it('reports links as links, with their targets', () => {
    const archive = systemTar('links', 'gnu', (root) => {
      writeFileSync(path.join(root, 'real.ts'), 'export {};\n');
      symlinkSync('/etc/passwd', path.join(root, 'escape'));
    });
    expect(entries(archive)).toContainEqual(
      expect.objectContaining({ name: './escape', type: 'symlink', linkName: '/etc/passwd', size: 0 }),
    );
  });

  it('applies pax path, linkpath and size records, and GNU long names, to the next entry only', () => {
    const archive = writeTar([
      { name: 'short', data: 'a', pax: { path: 'pax/ünïcode name.ts', mtime: '1700000000.5' } },
      { name: 'plain.ts', data: 'b' },
      { name: 'link', type: '2', pax: { linkpath: 'pax-target' } },
      { name: 'ignored', data: 'c', gnuLongName: 'gnu/long/name.ts' },
    ]);
    expect(entries(archive)).toEqual([
      { name: 'pax/ünïcode name.ts', type: 'file', typeFlag: '0', linkName: '', size: 1 },
      { name: 'plain.ts', type: 'file', typeFlag: '0', linkName: '', size: 1 },
      { name: 'link', type: 'symlink', typeFlag: '2', linkName: 'pax-target', size: 0 },
      { name: 'gnu/long/name.ts', type: 'file', typeFlag: '0', linkName: '', size: 1 },
    ]);
  });

  it('classifies devices, FIFOs, hard links and unknown types', () => {
    const archive = writeTar([
      { name: 'null', type: '3' },
      { name: 'disk', type: '4' },
      { name: 'pipe', type: '6' },
      { name: 'hard', type: '1', linkName: 'plain.ts' },
      { name: 'sparse', type: 'S' },
    ]);
    expect(entries(archive).map((e) => e.type)).toEqual([
      'character-device',
      'block-device',
      'fifo',
      'hardlink',
      'other',
    ]);
  });

  it('reads base-256 size fields', () => {
    const sizeField = Buffer.alloc(12);
    sizeField[0] = 0x80;
    sizeField[11] = 3;
    const archive = writeTar([{ name: 'big.ts', data: 'abc', sizeField }]);
    expect(contents(archive)).toEqual({ 'big.ts': 'abc' });
  });

  it('stops at the end-of-archive block and accepts archives without one', () => {
    const withTrailer = Buffer.concat([writeTar([{ name: 'a.ts', data: 'a' }]), Buffer.from('garbage after the end')]);
    expect(Object.keys(contents(withTrailer))).toEqual(['a.ts']);
    expect(Object.keys(contents(writeTar([{ name: 'a.ts', data: 'a' }], { end: false })))).toEqual(['a.ts']);
  });

  it('refuses damaged headers, sizes and truncated data', () => {
    const good = writeTar([{ name: 'a.ts', data: 'x'.repeat(2000) }]);
    const badChecksum = Buffer.from(good);
    badChecksum[0] = 0x62;
    expect(() => entries(badChecksum)).toThrow(/checksum/);
    expect(() => entries(good.subarray(0, 1024))).toThrow(/ends early/);
    const negative = Buffer.alloc(12, 0xff);
    expect(() => entries(writeTar([{ name: 'a.ts', data: 'a', sizeField: negative }]))).toThrow(/out of range/);
    const notOctal = Buffer.from('00000000009\0');
    expect(() => entries(writeTar([{ name: 'a.ts', data: 'a', sizeField: notOctal }]))).toThrow(TarFormatError);
    expect(() => entries(writeTar([{ name: 'a.ts', pax: { size: '1e9' } }]))).toThrow(/pax size/);
    expect(() => entries(Buffer.from('just text, not an archive'.repeat(40)))).toThrow(TarFormatError);
  });

  it('refuses oversized or damaged extended headers and names that are not UTF-8', () => {
    expect(() => entries(writeTar([{ name: 'a.ts', pax: { path: 'x'.repeat(70_000) } }]))).toThrow(/extended header/);
    const damagedPax = writeTar([{ name: 'a.ts', pax: { path: 'a.ts' } }]);
    damagedPax.write('99', 512, 'latin1');
    expect(() => entries(damagedPax)).toThrow(/pax extended header is damaged/);
    const latin1 = writeTar([{ name: 'caf\u00e9.ts', data: 'a' }]);
    latin1.writeUInt8(0xe9, 3);
    latin1.writeUInt8(0x2e, 4);
    // Recompute the checksum so only the name is wrong.
    latin1.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of latin1.subarray(0, 512)) sum += byte;
    latin1.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    expect(() => entries(latin1)).toThrow(/not valid UTF-8/);
  });

  it('refuses a pax header with nothing after it', () => {
    const archive = writeTar([{ name: 'a.ts', data: 'a', pax: { path: 'b.ts' } }], { end: false }).subarray(0, 1024);
    expect(() => entries(archive)).toThrow(/ends early/);
  });
});
