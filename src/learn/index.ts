/**
 * The learned model (issue 12): a logistic regression per code and per
 * theme, learned from the codes researchers have already applied, combined
 * with the codebook's rules. Pure: coded transcripts and the codebook in,
 * a model (plain data) and numbers out. Reading and writing model files is
 * src/load/model-file.ts and src/cli; the review loop is src/cli.
 *
 * The API, in the order a caller uses it:
 *
 * 1. Training units (units.ts). `unitsOfTranscript(compiled, coded, coder?)`
 *    turns each human-reviewed segment into a `TrainingUnit`: its features,
 *    its rule hits, and per code a label (1 yes, 0 no; a segment a coder
 *    coded is that coder's "no" for every code they left out; without
 *    `coder`, the union of all coders). `unitsOfCodebook(compiled)` adds the
 *    codebook's examples (yes for their code and theme) and counter-examples
 *    (no for their code); they are always trained on and never scored. It
 *    also adds the codes' descriptions as `definition` units, which `train`
 *    uses only with `settings.definitionWeight` (off by default).
 *
 * 2. Features (features.ts). `featuresOf` gives a unit's sorted feature
 *    names: stemmed words `u:STEM` and bigrams `b:STEM STEM` (the project's
 *    tokenizer, folding and stemmer of the segment's language), rule hits
 *    `r:CODE` and `t:THEME`, the protocol topic `q:TOPIC`.
 *
 * 3. Training (train.ts). `train(set, settings?, options?)` returns a
 *    `LearnedModel` (model.ts, the model file's content): per code and theme
 *    an L2-regularised logistic regression (logistic.ts, L-BFGS, deterministic)
 *    or, with fewer than `minPositives` (3) positives, rules-only; the hybrid
 *    and model thresholds chosen by leave-one-interview-out cross-validation
 *    on the training interviews, maximising kappa; and the cross-validated
 *    agreement (`cv`) of rules, model and hybrid per code, per theme, pooled.
 *
 * 4. Scoring (score.ts). `prepareModel(model)` once, then
 *    `scoreCodedTranscript(scoring, compiled, coded)` gives per segment a
 *    `SegmentScore`: for every code a `PairScore` with
 *      - `probability`: the model's P(human applies the code), 0–1;
 *      - `rule`: whether the codebook's rules applied it;
 *      - `hybrid` (and `model`): the decision of that source;
 *      - `uncertainty` (and `modelUncertainty`): the model's estimate that
 *        the decision is wrong, 1 − p for a yes and p for a no (decide.ts);
 *        sort descending for review order;
 *      - `learned`: false for rules-only codes (then decisions = the rule).
 *    `strongestFeatures(scoring, score.features, code, limit)` lists the
 *    segment's features with the largest weights for that code (the words to
 *    show a reviewer). `recodeTranscript(scoring, compiled, coded, 'hybrid')`
 *    returns the coded transcript with the hybrid (or model) codes as its
 *    automatic codes, for every count downstream.
 *
 * 5. Evaluation (evaluate.ts): leave-one-interview-out scores, bootstrap
 *    intervals over interviews, learning curves and review curves.
 */
export { decisionUncertainty, errorProbability, hybridDecision, hybridThreshold, logit, modelDecision } from './decide.js';
export { buildVocabulary, columnsOf, compareStrings, describeFeature, featureStem, featuresOf, type FeatureInput, type VocabularyOptions } from './features.js';
export { fitLogistic, linearScores, logisticObjective, predictProbabilities, sigmoid, sparseRows, type LogisticFit, type LogisticOptions, type SparseRows } from './logistic.js';
export {
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
export {
  prepareModel,
  recodeTranscript,
  scoreCodedTranscript,
  scoreFeatures,
  strongestFeatures,
  type FeatureWeight,
  type LearnedSource,
  type PairScore,
  type ScoringModel,
  type SegmentScore,
} from './score.js';
export { serialiseModel } from './serialise.js';
export { agreementOf, assignFolds, roundWeight, train, type CodebookShape, type TrainingSet, type TrainingUnit, type TrainOptions } from './train.js';
export { codebookShape, humanCodesOf, segmentFeatures, unitsOfCodebook, unitsOfTranscript } from './units.js';
export {
  addDecision,
  bootstrapKappa,
  crossValidatedScores,
  decisionTables,
  learningCurve,
  reviewCurve,
  reviewOrder,
  seededRandom,
  shuffled,
  tableKappa,
  withoutInterviews,
  type Decided,
  type Interval,
  type LearningPoint,
  type ReviewItem,
  type ReviewPoint,
  type ScoringUnit,
  type Table,
} from './evaluate.js';
