#!/usr/bin/env node
// Dependency-matching benchmark: a 2,000-package npm lockfile against 50,000 OSV advisories.
//
//   npm run build && npm run bench:deps [-- --advisories 50000] [-- --packages 2000] [-- --rounds 5]
//
// The data is synthetic but valid OSV: real npm package names and made-up variants of them, GHSA
// and CVE ids, SEMVER ranges with gaps, last_affected events and CVSS vectors, written as one JSON
// array (a form `ectus advisories import` reads). Timed, in the same process and run:
//   - ectus: `importAdvisories` once (reported on its own), then `openAdvisoryDatabase` + `match`
//     (the work `ectus scan` does per run), first run and median;
//   - peer: the straightforward way, JSON.parse of every advisory and one linear pass over them,
//     checking each affected package's ranges with the `semver` package (npm's own).
// Both must find the same vulnerable (package, advisory) pairs; the script says whether they do.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = resolve(import.meta.dirname, '..');
const USAGE = `Usage: npm run bench:deps -- [options]

  --advisories <n>  advisories to generate (default 50000)
  --packages <n>    packages in the lockfile (default 2000)
  --rounds <n>      timed rounds of each side (default 5)
  --dist <dir>      compiled Ectus to use (default dist; run npm run build first)
  --keep            keep the generated data folder and print its path
  -h, --help        this text`;

function options() {
  const { values } = parseArgs({
    options: {
      advisories: { type: 'string', default: '50000' },
      packages: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '5' },
      dist: { type: 'string', default: join(REPO, 'dist') },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const numbers = [values.advisories, values.packages, values.rounds].map(Number);
  if (!numbers.every((n) => Number.isInteger(n) && n > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  const [advisories, packages, rounds] = numbers;
  return { advisories, packages, rounds, dist: resolve(values.dist), keep: values.keep };
}

/** A small seeded generator (mulberry32), so every run benchmarks the same data. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)] };
}

const BASES = `express lodash react react-dom vue axios moment chalk commander debug minimist yargs request
body-parser cookie-parser cors dotenv jsonwebtoken bcrypt mongoose sequelize pg mysql2 redis ioredis ws
socket.io uuid nanoid qs semver glob minimatch rimraf mkdirp fs-extra graceful-fs async bluebird q
underscore ramda immutable rxjs zone.js typescript tslib core-js regenerator-runtime webpack rollup vite
esbuild babel-loader css-loader style-loader sass-loader postcss autoprefixer tailwindcss less sass
eslint prettier jest mocha chai sinon supertest nock cheerio jsdom puppeteer playwright handlebars ejs pug
marked markdown-it highlight.js dompurify sanitize-html xss validator ajv joi yup zod class-validator
passport passport-local helmet morgan winston pino bunyan log4js node-fetch got superagent undici
form-data multer busboy formidable sharp jimp pdfkit xlsx csv-parse papaparse xml2js fast-xml-parser
js-yaml yaml ini toml dayjs date-fns luxon numeral decimal.js bignumber.js big.js mathjs crypto-js
node-forge tar adm-zip jszip archiver unzipper extract-zip decompress follow-redirects http-proxy
http-proxy-middleware express-session connect-redis cookie serve-static send finalizers path-to-regexp
ms ansi-regex strip-ansi color-string tough-cookie trim-newlines hosted-git-info ua-parser-js
node-notifier shell-quote set-value merge-deep deep-extend dot-prop lodash.merge mixin-deep
handlebars-helpers json5 loader-utils terser uglify-js serialize-javascript ejs-mate nth-check`
  .split(/\s+/)
  .filter(Boolean);
const SUFFIXES = [
  'utils',
  'core',
  'cli',
  'plugin',
  'loader',
  'parser',
  'config',
  'server',
  'client',
  'helpers',
  'compat',
  'lite',
];
const SCOPES = ['@acme', '@types', '@internal', '@babel', '@nestjs', '@vue', '@aws-sdk', '@angular', '@storybook'];
const VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
];
const GHSA_ALPHABET = '23456789cfghjmpqrvwx';
const RATINGS = ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'];

/** Real package names first, then plausible variants (`express-utils`, `@acme/lodash-core`). */
function packageNames(count, rnd) {
  const names = new Set(BASES);
  while (names.size < count) {
    const base = rnd.pick(BASES);
    const name =
      rnd.next() < 0.5 ? `${base}-${rnd.pick(SUFFIXES)}` : `${rnd.pick(SCOPES)}/${base}-${rnd.pick(SUFFIXES)}`;
    names.add(rnd.next() < 0.2 ? `${name}${rnd.int(9) + 2}` : name);
  }
  return [...names];
}

function version(rnd, major = rnd.int(6)) {
  return `${major}.${rnd.int(20)}.${rnd.int(30)}`;
}

function ghsaId(rnd) {
  const part = () => Array.from({ length: 4 }, () => rnd.pick(GHSA_ALPHABET)).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

/** One branch of affected versions: introduced → fixed, or introduced → last_affected. */
function branch(rnd, major) {
  const introduced = rnd.next() < 0.3 ? '0' : `${major}.${rnd.int(10)}.0`;
  const low = introduced === '0' ? 0 : Number(introduced.split('.')[1]);
  const end = `${major}.${low + 1 + rnd.int(9)}.${rnd.int(30)}`;
  return rnd.next() < 0.1 ? [{ introduced }, { last_affected: end }] : [{ introduced }, { fixed: end }];
}

function advisory(i, name, rnd) {
  const year = 2016 + rnd.int(10);
  const majors = rnd.next() < 0.3 ? [rnd.int(3), 3 + rnd.int(3)] : [rnd.int(6)];
  const events = majors.flatMap((major) => branch(rnd, major));
  const vector = rnd.pick(VECTORS);
  return {
    schema_version: '1.4.0',
    id: ghsaId(rnd),
    modified: `${year + 1}-0${1 + rnd.int(9)}-1${rnd.int(10)}T12:00:00Z`,
    published: `${year}-0${1 + rnd.int(9)}-1${rnd.int(10)}T12:00:00Z`,
    aliases: [`CVE-${year}-${String(10000 + i).padStart(5, '0')}`],
    summary: `${rnd.pick(['Prototype pollution', 'ReDoS', 'Path traversal', 'Command injection', 'XSS'])} in ${name}`,
    details: `Versions of ${name} in the affected ranges are vulnerable. Upgrade to a fixed version.`,
    severity: [{ type: vector.startsWith('CVSS:4') ? 'CVSS_V4' : 'CVSS_V3', score: vector }],
    affected: [{ package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` }, ranges: [{ type: 'SEMVER', events }] }],
    references: [{ type: 'PACKAGE', url: `https://www.npmjs.com/package/${name}` }],
    database_specific: {
      cwe_ids: [`CWE-${rnd.pick([79, 400, 1321, 22, 78, 1333])}`],
      severity: rnd.pick(RATINGS),
      github_reviewed: true,
    },
  };
}

/** Advisories spread over a quarter as many packages (a few packages get many), and a lockfile. */
function generate(advisoryCount, packageCount) {
  const rnd = random(20260501);
  const names = packageNames(Math.max(packageCount * 2, Math.ceil(advisoryCount / 4)), rnd);
  const vulnerableNames = names.slice(0, Math.ceil(advisoryCount / 4));
  const records = Array.from({ length: advisoryCount }, (_, i) => {
    const skewed = vulnerableNames[Math.floor(rnd.next() ** 2 * vulnerableNames.length)];
    return advisory(i, skewed, rnd);
  });
  const lockNames = new Set();
  while (lockNames.size < packageCount) lockNames.add(rnd.next() < 0.6 ? rnd.pick(vulnerableNames) : rnd.pick(names));
  const dependencies = [...lockNames].map((name) => ({
    ecosystem: 'npm',
    name,
    version: version(rnd),
    direct: rnd.next() < 0.1,
    dev: rnd.next() < 0.3,
    paths: [[name]],
    file: 'package-lock.json',
  }));
  return { records, dependencies };
}

/** The peer's range check: OSV's event walk with npm's `semver` doing the comparisons. */
function peerAffected(semver, version, events) {
  const sorted = events
    .map((e) => Object.entries(e)[0])
    .filter(([kind]) => kind !== 'limit')
    .sort(([, a], [, b]) => (a === '0' ? -1 : b === '0' ? 1 : semver.compare(a, b)));
  let affected = false;
  for (const [kind, at] of sorted) {
    if (kind === 'introduced' && (at === '0' || semver.gte(version, at))) affected = true;
    else if (kind === 'fixed' && semver.gte(version, at)) affected = false;
    else if (kind === 'last_affected' && semver.gt(version, at)) affected = false;
  }
  return affected;
}

function peerMatch(semver, file, dependencies) {
  const records = JSON.parse(readFileSync(file, 'utf8'));
  const byName = new Map();
  for (const dep of dependencies) byName.set(dep.name, [...(byName.get(dep.name) ?? []), dep]);
  const pairs = [];
  for (const record of records) {
    if (record.withdrawn) continue;
    for (const affected of record.affected ?? []) {
      const deps = affected.package?.ecosystem === 'npm' ? byName.get(affected.package.name) : undefined;
      for (const dep of deps ?? []) {
        const hit = (affected.ranges ?? []).some(
          (r) => r.type === 'SEMVER' && peerAffected(semver, dep.version, r.events),
        );
        if (hit || (affected.versions ?? []).includes(dep.version))
          pairs.push(`${dep.name}@${dep.version} ${record.id}`);
      }
    }
  }
  return [...new Set(pairs)].sort();
}

async function timed(rounds, run) {
  const times = [];
  let result;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    result = await run();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0], median: sorted[Math.floor(sorted.length / 2)], result };
}

const ms = (value) => `${value.toFixed(0)} ms`;

async function main() {
  const opts = options();
  const importModule = join(opts.dist, 'analysis/deps/osv/import.js');
  if (!existsSync(importModule)) {
    console.error(`No compiled Ectus at ${opts.dist}: run npm run build first (or pass --dist).`);
    process.exit(2);
  }
  const { importAdvisories } = await import(pathToFileURL(importModule).href);
  const { openAdvisoryDatabase } = await import(
    pathToFileURL(join(opts.dist, 'analysis/deps/advisory-database.js')).href
  );
  let semver;
  try {
    semver = createRequire(join(REPO, 'package.json'))('semver');
  } catch {
    console.error('The peer needs the `semver` package in node_modules (npm install --save-dev semver).');
    process.exit(2);
  }
  const semverVersion = JSON.parse(readFileSync(join(REPO, 'node_modules/semver/package.json'), 'utf8')).version;

  const work = await mkdtemp(join(tmpdir(), 'ectus-bench-deps-'));
  try {
    const { records, dependencies } = generate(opts.advisories, opts.packages);
    const source = join(work, 'advisories.json');
    await writeFile(source, JSON.stringify(records));
    await writeFile(join(work, 'dependencies.json'), JSON.stringify(dependencies));
    const dataDir = join(work, 'data');
    const importStart = performance.now();
    const summary = await importAdvisories(source, dataDir);
    const importMs = performance.now() - importStart;

    const ectus = await timed(opts.rounds, async () => (await openAdvisoryDatabase(dataDir)).match(dependencies));
    const peer = await timed(opts.rounds, () => peerMatch(semver, source, dependencies));
    const ectusPairs = ectus.result
      .flatMap((v) => v.advisories.map((a) => `${v.dependency.name}@${v.dependency.version} ${a.id}`))
      .sort();
    const agree = JSON.stringify(ectusPairs) === JSON.stringify(peer.result);

    console.log(`bench:deps: ${opts.packages} npm packages against ${summary.ecosystems.npm?.records ?? 0} advisories`);
    console.log(
      `  Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${opts.rounds} rounds`,
    );
    console.log(`  import (one-off)                     ${ms(importMs)}`);
    console.log(`  ectus open + match                   first ${ms(ectus.first)}, median ${ms(ectus.median)}`);
    console.log(
      `  peer JSON.parse + scan (semver ${semverVersion})  first ${ms(peer.first)}, median ${ms(peer.median)}`,
    );
    console.log(
      `  ratio peer / ectus                   first ${(peer.first / ectus.first).toFixed(1)}x, median ${(peer.median / ectus.median).toFixed(1)}x`,
    );
    console.log(
      `  found: ${ectus.result.length} vulnerable packages, ${ectusPairs.length} (package, advisory) pairs; peer agrees: ${agree ? 'yes' : 'NO'}`,
    );
    console.log(`  target (2,000 x 50,000 under 2 s): ${ectus.first < 2000 ? 'met' : 'MISSED'}`);
    if (!agree) process.exitCode = 1;
    if (opts.keep) console.log(`  data kept in ${work}`);
  } finally {
    if (!opts.keep) await rm(work, { recursive: true, force: true });
  }
}

await main();
