/**
 * The learned model's data: what `cocreate train` writes to
 * `models/<codebook id>.json` and what scoring reads. Plain JSON-shaped
 * objects (numbers, strings, arrays), so the file is this object written
 * with sorted, fixed precision (serialise.ts) and the loader (src/load)
 * checks it with zod. Keep fields stable: add, do not rename.
 */

import type { Combiner } from './combiner.js';

/** Agreement of one decision rule with the human reference on cross-validated decisions. */
export interface CvAgreement {
  /** Both said yes. */
  tp: number;
  /** Only the automatic side said yes. */
  fp: number;
  /** Only the human said yes. */
  fn: number;
  /** Both said no. */
  tn: number;
  /** Cohen's kappa; null when undefined (e.g. nobody applied it). */
  kappa: number | null;
  /** tp / (tp + fp); null when the automatic side never said yes. */
  precision: number | null;
  /** tp / (tp + fn); null when the human never said yes. */
  recall: number | null;
}

/** Cross-validated agreement of the three automatic sources for one code, theme or all codes pooled. */
export interface CvFigures {
  rules: CvAgreement;
  model: CvAgreement;
  hybrid: CvAgreement;
}

/** Decision thresholds of one code, on the model probability. */
export interface Thresholds {
  /** Hybrid: a rule hit is kept unless p < low, e.g. 0.2. */
  low: number;
  /** Hybrid: a code the rules did not apply is added when p ≥ high, e.g. 0.7. */
  high: number;
  /** Model source: the code applies when p ≥ model, e.g. 0.5. */
  model: number;
}

/** One code's (or theme's) fitted logistic regression. */
export interface TargetModel {
  /** Full code id (`success.quick-wins`) or theme id (`success`). */
  id: string;
  /** Training units labelled yes (segments a coder coded with it, plus codebook examples). */
  positives: number;
  /** Training units labelled no (reviewed segments without it, plus counter-examples). */
  negatives: number;
  /**
   * True when a model was fitted; false when the code stays rules-only
   * (fewer than 3 positives): its model and hybrid decisions are the rules',
   * and its "probability" is the rule's observed rate (see `ruleRates`).
   */
  learned: boolean;
  /** Intercept of the logistic regression (0 when not learned). */
  bias: number;
  /** Non-zero weights as [vocabulary index, weight], ascending index. */
  weights: [number, number][];
  /**
   * Share of training segments the human coded with it, among those the
   * rules applied it to (`hit`) and those they did not (`miss`); null with
   * no such segment. The probability of a rules-only code.
   */
  ruleRates: { hit: number | null; miss: number | null };
}

/** A code's model with its thresholds and cross-validated agreement. */
export interface CodeModel extends TargetModel {
  /** Theme id, e.g. `success`. */
  theme: string;
  thresholds: Thresholds;
  /** Leave-one-interview-out agreement inside train (null with fewer than 2 training interviews). */
  cv: CvFigures | null;
  /** The learned combiner deciding the hybrid (settings.combinerL2); absent: the threshold pair decides. */
  combiner?: Combiner;
}

/** A theme's model (presence of any of its codes) and cross-validated agreement of its codes' decisions. */
export interface ThemeModel extends TargetModel {
  cv: CvFigures | null;
}

/** Settings of a training run (recorded in the model file; the defaults were chosen by CV on the ten tuning interviews, docs/model.md). */
export interface TrainSettings {
  /** L2 penalty λ. */
  l2: number;
  /** Weight of a positive unit relative to a negative one (class weight for rare codes). */
  positiveWeight: number;
  /** Weight of a codebook example or counter-example relative to a segment. */
  exampleWeight: number;
  /** Least number of training units a word or bigram must occur in. */
  minDocuments: number;
  /** Most features in the vocabulary. */
  maxFeatures: number;
  /** Positives a code needs to be learned; below, it stays rules-only. */
  minPositives: number;
  /** Thresholds chosen per `theme` (one pair for all its codes) or per `code`. */
  thresholdScope: 'theme' | 'code';
  /** Candidate values of `Thresholds.low`. */
  lowGrid: number[];
  /** Candidate values of `Thresholds.high` and `Thresholds.model`. */
  highGrid: number[];
  /** Weights with |w| below this are left out of the file. */
  pruneBelow: number;
  /** Fitting stops when the largest gradient component is below tolerance × (1 + total sample weight). */
  tolerance: number;
  /** L-BFGS correction pairs. */
  memory: number;
  /**
   * NBSVM-style penalty (Wang & Manning 2012): when set, feature j of a
   * target is penalised by λ / max(r_j², 0.01), r_j its log-count ratio
   * with this smoothing α (equivalent to scaling the binary feature by r_j).
   * Left out: plain L2 (tried by cross-validation, docs/model.md).
   */
  nbAlpha?: number;
  /**
   * Weight of the codebook's descriptions as pseudo-examples (units.ts
   * `unitsOfDefinitions`: label + definition + when_to_use a "yes" for the
   * code and its theme, when_not_to_use a "no" for the code). Unset or 0:
   * not used.
   */
  definitionWeight?: number;
  /**
   * When set, the hybrid decides by a learned combiner (combiner.ts) with
   * this L2 penalty instead of the threshold pair. Unset: threshold pair.
   */
  combinerL2?: number;
  /** One combiner per `theme` (default) or one for `all` codes. */
  combinerScope?: 'theme' | 'all';
  /**
   * When set (m, in positive segments), per-code thresholds are chosen too
   * and shrunk towards the theme's on the logit scale: (n · t_code + m ·
   * t_theme) / (n + m), n the code's positives. Unset: the theme's.
   */
  thresholdShrink?: number;
  /**
   * When set (m pseudo-counts), each code's `low` threshold is moved by how
   * much less (or more) precise its rules were on the training segments than
   * its theme's, with the code's precision shrunk towards the theme's by m
   * (train.ts `ruleReliabilityThresholds`). Unset: no adjustment.
   */
  rulePrior?: number;
}

/** The model file's content. */
export interface LearnedModel {
  /** Always `cocreate-model`. */
  format: 'cocreate-model';
  /** File format version, 1. */
  version: 1;
  /** The codebook the model belongs to: refused for any other version. */
  codebook: {
    /** Codebook id, e.g. `coval`. */
    id: string;
    /** SHA-256 of the codebook file's bytes, hex. */
    sha256: string;
    /** Full code ids in codebook order (the order of `codes`). */
    codes: string[];
    /** Theme ids in codebook order. */
    themes: string[];
  };
  /** What it learned from. */
  trainedOn: {
    /** Transcript ids, sorted. */
    transcripts: string[];
    /** Coders whose codes were used, sorted. */
    coders: string[];
    /** Human-coded segments used. */
    segments: number;
    /** Codebook example sentences used (positives). */
    examples: number;
    /** Codebook counter-example sentences used (negatives). */
    counterExamples: number;
  };
  settings: TrainSettings;
  /** Feature names, sorted (features.ts); weights refer to them by index. */
  vocabulary: string[];
  /** One per code, codebook order. */
  codes: CodeModel[];
  /** One per theme, codebook order. */
  themes: ThemeModel[];
  /** Pooled cross-validated agreement over all codes (null with fewer than 2 training interviews). */
  cv: (CvFigures & { interviews: number; segments: number; reviewCurve?: CvReviewCurve }) | null;
}

/** The review curve of the hybrid's cross-validated decisions on the training interviews (review-curve.ts). */
export interface CvReviewCurve {
  /** Seed of the random order. */
  seed: number;
  /** Pooled kappa after reviewing 0%, 10%, …, 100% of the decisions. */
  points: { fraction: number; reviewed: number; kappa: number | null; randomKappa: number | null }[];
}

/** The settings `train` uses unless told otherwise. */
export const DEFAULT_SETTINGS: TrainSettings = {
  l2: 3,
  positiveWeight: 1,
  exampleWeight: 1,
  minDocuments: 3,
  maxFeatures: 20_000,
  minPositives: 3,
  thresholdScope: 'theme',
  lowGrid: [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
  highGrid: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95],
  pruneBelow: 0.01,
  tolerance: 3e-3,
  memory: 6,
};
