import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from './test-support/zip-writer.js';
import { openZip, ZipFormatError } from './zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ectus-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, data);
  return target;
}

function readAll(target: string): Record<string, string> {
  const archive = openZip(target);
  try {
    return Object.fromEntries(archive.entries.map((e) => [e.name, archive.read(e).toString('utf8')]));
  } finally {
    archive.close();
  }
}

describe('openZip', () => {
  const inputs = [
    { name: 'GHSA-xvch-5gv4-984h.json', data: '{"id":"GHSA-xvch-5gv4-984h"}' },
    { name: 'nested/GO-2020-0015.json', data: `{"id":"GO-2020-0015","details":"${'x'.repeat(5000)}"}` },
    { name: 'stored.json', data: '{"id":"stored"}', store: true },
  ];

  it('reads deflated and stored entries, behind an archive comment', () => {
    const content = readAll(file('plain.zip', writeZip(inputs, { comment: 'OSV export' })));
    expect(Object.keys(content)).toEqual(inputs.map((i) => i.name));
    expect(content['stored.json']).toBe('{"id":"stored"}');
    expect(JSON.parse(content['nested/GO-2020-0015.json']!).details).toHaveLength(5000);
  });

  it('reads ZIP64 archives (the format of exports over 65,535 entries)', () => {
    expect(readAll(file('zip64.zip', writeZip(inputs, { zip64: true })))).toEqual(
      readAll(file('p.zip', writeZip(inputs))),
    );
  });

  it('refuses files that are not archives and entries that fail their CRC', () => {
    expect(() => openZip(file('not.zip', Buffer.from('{"id":"x"}')))).toThrow(ZipFormatError);
    const damaged = writeZip([{ name: 'a.json', data: '{"id":"aaaaaaaa"}', store: true }]);
    const at = damaged.indexOf('aaaaaaaa');
    expect(at).toBeGreaterThan(0);
    damaged[at] = 0x62;
    const archive = openZip(file('damaged.zip', damaged));
    try {
      expect(() => archive.read(archive.entries[0]!)).toThrow(/CRC-32/);
    } finally {
      archive.close();
    }
  });

  it('refuses encrypted entries', () => {
    const zip = writeZip([{ name: 'secret.json', data: '{}' }]);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) | 1, central + 8);
    const archive = openZip(file('encrypted.zip', zip));
    try {
      expect(() => archive.read(archive.entries[0]!)).toThrow(/encrypted/);
    } finally {
      archive.close();
    }
  });
});
