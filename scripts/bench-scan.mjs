#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
// Scan-speed benchmark: `ectus scan` (cold and warm cache) against ESLint with the security and
// sonarjs plugins and against oxlint, on the same ~1M-line corpus of real npm packages, in one run.
//
//   npm run bench:scan [-- --skip-eslint] [-- --only ectus|eslint|oxlint] [-- --corpus <dir>] [-- --write]
//
// The corpus (scripts/bench/scan-corpus.json) is fetched once with `npm pack` into
// ${ECTUS_BENCH_DIR:-~/.cache/ectus-bench}/scan-corpus/. ectus runs from bin/ectus.js, so build first
// (`npm run build`). Peak memory is the resident set of the whole process tree; see bench/measure.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCorpus, fetchCorpus, readCorpusSpec } from './bench/corpus.mjs';
import { measure } from './bench/measure.mjs';
import {
  consoleTable,
  consoleTargets,
  markdownSection,
  tableRows,
  targetChecks,
  writeScanSpeedSection,
} from './bench/report.mjs';
import {
  ectusCommand,
  eslintCommand,
  oxlintCommand,
  oxlintFileList,
  parseEslintOutput,
  parseOxlintSummary,
  writeEslintSetup,
} from './bench/tools.mjs';

const REPO = resolve(import.meta.dirname, '..');
const TOOLS = ['ectus', 'eslint', 'oxlint'];
/** ESLint keeps every file's result in one process; 1M lines with two plugins needs more than the default heap. */
const ESLINT_HEAP_MB = 8192;
const USAGE = `Usage: npm run bench:scan -- [options]

  --corpus <dir>          scan this folder instead of the pinned corpus (no fetch)
  --only <tool>           run one tool: ${TOOLS.join(', ')} (repeatable)
  --skip-eslint           leave ESLint out (it takes minutes)
  --ectus-node <path>     also time the cold ectus scan on this Node.js binary (e.g. Node 24 LTS)
  --eslint-timeout <min>  give up on ESLint after this many minutes (default 45)
  --eslint-concurrency <n|auto|off>  ESLint's own --concurrency (default off, its default)
  --write                 update the "Scan speed" section of docs/benchmarks.md (full runs only)
  -h, --help              this text

Environment: ECTUS_BENCH_DIR (default ~/.cache/ectus-bench) holds the corpus cache.`;

function log(message) {
  process.stderr.write(`${message}\n`);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      only: { type: 'string', multiple: true },
      'skip-eslint': { type: 'boolean', default: false },
      'eslint-timeout': { type: 'string', default: '45' },
      'eslint-concurrency': { type: 'string', default: 'off' },
      'ectus-node': { type: 'string' },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = values.only?.flatMap((value) => value.split(','));
  const unknown = only?.filter((tool) => !TOOLS.includes(tool)) ?? [];
  const timeoutMinutes = Number(values['eslint-timeout']);
  if (unknown.length > 0 || !(timeoutMinutes > 0)) {
    log(unknown.length > 0 ? `unknown tool: ${unknown.join(', ')}` : 'bad --eslint-timeout');
    log(USAGE);
    process.exit(2);
  }
  const tools = new Set(only ?? TOOLS);
  if (values['skip-eslint']) tools.delete('eslint');
  if (values.write && (tools.size !== TOOLS.length || values.corpus)) {
    log('--write needs a full run on the pinned corpus (all three tools, no --corpus).');
    process.exit(2);
  }
  return {
    corpus: values.corpus ? resolve(values.corpus) : undefined,
    tools,
    eslintTimeoutMs: timeoutMinutes * 60_000,
    eslintConcurrency: values['eslint-concurrency'] === 'off' ? undefined : values['eslint-concurrency'],
    write: values.write,
    ectusNode: values['ectus-node'] ? resolve(values['ectus-node']) : undefined,
  };
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function sumLines(files, lineCounts) {
  let total = 0;
  for (const file of files) total += lineCounts.get(file.replace(/^\.\//, '')) ?? 0;
  return total;
}

function tail(text, chars = 2000) {
  return text.length > chars ? `...${text.slice(-chars)}` : text;
}

/** One `ectus scan` run; the JSON report's summary gives the files and lines ectus itself counted. */
async function runEctus(label, { corpusDir, dataDir, outputFile, node }) {
  const [command, args] = ectusCommand({ repoDir: REPO, corpusDir, outputFile, node });
  log(`${label}: ${node ?? 'node'} bin/ectus.js scan <corpus> --format json --output <tmp> --fail-on critical`);
  const run = await measure(command, args, {
    cwd: REPO,
    env: { ...process.env, ECTUS_DATA_DIR: dataDir, NO_COLOR: '1' },
    onTick: (s) => log(`  ${label} still running (${s.toFixed(0)} s)`),
  });
  if (run.code !== 0 && run.code !== 1) {
    log(`  ${label} failed (exit ${run.code ?? run.signal}):\n${tail(run.stderr || run.stdout)}`);
    return { tool: label, status: `failed (exit ${run.code ?? run.signal})` };
  }
  let summary;
  try {
    summary = JSON.parse(await readFile(outputFile, 'utf8')).summary;
  } catch (error) {
    log(`  ${label}: could not read the JSON report: ${error.message}`);
  }
  const row = {
    tool: label,
    files: summary?.filesAnalysed ?? summary?.files,
    lines: summary?.lines,
    seconds: run.seconds,
    load: run.loadAtStart,
    peakRssMb: run.peakRssMb,
    summary,
  };
  log(`  ${label}: ${run.seconds.toFixed(2)} s, peak ${row.peakRssMb?.toFixed(0) ?? '?'} MB, exit ${run.code}`);
  if (summary) {
    log(
      `  ectus summary: files ${summary.files}, analysed ${summary.filesAnalysed}, skipped ${summary.filesSkipped}, ` +
        `cached ${summary.filesCached}, lines ${summary.lines}, findings ${summary.findings}, ${summary.durationMs} ms`,
    );
  }
  return row;
}

async function runOxlint(corpusDir, lineCounts, threads) {
  log(`oxlint ${packageVersion('oxlint')}: default rules, ${threads} threads`);
  const files = await oxlintFileList(corpusDir);
  const [command, args] = oxlintCommand({ threads });
  const run = await measure(command, args, { cwd: corpusDir, env: { ...process.env, NO_COLOR: '1' }, keepBytes: 8192 });
  const summary = parseOxlintSummary(run.stdout);
  if (!summary) {
    log(`  oxlint failed (exit ${run.code ?? run.signal}):\n${tail(run.stderr || run.stdout)}`);
    return { tool: 'oxlint', status: `failed (exit ${run.code ?? run.signal})` };
  }
  // The dry run's list counts lines; if the real run saw a different number of files, say so.
  if (summary.files !== files.length)
    log(`  note: oxlint linted ${summary.files} files, its file list had ${files.length}`);
  log(
    `  oxlint: ${run.seconds.toFixed(2)} s, peak ${run.peakRssMb?.toFixed(0) ?? '?'} MB, ${summary.files} files, ` +
      `${summary.rules ?? '?'} rules, ${summary.warnings} warnings, ${summary.errors} errors`,
  );
  return {
    tool: 'oxlint',
    files: summary.files,
    lines: sumLines(files, lineCounts),
    seconds: run.seconds,
    load: run.loadAtStart,
    peakRssMb: run.peakRssMb,
  };
}

async function runEslint(corpusDir, lineCounts, { timeoutMs, concurrency, workDir }) {
  log(
    `ESLint ${packageVersion('eslint')} + eslint-plugin-security ${packageVersion('eslint-plugin-security')} + ` +
      `eslint-plugin-sonarjs ${packageVersion('eslint-plugin-sonarjs')} (recommended configs), ` +
      `node --max-old-space-size=${ESLINT_HEAP_MB}, concurrency ${concurrency ?? 'off'}; ` +
      `this takes minutes, timeout ${timeoutMs / 60_000} min`,
  );
  const setup = await writeEslintSetup(workDir);
  const [command, args] = eslintCommand({ ...setup, heapMb: ESLINT_HEAP_MB, concurrency });
  const run = await measure(command, args, {
    cwd: corpusDir,
    env: { ...process.env, NO_COLOR: '1' },
    timeoutMs,
    // The counting formatter lists every file it linted: keep all of it.
    keepBytes: 256 * 1024 * 1024,
    onTick: (s) => log(`  ESLint still running (${(s / 60).toFixed(1)} min)`),
    tickSeconds: 30,
  });
  if (run.timedOut) {
    log(`  ESLint timed out after ${(run.seconds / 60).toFixed(1)} min`);
    return { tool: 'ESLint', status: `timeout > ${(timeoutMs / 1000).toFixed(0)}`, peakRssMb: run.peakRssMb };
  }
  const output = parseEslintOutput(run.stdout, corpusDir);
  // ESLint exits 1 when it finds problems; 2 is a crash or a config error.
  if (!output || run.code === 2) {
    log(`  ESLint failed (exit ${run.code ?? run.signal}):\n${tail(run.stderr || run.stdout)}`);
    return { tool: 'ESLint', status: `failed (exit ${run.code ?? run.signal})`, peakRssMb: run.peakRssMb };
  }
  log(
    `  ESLint: ${run.seconds.toFixed(1)} s, peak ${run.peakRssMb?.toFixed(0) ?? '?'} MB, ${output.files.length} files, ` +
      `${output.errors} errors, ${output.warnings} warnings, ${output.fatal.length} files it could not parse`,
  );
  for (const { file, message } of output.fatal.slice(0, 5)) log(`    ${file}: ${message}`);
  // A file ESLint could not parse was not analysed: it counts for neither files nor lines.
  const unparsed = new Set(output.fatal.map(({ file }) => file));
  const analysed = output.files.filter((file) => !unparsed.has(file));
  return {
    tool: 'ESLint',
    files: analysed.length,
    lines: sumLines(analysed, lineCounts),
    seconds: run.seconds,
    load: run.loadAtStart,
    peakRssMb: run.peakRssMb,
    fatal: output.fatal.length,
  };
}

async function main() {
  const options = parseOptions();
  const benchDir = resolve(process.env.ECTUS_BENCH_DIR || join(homedir(), '.cache/ectus-bench'));
  const corpusSpec = readCorpusSpec(join(import.meta.dirname, 'bench/scan-corpus.json'));
  let corpusDir = options.corpus;
  if (!corpusDir) {
    corpusDir = join(benchDir, 'scan-corpus');
    if (resolve(corpusDir).startsWith(`${REPO}/`)) {
      log('ECTUS_BENCH_DIR must be outside the repository: ectus would scan the corpus with the project.');
      process.exit(2);
    }
    log(`Corpus: ${corpusSpec.packages.length} pinned packages in ${corpusDir}`);
    await fetchCorpus({ specs: corpusSpec.packages, corpusDir, tarballDir: join(benchDir, 'tarballs'), log });
  }
  const corpus = await describeCorpus(corpusDir);
  let declarationFiles = 0;
  let declarationLines = 0;
  for (const [file, lines] of corpus.files) {
    if (/\.d\.[cm]?ts$/.test(file)) {
      declarationFiles += 1;
      declarationLines += lines;
    }
  }
  log(
    `Corpus: ${corpus.files.size} source files, ${corpus.lines.toLocaleString('en-US')} lines ` +
      `(${(corpus.files.size - declarationFiles).toLocaleString('en-US')} files and ` +
      `${(corpus.lines - declarationLines).toLocaleString('en-US')} lines without .d.ts declarations` +
      `${options.corpus || corpusSpec.expectedLines === undefined ? '' : `; reference ${corpusSpec.expectedLines.toLocaleString('en-US')}`})`,
  );
  if (corpus.skippedDirs.length > 0) log(`Skipped by every tool: ${corpus.skippedDirs.join(', ')}`);
  if (corpus.ignoreFiles.length > 0)
    log(`Note: ignore files in the corpus change what tools see: ${corpus.ignoreFiles.join(', ')}`);

  const threads = availableParallelism();
  const environment = {
    date: new Date().toISOString().slice(0, 10),
    summary:
      `Node ${process.version}, ${threads} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${process.platform}`,
  };
  // Other work on the machine slows every tool, the multi-threaded ones most: record how busy it was.
  const loadBefore = loadavg()[0];
  log(`Environment: ${environment.summary}; load average ${loadBefore.toFixed(1)}`);

  const workDir = await mkdtemp(join(tmpdir(), 'ectus-bench-'));
  const results = { rows: [] };
  try {
    if (options.tools.has('ectus')) {
      if (!existsSync(join(REPO, 'bin/ectus.js')) || !existsSync(join(REPO, 'dist'))) {
        log('ectus: bin/ectus.js or dist/ is missing; run `npm run build` first. Skipping ectus.');
        results.rows.push({ tool: 'ectus (cold)', status: 'not built' });
      } else {
        const dataDir = await mkdtemp(join(workDir, 'ectus-data-'));
        const run = (label) =>
          runEctus(label, { corpusDir, dataDir, outputFile: join(workDir, `${label.replace(/\W+/g, '-')}.json`) });
        results.ectusCold = await run('ectus (cold)');
        results.rows.push(results.ectusCold);
        if (results.ectusCold.seconds !== undefined) {
          results.ectusWarm = await run('ectus (warm)');
          results.rows.push(results.ectusWarm);
        }
        if (options.ectusNode) {
          // The same cold scan on another Node.js (e.g. 24 LTS, where the parser hands the AST over
          // without JSON), measured in the same run against the same peers.
          const version = execFileSync(options.ectusNode, ['--version'], { encoding: 'utf8' }).trim();
          const label = `ectus (cold, Node ${version})`;
          results.ectusAltCold = await runEctus(label, {
            corpusDir,
            dataDir: await mkdtemp(join(workDir, 'ectus-data-alt-')),
            outputFile: join(workDir, 'ectus-alt.json'),
            node: options.ectusNode,
          });
          results.rows.push(results.ectusAltCold);
        }
      }
    }
    if (options.tools.has('oxlint')) {
      results.oxlint = await runOxlint(corpusDir, corpus.files, threads);
      results.rows.push(results.oxlint);
    }
    if (options.tools.has('eslint')) {
      results.eslint = await runEslint(corpusDir, corpus.files, {
        timeoutMs: options.eslintTimeoutMs,
        concurrency: options.eslintConcurrency,
        workDir,
      });
      results.rows.push(results.eslint);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const checks = targetChecks(results);
  console.log(`\n${consoleTable(tableRows(results))}\n`);
  console.log(`${consoleTargets(checks)}\n`);
  const cold = results.ectusCold?.summary;
  if (cold) {
    console.log(
      `ectus summary (cold): ${cold.files} files, ${cold.filesAnalysed} analysed, ${cold.filesSkipped} skipped, ` +
        `${cold.filesCached} cached, ${cold.lines} lines, ${cold.findings} findings`,
    );
    const warm = results.ectusWarm?.summary;
    if (warm) {
      console.log(
        `ectus summary (warm): ${warm.files} files, ${warm.filesAnalysed} analysed, ${warm.filesSkipped} skipped, ` +
          `${warm.filesCached} cached`,
      );
    }
  }
  const load = `load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
  console.log(`${environment.summary}; ${load}\n`);

  const notes = [
    `Corpus: the ${corpusSpec.packages.length} pinned packages of \`scripts/bench/scan-corpus.json\` ` +
      `(${corpus.files.size.toLocaleString('en-US')} JS/TS files, ${corpus.lines.toLocaleString('en-US')} lines ` +
      `including ${declarationFiles} \`.d.ts\` files), read from a warm page cache by every tool.`,
    'files / lines: what each tool itself analysed. ectus and oxlint skip minified files by default (ectus also ' +
      'generated ones); ESLint is told to ignore `*.min.js` too. No tool looks inside `node_modules` (the tarballs ' +
      'contain none).',
    `ectus: \`node bin/ectus.js scan <corpus> --format json --output <file> --fail-on critical\`; cold = empty ` +
      '`ECTUS_DATA_DIR`, warm = the same command again with the cache the cold run left.',
    `ESLint ${packageVersion('eslint')} with the recommended configs of eslint-plugin-security ` +
      `${packageVersion('eslint-plugin-security')} and eslint-plugin-sonarjs ${packageVersion('eslint-plugin-sonarjs')}, ` +
      `TypeScript through @typescript-eslint/parser ${packageVersion('@typescript-eslint/parser')} without type ` +
      `information, one thread (its default), \`node --max-old-space-size=${ESLINT_HEAP_MB}\`.`,
    `oxlint ${packageVersion('oxlint')} with its default rules, \`--threads ${threads}\`.`,
    `load: the machine's 1-minute load average when the tool started, on ${threads} CPUs; other work slows ` +
      'every tool, the multi-threaded ones most.',
    'Peak RSS: resident memory of the whole process tree, sampled from /proc every 50 ms, and at least the ' +
      'largest VmHWM of any process in it.',
  ];
  const markdown = markdownSection({ results, checks, environment, notes });
  console.log(markdown);
  if (options.write) {
    const ectusRan = results.ectusCold?.seconds !== undefined && results.ectusWarm?.seconds !== undefined;
    if (!ectusRan) {
      log('Not writing docs/benchmarks.md: ectus did not complete.');
      process.exitCode = 1;
    } else {
      writeScanSpeedSection(join(REPO, 'docs/benchmarks.md'), markdown);
      log('Updated docs/benchmarks.md (Scan speed).');
    }
  }
}

await main();
