/**
 * The benchmark behind `npm run bench` (which builds first): generates the
 * seeded corpora (bench/generate.js; kept between runs), imports the
 * generated quanteda dictionary with the built CLI, then runs the built
 * CLI end to end as a user would, output to a file:
 *
 *   node bin/cocreate.js code bench/data/<format>-<n> --codebook bench/data/bench.yaml -o <out>.json
 *
 * for YAML and Markdown corpora of 14, 1,000 and 10,000 transcripts, and
 * measures wall and CPU time and peak memory of each run (GNU time when
 * present; wall time only otherwise). The start-up case times the
 * fourteen interviews of interviews/ with the project's codebook against
 * `node -e 0` (median of several runs). Writes bench/RESULTS.md.
 *
 *   node bench/run.js [--sizes 14,1000,10000] [--runs 3 (median)] [--startup-runs 11] [--jobs N] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, FORMATS, generateAll } from './generate.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const CLI = join(ROOT, 'bin', 'cocreate.js');
const DATA = join(BENCH, 'data');
const TIME = '/usr/bin/time';

function parseArguments(argv) {
  const options = { sizes: [14, 1000, 10000], runs: 3, startupRuns: 11, jobs: undefined, write: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--startup-runs') options.startupRuns = Number(argv[++i]);
    else if (arg === '--jobs') options.jobs = Number(argv[++i]);
    else if (arg === '--no-write') options.write = false;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

const hasGnuTime = (() => {
  if (!existsSync(TIME)) return false;
  const probe = spawnSync(TIME, ['-f', '%e', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d/.test(probe.stderr.trim());
})();

/** Runs a command; returns wall seconds, CPU seconds (user + system) and peak RSS in MB when GNU time is there. */
function measure(command, args, options = {}) {
  const report = join(DATA, '.time-report');
  const started = process.hrtime.bigint();
  const result = hasGnuTime
    ? spawnSync(TIME, ['-o', report, '-f', '%e %U %S %M', command, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(command, args, { cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  if (!hasGnuTime) return { wall, cpu: undefined, rssMb: undefined };
  const [, user, system, rssKb] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return { wall, cpu: user + system, rssMb: rssKb / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function corpusBytes(dir) {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    bytes += statSync(join(dir, name)).size;
    files += 1;
  }
  return { bytes, files };
}

function machine() {
  const cpu = cpus()[0];
  return {
    cpu: cpu ? cpu.model.trim() : 'unknown',
    cores: availableParallelism(),
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()}`,
    load: loadavg().map((value) => value.toFixed(2)).join(', '),
  };
}

/** The project's own codebook (the one in codebooks/, as `code` finds it by default), else the benchmark's. */
function projectCodebook(fallback) {
  const dir = join(ROOT, 'codebooks');
  const found = existsSync(dir) ? readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.')) : [];
  return found.length === 1 ? [] : ['--codebook', relative(ROOT, fallback)];
}

const fmt = (value, digits = 1) => (value === undefined ? 'n/a' : value.toFixed(digits));

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'main.js'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first).');
  mkdirSync(DATA, { recursive: true });
  // The compiled-codebook cache of these runs lives with the data, emptied first: the runs start from nothing.
  const cache = join(DATA, 'cache');
  rmSync(cache, { recursive: true, force: true });
  process.env.COCREATE_CACHE_DIR = cache;
  const log = (line) => process.stderr.write(`${line}\n`);
  const before = machine();
  log(`machine: ${before.cpu}, ${before.cores} cores, Node ${before.node}, load ${before.load}`);
  generateAll(DATA, options.sizes, DEFAULT_SEED, log);

  const codebook = join(DATA, 'bench.yaml');
  const imported = measure(process.execPath, [CLI, 'import', '--dictionary', join(DATA, 'dictionary.yml'), '-o', codebook]);
  log(`imported the dictionary in ${fmt(imported.wall, 2)} s`);

  const rows = [];
  for (const format of FORMATS) {
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const dir = join(DATA, `${format}-${size}`);
      const { bytes, files } = corpusBytes(dir);
      const out = join(DATA, `out-${format}-${size}.json`);
      const runs = [];
      for (let run = 0; run < options.runs; run++) {
        rmSync(out, { force: true });
        const args = [CLI, 'code', relative(ROOT, dir), '--codebook', relative(ROOT, codebook), '-o', relative(ROOT, out)];
        if (options.jobs) args.push('--jobs', String(options.jobs));
        runs.push(measure(process.execPath, args));
      }
      const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
      const wall = median(runs.map((r) => r.wall));
      const row = {
        format: format === 'yaml' ? 'YAML' : 'Markdown',
        files,
        mb: bytes / 1e6,
        wall,
        cpu: best.cpu === undefined ? undefined : median(runs.map((r) => r.cpu)),
        rssMb: best.rssMb === undefined ? undefined : Math.max(...runs.map((r) => r.rssMb)),
        perSecond: files / wall,
        mbPerSecond: bytes / 1e6 / wall,
      };
      rows.push(row);
      log(`${row.format} ${files} transcripts (${fmt(row.mb)} MB): ${fmt(wall, 2)} s wall, ${fmt(row.cpu, 2)} s CPU, ${fmt(row.mbPerSecond)} MB/s, peak RSS ${fmt(row.rssMb)} MB`);
    }
  }

  // Start-up: the fourteen interviews with the project's codebook, against an empty Node.
  const out14 = join(DATA, 'out-interviews.json');
  // Cold: the codebook compiled on every run (--no-cache); cached: read back compiled (the usual case after a first run).
  const empty = [];
  const cold = [];
  const cached = [];
  const codeInterviews = (extra) => {
    rmSync(out14, { force: true });
    return measure(process.execPath, [CLI, 'code', 'interviews', ...projectCodebook(codebook), '-o', relative(ROOT, out14), ...extra]);
  };
  codeInterviews([]); // fills the cache
  for (let run = 0; run < options.startupRuns; run++) {
    empty.push(measure(process.execPath, ['-e', '0']));
    cold.push(codeInterviews(['--no-cache']));
    cached.push(codeInterviews([]));
  }
  const wallOf = (runs) => median(runs.map((r) => r.wall));
  const cpuOf = (runs) => (hasGnuTime ? median(runs.map((r) => r.cpu)) : undefined);
  const startup = { empty: wallOf(empty), cold: wallOf(cold), cached: wallOf(cached), emptyCpu: cpuOf(empty), coldCpu: cpuOf(cold), cachedCpu: cpuOf(cached) };
  log(
    `start-up: node -e 0 ${fmt(startup.empty * 1000, 0)} ms, 14 interviews ${fmt(startup.cold * 1000, 0)} ms compiling the codebook (${fmt(startup.cold / startup.empty, 2)}×), ${fmt(startup.cached * 1000, 0)} ms with it cached (${fmt(startup.cached / startup.empty, 2)}×)`,
  );

  const after = machine();
  const report = renderResults({ options, before, after, rows, startup });
  if (options.write) {
    writeFileSync(join(BENCH, 'RESULTS.md'), report);
    log('wrote bench/RESULTS.md');
  } else process.stdout.write(report);
}

function renderResults({ options, before, after, rows, startup }) {
  const lines = [];
  lines.push('# Benchmark results', '');
  const argv = process.argv.slice(2).join(' ');
  lines.push(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` (\`npm run build && node bench/run.js${argv ? ` ${argv}` : ''}\`).`, '');
  lines.push(`Machine: ${before.cpu}, ${before.cores} cores, ${fmt(before.memoryGb, 0)} GB RAM, ${before.os}, Node ${before.node}. Load average before: ${before.load}; after: ${after.load}.`, '');
  lines.push('Each run is the built CLI end to end, as a user runs it:', '');
  lines.push('```sh', 'node bin/cocreate.js code bench/data/<format>-<n> --codebook bench/data/bench.yaml -o bench/data/out-<format>-<n>.json', '```', '');
  lines.push(
    `Corpora: seeded generated interviews (bench/generate.js, seed ${DEFAULT_SEED}), about 50 KB each, half English and half Spanish; the codebook is a generated quanteda-format glob dictionary of 40 categories and 200 patterns imported with \`cocreate import --dictionary\`. MB = 10^6 bytes of transcript files. Wall and CPU (user + system, all threads) ${hasGnuTime ? 'and peak resident memory come from GNU time' : 'come from the clock only (GNU time was not found)'}; ${options.runs > 1 ? `wall and CPU are the median of ${options.runs} runs, peak memory the highest of them` : 'one run each'}. The runs use the compiled-codebook cache as a user's do (bench/data/cache, emptied first: the very first run compiles the benchmark codebook).`,
    '',
  );
  lines.push('| format | transcripts | MB | wall (s) | CPU (s) | transcripts/s | MB/s | peak RSS (MB) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    lines.push(`| ${row.format} | ${row.files.toLocaleString('en')} | ${fmt(row.mb)} | ${fmt(row.wall, 2)} | ${fmt(row.cpu, 2)} | ${fmt(row.perSecond, 0)} | ${fmt(row.mbPerSecond)} | ${fmt(row.rssMb)} |`);
  }
  lines.push('');
  lines.push(
    'Start-up: `node bin/cocreate.js code interviews -o …` (the fourteen interviews of interviews/, the project codebook) against `node -e 0`, median of ' +
      options.startupRuns +
      ' runs each (interleaved), once compiling the codebook (`--no-cache`) and once reading it compiled from the cache a previous run wrote:',
    '',
  );
  lines.push('| case | wall (ms) | CPU (ms) | wall ratio |', '|---|---:|---:|---:|');
  const cpuCell = (cpu) => (cpu === undefined ? 'n/a' : fmt(cpu * 1000, 0));
  lines.push(`| \`node -e 0\` | ${fmt(startup.empty * 1000, 0)} | ${cpuCell(startup.emptyCpu)} | 1× |`);
  lines.push(`| 14 interviews, codebook compiled | ${fmt(startup.cold * 1000, 0)} | ${cpuCell(startup.coldCpu)} | ${fmt(startup.cold / startup.empty, 2)}× |`);
  lines.push(`| 14 interviews, codebook cached | ${fmt(startup.cached * 1000, 0)} | ${cpuCell(startup.cachedCpu)} | ${fmt(startup.cached / startup.empty, 2)}× |`);
  lines.push('');
  const largest = Math.max(...options.sizes);
  const targets = [];
  for (const format of ['YAML', 'Markdown']) {
    const big = rows.find((row) => row.format === format && row.files === largest);
    const mid = rows.find((row) => row.format === format && row.files === 1000);
    if (big) targets.push(`- ${format}, ${largest.toLocaleString('en')} transcripts: ${fmt(big.mbPerSecond)} MB/s (target ≥ 30)${big.rssMb && mid?.rssMb ? `; peak RSS ${fmt(big.rssMb)} MB = ${fmt(big.rssMb / mid.rssMb, 2)}× that at 1,000 (target ≤ 1.5×)` : ''}.`);
  }
  targets.push(`- Start-up: ${fmt(startup.cached / startup.empty, 2)}× \`node -e 0\` with the compiled codebook cached, ${fmt(startup.cold / startup.empty, 2)}× compiling it (target ≤ 3×).`);
  lines.push('Against the targets of issue 8:', '', ...targets, '');
  return `${lines.join('\n')}\n`;
}

main();
