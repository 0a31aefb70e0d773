/**
 * Honest evaluation of the learned model: scores of interviews by models
 * trained without them (cross-validation over interviews), bootstrap
 * intervals over interviews, learning curves (agreement against the number
 * of training interviews) and review curves (agreement after reviewing a
 * share of the decisions, least certain first or in random order). Pure and
 * seeded: the same inputs and seed give the same figures.
 */
import { compareStrings } from './features.js';
import type { TrainSettings } from './model.js';
import { DEFAULT_SETTINGS } from './model.js';
import { prepareModel, scoreFeatures, type PairScore } from './score.js';
import { addDecision, seededRandom, shuffled, tableKappa, type Table } from './review-curve.js';
import { train, type TrainingSet, type TrainingUnit, type TrainOptions } from './train.js';

export { addDecision, reviewCurve, reviewOrder, seededRandom, shuffled, tableKappa, type ReviewItem, type ReviewPoint, type Table } from './review-curve.js';

/** What scoring one segment needs. */
export interface ScoringUnit {
  /** Interview id, e.g. `sgad-04`. */
  interview: string;
  /** Sorted feature names. */
  features: string[];
  /** Code indexes the rules applied. */
  rules: number[];
}

/** The training set without the units of some interviews (codebook examples always stay). */
export function withoutInterviews(set: TrainingSet, excluded: ReadonlySet<string>): TrainingSet {
  return { ...set, units: set.units.filter((unit) => unit.interview === undefined || !excluded.has(unit.interview)) };
}

/**
 * Scores every unit with a model trained without that unit's interview
 * (leave-one-interview-out): for each interview among `units`, `train` on
 * the set's units of every other interview plus the codebook examples
 * (thresholds chosen by CV inside that training set only). Result parallel
 * to `units`.
 */
export function crossValidatedScores(
  set: TrainingSet,
  units: readonly ScoringUnit[],
  settings: TrainSettings = DEFAULT_SETTINGS,
  options: TrainOptions = {},
): PairScore[][] {
  const result: PairScore[][] = new Array(units.length);
  const interviews = [...new Set(units.map((unit) => unit.interview))].sort(compareStrings);
  for (const interview of interviews) {
    const scoring = prepareModel(train(withoutInterviews(set, new Set([interview])), settings, options));
    units.forEach((unit, index) => {
      if (unit.interview === interview) result[index] = scoreFeatures(scoring, unit.features, unit.rules).codes;
    });
  }
  return result;
}

/** A percentile bootstrap interval. */
export interface Interval {
  /** Lower bound (2.5th percentile for 95%). */
  low: number | null;
  /** Upper bound. */
  high: number | null;
  /** Resamples drawn. */
  resamples: number;
  /** Seed of the generator. */
  seed: number;
}

/**
 * 95% (or `level`) percentile bootstrap interval of kappa over interviews:
 * each resample draws as many interviews as there are, with replacement,
 * and pools their 2×2 tables. Resamples where kappa is undefined are skipped.
 */
export function bootstrapKappa(perInterview: readonly Table[], resamples: number, seed: number, level = 0.95): Interval {
  const random = seededRandom(seed);
  const values: number[] = [];
  const n = perInterview.length;
  for (let r = 0; r < resamples; r++) {
    const pooled: Table = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) {
      const table = perInterview[Math.floor(random() * n)]!;
      for (let c = 0; c < 4; c++) pooled[c]! += table[c]!;
    }
    const kappa = tableKappa(pooled);
    if (kappa !== null && !Number.isNaN(kappa)) values.push(kappa);
  }
  if (values.length === 0 || n === 0) return { low: null, high: null, resamples, seed };
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
  return { low: at(tail), high: at(1 - tail - 1 / values.length), resamples, seed };
}

/** Which decisions of a `PairScore` are evaluated. */
export type Decided = 'hybrid' | 'model';

/** Pooled (all codes) and per-theme tables of decisions against the units' human labels. */
export function decisionTables(
  units: readonly TrainingUnit[],
  scores: readonly PairScore[][],
  themeOfCode: readonly number[],
  themeCount: number,
  decided: Decided,
): { pooled: Table; themes: Table[] } {
  const pooled: Table = [0, 0, 0, 0];
  const themes: Table[] = Array.from({ length: themeCount }, () => [0, 0, 0, 0] as Table);
  units.forEach((unit, index) => {
    const humanThemes = new Array<boolean>(themeCount).fill(false);
    const autoThemes = new Array<boolean>(themeCount).fill(false);
    for (const pair of scores[index]!) {
      const human = unit.codeLabels[pair.code] === 1;
      const automatic = pair[decided];
      addDecision(pooled, human, automatic);
      const theme = themeOfCode[pair.code]!;
      humanThemes[theme] ||= human;
      autoThemes[theme] ||= automatic;
    }
    for (let h = 0; h < themeCount; h++) addDecision(themes[h]!, humanThemes[h]!, autoThemes[h]!);
  });
  return { pooled, themes };
}

/** One point of a learning curve. */
export interface LearningPoint {
  /** Training interviews. */
  size: number;
  /** Mean pooled kappa over the runs (null when no run gave one). */
  kappa: number | null;
  /** Pooled kappa of each run (seeded random subsets), in run order. */
  runs: (number | null)[];
}

/**
 * Learning curve: for each size m, `repeats` seeded random subsets of m
 * training interviews; each trains a model (thresholds by CV inside the
 * subset) and scores every other interview of the set; the pooled kappa of
 * the `decided` decisions is averaged over the runs. A size at or above the
 * number of interviews is skipped (nothing left to score).
 */
export function learningCurve(
  set: TrainingSet,
  sizes: readonly number[],
  repeats: number,
  seed: number,
  themeOfCode: readonly number[],
  themeCount: number,
  decided: Decided = 'hybrid',
  settings: TrainSettings = DEFAULT_SETTINGS,
  options: TrainOptions = {},
): LearningPoint[] {
  const interviews = [...new Set(set.units.flatMap((unit) => (unit.interview === undefined ? [] : [unit.interview])))].sort(compareStrings);
  const random = seededRandom(seed);
  const points: LearningPoint[] = [];
  for (const size of sizes) {
    if (size >= interviews.length || size < 1) continue;
    const runs: (number | null)[] = [];
    for (let r = 0; r < repeats; r++) {
      const chosen = new Set(shuffled(interviews, random).slice(0, size));
      const excluded = new Set(interviews.filter((id) => !chosen.has(id)));
      const scoring = prepareModel(train(withoutInterviews(set, excluded), settings, options));
      const scored = set.units.filter((unit) => unit.interview !== undefined && excluded.has(unit.interview));
      const scores = scored.map((unit) => scoreFeatures(scoring, unit.features, unit.rules).codes);
      runs.push(tableKappa(decisionTables(scored, scores, themeOfCode, themeCount, decided).pooled));
    }
    const defined = runs.filter((value): value is number => value !== null);
    points.push({ size, kappa: defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length, runs });
  }
  return points;
}

