/**
 * Training: labelled units in, a `LearnedModel` out. Per code and per theme
 * an L2-regularised logistic regression (logistic.ts) on the units'
 * features (features.ts); codes with fewer than `minPositives` positives
 * stay rules-only. Thresholds of the hybrid and model decisions are chosen
 * by cross-validation over the training interviews only (each interview's
 * probabilities come from models fitted without it), maximising Cohen's
 * kappa; the same out-of-fold decisions give the model's own agreement
 * figures. Codebook examples are always training units, never scored.
 * Settings of the third round of model selection, all off by default
 * (docs/model.md): the codes' descriptions as pseudo-examples
 * (`definitionWeight`), a learned combiner deciding the hybrid instead of
 * the threshold pair (`combinerL2`, combiner.ts), per-code thresholds
 * shrunk towards the theme's (`thresholdShrink`) and rule reliability
 * (`rulePrior`).
 * Pure and deterministic: the same units and settings give the same model.
 */
import { cohensKappaBinary } from '../analyze/statistics.js';
import { errorProbability, hybridDecision, logit, modelDecision } from './decide.js';
import { reviewCurve, type ReviewItem } from './review-curve.js';
import { combinedProbability, combinerInputs, fitDenseLogistic, type Combiner } from './combiner.js';
import { alwaysKept, compareStrings } from './features.js';
import { fitLogistic, sigmoid, type LogisticFit, type SparseRows } from './logistic.js';
import {
  DEFAULT_SETTINGS,
  type CodeModel,
  type CvAgreement,
  type CvFigures,
  type CvReviewCurve,
  type LearnedModel,
  type TargetModel,
  type ThemeModel,
  type Thresholds,
  type TrainSettings,
} from './model.js';

/** The codebook as training needs it. */
export interface CodebookShape {
  /** Codebook id, e.g. `coval`. */
  id: string;
  /** SHA-256 of the codebook file's bytes, hex. */
  sha256: string;
  /** Codes in codebook order: full id and theme id. */
  codes: { id: string; theme: string }[];
  /** Theme ids in codebook order. */
  themes: string[];
}

/** One labelled unit: a human-coded segment, or a codebook example or counter-example. */
export interface TrainingUnit {
  /** Interview id of a segment, e.g. `sgad-03`; undefined for a codebook example (always trained on, never scored). */
  interview?: string;
  /** Sorted feature names (features.ts). */
  features: string[];
  /** Code indexes the rules applied, ascending. */
  rules: number[];
  /** Per code (codebook order): 1 yes, 0 no, -1 unlabelled (an example of one code says nothing about the others). */
  codeLabels: Int8Array;
  /** Per theme: 1 yes, 0 no, -1 unlabelled. */
  themeLabels: Int8Array;
  /** A pseudo-example made of the codebook's description of a code (units.ts); trained on only when `settings.definitionWeight` is set, with that weight. */
  definition?: boolean;
}

/** What `train` learns from. */
export interface TrainingSet {
  codebook: CodebookShape;
  units: TrainingUnit[];
  /** Coders whose codes label the segments, sorted. */
  coders: string[];
}

export interface TrainOptions {
  /**
   * Most cross-validation folds for choosing thresholds: interviews (sorted)
   * are dealt round-robin into this many folds. Default: one fold per
   * interview (leave-one-interview-out).
   */
  folds?: number;
}

/** A fitted target on some vocabulary: what scoring a unit needs. */
interface FittedTarget {
  fit?: LogisticFit;
  /** Constant probability when no model could be fitted in this fold (no positive or no negative unit). */
  constant?: number;
}

interface FoldFit {
  /** Global feature id → this fold's column, -1 when not in its vocabulary. */
  columnOf: Int32Array;
  /** Global feature ids of the fold's columns, ascending (= feature names sorted). */
  kept: number[];
  targets: FittedTarget[];
}

/**
 * Every unit's features as integer ids into one sorted list of all feature
 * names, so each fold builds its vocabulary by counting integers (the same
 * vocabulary `buildVocabulary` gives on the fold's units, ids ascending =
 * names sorted).
 */
interface FeatureIndex {
  /** All feature names of all units, sorted. */
  names: string[];
  /** Per unit, its feature ids, ascending. */
  ids: Int32Array[];
  /** Per feature id: kept whatever its document frequency (rule and topic features). */
  always: Uint8Array;
}

function indexFeatures(units: readonly TrainingUnit[]): FeatureIndex {
  const all = new Set<string>();
  for (const unit of units) for (const feature of unit.features) all.add(feature);
  const names = [...all].sort(compareStrings);
  const idOf = new Map(names.map((name, id) => [name, id]));
  return {
    names,
    ids: units.map((unit) => Int32Array.from(unit.features.map((feature) => idOf.get(feature)!)).sort()),
    always: Uint8Array.from(names.map((name) => (alwaysKept(name) ? 1 : 0))),
  };
}

/** Labels of target t (codes first, then themes) on a unit. */
function labelOf(unit: TrainingUnit, target: number, codeCount: number): number {
  return target < codeCount ? unit.codeLabels[target]! : unit.themeLabels[target - codeCount]!;
}

/** Fits every learned target on the units `include` selects. */
function fitFold(units: readonly TrainingUnit[], index: FeatureIndex, include: readonly boolean[], learned: readonly boolean[], codeCount: number, settings: TrainSettings): FoldFit {
  const chosenIndexes = units.flatMap((_unit, k) => (include[k] ? [k] : []));
  const chosen = chosenIndexes.map((k) => units[k]!);
  // The fold's vocabulary: rule and topic features, and words and bigrams in at least minDocuments of its units.
  const featureCount = index.names.length;
  const documents = new Int32Array(featureCount);
  for (const k of chosenIndexes) for (const id of index.ids[k]!) documents[id]!++;
  let kept: number[] = [];
  for (let id = 0; id < featureCount; id++) if (documents[id]! > 0 && (index.always[id] || documents[id]! >= settings.minDocuments)) kept.push(id);
  if (kept.length > settings.maxFeatures) {
    kept = kept
      .sort((a, b) => documents[b]! - documents[a]! || a - b)
      .slice(0, settings.maxFeatures)
      .sort((a, b) => a - b);
  }
  const columnOf = new Int32Array(featureCount).fill(-1);
  kept.forEach((id, column) => (columnOf[id] = column));
  const indptr = new Int32Array(chosen.length + 1);
  const entries: number[] = [];
  chosenIndexes.forEach((k, row) => {
    for (const id of index.ids[k]!) {
      const column = columnOf[id]!;
      if (column >= 0) entries.push(column);
    }
    indptr[row + 1] = entries.length;
  });
  const x: SparseRows = { rows: chosen.length, columns: kept.length, indptr, indices: Int32Array.from(entries) };
  const targets: FittedTarget[] = learned.map((isLearned, target) => {
    if (!isLearned) return {};
    const y = new Uint8Array(chosen.length);
    const weights = new Float64Array(chosen.length);
    let positives = 0;
    let negatives = 0;
    chosen.forEach((unit, row) => {
      const label = labelOf(unit, target, codeCount);
      if (label < 0) return;
      y[row] = label;
      const base = unit.definition ? settings.definitionWeight! : unit.interview === undefined ? settings.exampleWeight : 1;
      weights[row] = label === 1 ? base * settings.positiveWeight : base;
      if (label === 1) positives++;
      else negatives++;
    });
    if (positives === 0 || negatives === 0) return { constant: positives === 0 ? 0 : 1 };
    let total = 0;
    for (let row = 0; row < weights.length; row++) total += weights[row]!;
    const penaltyScale = settings.nbAlpha === undefined ? undefined : nbPenalty(x, y, weights, settings.nbAlpha);
    return { fit: fitLogistic(x, y, weights, { l2: settings.l2, tolerance: settings.tolerance * (1 + total), memory: settings.memory, penaltyScale }) };
  });
  return { columnOf, kept, targets };
}

/**
 * NBSVM-style per-feature penalty: with p_j = α + weighted count of feature
 * j among positive rows and q_j the same among negative rows, the
 * log-count ratio r_j = log((p_j / Σp) / (q_j / Σq)); the penalty scale is
 * 1 / max(r_j², 0.01), so features that separate the classes are penalised
 * less (Wang & Manning 2012, scaling x_j by r_j under L2).
 */
function nbPenalty(x: SparseRows, y: Uint8Array, weights: Float64Array, alpha: number): Float64Array {
  const p = new Float64Array(x.columns).fill(alpha);
  const q = new Float64Array(x.columns).fill(alpha);
  for (let row = 0; row < x.rows; row++) {
    const s = weights[row]!;
    if (s === 0) continue;
    const target = y[row] ? p : q;
    for (let i = x.indptr[row]!; i < x.indptr[row + 1]!; i++) target[x.indices[i]!]! += s;
  }
  let sumP = 0;
  let sumQ = 0;
  for (let j = 0; j < x.columns; j++) {
    sumP += p[j]!;
    sumQ += q[j]!;
  }
  const scale = new Float64Array(x.columns);
  for (let j = 0; j < x.columns; j++) {
    const r = Math.log(p[j]! / sumP / (q[j]! / sumQ));
    scale[j] = 1 / Math.max(r * r, 0.01);
  }
  return scale;
}

/** Probability of target t for a unit (its feature ids) under a fold's fit (NaN when the target is not learned). */
function probabilityIn(fold: FoldFit, target: number, ids: Int32Array): number {
  const fitted = fold.targets[target]!;
  if (fitted.constant !== undefined) return fitted.constant;
  if (!fitted.fit) return Number.NaN;
  let z = fitted.fit.bias;
  for (const id of ids) {
    const column = fold.columnOf[id]!;
    if (column >= 0) z += fitted.fit.weights[column]!;
  }
  return sigmoid(z);
}

/** Deals sorted interview ids round-robin into at most `folds` folds. */
export function assignFolds(interviews: readonly string[], folds: number): Map<string, number> {
  const sorted = [...new Set(interviews)].sort(compareStrings);
  const count = Math.max(1, Math.min(folds, sorted.length));
  return new Map(sorted.map((id, index) => [id, index % count]));
}

/** Counts of a 2×2 table into agreement figures. */
export function agreementOf(tp: number, fp: number, fn: number, tn: number): CvAgreement {
  return {
    tp,
    fp,
    fn,
    tn,
    kappa: cohensKappaBinary(tp, fp, fn, tn),
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

/** A 2×2 table being filled. */
class Counts {
  tp = 0;
  fp = 0;
  fn = 0;
  tn = 0;
  add(human: boolean, automatic: boolean): void {
    if (human) {
      if (automatic) this.tp++;
      else this.fn++;
    } else if (automatic) this.fp++;
    else this.tn++;
  }
  kappa(): number {
    return cohensKappaBinary(this.tp, this.fp, this.fn, this.tn) ?? -Infinity;
  }
  figures(): CvAgreement {
    return agreementOf(this.tp, this.fp, this.fn, this.tn);
  }
}

/** Out-of-fold probabilities per scored unit (segments only) and code. */
interface OutOfFold {
  /** Unit indexes of the segments (units with an interview), in unit order. */
  units: number[];
  /** probabilities[k][code]: of units[k]. NaN for codes not learned. */
  probabilities: Float64Array[];
  /** themeProbabilities[k][theme]: of units[k], computed only for the learned combiner (else empty); NaN for themes not learned. */
  themeProbabilities: Float64Array[];
}

/**
 * Trains the model: full fit of every learned code and theme, thresholds by
 * cross-validation, cross-validated agreement. With fewer than two
 * training interviews there is no CV: thresholds keep their middle grid
 * values and `cv` is null.
 */
export function train(given: TrainingSet, settings: TrainSettings = DEFAULT_SETTINGS, options: TrainOptions = {}): LearnedModel {
  const set = settings.definitionWeight ? given : { ...given, units: given.units.filter((unit) => !unit.definition) };
  const { codebook, units } = set;
  const codeCount = codebook.codes.length;
  const themeCount = codebook.themes.length;
  const targetCount = codeCount + themeCount;
  const positives = new Array<number>(targetCount).fill(0);
  const negatives = new Array<number>(targetCount).fill(0);
  for (const unit of units) {
    for (let t = 0; t < targetCount; t++) {
      const label = labelOf(unit, t, codeCount);
      if (label === 1) positives[t]!++;
      else if (label === 0) negatives[t]!++;
    }
  }
  const learned = positives.map((count, t) => count >= settings.minPositives && negatives[t]! > 0);
  const everything = units.map(() => true);
  const index = indexFeatures(units);
  const full = fitFold(units, index, everything, learned, codeCount, settings);

  const interviews = [...new Set(units.flatMap((unit) => (unit.interview === undefined ? [] : [unit.interview])))].sort(compareStrings);
  const segmentUnits = units.flatMap((unit, index) => (unit.interview === undefined ? [] : [index]));
  const ruleSets = units.map((unit) => new Set(unit.rules));
  const ruleRates = rateOfRules(units, segmentUnits, ruleSets, codeCount);

  let thresholds: Thresholds[] = codebook.codes.map(() => middleThresholds(settings));
  let codeCv: (CvFigures | null)[] = codebook.codes.map(() => null);
  let themeCv: (CvFigures | null)[] = codebook.themes.map(() => null);
  let pooledCv: LearnedModel['cv'] = null;
  let combiners: (Combiner | undefined)[] = codebook.codes.map(() => undefined);
  if (interviews.length >= 2) {
    const oof = outOfFold(units, index, interviews, learned, codeCount, settings, options.folds ?? interviews.length);
    const probabilityOf = (k: number, code: number): number => {
      const p = oof.probabilities[k]![code]!;
      if (!Number.isNaN(p)) return p;
      return ruleSets[oof.units[k]!]!.has(code) ? (ruleRates[code]!.hit ?? 1) : (ruleRates[code]!.miss ?? 0);
    };
    thresholds = chooseThresholds(set, oof, ruleSets, learned, settings, probabilityOf);
    if (settings.thresholdShrink !== undefined && settings.thresholdScope === 'theme') {
      const own = chooseThresholds(set, oof, ruleSets, learned, { ...settings, thresholdScope: 'code' }, probabilityOf);
      thresholds = shrinkThresholds(set, oof, own, thresholds, settings.thresholdShrink);
    }
    if (settings.rulePrior !== undefined) thresholds = ruleReliabilityThresholds(set, segmentUnits, ruleSets, learned, thresholds, settings.rulePrior);
    const repeated = repeatedRuleSets(set);
    const themeOfCode = codebook.codes.map((code) => codebook.themes.indexOf(code.theme));
    const inputsOf = (k: number, c: number): number[] =>
      combinerInputs(ruleSets[oof.units[k]!]!.has(c), repeated[oof.units[k]!]!.has(c), probabilityOf(k, c), oof.themeProbabilities[k]?.[themeOfCode[c]!] ?? Number.NaN);
    combiners = settings.combinerL2 === undefined ? combiners : fitCombiners(set, oof, learned, settings, inputsOf);
    const decided: CvContext = { set, oof, ruleSets, learned, thresholds, probabilityOf, combiners, inputsOf };
    const figures = cvFigures(decided);
    codeCv = figures.codes;
    themeCv = figures.themes;
    pooledCv = { ...figures.pooled, interviews: interviews.length, segments: oof.units.length, reviewCurve: cvReviewCurve(decided) };
  }

  // One vocabulary for the file: the features some kept weight uses, in sorted order.
  const fullVocabulary = full.kept.map((id) => index.names[id]!);
  const usedColumns = new Set<number>();
  const rounded = full.targets.map((fitted) => {
    if (!fitted.fit) return [] as [number, number][];
    const kept: [number, number][] = [];
    fitted.fit.weights.forEach((weight, column) => {
      if (Math.abs(weight) < settings.pruneBelow) return;
      kept.push([column, roundWeight(weight)]);
      usedColumns.add(column);
    });
    return kept;
  });
  const keptColumns = [...usedColumns].sort((a, b) => a - b);
  const renumber = new Map(keptColumns.map((column, index) => [column, index]));
  const vocabulary = keptColumns.map((column) => fullVocabulary[column]!);
  const targetModel = (t: number, id: string): TargetModel => {
    const fitted = full.targets[t]!;
    return {
      id,
      positives: positives[t]!,
      negatives: negatives[t]!,
      learned: learned[t]! && fitted.fit !== undefined,
      bias: fitted.fit ? roundWeight(fitted.fit.bias) : 0,
      weights: rounded[t]!.map(([column, weight]) => [renumber.get(column)!, weight]),
      ruleRates: t < codeCount ? ruleRates[t]! : { hit: null, miss: null },
    };
  };
  const codes: CodeModel[] = codebook.codes.map((code, c) => {
    const combiner = combiners[c];
    const base = { ...targetModel(c, code.id), theme: code.theme, thresholds: thresholds[c]!, cv: codeCv[c]! };
    return combiner ? { ...base, combiner: { bias: roundWeight(combiner.bias), weights: combiner.weights.map(roundWeight), threshold: combiner.threshold } } : base;
  });
  const themes: ThemeModel[] = codebook.themes.map((theme, h) => ({ ...targetModel(codeCount + h, theme), cv: themeCv[h]! }));
  const examples = units.filter((unit) => unit.interview === undefined && !unit.definition);
  return {
    format: 'cocreate-model',
    version: 1,
    codebook: { id: codebook.id, sha256: codebook.sha256, codes: codebook.codes.map((code) => code.id), themes: [...codebook.themes] },
    trainedOn: {
      transcripts: interviews,
      coders: [...set.coders].sort(compareStrings),
      segments: segmentUnits.length,
      examples: examples.filter((unit) => unit.codeLabels.includes(1)).length,
      counterExamples: examples.filter((unit) => !unit.codeLabels.includes(1)).length,
    },
    settings,
    vocabulary,
    codes,
    themes,
    cv: pooledCv,
  };
}

/** Four significant digits: enough for the decisions (a weight changes p by far less than the thresholds' grid step), and the file stays small. */
export function roundWeight(weight: number): number {
  return Number(weight.toPrecision(4));
}

function middleThresholds(settings: TrainSettings): Thresholds {
  const low = settings.lowGrid[Math.floor(settings.lowGrid.length / 2)] ?? 0.2;
  const high = settings.highGrid[Math.floor(settings.highGrid.length / 2)] ?? 0.6;
  return { low, high, model: 0.5 };
}

/** Observed share of human "yes" among training segments with and without a rule hit, per code. */
function rateOfRules(units: readonly TrainingUnit[], segmentUnits: readonly number[], ruleSets: readonly Set<number>[], codeCount: number): { hit: number | null; miss: number | null }[] {
  return Array.from({ length: codeCount }, (_, code) => {
    let hits = 0;
    let hitYes = 0;
    let misses = 0;
    let missYes = 0;
    for (const index of segmentUnits) {
      const yes = units[index]!.codeLabels[code] === 1;
      if (ruleSets[index]!.has(code)) {
        hits++;
        if (yes) hitYes++;
      } else {
        misses++;
        if (yes) missYes++;
      }
    }
    return { hit: hits === 0 ? null : roundWeight(hitYes / hits), miss: misses === 0 ? null : roundWeight(missYes / misses) };
  });
}

/** Out-of-fold code (and, for the combiner, theme) probabilities of every segment: each fold is fitted without its interviews. */
function outOfFold(units: readonly TrainingUnit[], index: FeatureIndex, interviews: readonly string[], learned: readonly boolean[], codeCount: number, settings: TrainSettings, folds: number): OutOfFold {
  const withThemes = settings.combinerL2 !== undefined;
  const themeCount = learned.length - codeCount;
  const foldOf = assignFolds(interviews, folds);
  const foldCount = Math.max(...foldOf.values()) + 1;
  const segmentUnits = units.flatMap((unit, index) => (unit.interview === undefined ? [] : [index]));
  const probabilities = segmentUnits.map(() => new Float64Array(codeCount).fill(Number.NaN));
  const themeProbabilities = withThemes ? segmentUnits.map(() => new Float64Array(themeCount).fill(Number.NaN)) : [];
  const codeLearned = learned.map((value, t) => value && (withThemes || t < codeCount));
  for (let fold = 0; fold < foldCount; fold++) {
    const include = units.map((unit) => unit.interview === undefined || foldOf.get(unit.interview) !== fold);
    const fitted = fitFold(units, index, include, codeLearned, codeCount, settings);
    segmentUnits.forEach((unitIndex, k) => {
      if (include[unitIndex]) return;
      for (let code = 0; code < codeCount; code++) if (codeLearned[code]) probabilities[k]![code] = probabilityIn(fitted, code, index.ids[unitIndex]!);
      if (withThemes) for (let h = 0; h < themeCount; h++) if (codeLearned[codeCount + h]) themeProbabilities[k]![h] = probabilityIn(fitted, codeCount + h, index.ids[unitIndex]!);
    });
  }
  return { units: segmentUnits, probabilities, themeProbabilities };
}

type ProbabilityOf = (k: number, code: number) => number;

/** The out-of-fold decisions of a training run: what its agreement figures and review curve are computed from. */
interface CvContext {
  /** The training set (codebook and units). */
  set: TrainingSet;
  /** Out-of-fold probabilities of the segments. */
  oof: OutOfFold;
  /** Per unit, the code indexes the rules applied. */
  ruleSets: readonly Set<number>[];
  /** Per target (codes, then themes): a model was fitted. */
  learned: readonly boolean[];
  /** Chosen thresholds per code. */
  thresholds: readonly Thresholds[];
  /** A segment's out-of-fold probability of a code (the rule's rate for a rules-only code). */
  probabilityOf: ProbabilityOf;
  /** The learned combiner of each code (settings.combinerL2), undefined where the threshold pair decides. */
  combiners: readonly (Combiner | undefined)[];
  /** The combiner's inputs of segment k and code c. */
  inputsOf: (k: number, code: number) => number[];
}

/** The hybrid's out-of-fold decision on segment k and code c, and the probability its uncertainty comes from. */
function hybridOf(context: CvContext, k: number, c: number): { decision: boolean; probability: number } {
  const { oof, ruleSets, learned, thresholds, probabilityOf, combiners } = context;
  const rule = ruleSets[oof.units[k]!]!.has(c);
  const p = probabilityOf(k, c);
  if (!learned[c]) return { decision: rule, probability: p };
  const combiner = combiners[c];
  if (combiner) {
    const combined = combinedProbability(combiner, context.inputsOf(k, c));
    return { decision: combined >= combiner.threshold, probability: combined };
  }
  return { decision: hybridDecision(p, rule, thresholds[c]!), probability: p };
}

/** Picks thresholds per theme (or per code) maximising kappa of the out-of-fold decisions. */
function chooseThresholds(
  set: TrainingSet,
  oof: OutOfFold,
  ruleSets: readonly Set<number>[],
  learned: readonly boolean[],
  settings: TrainSettings,
  probabilityOf: ProbabilityOf,
): Thresholds[] {
  const { codebook, units } = set;
  const groups: number[][] =
    settings.thresholdScope === 'code'
      ? codebook.codes.map((_code, c) => [c])
      : codebook.themes.map((theme) => codebook.codes.flatMap((code, c) => (code.theme === theme ? [c] : [])));
  const chosen: Thresholds[] = codebook.codes.map(() => middleThresholds(settings));
  for (const group of groups) {
    const learnedCodes = group.filter((c) => learned[c]);
    if (learnedCodes.length === 0) continue;
    // Units of the group's learned codes; rules-only codes add the same counts to every candidate, so they are left out.
    const score = (decide: (p: number, rule: boolean) => boolean): number => {
      const counts = new Counts();
      oof.units.forEach((index, k) => {
        for (const c of learnedCodes) counts.add(units[index]!.codeLabels[c] === 1, decide(probabilityOf(k, c), ruleSets[index]!.has(c)));
      });
      return counts.kappa();
    };
    let best = -Infinity;
    let bestPair = { low: chosen[group[0]!]!.low, high: chosen[group[0]!]!.high };
    for (const low of settings.lowGrid) {
      for (const high of settings.highGrid) {
        if (high < low) continue;
        const kappa = score((p, rule) => hybridDecision(p, rule, { low, high, model: 0.5 }));
        if (kappa > best) {
          best = kappa;
          bestPair = { low, high };
        }
      }
    }
    let bestModel = -Infinity;
    let modelThreshold = 0.5;
    for (const threshold of settings.highGrid) {
      const kappa = score((p) => p >= threshold);
      if (kappa > bestModel) {
        bestModel = kappa;
        modelThreshold = threshold;
      }
    }
    for (const c of group) chosen[c] = { ...bestPair, model: modelThreshold };
  }
  return chosen;
}

/** Seed of the random order in the model file's review curve. */
export const REVIEW_SEED = 12;

/** The review curve of the hybrid's out-of-fold decisions (uncertainty: the chance the decision is wrong). */
function cvReviewCurve(context: CvContext): CvReviewCurve {
  const { set, oof, ruleSets, learned, thresholds, probabilityOf } = context;
  const { codebook, units } = set;
  const themeIndex = new Map(codebook.themes.map((theme, index) => [theme, index]));
  const items: ReviewItem[] = [];
  oof.units.forEach((index, k) => {
    for (let c = 0; c < codebook.codes.length; c++) {
      const { decision, probability } = hybridOf(context, k, c);
      items.push({ segment: k, code: c, theme: themeIndex.get(codebook.codes[c]!.theme)!, decision, truth: units[index]!.codeLabels[c] === 1, uncertainty: errorProbability(probability, decision) });
    }
  });
  const points = reviewCurve(items, codebook.themes.length, REVIEW_SEED).map((point) => ({
    fraction: point.fraction,
    reviewed: point.reviewed,
    kappa: point.kappa === null ? null : roundWeight(point.kappa),
    randomKappa: point.randomKappa === null ? null : roundWeight(point.randomKappa),
  }));
  return { seed: REVIEW_SEED, points };
}

/** Cross-validated agreement of rules, model and hybrid decisions per code, per theme and pooled. */
function cvFigures(context: CvContext): { codes: CvFigures[]; themes: CvFigures[]; pooled: CvFigures } {
  const { set, oof, ruleSets, learned, thresholds, probabilityOf } = context;
  const { codebook, units } = set;
  const codeCount = codebook.codes.length;
  const themeIndex = new Map(codebook.themes.map((theme, index) => [theme, index]));
  const themeOf = codebook.codes.map((code) => themeIndex.get(code.theme)!);
  const make = () => ({ rules: new Counts(), model: new Counts(), hybrid: new Counts() });
  const codes = codebook.codes.map(make);
  const themes = codebook.themes.map(make);
  const pooled = make();
  oof.units.forEach((index, k) => {
    const unit = units[index]!;
    const themeHuman = new Array<boolean>(themes.length).fill(false);
    const themeRules = new Array<boolean>(themes.length).fill(false);
    const themeModel = new Array<boolean>(themes.length).fill(false);
    const themeHybrid = new Array<boolean>(themes.length).fill(false);
    for (let c = 0; c < codeCount; c++) {
      const human = unit.codeLabels[c] === 1;
      const rule = ruleSets[index]!.has(c);
      const p = probabilityOf(k, c);
      const model = learned[c] ? modelDecision(p, thresholds[c]!) : rule;
      const hybrid = hybridOf(context, k, c).decision;
      for (const counts of [codes[c]!, pooled]) {
        counts.rules.add(human, rule);
        counts.model.add(human, model);
        counts.hybrid.add(human, hybrid);
      }
      const h = themeOf[c]!;
      themeHuman[h] ||= human;
      themeRules[h] ||= rule;
      themeModel[h] ||= model;
      themeHybrid[h] ||= hybrid;
    }
    themes.forEach((counts, h) => {
      counts.rules.add(themeHuman[h]!, themeRules[h]!);
      counts.model.add(themeHuman[h]!, themeModel[h]!);
      counts.hybrid.add(themeHuman[h]!, themeHybrid[h]!);
    });
  });
  const figures = (counts: ReturnType<typeof make>): CvFigures => ({ rules: counts.rules.figures(), model: counts.model.figures(), hybrid: counts.hybrid.figures() });
  return { codes: codes.map(figures), themes: themes.map(figures), pooled: figures(pooled) };
}

/** Per unit, the code indexes whose rules matched two or more places (its `r2:` features). */
function repeatedRuleSets(set: TrainingSet): Set<number>[] {
  const codeIndex = new Map(set.codebook.codes.map((code, c) => [code.id, c]));
  return set.units.map((unit) => new Set(unit.features.flatMap((feature) => (feature.startsWith('r2:') && codeIndex.has(feature.slice(3)) ? [codeIndex.get(feature.slice(3))!] : []))));
}

/** Candidate thresholds of the combined probability. */
const COMBINER_GRID = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/**
 * The learned combiner per theme: one logistic regression on the combiner
 * inputs of the theme's learned codes over every out-of-fold (segment,
 * code) pair, and the threshold of its probability with the highest kappa
 * on the same pairs (ties: the first in grid order).
 */
function fitCombiners(set: TrainingSet, oof: OutOfFold, learned: readonly boolean[], settings: TrainSettings, inputsOf: (k: number, code: number) => number[]): (Combiner | undefined)[] {
  const { codebook, units } = set;
  const result: (Combiner | undefined)[] = codebook.codes.map(() => undefined);
  const groups = settings.combinerScope === 'all' ? [codebook.codes.flatMap((_code, c) => (learned[c] ? [c] : []))] : codebook.themes.map((theme) => codebook.codes.flatMap((code, c) => (code.theme === theme && learned[c] ? [c] : [])));
  for (const group of groups) {
    if (group.length === 0) continue;
    const rows: number[][] = [];
    const labels: number[] = [];
    oof.units.forEach((index, k) => {
      for (const c of group) {
        rows.push(inputsOf(k, c));
        labels.push(units[index]!.codeLabels[c] === 1 ? 1 : 0);
      }
    });
    const fit = fitDenseLogistic(rows, labels, settings.combinerL2!);
    const threshold = bestThreshold(rows.map((row) => combinedProbability(fit, row)), labels);
    for (const c of group) result[c] = { bias: fit.bias, weights: fit.weights, threshold };
  }
  return result;
}

/** The logit-scale weighted mean of two probabilities, rounded to four significant digits. */
function logitMean(a: number, weightA: number, b: number, weightB: number): number {
  return roundWeight(sigmoid((weightA * logit(a) + weightB * logit(b)) / (weightA + weightB)));
}

/**
 * Per-code thresholds shrunk towards the theme's (settings.thresholdShrink
 * = m): on the logit scale, t = (n · t_code + m · t_theme) / (n + m), with n
 * the code's positive training segments. A code with many positives keeps
 * close to its own thresholds, a rare one to its theme's.
 */
function shrinkThresholds(set: TrainingSet, oof: OutOfFold, own: readonly Thresholds[], theme: readonly Thresholds[], m: number): Thresholds[] {
  return own.map((code, c) => {
    const n = oof.units.filter((index) => set.units[index]!.codeLabels[c] === 1).length;
    const t = theme[c]!;
    if (n === 0) return t;
    return { low: logitMean(code.low, n, t.low, m), high: logitMean(code.high, n, t.high, m), model: logitMean(code.model, n, t.model, m) };
  });
}

/**
 * Rule reliability (settings.rulePrior = m pseudo-counts): a code's rule
 * precision on the training segments, shrunk towards its theme's pooled
 * rule precision, π_c = (tp_c + m · π_theme) / (hits_c + m); the code's
 * `low` threshold moves on the logit scale by logit(π_theme) − logit(π_c),
 * so the rule hits of a code whose rules are less precise than its theme's
 * are overruled more easily (and those of a more precise one less).
 */
function ruleReliabilityThresholds(set: TrainingSet, segmentUnits: readonly number[], ruleSets: readonly Set<number>[], learned: readonly boolean[], thresholds: readonly Thresholds[], m: number): Thresholds[] {
  const { codebook, units } = set;
  const hits = codebook.codes.map(() => 0);
  const right = codebook.codes.map(() => 0);
  for (const index of segmentUnits) {
    for (const c of ruleSets[index]!) {
      hits[c]!++;
      if (units[index]!.codeLabels[c] === 1) right[c]!++;
    }
  }
  return thresholds.map((t, c) => {
    if (!learned[c]) return t;
    const group = codebook.codes.flatMap((code, k) => (code.theme === codebook.codes[c]!.theme ? [k] : []));
    const themeHits = group.reduce((sum, k) => sum + hits[k]!, 0);
    if (themeHits === 0) return t;
    const themePrecision = group.reduce((sum, k) => sum + right[k]!, 0) / themeHits;
    const precision = (right[c]! + m * themePrecision) / (hits[c]! + m);
    return { ...t, low: roundWeight(sigmoid(logit(t.low) + logit(themePrecision) - logit(precision))) };
  });
}

/** The grid threshold of probabilities with the highest kappa against the labels (ties: the first). */
function bestThreshold(probabilities: readonly number[], labels: readonly number[]): number {
  let best = -Infinity;
  let threshold = 0.5;
  for (const candidate of COMBINER_GRID) {
    const counts = new Counts();
    probabilities.forEach((p, i) => counts.add(labels[i] === 1, p >= candidate));
    const kappa = counts.kappa();
    if (kappa > best) {
      best = kappa;
      threshold = candidate;
    }
  }
  return threshold;
}
