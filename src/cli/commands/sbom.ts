import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { SbomOptions } from '../../analysis/deps/sbom.js';
import { AppError } from '../../errors.js';
import { VERSION } from '../../version.js';

interface SbomFlags {
  output?: string;
}

export function registerSbomCommand(program: Command): void {
  program
    .command('sbom')
    .description('Write a CycloneDX 1.6 JSON software bill of materials from the lockfiles under a folder.')
    .argument('[path]', 'folder to read lockfiles from', '.')
    .option('-o, --output <file>', 'write the SBOM to a file instead of standard output')
    .action(async (target: string, flags: SbomFlags) => {
      process.exitCode = await runSbom(target, flags);
    });
}

/** The project's name and version: from its package.json when it has one, else the folder's name. */
async function projectOf(root: string): Promise<SbomOptions['project']> {
  const fallback = { name: path.basename(root) || 'project' };
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as unknown;
    if (typeof manifest !== 'object' || manifest === null) return fallback;
    const { name, version } = manifest as { name?: unknown; version?: unknown };
    if (typeof name !== 'string' || name.length === 0) return fallback;
    return typeof version === 'string' ? { name, version } : { name };
  } catch {
    return fallback;
  }
}

async function runSbom(target: string, flags: SbomFlags): Promise<number> {
  const root = path.resolve(target);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new AppError('ECTUS_PATH_NOT_FOUND', `Not a folder: ${target}`);
  // Loaded on demand, so that other commands do not load every lockfile parser at start.
  const [{ scanLockfiles }, { buildSbom, renderSbom }] = await Promise.all([
    import('../../analysis/deps/lockfiles/index.js'),
    import('../../analysis/deps/sbom.js'),
  ]);
  const { results, problems } = await scanLockfiles([root], { root });
  for (const problem of problems)
    process.stderr.write(`ectus: ${problem.file}: ${problem.message} [${problem.code}]\n`);
  for (const result of results) {
    for (const warning of result.warnings) process.stderr.write(`ectus: ${result.file}: ${warning}\n`);
  }
  if (results.length === 0)
    process.stderr.write(`ectus: no lockfile found under ${target}; the SBOM lists no components.\n`);
  const bom = buildSbom(results, { project: await projectOf(root), toolVersion: VERSION });
  const text = renderSbom(bom);
  if (flags.output) {
    await fs.writeFile(path.resolve(flags.output), text);
    const lockfiles = results.length === 1 ? '1 lockfile' : `${results.length} lockfiles`;
    process.stderr.write(`Wrote ${bom.components.length} components from ${lockfiles} to ${flags.output}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
