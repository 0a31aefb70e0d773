/**
 * Scoring with a learned model: for every segment and code, the model's
 * probability, the rule hit, the model and hybrid decisions and how
 * uncertain each is (decide.ts); the words that pushed the probability up
 * most; and a coded transcript whose automatic codes are the model's or the
 * hybrid's, so every count, table and agreement figure downstream works
 * unchanged. Pure: model and coded data in, numbers out.
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedSegment, CodedTranscript } from '../code/coder.js';
import { combinedProbability, combinerInputs } from './combiner.js';
import { errorProbability, hybridDecision, modelDecision } from './decide.js';
import { describeFeature } from './features.js';
import { sigmoid } from './logistic.js';
import type { LearnedModel, TargetModel } from './model.js';
import { segmentFeatures } from './units.js';

/** A model made ready for scoring: feature name → column, dense weights. */
export interface ScoringModel {
  model: LearnedModel;
  columns: Map<string, number>;
  /** Dense weights per code (codebook order); undefined for rules-only codes. */
  codeWeights: (Float64Array | undefined)[];
  /** Dense weights per theme; undefined for themes without a model. */
  themeWeights: (Float64Array | undefined)[];
  /** Theme index of each code (codebook order). */
  themeOfCode: number[];
}

/** The decision on one (segment, code) pair. */
export interface PairScore {
  /** Code index (codebook order). */
  code: number;
  /**
   * Model probability that the human would apply the code, 0–1. For a
   * rules-only code (`learned` false): the rule's observed rate in training
   * (share of rule hits, or of non-hits, the human coded with it).
   */
  probability: number;
  /** The codebook's rules applied the code. */
  rule: boolean;
  /** A model was fitted for the code (false: fewer than 3 positives, rules-only). */
  learned: boolean;
  /** Model decision: probability ≥ thresholds.model (the rule for a rules-only code). */
  model: boolean;
  /** Hybrid decision: rule hit kept unless p < low, model-only when p ≥ high (the rule for a rules-only code; the combiner's decision when the code has one, combiner.ts). */
  hybrid: boolean;
  /** How uncertain the hybrid decision is, 0–1: the model's estimate that it is wrong (1 − p for a yes, p for a no; decide.ts; with a combiner, its combined probability instead of p). Review: highest first. */
  uncertainty: number;
  /** The same for the model decision. */
  modelUncertainty: number;
}

/** Scores of one segment. */
export interface SegmentScore {
  /** The segment (with its rule matches and human codes). */
  coded: CodedSegment;
  /** Its feature names, sorted (for `strongestFeatures`). */
  features: string[];
  /** One per code, codebook order. */
  codes: PairScore[];
  /** Theme probabilities (codebook order); NaN for a theme without a model. */
  themes: number[];
}

/** A feature that raised (or lowered) a code's probability on a segment. */
export interface FeatureWeight {
  /** Feature name, e.g. `u:particip`, `b:quick win`, `r:success.quick-wins`. */
  feature: string;
  /** For people: `particip`, `quick win`, `rule success.quick-wins`. */
  label: string;
  /** Its weight in the code's model (log-odds added when present). */
  weight: number;
}

function denseWeights(target: TargetModel, size: number): Float64Array | undefined {
  if (!target.learned) return undefined;
  const dense = new Float64Array(size);
  for (const [column, weight] of target.weights) dense[column] = weight;
  return dense;
}

/** Prepares a loaded model for scoring. */
export function prepareModel(model: LearnedModel): ScoringModel {
  const size = model.vocabulary.length;
  return {
    model,
    columns: new Map(model.vocabulary.map((feature, index) => [feature, index])),
    codeWeights: model.codes.map((code) => denseWeights(code, size)),
    themeWeights: model.themes.map((theme) => denseWeights(theme, size)),
    themeOfCode: model.codes.map((code) => model.themes.findIndex((theme) => theme.id === code.theme)),
  };
}

function probabilityOf(target: TargetModel, weights: Float64Array, columns: readonly number[]): number {
  let z = target.bias;
  for (const column of columns) z += weights[column]!;
  return sigmoid(z);
}

/** Scores one unit from its features and rule hits (code indexes). */
export function scoreFeatures(scoring: ScoringModel, features: readonly string[], rules: readonly number[]): { codes: PairScore[]; themes: number[] } {
  const columns: number[] = [];
  for (const feature of features) {
    const column = scoring.columns.get(feature);
    if (column !== undefined) columns.push(column);
  }
  const hits = new Set(rules);
  const themes = scoring.model.themes.map((theme, index) => {
    const weights = scoring.themeWeights[index];
    return weights ? probabilityOf(theme, weights, columns) : Number.NaN;
  });
  const codes = scoring.model.codes.map((code, index): PairScore => {
    const rule = hits.has(index);
    const weights = scoring.codeWeights[index];
    if (!weights) {
      const rate = rule ? code.ruleRates.hit : code.ruleRates.miss;
      const probability = rate ?? (rule ? 1 : 0);
      const uncertainty = errorProbability(probability, rule);
      return { code: index, probability, rule, learned: false, model: rule, hybrid: rule, uncertainty, modelUncertainty: uncertainty };
    }
    const probability = probabilityOf(code, weights, columns);
    const model = modelDecision(probability, code.thresholds);
    if (code.combiner) {
      const inputs = combinerInputs(rule, features.includes(`r2:${code.id}`), probability, themes[scoring.themeOfCode[index]!]!);
      const combined = combinedProbability(code.combiner, inputs);
      const hybrid = combined >= code.combiner.threshold;
      return { code: index, probability, rule, learned: true, model, hybrid, uncertainty: errorProbability(combined, hybrid), modelUncertainty: errorProbability(probability, model) };
    }
    const hybrid = hybridDecision(probability, rule, code.thresholds);
    return {
      code: index,
      probability,
      rule,
      learned: true,
      model,
      hybrid,
      uncertainty: errorProbability(probability, hybrid),
      modelUncertainty: errorProbability(probability, model),
    };
  });
  return { codes, themes };
}

/** Scores every coded segment of a transcript. */
export function scoreCodedTranscript(scoring: ScoringModel, compiled: CompiledCodebook, coded: CodedTranscript): SegmentScore[] {
  return coded.segments.map((segment) => {
    const features = segmentFeatures(compiled, coded.transcript.language, segment);
    return { coded: segment, features, ...scoreFeatures(scoring, features, segment.auto) };
  });
}

/**
 * The features of a segment with the largest weights in a code's model,
 * strongest first (ties by name); `limit` of them, positive weights only
 * unless `includeNegative`. Empty for a rules-only code.
 */
export function strongestFeatures(scoring: ScoringModel, features: readonly string[], code: number, limit = 5, includeNegative = false): FeatureWeight[] {
  const weights = scoring.codeWeights[code];
  if (!weights) return [];
  const found: FeatureWeight[] = [];
  for (const feature of features) {
    const column = scoring.columns.get(feature);
    if (column === undefined) continue;
    const weight = weights[column]!;
    if (weight === 0 || (!includeNegative && weight < 0)) continue;
    found.push({ feature, label: describeFeature(feature), weight });
  }
  found.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return found.slice(0, limit);
}

/** Which automatic decisions replace the rules' codes. */
export type LearnedSource = 'model' | 'hybrid';

/**
 * A coded transcript whose automatic codes (`auto`) are the model's or the
 * hybrid's decisions. Rule matches of codes no longer applied are dropped
 * (quotes highlight only what supports a kept code); a code the model added
 * without a rule hit has no match to highlight.
 */
export function recodeTranscript(scoring: ScoringModel, compiled: CompiledCodebook, coded: CodedTranscript, source: LearnedSource): CodedTranscript {
  const scores = scoreCodedTranscript(scoring, compiled, coded);
  return {
    transcript: coded.transcript,
    segments: scores.map(({ coded: segment, codes }) => {
      const auto = codes.filter((pair) => (source === 'model' ? pair.model : pair.hybrid)).map((pair) => pair.code);
      const kept = new Set(auto);
      return { ...segment, auto, matches: segment.matches.filter((match) => kept.has(match.code)) };
    }),
  };
}
