#!/usr/bin/env node
/**
 * The sample the second coder (coder-b, issue 13) coded blind: a seeded 22%
 * of each interview's respondent turns (rounded up), written as a Markdown
 * file of turns with the interviewer's preceding question as context and no
 * codes, plus an index of the sampled turns. The coder saw only that file and
 * the codebook; scripts/insert-coder-codes.mjs wrote the result into the
 * transcripts. Run after `npm run build`:
 *
 *   node scripts/second-coder-sample.mjs OUT_FOLDER [interviews/]
 *
 * Run on the transcripts of 2026-12-04 it chose 77 of 322 respondent turns.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { parseTranscript, transcriptFormatOf } = await import(join(root, 'dist', 'load', 'transcript.js'));
const [out, folder = 'interviews'] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: node scripts/second-coder-sample.mjs OUT_FOLDER [interviews/]\n');
  process.exit(2);
}
// A linear congruential generator with a fixed seed: the same transcripts give the same sample.
let seed = 20261204;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const turns = [];
const index = [];
let total = 0;
for (const name of readdirSync(folder).sort()) {
  const file = `${folder.replace(/\/$/, '')}/${name}`;
  const format = transcriptFormatOf(file);
  if (!format) continue;
  const { transcript } = parseTranscript(readFileSync(file, 'utf8'), file, format);
  if (!transcript) continue;
  const respondent = transcript.segments.filter((segment) => !segment.interviewer);
  total += respondent.length;
  const chosen = respondent
    .map((segment) => [random(), segment])
    .sort((a, b) => a[0] - b[0])
    .slice(0, Math.ceil(respondent.length * 0.22))
    .map(([, segment]) => segment)
    .sort((a, b) => a.index - b.index);
  for (const segment of chosen) {
    const question = transcript.segments.slice(0, segment.index).reverse().find((previous) => previous.interviewer);
    const id = `${transcript.id}#${segment.index}`;
    index.push({ id, file, line: segment.at.line, language: transcript.language });
    turns.push(`### ${id} (language: ${transcript.language})\n\nInterviewer (context): ${question ? question.text.replace(/\s+/g, ' ') : '(none)'}\n\nRespondent: ${segment.text.replace(/\s+/g, ' ')}\n`);
  }
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'segments.md'), `# Segments to code (${index.length} of ${total} respondent segments)\n\n${turns.join('\n')}`);
writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
process.stderr.write(`${index.length} of ${total} respondent turns → ${out}/segments.md, ${out}/index.json\n`);
