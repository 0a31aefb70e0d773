/**
 * `cocreate agree`: options → codebook → corpus (filtered by `--where` and
 * `--ids` before coding) → each transcript reduced to its agreement segments
 * → rules vs human reference, or coder vs coder → the chosen format; then
 * the thresholds decide the exit code (1 when a code or the overall figure
 * is below `--min-alpha` / `--min-kappa`).
 */
import { sanitizeText } from '../../render/sanitize.js';
import {
  agreementSegmentsOf,
  checkThresholds,
  compareCoders,
  compareWithHuman,
  type AgreementSegment,
  type HumanReference,
  type ThresholdFailure,
} from '../../analyze/agreement.js';
import { matchesWhere, parseWhere, type AttributeFilter } from '../../analyze/quotes.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import {
  autoAgreementCsvTable,
  autoAgreementJson,
  autoAgreementTables,
  coderAgreementCsvTable,
  coderAgreementJson,
  coderAgreementTables,
  disagreementCsvTable,
  type AgreementContext,
} from '../../render/agreement-report.js';
import type { AgreeCommandOptions } from '../commands/agree.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { reduceCodedCorpus, requireAttribute, requireWhereValues } from './coded-corpus.js';
import { renderReport } from './render-report.js';
import {
  bootstrapIntervals,
  evaluationText,
  learnedAgreeTranscript,
  learnedJson,
  learnedTables,
  learningCurveOf,
  reviewCurveOf,
  reviewItemsOf,
  scoreSelected,
  withDecisions,
  type Evaluation,
  type Intervals,
  type LearnedAgreeTranscript,
} from './agree-learned.js';
import type { PairScore } from '../../learn/score.js';
import type { LearningPoint, ReviewPoint } from '../../learn/evaluate.js';
import { codebookSha256, defaultModelPath, loadModelOrFail, modelExpectation, parseSourceChoice, resolveSource, type ResolvedSource } from '../sources.js';

/** Splits comma-separated option values (repeatable options collect several). */
function splitList(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== ''))];
}

export async function runAgree(paths: string[], options: AgreeCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  if (!['table', 'csv', 'json', 'md'].includes(format)) throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  if (options.coders !== undefined && options.human !== undefined) throw new UsageError('--human chooses the reference for the rules; --coders compares coders with each other. Use one of them.');
  const where = parseWhere(options.where);
  if ('error' in where) throw new UsageError(where.error);
  const ids = splitList(options.ids);
  const filters: AttributeFilter[] = ids.length > 0 ? [...where, { attribute: 'id', values: ids }] : where;
  const coders = options.coders === undefined ? undefined : splitList([options.coders]);
  if (coders !== undefined && coders.length < 2) throw new UsageError('--coders needs two or more coder names, comma-separated (e.g. --coders alice,bob).');
  if (coders !== undefined && coders.length > 2 && options.minKappa !== undefined) throw new UsageError("--min-kappa needs exactly two coders (Cohen's kappa); with three or more use --min-alpha.");

  const choice = parseSourceChoice(options.source);
  if (coders !== undefined && choice !== 'auto') throw new UsageError('--source chooses the automatic coding compared with the humans; --coders compares coders with each other. Use one of them.');
  if (typeof choice === 'object' || choice === 'manual') {
    throw new UsageError(`agree compares automatic coding (--source auto, rules, model or hybrid) with the human codes; to compare human coders use --coders (e.g. --coders ${typeof choice === 'object' ? choice.coder : 'alice'},bob).`);
  }
  if (options.cv && coders !== undefined) throw new UsageError('--cv is for automatic coding against the humans, not --coders.');
  if (options.reviewCurve && coders !== undefined) throw new UsageError('--review-curve is for automatic coding against the humans, not --coders.');

  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const note = (message: string) => process.stderr.write(`${message}\n`);
  // Which automatic decisions: rules, or a model (model or hybrid decisions).
  let decided: 'rules' | 'model' | 'hybrid' = choice === 'model' || choice === 'hybrid' ? choice : 'rules';
  let resolved: ResolvedSource | undefined;
  if (coders === undefined && choice === 'auto') {
    if (options.cv) decided = 'hybrid';
    else {
      resolved = await resolveSource('auto', compiled, codebook.path, options.model, note);
      decided = resolved.kind === 'hybrid' ? 'hybrid' : 'rules';
    }
  }
  const learned = decided !== 'rules';
  const filtered = filters.length > 0;
  const mode: Evaluation['kind'] = !learned ? 'rules' : options.cv ? 'cross-validation' : filtered ? 'trained-without' : 'model-file';
  if (learned && mode !== 'model-file' && options.model !== undefined) note(`cocreate agree: --model ${options.model} is not used: ${mode === 'cross-validation' ? '--cv trains a model for each interview without it' : 'with --ids/--where a model is trained on the other transcripts, never on the scored ones'}.`);
  const model = mode === 'model-file' ? (resolved?.model ?? (await loadModelOrFail(options.model ?? defaultModelPath(compiled.codebook.id), modelExpectation(compiled, codebook.path)))) : undefined;
  const modelFile = mode === 'model-file' ? (resolved?.modelFile ?? options.model ?? defaultModelPath(compiled.codebook.id)) : undefined;

  // With a model trained here, every transcript is read (the others train it); the filters then choose the scored ones.
  const trainsHere = mode === 'cross-validation' || mode === 'trained-without';
  // A model trained here learns from the reference coder's codes when --human names one (chosen by CV on the ten tuning interviews, docs/model.md), else from every coder.
  const trainingCoder = options.human !== undefined && options.human !== 'union' && options.human !== 'consensus' ? options.human : undefined;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: trainsHere ? [] : filters }, (coded) => {
    const segments = agreementSegmentsOf(compiled, coded);
    return {
      id: coded.transcript.id,
      selected: !trainsHere || matchesWhere(coded.transcript, filters),
      segments,
      learned: learned ? learnedAgreeTranscript(compiled, coded, segments, trainingCoder) : undefined,
    };
  });
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  requireWhereValues(where, corpus);
  const selectedResults = corpus.results.filter((result) => result.selected);
  let segments: AgreementSegment[] = selectedResults.flatMap((result) => result.segments);
  let scores: (PairScore[] | undefined)[] = segments.map(() => undefined);
  let evaluation: Evaluation = { kind: 'rules' };
  const found = new Set(selectedResults.map((result) => result.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new UsageError(`--ids: no transcript with the id ${missing.join(', ')}${where.length > 0 ? ' among those matching --where' : ''} in ${paths.join(', ')}.`);

  const knownCoders = [...new Set(segments.flatMap((segment) => [...segment.human.keys()]))].sort();
  const context: AgreementContext = { codebook: compiled.codebook.id, subset: [...options.where, ...(ids.length > 0 ? [`ids=${ids.join(',')}`] : [])] };
  if (learned && coders === undefined && segments.length > 0) {
    const all = corpus.results.map((result) => result.learned!) as LearnedAgreeTranscript[];
    const selected = selectedResults.map((result) => result.learned!) as LearnedAgreeTranscript[];
    const sha = codebookSha256(codebook.path);
    if (mode === 'trained-without' && all.length === selected.length) throw new UsageError('--ids/--where select every transcript, so no transcript is left to train a model on. Leave some out, or use --cv.');
    if (mode !== 'model-file' && !all.some((t) => !selected.includes(t) && t.units.length > 0) && mode === 'trained-without') throw new UsageError('The transcripts not selected by --ids/--where have no human codes to train a model on.');
    const perSegment = scoreSelected(compiled, sha, all, selected, mode === 'model-file' ? { kind: 'model-file', model: model! } : { kind: mode as 'trained-without' | 'cross-validation' });
    segments = withDecisions(selected, perSegment, decided as 'model' | 'hybrid');
    scores = perSegment.flat();
    if (mode === 'model-file') {
      const trainedOn = new Set(model!.trainedOn.transcripts);
      evaluation = { kind: 'model-file', file: modelFile!, overlap: selected.map((t) => t.id).filter((id) => trainedOn.has(id)) };
      if (evaluation.overlap.length > 0) note(`cocreate agree: ${evaluationText(evaluation, decided)}`);
    } else if (mode === 'trained-without') {
      const chosen = new Set(selected.map((t) => t.id));
      evaluation = { kind: 'trained-without', trainedOn: all.filter((t) => !chosen.has(t.id) && t.units.length > 0).map((t) => t.id) };
    } else {
      evaluation = { kind: 'cross-validation', interviews: selected.length };
    }
  }
  const show = options.showDisagreements === true;
  let content: string;
  let failures: ThresholdFailure[];
  if (coders !== undefined) {
    const unknown = coders.filter((coder) => !knownCoders.includes(coder));
    if (unknown.length > 0) throw new UsageError(`--coders: no segment is coded by ${unknown.join(', ')}. Coders found: ${knownCoders.join(', ') || 'none'}.`);
    const result = compareCoders(compiled, segments, coders);
    if (result.segments === 0) throw new UsageError(`No segment was reviewed by all of ${coders.join(', ')} (${result.partial} segments were reviewed by only some of them).`);
    content = renderReport(
      format,
      {
        tables: () => coderAgreementTables(result, context, show),
        csv: () => (show ? disagreementCsvTable(result.disagreements) : coderAgreementCsvTable(result)),
        json: () => coderAgreementJson(result, context, show),
      },
      { bom: options.bom, raw: options.rawCsv },
      options.output,
    );
    failures = checkThresholds(result.codes, result.overall, { minAlpha: options.minAlpha, minKappa: options.minKappa });
  } else {
    const reference = parseReference(options.human, knownCoders);
    const result = compareWithHuman(compiled, segments, reference);
    // Bootstrap intervals with --cv, the learning curve with a model, the review curve when asked.
    const extras: { intervals?: Intervals; learning?: { sizes: number[]; repeats: number; points: LearningPoint[] }; review?: { points: ReviewPoint[]; seed: number; decided: string } } = {};
    if (result.segments > 0) {
      if (options.cv) extras.intervals = bootstrapIntervals(compiled, segments, reference, options.resamples, options.seed);
      if (options.cv && learned) {
        const all = corpus.results.map((r) => r.learned!) as LearnedAgreeTranscript[];
        extras.learning = learningCurveOf(compiled, codebookSha256(codebook.path), all, decided as 'model' | 'hybrid', options.seed);
      }
      if (options.reviewCurve) extras.review = { points: reviewCurveOf(compiled, reviewItemsOf(compiled, segments, scores, reference, decided), options.seed), seed: options.seed, decided };
    }
    const sourceText = `${evaluationText(evaluation, decided)} ${resolved && resolved.automatic ? '(--source auto.)' : ''}`.trim();
    const sourceJson = { source: decided, ...(modelFile !== undefined ? { model: modelFile } : {}), ...learnedJson(compiled, evaluation, extras, options.seed) };
    if (result.segments === 0) {
      throw new UsageError(
        knownCoders.length === 0
          ? `No segment in ${paths.join(', ')} has human codes, so there is nothing to compare the rules with. Add \`codes:\` to the segments a researcher coded (docs/transcript-format.md).`
          : `No segment has human codes for the reference "${reference.kind === 'coder' ? reference.coder : reference.kind}".`,
      );
    }
    content = renderReport(
      format,
      {
        tables: () => withNote([...autoAgreementTables(result, context, show), ...learnedTables(compiled, extras)], sourceText),
        csv: () => (show ? disagreementCsvTable(result.disagreements) : autoAgreementCsvTable(result)),
        json: () => ({ ...autoAgreementJson(result, context, show), ...sourceJson }),
      },
      { bom: options.bom, raw: options.rawCsv },
      options.output,
    );
    failures = checkThresholds(result.codes, result.overall, { minAlpha: options.minAlpha, minKappa: options.minKappa });
  }
  await emit(content, options.output, [...paths, codebook.path]);
  if (failures.length > 0) {
    const lines = failures.map((failure) => `  ${failure.id}: ${failure.statistic} ${failure.value.toFixed(3)} < ${failure.threshold}`);
    process.stderr.write(sanitizeText(`cocreate agree: ${failures.length} ${failures.length === 1 ? 'figure is' : 'figures are'} below the threshold:\n${lines.join('\n')}\n`));
    return 1;
  }
  return exitCodeFromDiagnostics(diagnostics);
}

/** Adds a line to the note of the first table (the one that carries the method note). */
function withNote<T extends { note?: string }>(tables: T[], line: string): T[] {
  if (tables.length === 0) return tables;
  const [first, ...rest] = tables;
  return [{ ...first!, note: [first!.note, line].filter((text) => text !== undefined && text !== '').join('\n') }, ...rest];
}

/** `--human`: absent or `union` → union; `consensus`; else a coder who must exist. */
function parseReference(value: string | undefined, knownCoders: readonly string[]): HumanReference {
  if (value === undefined || value === 'union') return { kind: 'union' };
  if (value === 'consensus') return { kind: 'consensus' };
  if (!knownCoders.includes(value)) throw new UsageError(`--human: no segment is coded by "${value}". Coders found: ${knownCoders.join(', ') || 'none'} (or use union, consensus).`);
  return { kind: 'coder', coder: value };
}
