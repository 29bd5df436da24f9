import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dependency, Ecosystem } from '../../model.js';
import type { OsvRecord } from '../schema.js';

/**
 * Real advisories in the OSV schema (GitHub, PyPA, Go and RustSec databases), reconstructed from
 * the public records for tests: ids, aliases, ranges, severity vectors and CWE ids as published.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixtureIds(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadRecord(id: string): OsvRecord {
  const file = path.join(FIXTURES, `${id}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OsvRecord;
  } catch (error) {
    throw new Error(`fixture ${id} is missing or not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes records as `<id>.json` files under `dir` (in subfolders when given as `sub/id`). */
export async function writeRecords(dir: string, records: Record<string, unknown>): Promise<void> {
  for (const [name, record] of Object.entries(records)) {
    const file = path.join(dir, `${name}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(record, null, 2));
  }
}

/** A lockfile entry as the lockfile parsers produce it. */
export function dependency(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  extra: Partial<Dependency> = {},
): Dependency {
  return { ecosystem, name, version, direct: true, dev: false, paths: [[name]], file: 'package-lock.json', ...extra };
}
