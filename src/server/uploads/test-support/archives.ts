import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeZip, type ZipInput } from '../../../analysis/deps/osv/test-support/zip-writer.js';

/** Archives for upload tests: real ones from the system `tar`, and crafted ZIPs. */

/**
 * A `.tar.gz` made by the system's tar from `files` (path → content), in a temporary folder that is
 * removed afterwards. `prepare` may add links, FIFOs or anything else to the folder first.
 */
export function systemTarGz(files: Record<string, string | Buffer>, prepare?: (root: string) => void): Buffer {
  const work = mkdtempSync(path.join(os.tmpdir(), 'ectus-upload-'));
  try {
    const root = path.join(work, 'src-root');
    mkdirSync(root);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    prepare?.(root);
    const target = path.join(work, 'upload.tar.gz');
    execFileSync('tar', ['-czf', target, '-C', root, '.']);
    return readFileSync(target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const CENTRAL_SIGNATURE = 0x02014b50;

/** Calls `visit` with the offset and name of each central-directory header of `zip`. */
function eachCentralHeader(zip: Buffer, visit: (at: number, name: string) => void): void {
  let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  while (at >= 0 && at + 46 <= zip.length && zip.readUInt32LE(at) === CENTRAL_SIGNATURE) {
    const nameLength = zip.readUInt16LE(at + 28);
    visit(at, zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}

/**
 * A ZIP whose entries carry Unix modes (`mode` per entry name), as Info-ZIP writes them for
 * symbolic links and devices: "made by" Unix, mode in the upper half of the external attributes.
 */
export function zipWithModes(inputs: readonly ZipInput[], modes: Record<string, number>): Buffer {
  const zip = writeZip(inputs);
  eachCentralHeader(zip, (at, name) => {
    const mode = modes[name];
    if (mode === undefined) return;
    zip.writeUInt16LE((3 << 8) | 20, at + 4);
    zip.writeUInt32LE((mode << 16) >>> 0, at + 38);
  });
  return zip;
}

/** Sets the size an entry declares in the central directory (a lying archive). */
export function zipDeclaring(inputs: readonly ZipInput[], name: string, size: number): Buffer {
  const zip = writeZip(inputs);
  eachCentralHeader(zip, (at, entryName) => {
    if (entryName === name) zip.writeUInt32LE(size, at + 24);
  });
  return zip;
}
