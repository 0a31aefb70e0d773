/**
 * The learned-model side of `cocreate agree` (issue 12): which automatic
 * decisions are compared with the humans (rules, a model file, a model
 * trained without the scored transcripts, or leave-one-interview-out
 * cross-validation), and the extra figures: bootstrap intervals over
 * interviews, the learning curve and the review curve, as tables and JSON.
 * The scored transcripts never train the model that scores them, except
 * with a model file trained on them, which the output then says.
 */
import { referenceCodes, type AgreementSegment, type HumanReference } from '../../analyze/agreement.js';
import type { CompiledCodebook } from '../../code/compile.js';
import type { CodedTranscript } from '../../code/coder.js';
import {
  addDecision,
  bootstrapKappa,
  crossValidatedScores,
  learningCurve,
  reviewCurve,
  tableKappa,
  withoutInterviews,
  type Interval,
  type LearningPoint,
  type ReviewItem,
  type ReviewPoint,
  type Table,
} from '../../learn/evaluate.js';
import type { LearnedModel } from '../../learn/model.js';
import { prepareModel, scoreFeatures, type PairScore } from '../../learn/score.js';
import { train, type TrainingSet, type TrainingUnit } from '../../learn/train.js';
import { codebookShape, segmentFeatures, unitsOfCodebook, unitsOfTranscript } from '../../learn/units.js';
import { formatNumber, type ReportTable } from '../../render/report-table.js';

/** One transcript reduced to what agree needs with a model. */
export interface LearnedAgreeTranscript {
  id: string;
  segments: AgreementSegment[];
  /** Parallel to `segments`: features and rule hits for scoring. */
  scoring: { features: string[]; rules: number[] }[];
  /** Training units (its human-reviewed segments, labelled by `coder` or by every coder). */
  units: TrainingUnit[];
  /** The coder whose codes label `units`; undefined: every coder (a code any of them applied). */
  coder?: string;
}

/**
 * Reduces a coded transcript for agree with a model. Its training units
 * carry `coder`'s codes (the reference coder, when `--human` names one), or
 * a code any coder applied when `coder` is undefined.
 */
export function learnedAgreeTranscript(compiled: CompiledCodebook, coded: CodedTranscript, segments: AgreementSegment[], coder?: string): LearnedAgreeTranscript {
  return {
    id: coded.transcript.id,
    segments,
    scoring: coded.segments.map((segment) => ({ features: segmentFeatures(compiled, coded.transcript.language, segment), rules: segment.auto })),
    units: unitsOfTranscript(compiled, coded, coder),
    coder,
  };
}

/** How the compared decisions were made, for the note and JSON. */
export type Evaluation =
  | { kind: 'rules' }
  | { kind: 'model-file'; file: string; overlap: string[] }
  | { kind: 'trained-without'; trainedOn: string[] }
  | { kind: 'cross-validation'; interviews: number };

/** The training set of some transcripts plus the codebook's examples. */
export function trainingSetOf(compiled: CompiledCodebook, sha256: string, transcripts: readonly LearnedAgreeTranscript[]): TrainingSet {
  const coders = new Set<string>();
  for (const transcript of transcripts) {
    if (transcript.coder !== undefined) coders.add(transcript.coder);
    else for (const segment of transcript.segments) for (const coder of segment.human.keys()) coders.add(coder);
  }
  return { codebook: codebookShape(compiled, sha256), units: [...transcripts.flatMap((t) => t.units), ...unitsOfCodebook(compiled)], coders: [...coders].sort() };
}

/** Scores of every segment of the selected transcripts, by the chosen evaluation. */
export function scoreSelected(
  compiled: CompiledCodebook,
  sha256: string,
  all: readonly LearnedAgreeTranscript[],
  selected: readonly LearnedAgreeTranscript[],
  mode: { kind: 'model-file'; model: LearnedModel } | { kind: 'trained-without' } | { kind: 'cross-validation' },
): PairScore[][][] {
  if (mode.kind === 'model-file') {
    const scoring = prepareModel(mode.model);
    return selected.map((t) => t.scoring.map((unit) => scoreFeatures(scoring, unit.features, unit.rules).codes));
  }
  const set = trainingSetOf(compiled, sha256, all);
  if (mode.kind === 'trained-without') {
    const scoring = prepareModel(train(withoutInterviews(set, new Set(selected.map((t) => t.id)))));
    return selected.map((t) => t.scoring.map((unit) => scoreFeatures(scoring, unit.features, unit.rules).codes));
  }
  const flat = selected.flatMap((t) => t.scoring.map((unit) => ({ interview: t.id, ...unit })));
  const scores = crossValidatedScores(set, flat);
  let k = 0;
  return selected.map((t) => t.scoring.map(() => scores[k++]!));
}

/** The segments with the source's decisions as their automatic codes. */
export function withDecisions(selected: readonly LearnedAgreeTranscript[], scores: PairScore[][][], decided: 'model' | 'hybrid'): AgreementSegment[] {
  return selected.flatMap((t, i) => t.segments.map((segment, s) => ({ ...segment, auto: scores[i]![s]!.filter((pair) => pair[decided]).map((pair) => pair.code) })));
}

/** Per interview, the pooled and per-theme 2×2 tables of the automatic codes against the reference. */
export function interviewTables(compiled: CompiledCodebook, segments: readonly AgreementSegment[], reference: HumanReference): Map<string, { pooled: Table; themes: Table[] }> {
  const tables = new Map<string, { pooled: Table; themes: Table[] }>();
  const themeCount = compiled.codebook.themes.length;
  for (const segment of segments) {
    const human = referenceCodes(segment, reference);
    if (human === undefined) continue;
    let entry = tables.get(segment.interview);
    if (!entry) tables.set(segment.interview, (entry = { pooled: [0, 0, 0, 0], themes: Array.from({ length: themeCount }, () => [0, 0, 0, 0] as Table) }));
    const humanSet = new Set(human);
    const autoSet = new Set(segment.auto);
    for (let code = 0; code < compiled.codes.length; code++) addDecision(entry.pooled, humanSet.has(code), autoSet.has(code));
    const humanThemes = new Set(human.map((code) => compiled.themeOfCode[code]!));
    const autoThemes = new Set(segment.auto.map((code) => compiled.themeOfCode[code]!));
    for (let theme = 0; theme < themeCount; theme++) addDecision(entry.themes[theme]!, humanThemes.has(theme), autoThemes.has(theme));
  }
  return tables;
}

/** Bootstrap intervals over interviews of pooled kappa and each theme's kappa. */
export interface Intervals {
  pooled: Interval & { kappa: number | null };
  themes: (Interval & { id: string; kappa: number | null })[];
}

export function bootstrapIntervals(compiled: CompiledCodebook, segments: readonly AgreementSegment[], reference: HumanReference, resamples: number, seed: number): Intervals {
  const tables = [...interviewTables(compiled, segments, reference).values()];
  const sum = (list: Table[]): Table => list.reduce<Table>((acc, t) => [acc[0] + t[0], acc[1] + t[1], acc[2] + t[2], acc[3] + t[3]], [0, 0, 0, 0]);
  const pooledTables = tables.map((t) => t.pooled);
  return {
    pooled: { kappa: tableKappa(sum(pooledTables)), ...bootstrapKappa(pooledTables, resamples, seed) },
    themes: compiled.codebook.themes.map((theme, h) => {
      const list = tables.map((t) => t.themes[h]!);
      return { id: theme.id, kappa: tableKappa(sum(list)), ...bootstrapKappa(list, resamples, seed) };
    }),
  };
}

/** The learning curve over all transcripts: 3, 6, 9, … training interviews (those below the number of interviews), 5 seeded subsets each. */
export function learningCurveOf(compiled: CompiledCodebook, sha256: string, all: readonly LearnedAgreeTranscript[], decided: 'model' | 'hybrid', seed: number): { sizes: number[]; repeats: number; points: LearningPoint[] } {
  const withCodes = all.filter((t) => t.units.length > 0);
  const n = withCodes.length;
  const sizes = [3, 6, 9, 13].filter((size) => size < n);
  if (n - 1 > 0 && !sizes.includes(n - 1) && n - 1 > (sizes[sizes.length - 1] ?? 0)) sizes.push(n - 1);
  const repeats = 5;
  const set = trainingSetOf(compiled, sha256, withCodes);
  const points = learningCurve(set, sizes, repeats, seed, compiled.themeOfCode, compiled.codebook.themes.length, decided);
  return { sizes, repeats, points };
}

/** Review items of the scored segments: each reviewed segment × code, the source's decision, the human's, and the uncertainty. */
export function reviewItemsOf(
  compiled: CompiledCodebook,
  segments: readonly AgreementSegment[],
  scores: (PairScore[] | undefined)[],
  reference: HumanReference,
  decided: 'rules' | 'model' | 'hybrid',
): ReviewItem[] {
  const items: ReviewItem[] = [];
  segments.forEach((segment, s) => {
    const human = referenceCodes(segment, reference);
    if (human === undefined) return;
    const humanSet = new Set(human);
    const autoSet = new Set(segment.auto);
    for (let code = 0; code < compiled.codes.length; code++) {
      const pair = scores[s]?.[code];
      // The rules carry no confidence: every rules decision is equally (un)certain, so review order is document order.
      const uncertainty = pair === undefined || decided === 'rules' ? 0 : decided === 'model' ? pair.modelUncertainty : pair.uncertainty;
      items.push({ segment: s, code, theme: compiled.themeOfCode[code]!, decision: autoSet.has(code), truth: humanSet.has(code), uncertainty });
    }
  });
  return items;
}

/** The review curve of the scored segments. */
export function reviewCurveOf(compiled: CompiledCodebook, items: readonly ReviewItem[], seed: number): ReviewPoint[] {
  return reviewCurve(items, compiled.codebook.themes.length, seed);
}

/** What the note says about how the decisions were made. */
export function evaluationText(evaluation: Evaluation, source: string): string {
  switch (evaluation.kind) {
    case 'rules':
      return "Automatic side: the codebook's rules.";
    case 'model-file':
      return evaluation.overlap.length > 0
        ? `Automatic side: ${source} with the model ${evaluation.file}, which was trained on ${evaluation.overlap.length} of the scored transcripts (${evaluation.overlap.join(', ')}): these figures are optimistic. Use --cv, or --ids with transcripts the model did not learn from.`
        : `Automatic side: ${source} with the model ${evaluation.file} (trained on none of the scored transcripts).`;
    case 'trained-without':
      return `Automatic side: ${source}, with a model trained for this run on the other ${evaluation.trainedOn.length} transcripts (${evaluation.trainedOn.join(', ')}), never on the scored ones.`;
    default:
      return `Automatic side: ${source}, leave-one-interview-out: each of the ${evaluation.interviews} interviews scored by a model trained without it (thresholds chosen by cross-validation inside that training set).`;
  }
}

/** Extra tables: bootstrap intervals, learning curve, review curve. */
export function learnedTables(
  compiled: CompiledCodebook,
  extras: { intervals?: Intervals; learning?: { sizes: number[]; repeats: number; points: LearningPoint[] }; review?: { points: ReviewPoint[]; seed: number; decided: string } },
): ReportTable[] {
  const tables: ReportTable[] = [];
  const k = (value: number | null | undefined) => formatNumber(value ?? null, 2);
  if (extras.intervals) {
    const { pooled, themes } = extras.intervals;
    tables.push({
      title: 'Cross-validated kappa with 95% bootstrap intervals over interviews',
      columns: [{ header: 'Theme' }, { header: 'kappa', align: 'right' }, { header: '95% interval', align: 'right' }],
      rows: [...themes.map((theme) => [theme.id, k(theme.kappa), `${k(theme.low)} – ${k(theme.high)}`]), ['pooled (all codes)', k(pooled.kappa), `${k(pooled.low)} – ${k(pooled.high)}`]],
      note: `Percentile bootstrap: ${pooled.resamples} resamples of the interviews with replacement, seed ${pooled.seed}.`,
    });
  }
  if (extras.learning) {
    const { points, repeats } = extras.learning;
    tables.push({
      title: 'Learning curve: pooled kappa on the other interviews against the number of training interviews',
      columns: [{ header: 'Training interviews', align: 'right' }, { header: 'mean kappa', align: 'right' }, { header: 'runs', align: 'left' }],
      rows: points.map((point) => [point.size, k(point.kappa), point.runs.map((run) => k(run)).join(' ')]),
      note: `Each size: ${repeats} seeded random subsets of the interviews (the same seed), each model scoring every interview it was not trained on.`,
    });
  }
  if (extras.review) {
    const { points, seed, decided } = extras.review;
    const themeIds = compiled.codebook.themes.map((theme) => theme.id);
    tables.push({
      title: `Review curve: kappa after reviewing a share of the ${decided} decisions (human codes as the oracle)`,
      columns: [
        { header: 'Reviewed', align: 'right' },
        { header: 'decisions', align: 'right' },
        { header: 'kappa (review order)', align: 'right' },
        { header: 'kappa (random order)', align: 'right' },
        { header: 'lowest theme (review / random)', align: 'right' },
      ],
      rows: points.map((point) => {
        const low = (values: (number | null)[]) => {
          const defined = values.map((value, h) => ({ value, h })).filter((entry) => entry.value !== null) as { value: number; h: number }[];
          if (defined.length === 0) return '–';
          const min = defined.reduce((a, b) => (b.value < a.value ? b : a));
          return `${k(min.value)} ${themeIds[min.h]}`;
        };
        return [`${Math.round(point.fraction * 100)}%`, point.reviewed, k(point.kappa), k(point.randomKappa), `${low(point.themes)} / ${low(point.randomThemes)}`];
      }),
      note: `Review order: the decisions the model thinks most likely wrong first (uncertainty, docs/model.md); rules decisions carry no confidence and are reviewed in document order. Random order: seed ${seed}.`,
    });
  }
  return tables;
}

/** Extra JSON fields. */
export function learnedJson(
  compiled: CompiledCodebook,
  evaluation: Evaluation,
  extras: { intervals?: Intervals; learning?: { sizes: number[]; repeats: number; points: LearningPoint[] }; review?: { points: ReviewPoint[]; seed: number; decided: string } },
  seed: number,
): Record<string, unknown> {
  const json: Record<string, unknown> = { evaluation };
  if (extras.intervals) {
    const { pooled, themes } = extras.intervals;
    json.cv = {
      seed,
      resamples: pooled.resamples,
      level: 0.95,
      pooled: { kappa: pooled.kappa, low: pooled.low, high: pooled.high },
      themes: themes.map((theme) => ({ id: theme.id, kappa: theme.kappa, low: theme.low, high: theme.high })),
    };
  }
  if (extras.learning) json.learningCurve = { seed, repeats: extras.learning.repeats, points: extras.learning.points };
  if (extras.review) {
    json.reviewCurve = extras.review.points.map((point) => ({ fraction: point.fraction, reviewed: point.reviewed, kappa: point.kappa, randomKappa: point.randomKappa }));
    json.reviewCurveThemes = compiled.codebook.themes.map((theme, h) => ({
      id: theme.id,
      points: extras.review!.points.map((point) => ({ fraction: point.fraction, kappa: point.themes[h] ?? null, randomKappa: point.randomThemes[h] ?? null })),
    }));
    json.reviewSeed = extras.review.seed;
  }
  return json;
}
