import path from 'node:path';
import type { Command } from 'commander';
import { ECOSYSTEMS } from '../../analysis/deps/model.js';
import type { ImportSummary } from '../../analysis/deps/osv/import.js';
import { dataDir } from '../../config/data-dir.js';
import { ProgressBar } from '../progress.js';

interface JsonFlag {
  json?: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function days(count: number): string {
  return count === 0 ? 'today' : `${plural(count, 'day')} ago`;
}

function printImport(summary: ImportSummary): void {
  const lines = [`Imported OSV advisories from ${summary.source} on ${summary.importedAt}:`];
  const width = Math.max(...ECOSYSTEMS.map((e) => e.length));
  for (const ecosystem of ECOSYSTEMS) {
    const counts = summary.ecosystems[ecosystem];
    if (!counts) continue;
    const withdrawn = counts.withdrawn > 0 ? `, ${counts.withdrawn} withdrawn skipped` : '';
    lines.push(
      `  ${ecosystem.padEnd(width)}  ${plural(counts.records, 'record')} for ${plural(counts.packages, 'package')}${withdrawn}`,
    );
  }
  if (Object.keys(summary.ecosystems).length === 0)
    lines.push('  no advisories for npm, PyPI, Go, crates.io or Maven found');
  const skipped = [
    summary.withdrawn > 0 ? `${summary.withdrawn} withdrawn` : '',
    summary.otherEcosystems > 0 ? `${summary.otherEcosystems} for other ecosystems` : '',
    summary.invalid > 0 ? `${summary.invalid} not OSV records` : '',
  ].filter(Boolean);
  if (skipped.length > 0) lines.push(`Skipped: ${skipped.join(', ')}.`);
  for (const problem of summary.problems) lines.push(`  - ${problem}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runImport(source: string, flags: JsonFlag): Promise<void> {
  // Loaded on demand, so that other commands do not load the importer at start.
  const { importAdvisories } = await import('../../analysis/deps/osv/import.js');
  const bar = new ProgressBar(process.stderr, 'Importing advisories');
  let summary: ImportSummary;
  try {
    summary = await importAdvisories(path.resolve(source), dataDir(), {
      onProgress: ({ done, total }) => bar.update(done, total),
    });
  } finally {
    bar.finish();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else printImport(summary);
}

async function runStatus(flags: JsonFlag): Promise<void> {
  const [{ ageInDays, manifestInfo }, { advisoriesDir, readManifest }] = await Promise.all([
    import('../../analysis/deps/advisory-database.js'),
    import('../../analysis/deps/osv/store.js'),
  ]);
  const dir = advisoriesDir(dataDir());
  const manifest = await readManifest(dir);
  const info = manifestInfo(manifest);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...info, directory: dir, ecosystems: manifest.ecosystems }, null, 2)}\n`);
    return;
  }
  if (info.importedAt === null) {
    process.stdout.write(
      `No advisories imported yet (${dir}).\nDownload an OSV export, such as https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip, and run: ectus advisories import <folder-or-zip>\n`,
    );
    return;
  }
  const lines = [`Advisory database: ${dir}`, `  oldest import ${info.importedAt} (${days(info.ageDays ?? 0)})`];
  const width = Math.max(...ECOSYSTEMS.map((e) => e.length));
  for (const ecosystem of ECOSYSTEMS) {
    const entry = manifest.ecosystems[ecosystem];
    if (!entry) continue;
    const age = days(ageInDays(entry.importedAt));
    lines.push(
      `  ${ecosystem.padEnd(width)}  ${plural(entry.records, 'record').padEnd(16)} imported ${entry.importedAt} (${age}) from ${entry.source}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `ectus advisories import <folder-or-zip>` and `ectus advisories status`: the local OSV advisory
 * database that `ectus scan` matches lockfiles against, kept in `$ECTUS_DATA_DIR/advisories`.
 */
export function registerAdvisoriesCommand(program: Command): void {
  const advisories = program
    .command('advisories')
    .description('Manage the local OSV advisory database that dependency scanning matches lockfiles against.');
  advisories
    .command('import')
    .description(
      'Import OSV advisories from a folder of OSV JSON files or an OSV all.zip export; each ecosystem it contains replaces the previous data for that ecosystem.',
    )
    .argument('<folder-or-zip>', 'a folder of OSV JSON files (searched recursively) or an OSV all.zip export')
    .option('--json', 'print the import summary as JSON')
    .action(async (source: string, flags: JsonFlag) => {
      await runImport(source, flags);
    });
  advisories
    .command('status')
    .description('Show when the advisories were imported, how old they are and how many there are per ecosystem.')
    .option('--json', 'print JSON')
    .action(async (flags: JsonFlag) => {
      await runStatus(flags);
    });
}
