/**
 * Training and scoring on small inline units: a code the words predict is
 * learned and scored high where its word is; a code with fewer than three
 * positives stays rules-only (decisions = the rule); thresholds come from the
 * grid; the same units give the same model file bytes; scoring gives every
 * (segment, code) pair a probability, decisions and an uncertainty.
 */
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/learn/features.js';
import { DEFAULT_SETTINGS } from '../../src/learn/model.js';
import { prepareModel, scoreFeatures, strongestFeatures } from '../../src/learn/score.js';
import { serialiseModel } from '../../src/learn/serialise.js';
import { train, type TrainingUnit } from '../../src/learn/train.js';
import { tinyCodebook as codebook, tinyUnit as unit } from './tiny-codebook.js';

/** Six interviews; "budget" goes with code 0, "team" with code 2; code 1 has two positives. */
function units(): TrainingUnit[] {
  const list: TrainingUnit[] = [];
  for (let i = 1; i <= 6; i++) {
    const id = `int-${i}`;
    list.push(unit(id, `We had a budget problem and the budget was late ${i}.`, [0], [0]));
    list.push(unit(id, `Our team worked well, the team was small.`, [2]));
    list.push(unit(id, `The weather was nice and we talked about lunch.`, []));
    list.push(unit(id, `Money for the budget came from the ministry, budgets matter.`, i <= 2 ? [0, 1] : [0], [0]));
    list.push(unit(id, `People in the team stayed late.`, [2], i % 2 === 0 ? [0] : []));
  }
  return list;
}

describe('train', () => {
  it('learns the codes with 3 or more positives, keeps rarer ones rules-only, and is byte-for-byte deterministic', () => {
    const model = train({ codebook, units: units(), coders: ['human'] });
    expect(model.codes.map((code) => code.learned)).toEqual([true, false, true]);
    expect(model.codes[1]!.positives).toBe(2);
    expect(model.trainedOn.transcripts).toEqual(['int-1', 'int-2', 'int-3', 'int-4', 'int-5', 'int-6']);
    expect(model.cv).not.toBeNull();
    for (const code of model.codes) {
      expect(DEFAULT_SETTINGS.lowGrid).toContain(code.thresholds.low);
      expect(DEFAULT_SETTINGS.highGrid).toContain(code.thresholds.high);
    }
    const again = train({ codebook, units: units().reverse(), coders: ['human'] });
    // Unit order changes the row order of the fits; the vocabulary and decisions must not change.
    expect(again.vocabulary).toEqual(model.vocabulary);
    expect(serialiseModel(train({ codebook, units: units(), coders: ['human'] }))).toBe(serialiseModel(model));
  });

  it('with nbAlpha, penalises words that separate the classes less (NBSVM-style) and stays deterministic', () => {
    const plain = train({ codebook, units: units(), coders: ['human'] });
    const settings = { ...DEFAULT_SETTINGS, nbAlpha: 1 };
    const nb = train({ codebook, units: units(), coders: ['human'] }, settings);
    const weightOf = (model: typeof plain, feature: string) => {
      const column = model.vocabulary.indexOf(feature);
      return model.codes[2]!.weights.find(([index]) => index === column)?.[1] ?? 0;
    };
    // "team" is in every positive of people.team and no negative: its log-count ratio is large, its penalty small.
    expect(weightOf(nb, 'u:team')).toBeGreaterThan(weightOf(plain, 'u:team'));
    // "late" is in positives and negatives alike: r near 0, penalised 100×, so its weight shrinks towards 0.
    expect(Math.abs(weightOf(nb, 'u:late'))).toBeLessThan(Math.abs(weightOf(plain, 'u:late')) + 1e-9);
    expect(nb.settings.nbAlpha).toBe(1);
    expect(serialiseModel(train({ codebook, units: units(), coders: ['human'] }, settings))).toBe(serialiseModel(nb));
  });

  it('scores every code of a unit: probability, rule, decisions, uncertainty; strongest words', () => {
    const model = train({ codebook, units: units(), coders: ['human'] });
    const scoring = prepareModel(model);
    const features = featuresOf({ language: 'en', text: 'The budget was late.', ruleCodes: ['money.budget'] });
    const scored = scoreFeatures(scoring, features, [0]);
    expect(scored.codes).toHaveLength(3);
    const [budget, rare, team] = scored.codes;
    expect(budget!.probability).toBeGreaterThan(0.5);
    expect(budget!.rule).toBe(true);
    expect(budget!.hybrid).toBe(true);
    expect(team!.rule).toBe(false);
    const teamScore = scoreFeatures(scoring, featuresOf({ language: 'en', text: 'The team stayed.', ruleCodes: [] }), []).codes[2]!;
    expect(teamScore.probability).toBeGreaterThan(0.5);
    expect(teamScore.probability).toBeGreaterThan(team!.probability);
    expect(rare!.learned).toBe(false);
    expect(rare!.hybrid).toBe(false); // rules-only: no rule hit, no code
    for (const pair of scored.codes) {
      expect(pair.uncertainty).toBeGreaterThan(0);
      expect(pair.uncertainty).toBeLessThan(1);
      // The estimated chance the decision is wrong: 1 − p for a yes, p for a no.
      expect(pair.uncertainty).toBeCloseTo(pair.hybrid ? 1 - pair.probability : pair.probability, 12);
    }
    const none = scoreFeatures(scoring, featuresOf({ language: 'en', text: 'Nice weather for lunch.', ruleCodes: [] }), []);
    expect(none.codes[0]!.probability).toBeLessThan(budget!.probability);
    const words = strongestFeatures(scoring, features, 0, 3);
    expect(words.map((word) => word.label)).toContain('budget');
    expect(words.every((word) => word.weight > 0)).toBe(true);
  });
});
