#!/usr/bin/env node
// Detection-quality benchmark on real vulnerable npm packages (../shared/benchmarks/secbench-dev.jsonl).
//
//   npm run bench:quality [-- --cwe CWE-78] [-- --case <substring>] [-- --list] [-- --fetch-only] [-- --jobs 2]
//
// Scoring follows the benchmark's README exactly:
// - detected: a finding of the case's CWE within 3 lines of the sink, in the sink's file;
// - recall = detected / cases with a known sink, per CWE and overall;
// - false alarm: on the fixed release (when there is one), a same-CWE finding in the sink's file within
//   10 lines of the old sink line; rate = false alarms / fixed releases scanned.
// The attacker is the caller of the package's API, so ectus runs with `--threat-model library`.
// Packages are fetched once with `npm pack` into ${ECTUS_BENCH_DIR:-~/.cache/ectus-bench}/secbench/.
// ectus runs from bin/ectus.js, so build first (`npm run build`).
import { execFile as execFileCb } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageFolderName, packInto } from './bench/corpus.mjs';

const execFile = promisify(execFileCb);
const REPO = resolve(import.meta.dirname, '..');
const DATASET = resolve(REPO, '..', 'shared', 'benchmarks', 'secbench-dev.jsonl');
const DETECT_WINDOW = 3;
const FALSE_ALARM_WINDOW = 10;
const USAGE = `Usage: npm run bench:quality -- [options]

  --dataset <file>   cases to score (default ../shared/benchmarks/secbench-dev.jsonl)
  --cwe <CWE-n>      only cases of this class (repeatable)
  --case <text>      only cases whose name contains this text (repeatable)
  --list             print every case with its outcome
  --fetch-only       download the packages and stop
  --jobs <n>         scans run in parallel (default 2)
  -h, --help         this text

Environment: ECTUS_BENCH_DIR (default ~/.cache/ectus-bench) holds the package cache.`;

function log(message) {
  process.stderr.write(`${message}\n`);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      cwe: { type: 'string', multiple: true },
      case: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      'fetch-only': { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    log(`bad --jobs\n${USAGE}`);
    process.exit(2);
  }
  return { ...values, jobs, dataset: resolve(values.dataset ?? DATASET) };
}

function readCases(file, options) {
  const cases = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  return cases.filter(
    (c) =>
      (!options.cwe || options.cwe.includes(c.cwe)) && (!options.case || options.case.some((t) => c.case.includes(t))),
  );
}

/** `file:line:col` -> { file, line }; null when the sink is not known. */
function parseSink(sink) {
  const match = /^(.*):(\d+):(\d+)$/.exec(sink ?? '');
  return match ? { file: match[1].replace(/^\.\//, ''), line: Number(match[2]) } : null;
}

/** Downloads and unpacks one package once; returns its folder, or null when npm cannot fetch it. */
async function fetchPackage(spec, cacheDir) {
  const target = join(cacheDir, 'packages', packageFolderName(spec));
  if (existsSync(target)) return target;
  // Releases npm no longer serves are remembered, so later runs do not ask again.
  const unavailable = `${target}.unavailable`;
  if (existsSync(unavailable)) return null;
  const tarballDir = join(cacheDir, 'tarballs');
  await mkdir(tarballDir, { recursive: true });
  await mkdir(join(cacheDir, 'packages'), { recursive: true });
  try {
    await packInto(spec, { tarballDir, target });
    return target;
  } catch (error) {
    const reason = String(error.stderr || error.message)
      .trim()
      .split('\n')[0];
    log(`  cannot fetch ${spec}: ${reason}`);
    await writeFile(unavailable, `${reason}\n`);
    return null;
  }
}

/** Findings of one package scan as { file, line, cwe[] }; null when the scan failed. */
async function scanPackage(dir, ectusDir) {
  const args = [
    join(ectusDir, 'bin', 'ectus.js'),
    'scan',
    dir,
    '--threat-model',
    'library',
    '--format',
    'json',
    '--no-progress',
    '--no-cache',
    '--fail-on',
    'critical',
  ];
  let stdout;
  try {
    ({ stdout } = await execFile(process.execPath, args, { maxBuffer: 256 * 1024 * 1024, cwd: ectusDir }));
  } catch (error) {
    // Exit 1 only says findings reached --fail-on; the report is still complete.
    if (error.code !== 1 || !error.stdout) {
      log(
        `  scan failed for ${dir}: ${String(error.stderr || error.message)
          .trim()
          .slice(-500)}`,
      );
      return null;
    }
    stdout = error.stdout;
  }
  const report = JSON.parse(stdout);
  return report.findings.map((f) => ({ file: f.file, line: f.line, cwe: f.cwe, ruleId: f.ruleId }));
}

function cweNumber(cwe) {
  return Number(String(cwe).replace(/^CWE-/, ''));
}

function near(findings, sink, cwe, window) {
  return findings.filter((f) => f.file === sink.file && f.cwe.includes(cwe) && Math.abs(f.line - sink.line) <= window);
}

async function pool(items, jobs, worker) {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, run));
}

function percent(n, d) {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

function printTable(outcomes) {
  const classes = [...new Set(outcomes.map((o) => o.case.cwe))].sort();
  const rows = [];
  const total = { cwe: 'all', cases: 0, withSink: 0, detected: 0, fixed: 0, falseAlarms: 0 };
  for (const cwe of classes) {
    const subset = outcomes.filter((o) => o.case.cwe === cwe);
    const row = {
      cwe,
      cases: subset.length,
      withSink: subset.filter((o) => o.sink).length,
      detected: subset.filter((o) => o.detected).length,
      fixed: subset.filter((o) => o.fixedScanned).length,
      falseAlarms: subset.filter((o) => o.falseAlarm).length,
    };
    rows.push(row);
    for (const key of ['cases', 'withSink', 'detected', 'fixed', 'falseAlarms']) total[key] += row[key];
  }
  rows.push(total);
  const header = ['CWE', 'cases', 'with sink', 'detected', 'recall', 'fixed scanned', 'false alarms', 'FA rate'];
  const lines = rows.map((r) => [
    r.cwe,
    String(r.cases),
    String(r.withSink),
    String(r.detected),
    percent(r.detected, r.withSink),
    String(r.fixed),
    String(r.falseAlarms),
    percent(r.falseAlarms, r.fixed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

async function main() {
  const options = parseOptions();
  const cacheDir = join(process.env.ECTUS_BENCH_DIR ?? join(homedir(), '.cache', 'ectus-bench'), 'secbench');
  const cases = readCases(options.dataset, options);
  log(`${cases.length} cases from ${options.dataset}; cache ${cacheDir}`);

  const outcomes = cases.map((c) => ({ case: c, sink: parseSink(c.sink) }));
  for (const [index, outcome] of outcomes.entries()) {
    const c = outcome.case;
    outcome.dir = await fetchPackage(`${c.package}@${c.version}`, cacheDir);
    if (c.fixedVersion && c.fixedVersion !== 'n/a')
      outcome.fixedDir = await fetchPackage(`${c.package}@${c.fixedVersion}`, cacheDir);
    if ((index + 1) % 20 === 0) log(`  fetched ${index + 1}/${outcomes.length}`);
  }
  if (options['fetch-only']) return;
  if (!existsSync(join(REPO, 'dist', 'cli', 'index.js'))) {
    log('dist/ is missing: run `npm run build` first.');
    process.exit(2);
  }

  for (const outcome of outcomes) {
    // Sinks of scoped packages are sometimes written with the package's folder name first.
    if (outcome.sink && outcome.dir && !existsSync(join(outcome.dir, outcome.sink.file))) {
      const stripped = outcome.sink.file.split('/').slice(1).join('/');
      if (stripped && existsSync(join(outcome.dir, stripped))) outcome.sink = { ...outcome.sink, file: stripped };
    }
  }

  // Scans run from a copy of the build, so a rebuild during the run cannot mix two versions.
  const ectusDir = await mkdtemp(join(tmpdir(), 'ectus-bench-quality-'));
  await cp(join(REPO, 'dist'), join(ectusDir, 'dist'), { recursive: true });
  await cp(join(REPO, 'bin'), join(ectusDir, 'bin'), { recursive: true });
  await cp(join(REPO, 'package.json'), join(ectusDir, 'package.json'));
  await symlink(join(REPO, 'node_modules'), join(ectusDir, 'node_modules'), 'dir');

  const started = Date.now();
  let done = 0;
  await pool(outcomes, options.jobs, async (outcome) => {
    const cwe = cweNumber(outcome.case.cwe);
    if (outcome.dir && outcome.sink) {
      const findings = await scanPackage(outcome.dir, ectusDir);
      if (findings) {
        outcome.hits = near(findings, outcome.sink, cwe, DETECT_WINDOW);
        outcome.detected = outcome.hits.length > 0;
        outcome.sameCwe = findings.filter((f) => f.cwe.includes(cwe)).length;
      }
    }
    if (outcome.fixedDir && outcome.sink) {
      const findings = await scanPackage(outcome.fixedDir, ectusDir);
      if (findings) {
        outcome.fixedScanned = true;
        outcome.alarms = near(findings, outcome.sink, cwe, FALSE_ALARM_WINDOW);
        outcome.falseAlarm = outcome.alarms.length > 0;
      }
    }
    done++;
    if (done % 20 === 0) log(`  scanned ${done}/${outcomes.length}`);
  });
  log(`scanned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await rm(ectusDir, { recursive: true, force: true });

  if (options.list) {
    for (const o of outcomes) {
      const status = !o.sink ? 'no sink' : !o.dir ? 'not fetched' : o.detected ? 'DETECTED' : 'missed';
      const fixed = o.fixedScanned ? (o.falseAlarm ? ' fixed:FALSE-ALARM' : ' fixed:quiet') : '';
      const rules = o.hits?.length ? ` [${[...new Set(o.hits.map((h) => h.ruleId))].join(',')}]` : '';
      console.log(
        `${status.padEnd(11)} ${o.case.case} ${o.case.sink}${rules}${fixed} (same-CWE findings: ${o.sameCwe ?? '?'})`,
      );
    }
    console.log('');
  }
  printTable(outcomes);
}

await main();
