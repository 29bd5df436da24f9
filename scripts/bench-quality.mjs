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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageFolderName, packInto } from './bench/corpus.mjs';
import { eslintFindings, eslintVersions } from './bench/eslint-quality.mjs';

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
  --skip-eslint      leave out the peer (ESLint + security + sonarjs)
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
      'skip-eslint': { type: 'boolean', default: false },
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
    // npm's own warnings come first on stderr; the reason is its first error line.
    const lines = String(error.stderr || error.message)
      .trim()
      .split('\n');
    const reason = lines.find((line) => /\berror\b/i.test(line) && !/^npm warn/.test(line)) ?? lines[0];
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

/** The package file a sink path names when it is not relative to the package root, or null. */
function locateSinkFile(dir, sinkFile) {
  const stripped = sinkFile.split('/').slice(1).join('/');
  if (stripped && existsSync(join(dir, stripped))) return stripped;
  const suffix = `/${sinkFile}`;
  const matches = readdirSync(dir, { recursive: true })
    .map((entry) => String(entry).split(sep).join('/'))
    .filter((entry) => entry.endsWith(suffix) && !entry.split('/').includes('node_modules'));
  return matches.length === 1 ? matches[0] : null;
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

/** Counts of one tool over a set of outcomes: `key` is 'ectus' or 'eslint'. */
function tally(subset, key) {
  return {
    detected: subset.filter((o) => o[key]?.detected).length,
    falseAlarms: subset.filter((o) => o[key]?.falseAlarm).length,
  };
}

function printTable(outcomes, tools) {
  const classes = [...new Set(outcomes.map((o) => o.case.cwe))].sort();
  const row = (cwe, subset) => {
    const withSink = subset.filter((o) => o.sink).length;
    const fixed = subset.filter((o) => o.fixedScanned).length;
    const cells = [cwe, String(subset.length), String(withSink)];
    for (const tool of tools) {
      const t = tally(subset, tool);
      cells.push(`${t.detected} (${percent(t.detected, withSink)})`);
    }
    cells.push(String(fixed));
    for (const tool of tools) {
      const t = tally(subset, tool);
      cells.push(`${t.falseAlarms} (${percent(t.falseAlarms, fixed)})`);
    }
    return cells;
  };
  const lines = classes.map((cwe) =>
    row(
      cwe,
      outcomes.filter((o) => o.case.cwe === cwe),
    ),
  );
  lines.push(row('all', outcomes));
  const names = { ectus: 'ectus', eslint: 'ESLint' };
  const header = [
    'CWE',
    'cases',
    'with sink',
    ...tools.map((t) => `${names[t]} recall`),
    'fixed scanned',
    ...tools.map((t) => `${names[t]} false alarms`),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

/** Scores the peer on the same files and windows as ectus. */
async function scoreEslint(outcomes, cacheDir) {
  const files = [];
  for (const o of outcomes) {
    if (!o.sink) continue;
    if (o.dir) files.push(join(o.dir, o.sink.file));
    if (o.fixedDir) files.push(join(o.fixedDir, o.sink.file));
  }
  const present = files.filter((f) => existsSync(f));
  log(`${eslintVersions()} (recommended configs) on ${present.length} sink files`);
  const started = Date.now();
  const byFile = await eslintFindings(join(cacheDir, 'packages'), present);
  log(`ESLint done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const o of outcomes) {
    if (!o.sink) continue;
    const cwe = cweNumber(o.case.cwe);
    const hits = (file, window) =>
      (byFile.get(file) ?? []).filter((f) => f.cwe.includes(cwe) && Math.abs(f.line - o.sink.line) <= window);
    o.eslint = {};
    if (o.dir) o.eslint.detected = hits(join(o.dir, o.sink.file), DETECT_WINDOW).length > 0;
    // A missing file in the fixed release is a quiet fixed release, as it is for ectus.
    if (o.fixedScanned) o.eslint.falseAlarm = hits(join(o.fixedDir, o.sink.file), FALSE_ALARM_WINDOW).length > 0;
  }
}

async function main() {
  const options = parseOptions();
  const cacheDir = join(process.env.ECTUS_BENCH_DIR ?? join(homedir(), '.cache', 'ectus-bench'), 'secbench');
  const cases = readCases(options.dataset, options);
  log(`${cases.length} cases from ${options.dataset}; cache ${cacheDir}`);

  const outcomes = cases.map((c) => ({ case: c, sink: parseSink(c.sink), ectus: {} }));
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
    // Sinks are sometimes written with the package's folder name first, or relative to a folder
    // inside the package (`utils.js` for `lib/utils.js`): a path that names no file is matched to
    // the one file of the package whose path ends with it, and left alone when that is ambiguous.
    if (outcome.sink && outcome.dir && !existsSync(join(outcome.dir, outcome.sink.file))) {
      const file = locateSinkFile(outcome.dir, outcome.sink.file);
      if (file) outcome.sink = { ...outcome.sink, file };
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
        outcome.ectus.detected = outcome.hits.length > 0;
        outcome.sameCwe = findings.filter((f) => f.cwe.includes(cwe)).length;
      }
    }
    if (outcome.fixedDir && outcome.sink) {
      const findings = await scanPackage(outcome.fixedDir, ectusDir);
      if (findings) {
        outcome.fixedScanned = true;
        outcome.alarms = near(findings, outcome.sink, cwe, FALSE_ALARM_WINDOW);
        outcome.ectus.falseAlarm = outcome.alarms.length > 0;
      }
    }
    done++;
    if (done % 20 === 0) log(`  scanned ${done}/${outcomes.length}`);
  });
  log(`scanned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await rm(ectusDir, { recursive: true, force: true });

  const tools = ['ectus'];
  if (!options['skip-eslint']) {
    await scoreEslint(outcomes, cacheDir);
    tools.push('eslint');
  }
  if (options.list) {
    for (const o of outcomes) {
      const status = !o.sink ? 'no sink' : !o.dir ? 'not fetched' : o.ectus.detected ? 'DETECTED' : 'missed';
      const fixed = o.fixedScanned ? (o.ectus.falseAlarm ? ' fixed:FALSE-ALARM' : ' fixed:quiet') : '';
      const peer = o.eslint
        ? ` eslint:${o.eslint.detected ? 'detected' : 'missed'}${o.eslint.falseAlarm ? ',FALSE-ALARM' : ''}`
        : '';
      const rules = o.hits?.length ? ` [${[...new Set(o.hits.map((h) => h.ruleId))].join(',')}]` : '';
      console.log(
        `${status.padEnd(11)} ${o.case.case} ${o.case.sink}${rules}${fixed}${peer} (same-CWE findings: ${o.sameCwe ?? '?'})`,
      );
    }
    console.log('');
  }
  printTable(outcomes, tools);
}

await main();
