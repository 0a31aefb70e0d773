/**
 * Pins the public API of src/learn (issue 12), which the review loop builds
 * on: adding an export is fine (extend this list), renaming or removing one
 * is a deliberate, breaking change.
 */
import { describe, expect, it } from 'vitest';
import * as learn from '../../src/learn/index.js';

describe('src/learn public exports', () => {
  it('index.ts', () => {
    expect(Object.keys(learn).sort()).toEqual(
      [
        'DEFAULT_SETTINGS',
        'addDecision',
        'agreementOf',
        'assignFolds',
        'bootstrapKappa',
        'buildVocabulary',
        'codebookShape',
        'columnsOf',
        'compareStrings',
        'crossValidatedScores',
        'decisionTables',
        'decisionUncertainty',
        'describeFeature',
        'errorProbability',
        'featureStem',
        'featuresOf',
        'fitLogistic',
        'humanCodesOf',
        'hybridDecision',
        'hybridThreshold',
        'learningCurve',
        'linearScores',
        'logisticObjective',
        'logit',
        'modelDecision',
        'predictProbabilities',
        'prepareModel',
        'recodeTranscript',
        'reviewCurve',
        'reviewOrder',
        'roundWeight',
        'scoreCodedTranscript',
        'scoreFeatures',
        'seededRandom',
        'serialiseModel',
        'shuffled',
        'sigmoid',
        'sparseRows',
        'strongestFeatures',
        'tableKappa',
        'train',
        'unitsOfCodebook',
        'unitsOfTranscript',
        'segmentFeatures',
        'withoutInterviews',
      ].sort(),
    );
    expect('default' in learn).toBe(false);
  });

  it('features: a word, its bigram, rule hits and the topic, sorted', () => {
    expect(learn.featuresOf({ language: 'en', text: 'Quick wins!', topic: 'project', ruleCodes: ['success.quick-wins'], repeatedRuleCodes: [] })).toEqual([
      'b:quick win',
      'q:project',
      'r:success.quick-wins',
      't:success',
      'u:quick',
      'u:win',
    ]);
    // Spanish: the folded word stems as the accented one would ("participacion" like "participación").
    expect(learn.featureStem('participacion', 'es')).toBe(learn.featureStem('participaciones', 'es'));
  });
});
