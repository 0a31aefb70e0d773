#!/usr/bin/env node
/**
 * Model selection on the ten tuning transcripts only (docs/model.md):
 * leave-one-interview-out over sgad-01,02,03,05,06,07,09,10,12,13 — each
 * interview scored by a model trained on the other nine (thresholds by the
 * inner cross-validation `train` does itself) — against coder-a's codes.
 * The four held-out transcripts are never read. Run after `npm run build`:
 *
 *   node scripts/cv-tuning.mjs [--labels coder-a|union|a+b] [--settings '{"l2":1}']
 *
 * Prints pooled kappa of model and hybrid, and hybrid kappa per theme.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { compileCodebook } = await dist('code/compile.js');
const { codeTranscript } = await dist('code/coder.js');
const learn = await dist('learn/index.js');
const { parseCodebookBytes } = await dist('load/codebook-read.js');
const { parseTranscript } = await dist('load/transcript.js');

const TUNING = ['sgad-01.yaml', 'sgad-02.md', 'sgad-03.md', 'sgad-05.yaml', 'sgad-06.md', 'sgad-07.yaml', 'sgad-09.md', 'sgad-10.yaml', 'sgad-12.yaml', 'sgad-13.md'];
const REFERENCE = 'coder-a';
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const labels = option('--labels') ?? 'coder-a';
const settings = { ...learn.DEFAULT_SETTINGS, ...JSON.parse(option('--settings') ?? '{}') };

const codebookPath = join(root, 'codebooks', 'coval.yaml');
const bytes = readFileSync(codebookPath);
const compiled = compileCodebook((await parseCodebookBytes(bytes, codebookPath)).codebook).compiled;
const shape = learn.codebookShape(compiled, createHash('sha256').update(bytes).digest('hex'));
const training = [];
const scored = [];
for (const name of TUNING) {
  const text = readFileSync(join(root, 'interviews', name), 'utf8');
  const coded = codeTranscript(compiled, parseTranscript(text, name, name.endsWith('.md') ? 'markdown' : 'yaml').transcript);
  if (labels === 'union') training.push(...learn.unitsOfTranscript(compiled, coded));
  else training.push(...learn.unitsOfTranscript(compiled, coded, REFERENCE));
  if (labels === 'a+b') training.push(...learn.unitsOfTranscript(compiled, coded, 'coder-b'));
  scored.push(...learn.unitsOfTranscript(compiled, coded, REFERENCE));
}
const set = { codebook: shape, units: [...training, ...learn.unitsOfCodebook(compiled)], coders: [REFERENCE] };
const themeCount = compiled.codebook.themes.length;
const scores = learn.crossValidatedScores(set, scored, settings);
const out = [];
for (const decided of ['model', 'hybrid']) {
  const tables = learn.decisionTables(scored, scores, compiled.themeOfCode, themeCount, decided);
  out.push(`${decided} ${learn.tableKappa(tables.pooled).toFixed(3)}`);
  if (decided === 'hybrid') out.push(`themes ${tables.themes.map((t, h) => `${compiled.codebook.themes[h].id.slice(0, 5)} ${learn.tableKappa(t)?.toFixed(2)}`).join(' ')}`);
}
const rules = learn.decisionTables(scored, scored.map((unit) => compiled.codes.map((_c, code) => ({ code, model: unit.rules.includes(code), hybrid: unit.rules.includes(code) }))), compiled.themeOfCode, themeCount, 'hybrid');
console.log(`labels=${labels} settings=${option('--settings') ?? '{}'} | rules ${learn.tableKappa(rules.pooled).toFixed(3)} | ${out.join(' | ')}`);
