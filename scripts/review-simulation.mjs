#!/usr/bin/env node
/**
 * How far does a complete `cocreate review` get? A simulated reviewer who
 * answers every question as the project's human coder did: a model is
 * trained (src/learn) on the ten tuning interviews, the four held-out ones
 * are copied to a scratch folder, their review queue is exported for a new
 * coder `oracle`, filled in from the human codes, applied, and
 * `agree --coders human,oracle` says how close the reviewed coding is to the
 * human one. Run after `npm run build`:
 *
 *   node scripts/review-simulation.mjs [--source rules|hybrid] [--min-uncertainty U]
 *
 * Prints one line: questions asked, segments coded, pooled kappa.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { compileCodebook } = await dist('code/compile.js');
const { codeTranscript } = await dist('code/coder.js');
const learn = await dist('learn/index.js');
const { parseCodebookBytes } = await dist('load/codebook-read.js');
const { parseTranscript } = await dist('load/transcript.js');
const { parseQueueCsv } = await dist('load/review-queue-csv.js');
const { renderCsvRecords } = await dist('render/review-queue-csv.js');
const { parse } = await import('csv-parse/sync');

const HELD_OUT = ['sgad-04.yaml', 'sgad-08.md', 'sgad-11.md', 'sgad-14.yaml'];
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const work = join(root, 'test-output', 'review-simulation');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'interviews'), { recursive: true });
mkdirSync(join(work, 'models'));
cpSync(join(root, 'codebooks'), join(work, 'codebooks'), { recursive: true });
for (const name of HELD_OUT) cpSync(join(root, 'interviews', name), join(work, 'interviews', name));

const codebookPath = join(root, 'codebooks', 'coval.yaml');
const bytes = readFileSync(codebookPath);
const compiled = compileCodebook((await parseCodebookBytes(bytes, codebookPath)).codebook).compiled;
const units = [...learn.unitsOfCodebook(compiled)];
const { readdirSync } = await import('node:fs');
for (const name of readdirSync(join(root, 'interviews')).sort()) {
  if (HELD_OUT.includes(name)) continue;
  const text = readFileSync(join(root, 'interviews', name), 'utf8');
  const transcript = parseTranscript(text, name, name.endsWith('.md') ? 'markdown' : 'yaml').transcript;
  units.push(...learn.unitsOfTranscript(compiled, codeTranscript(compiled, transcript)));
}
const model = learn.train({ codebook: learn.codebookShape(compiled, createHash('sha256').update(bytes).digest('hex')), units, coders: ['human'] });
writeFileSync(join(work, 'models', 'coval.json'), learn.serialiseModel(model));

const cli = (...command) => {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'cocreate.js'), ...command], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`cocreate ${command.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
};
const extra = [...(option('--source') ? ['--source', option('--source')] : []), ...(option('--min-uncertainty') ? ['--min-uncertainty', option('--min-uncertainty')] : [])];
cli('review', '--coder', 'oracle', ...extra, '--export', 'queue.csv');
const records = parse(readFileSync(join(work, 'queue.csv'), 'utf8'));
const transcripts = new Map();
for (const record of records.slice(1)) {
  const file = record[1];
  if (!transcripts.has(file)) transcripts.set(file, parseTranscript(readFileSync(join(work, file), 'utf8'), file, file.endsWith('.md') ? 'markdown' : 'yaml').transcript);
  const segment = transcripts.get(file).segments[Number(record[3]) - 1];
  const human = segment.human.filter((coding) => coding.coder === 'human').flatMap((coding) => coding.codes);
  record[10] = human.includes(record[4]) ? 'y' : 'n';
}
writeFileSync(join(work, 'queue.csv'), renderCsvRecords(records));
if (parseQueueCsv(readFileSync(join(work, 'queue.csv'), 'utf8'), 'queue.csv').diagnostics.length > 0) throw new Error('the filled queue does not read back');
cli('review', '--coder', 'oracle', ...extra, '--apply', 'queue.csv');
const agreement = JSON.parse(cli('agree', '--coders', 'human,oracle', '--format', 'json'));
const figures = agreement;
console.log(`${records.length - 1} questions, ${figures.segments} segments coded by both (${figures.partial} by one only), pooled kappa with the human coder ${figures.overall.kappa.toFixed(3)}`);
