/**
 * `cocreate train`: codebook and corpus → the human-reviewed segments (all
 * coders or one) plus the codebook's examples → a learned model
 * (src/learn) → the model file, written atomically, with a summary of its
 * cross-validated agreement on stdout. The same inputs give the same bytes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { unitsOfCodebook, unitsOfTranscript, codebookShape } from '../../learn/units.js';
import { train } from '../../learn/train.js';
import { serialiseModel } from '../../learn/serialise.js';
import type { CvAgreement } from '../../learn/model.js';
import type { TrainingUnit } from '../../learn/train.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import type { TrainCommandOptions } from '../commands/train.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit, writeFileAtomic, assertNotInput } from '../output.js';
import { codebookSha256, defaultModelPath, requireKnownCoder } from '../sources.js';
import { reduceCodedCorpus } from './coded-corpus.js';

/** Splits comma-separated option values (repeatable options collect several). */
function splitList(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== ''))];
}

export async function runTrain(paths: string[], options: TrainCommandOptions): Promise<number> {
  const ids = splitList(options.ids);
  const excluded = new Set(splitList(options.excludeIds));
  const overlap = ids.filter((id) => excluded.has(id));
  if (overlap.length > 0) throw new UsageError(`--ids and --exclude-ids both name ${overlap.join(', ')}.`);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const where = ids.length > 0 ? [{ attribute: 'id', values: ids }] : [];
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where }, (coded) => ({
    id: coded.transcript.id,
    coders: [...new Set(coded.segments.flatMap((segment) => [...segment.human.keys()]))],
    units: excluded.has(coded.transcript.id) ? [] : unitsOfTranscript(compiled, coded, options.coder),
  }));
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  const found = new Set(corpus.results.map((result) => result.id));
  const missing = [...ids, ...excluded].filter((id) => !found.has(id));
  if (missing.length > 0) throw new UsageError(`No transcript with the id ${missing.join(', ')} in ${paths.join(', ')}.`);
  const coders = [...new Set(corpus.results.flatMap((result) => result.coders))].sort();
  if (options.coder !== undefined) requireKnownCoder({ coder: options.coder }, coders, [], '--coder');
  const segments: TrainingUnit[] = corpus.results.flatMap((result) => result.units);
  if (segments.length === 0) {
    throw new UsageError(
      `No segment in ${paths.join(', ')}${excluded.size > 0 ? ' (after --exclude-ids)' : ''} has human codes${options.coder ? ` by ${options.coder}` : ''}, so there is nothing to learn from. Add \`codes:\` to the segments a researcher coded (docs/transcript-format.md).`,
    );
  }
  const units = [...segments, ...unitsOfCodebook(compiled)];
  const usedCoders = options.coder !== undefined ? [options.coder] : coders;
  const model = train({ codebook: codebookShape(compiled, codebookSha256(codebook.path)), units, coders: usedCoders });
  const file = options.output ?? defaultModelPath(compiled.codebook.id);
  if (options.output === undefined) mkdirSync(dirname(file), { recursive: true });
  assertNotInput(file, [...paths, codebook.path]);
  await writeFileAtomic(file, serialiseModel(model));
  await emit(trainSummary(model, file), undefined);
  return exitCodeFromDiagnostics(diagnostics);
}

function kappaText(agreement: CvAgreement | undefined): string {
  const kappa = agreement?.kappa;
  return kappa === null || kappa === undefined ? '–' : kappa.toFixed(2);
}

/** What train tells the user: what it learned from, what stays rules-only, and its cross-validated agreement. */
export function trainSummary(model: import('../../learn/model.js').LearnedModel, file: string): string {
  const lines: string[] = [];
  const { trainedOn } = model;
  lines.push(`Wrote ${file}: a model of ${model.codebook.id} learned from ${trainedOn.segments} human-coded segments of ${trainedOn.transcripts.length} transcripts (coders: ${trainedOn.coders.join(', ')}), ${trainedOn.examples} codebook examples and ${trainedOn.counterExamples} counter-examples.`);
  const rulesOnly = model.codes.filter((code) => !code.learned);
  lines.push(
    rulesOnly.length === 0
      ? `All ${model.codes.length} codes have a model.`
      : `${model.codes.length - rulesOnly.length} codes have a model; ${rulesOnly.length} stay rules-only (fewer than ${model.settings.minPositives} positive examples): ${rulesOnly.map((code) => `${code.id} (${code.positives})`).join(', ')}.`,
  );
  if (model.cv === null) {
    lines.push('No cross-validation: it needs human codes in 2 or more transcripts (thresholds keep their defaults).');
  } else {
    lines.push('');
    lines.push(`Cross-validated agreement with the human codes (leave one interview out, ${model.cv.interviews} interviews, ${model.cv.segments} segments), Cohen's kappa:`);
    const rows: string[][] = [['', 'rules', 'model', 'hybrid']];
    for (const theme of model.themes) rows.push([theme.id, kappaText(theme.cv?.rules), kappaText(theme.cv?.model), kappaText(theme.cv?.hybrid)]);
    rows.push(['pooled (all codes)', kappaText(model.cv.rules), kappaText(model.cv.model), kappaText(model.cv.hybrid)]);
    const width = Math.max(...rows.map((row) => row[0]!.length));
    for (const row of rows) lines.push(`  ${row[0]!.padEnd(width)}  ${row.slice(1).map((cell) => cell.padStart(6)).join('  ')}`);
    const weak = model.codes.filter((code) => code.cv && code.cv.hybrid.kappa !== null && code.cv.hybrid.kappa < 0.4).map((code) => code.id);
    if (weak.length > 0) lines.push(`Codes below kappa 0.4 (hybrid), marked unreliable in tables: ${weak.join(', ')}.`);
    lines.push('These figures come from the training transcripts; measure held-out transcripts with `cocreate agree --ids … --source hybrid`.');
  }
  return `${lines.join('\n')}\n`;
}
