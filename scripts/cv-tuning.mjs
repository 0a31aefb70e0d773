#!/usr/bin/env node
/**
 * Model selection on the ten tuning transcripts only (docs/model.md):
 * leave-one-interview-out over sgad-01,02,03,05,06,07,09,10,12,13 — each
 * interview scored by a model trained on the other nine (thresholds by the
 * inner cross-validation `train` does itself) — against coder-a's codes.
 * The four held-out transcripts are never read. Run after `npm run build`:
 *
 *   node scripts/cv-tuning.mjs [--labels coder-a|union|a+b] [--settings '{"l2":1}'] [--extra spread,long] [--long 70] [--reference coder-b]
 *
 * Prints pooled kappa of model and hybrid, and hybrid kappa per theme.
 * `--reference coder-b` scores against coder-b's codes of the ten (55
 * segments) instead of coder-a's; training still uses `--labels`. coder-b
 * coded from the codebook's text alone, without the rules' output, so its
 * figures do not share the rules' tuning with coder-a's re-read.
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
const { tokenize } = await dist('code/tokenize.js');

const TUNING = ['sgad-01.yaml', 'sgad-02.md', 'sgad-03.md', 'sgad-05.yaml', 'sgad-06.md', 'sgad-07.yaml', 'sgad-09.md', 'sgad-10.yaml', 'sgad-12.yaml', 'sgad-13.md'];
const REFERENCE = 'coder-a';
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const labels = option('--labels') ?? 'coder-a';
// Candidate features not (yet) in src/learn/features.ts, added to the units here: prev (words of the previous respondent turn, `p:`), question (words of the interviewer's preceding turn, `i:`), chars (character 3–5-grams of the stems, `c:`); long (`rl:CODE`, the rule hit in a turn of at least --long words, default 100), spread (`ns:N`, how many themes the rules fired, 0–4+), topicrule (`x:TOPIC|THEME`, the rules fired the theme under that protocol topic); norules drops the rule features.
const extra = new Set((option('--extra') ?? '').split(',').filter(Boolean));
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
  const language = coded.transcript.language;
  const all = coded.transcript.segments;
  const stems = (text) => tokenize(text).words.map((word) => learn.featureStem(word, language));
  const extras = coded.segments.map((segment) => {
    const features = [];
    const at = segment.segment.index;
    if (extra.has('question')) {
      const before = all[at - 1];
      if (before && before.interviewer) for (const stem of stems(before.text)) features.push(`i:${stem}`);
    }
    if (extra.has('prev')) {
      let k = at - 1;
      while (k >= 0 && all[k].interviewer) k--;
      if (k >= 0) for (const stem of stems(all[k].text)) features.push(`p:${stem}`);
    }
    const ruleFeatures = learn.segmentFeatures(compiled, language, segment).filter((f) => f.startsWith('r:') || f.startsWith('t:'));
    const length = tokenize(segment.segment.text).words.length;
    if (extra.has('long') && length >= Number(option('--long') ?? 100)) for (const f of ruleFeatures) if (f.startsWith('r:')) features.push(`rl:${f.slice(2)}`);
    if (extra.has('spread')) features.push(`ns:${Math.min(4, ruleFeatures.filter((f) => f.startsWith('t:')).length)}`);
    if (extra.has('topicrule') && segment.segment.question) for (const f of ruleFeatures) if (f.startsWith('t:')) features.push(`x:${segment.segment.question}|${f.slice(2)}`);
    if (extra.has('chars')) for (const stem of stems(segment.segment.text)) {
      const padded = `<${stem}>`;
      for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) features.push(`c:${padded.slice(i, i + n)}`);
    }
    return features;
  });
  const unitsOf = (coder) => {
    const units = learn.unitsOfTranscript(compiled, coded, coder);
    const reviewed = coded.segments.flatMap((segment, i) => (learn.humanCodesOf(compiled, segment, coder) === undefined ? [] : [i]));
    units.forEach((unit, k) => {
      if (extras[reviewed[k]].length > 0) unit.features = [...new Set([...unit.features, ...extras[reviewed[k]]])].sort(learn.compareStrings);
    });
    return units;
  };
  if (labels === 'union') training.push(...unitsOf(undefined));
  else training.push(...unitsOf(REFERENCE));
  if (labels === 'a+b') training.push(...unitsOf('coder-b'));
  scored.push(...unitsOf(option('--reference') ?? REFERENCE));
}
// norules: the model sees no rule features (r:, r2:, t:), only words and the topic; the hybrid still combines it with the rules.
const strip = (unit) => (extra.has('norules') ? { ...unit, features: unit.features.filter((f) => !/^(r|r2|t):/.test(f)) } : unit);
const set = { codebook: shape, units: [...training, ...learn.unitsOfCodebook(compiled)].map(strip), coders: [REFERENCE] };
scored.splice(0, scored.length, ...scored.map(strip));
const themeCount = compiled.codebook.themes.length;
const scores = learn.crossValidatedScores(set, scored, settings);
const out = [];
for (const decided of ['model', 'hybrid']) {
  const tables = learn.decisionTables(scored, scores, compiled.themeOfCode, themeCount, decided);
  out.push(`${decided} ${learn.tableKappa(tables.pooled).toFixed(3)}`);
  if (decided === 'hybrid') out.push(`themes ${tables.themes.map((t, h) => `${compiled.codebook.themes[h].id.slice(0, 5)} ${learn.tableKappa(t)?.toFixed(2)}`).join(' ')}`);
}
const rules = learn.decisionTables(scored, scored.map((unit) => compiled.codes.map((_c, code) => ({ code, model: unit.rules.includes(code), hybrid: unit.rules.includes(code) }))), compiled.themeOfCode, themeCount, 'hybrid');
console.log(`reference=${option('--reference') ?? REFERENCE} labels=${labels} extra=${[...extra].join(',')} settings=${option('--settings') ?? '{}'} | rules ${learn.tableKappa(rules.pooled).toFixed(3)} | ${out.join(' | ')}`);
