/**
 * The settings of the third round of model selection (docs/model.md), each
 * off by default and checked against a hand computation or an independent
 * method: the codebook's descriptions as pseudo-examples
 * (`definitionWeight`), the learned combiner of rules and model
 * (`combinerL2`; its dense Newton fitter against the sparse L-BFGS fitter of
 * logistic.ts), per-code thresholds shrunk towards the theme's
 * (`thresholdShrink`) and rule reliability (`rulePrior`). Unset, none of
 * them changes a model file's bytes.
 */
import { describe, expect, it } from 'vitest';
import { parseModelFile } from '../../src/load/model-file.js';
import { compileCodebook } from '../../src/code/compile.js';
import { clampedLogit, combinedProbability, combinerInputs, COMBINER_CLAMP, fitDenseLogistic } from '../../src/learn/combiner.js';
import { logit } from '../../src/learn/decide.js';
import { featuresOf } from '../../src/learn/features.js';
import { fitLogistic, sigmoid, sparseRows } from '../../src/learn/logistic.js';
import { DEFAULT_SETTINGS } from '../../src/learn/model.js';
import { prepareModel, scoreFeatures } from '../../src/learn/score.js';
import { serialiseModel } from '../../src/learn/serialise.js';
import { train, type TrainingUnit } from '../../src/learn/train.js';
import { tinyCodebook as codebook, tinyUnit as unit } from './tiny-codebook.js';
import { unitsOfCodebook, unitsOfDefinitions } from '../../src/learn/units.js';
import { parseCodebookBytes } from '../../src/load/codebook-read.js';

/**
 * Six interviews. money.budget: rules on u1 and u4 (always right) and on
 * u5 of even interviews (wrong); money.rare: coded on u4 of interviews 1–3,
 * its rules fire on u4 of every interview (3 of 6 right).
 */
function units(): TrainingUnit[] {
  const list: TrainingUnit[] = [];
  for (let i = 1; i <= 6; i++) {
    const id = `int-${i}`;
    list.push(unit(id, `We had a budget problem and the budget was late ${i}.`, [0], [0], [0]));
    list.push(unit(id, `Our team worked well, the team was small.`, [2]));
    list.push(unit(id, `The weather was nice and we talked about lunch.`, []));
    list.push(unit(id, `Money for the budget came from the ministry, budgets matter.`, i <= 3 ? [0, 1] : [0], [0, 1]));
    list.push(unit(id, `People in the team stayed late.`, [2], i % 2 === 0 ? [0] : []));
  }
  return list;
}

const set = () => ({ codebook, units: units(), coders: ['human'] });

describe('definitionWeight: the codebook describing its codes', () => {
  const yaml = [
    'id: tiny',
    'languages: [en]',
    'themes:',
    '  - id: money',
    '    label: Money',
    '    codes:',
    '      - id: budget',
    '        label: Budget',
    '        definition: Funding of the project.',
    '        when_to_use: The speaker talks about money for the work.',
    '        when_not_to_use: Salaries of staff.',
    '        rules:',
    '          en:',
    '            terms: [budget*]',
    '      - id: rare',
    '        label: Rare',
    '        rules:',
    '          en:',
    '            terms: [rarely]',
    '',
  ].join('\n');

  it('gives one yes unit (label, definition, when to use) and one no unit (when not to use) per code, marked `definition`', async () => {
    const loaded = await parseCodebookBytes(new TextEncoder().encode(yaml), 'tiny.yaml');
    const compiled = compileCodebook(loaded.codebook!).compiled;
    const definitions = unitsOfDefinitions(compiled);
    // budget: a yes and a no; rare: only a label, so one yes.
    expect(definitions).toHaveLength(3);
    const [yes, no, rare] = definitions;
    expect(yes!.definition).toBe(true);
    expect(yes!.interview).toBeUndefined();
    expect([...yes!.codeLabels]).toEqual([1, -1]);
    expect([...yes!.themeLabels]).toEqual([1]);
    expect(yes!.features).toEqual(featuresOf({ language: 'en', text: 'Budget\nFunding of the project.\nThe speaker talks about money for the work.', ruleCodes: ['money.budget'] }));
    expect([...no!.codeLabels]).toEqual([0, -1]);
    expect([...no!.themeLabels]).toEqual([-1]);
    expect(no!.features).toEqual(featuresOf({ language: 'en', text: 'Salaries of staff.', ruleCodes: [] }));
    expect([...rare!.codeLabels]).toEqual([-1, 1]);
    // unitsOfCodebook adds them after the examples.
    expect(unitsOfCodebook(compiled).filter((u) => u.definition)).toEqual(definitions);
  });

  it('is ignored unless set (same bytes as without the units), and weighs the units when set', () => {
    const definition: TrainingUnit = { ...unit(undefined, 'budget money funding money funding', [0]), definition: true };
    const without = serialiseModel(train(set()));
    expect(serialiseModel(train({ ...set(), units: [...units(), definition] }))).toBe(without);
    const weighed = train({ ...set(), units: [...units(), definition] }, { ...DEFAULT_SETTINGS, definitionWeight: 5 });
    expect(weighed.settings.definitionWeight).toBe(5);
    // Not counted as a codebook example.
    expect(weighed.trainedOn.examples).toBe(0);
    // "money" is in 6 segments (all budget) and, weighed 5, in the definition: its weight for budget grows.
    const money = featuresOf({ language: 'en', text: 'money', ruleCodes: [] })[0]!;
    const weightOf = (model: ReturnType<typeof train>, feature: string) => model.codes[0]!.weights.find(([column]) => model.vocabulary[column] === feature)?.[1] ?? 0;
    expect(weightOf(train(set()), money)).toBeGreaterThan(0);
    expect(weightOf(weighed, money)).toBeGreaterThan(weightOf(train(set()), money));
  });
});

describe('combinerL2: a learned combiner of rules and model', () => {
  it('fits what the sparse L-BFGS fitter fits on the same binary rows (an independent method)', () => {
    // 8 rows, 3 binary features, λ = 0.7.
    const lists = [[0], [0, 1], [1], [2], [0, 2], [1, 2], [], [0, 1, 2]];
    const y = [1, 1, 0, 0, 1, 0, 0, 1];
    const dense = lists.map((list) => [0, 1, 2].map((j) => (list.includes(j) ? 1 : 0)));
    const newton = fitDenseLogistic(dense, y, 0.7);
    const lbfgs = fitLogistic(sparseRows(lists, 3), Uint8Array.from(y), new Float64Array(8).fill(1), { l2: 0.7, tolerance: 1e-10, maxIterations: 1000 });
    expect(newton.bias).toBeCloseTo(lbfgs.bias, 6);
    newton.weights.forEach((w, j) => expect(w).toBeCloseTo(lbfgs.weights[j]!, 6));
  });

  it('has the closed-form bias without inputs, and a per-input penalty', () => {
    // No inputs: bias = logit(3/8).
    expect(fitDenseLogistic([[], [], [], [], [], [], [], []], [1, 1, 1, 0, 0, 0, 0, 0], 1).bias).toBeCloseTo(Math.log(3 / 5), 9);
    // One input equal to the label, separable: a finite weight; with a 100× larger penalty, smaller.
    const rows = [[1], [1], [0], [0]];
    const small = fitDenseLogistic(rows, [1, 1, 0, 0], [0.1]).weights[0]!;
    const large = fitDenseLogistic(rows, [1, 1, 0, 0], [10]).weights[0]!;
    expect(Number.isFinite(small)).toBe(true);
    expect(small).toBeGreaterThan(large);
    expect(large).toBeGreaterThan(0);
  });

  it('builds its inputs from the rule, the repeated rule and clamped logits (hand-computed)', () => {
    const close = (actual: number[], expected: number[]) => {
      expect(actual).toHaveLength(expected.length);
      actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
    };
    close(combinerInputs(true, false, 0.8, 0.5), [1, 0, Math.log(4), 0]);
    // No theme model: the code's own logit stands in.
    close(combinerInputs(false, true, 0.2, Number.NaN), [0, 1, Math.log(0.25), Math.log(0.25)]);
    expect(clampedLogit(1)).toBeCloseTo(Math.log((1 - COMBINER_CLAMP) / COMBINER_CLAMP), 9);
    // z = −1 + 2·1 + 0 + 0.5·ln 4 + 0 = 1 + ln 2, σ(z) = 2e / (1 + 2e).
    const p = combinedProbability({ bias: -1, weights: [2, 3, 0.5, 0] }, [1, 0, Math.log(4), 0]);
    expect(p).toBeCloseTo((2 * Math.E) / (1 + 2 * Math.E), 12);
  });

  it('decides the hybrid by σ(bias + weights · inputs) ≥ threshold when set, deterministically; unset, the file has no combiner', () => {
    expect(serialiseModel(train(set())).includes('"combiner"')).toBe(false);
    const settings = { ...DEFAULT_SETTINGS, combinerL2: 0.1 };
    const model = train(set(), settings);
    expect(serialiseModel(train(set(), settings))).toBe(serialiseModel(model));
    const budget = model.codes[0]!;
    expect(budget.combiner).toBeDefined();
    expect(budget.combiner!.weights).toHaveLength(4);
    // One combiner per theme: the learned codes of a theme share it.
    expect(model.codes[1]!.combiner).toEqual(budget.combiner);
    const scoring = prepareModel(model);
    const features = featuresOf({ language: 'en', text: 'The budget was late.', ruleCodes: ['money.budget'] });
    const scored = scoreFeatures(scoring, features, [0]);
    const pair = scored.codes[0]!;
    const c = budget.combiner!;
    const z = c.bias + c.weights[0]! * 1 + c.weights[1]! * 0 + c.weights[2]! * logit(pair.probability) + c.weights[3]! * logit(scored.themes[0]!);
    expect(pair.hybrid).toBe(sigmoid(z) >= c.threshold);
    expect(pair.uncertainty).toBeCloseTo(pair.hybrid ? 1 - sigmoid(z) : sigmoid(z), 9);
    // The model source still decides by its own threshold.
    expect(pair.model).toBe(pair.probability >= budget.thresholds.model);
  });

  it('survives the model file: read back, the combiner is the one written', () => {
    const model = train(set(), { ...DEFAULT_SETTINGS, combinerL2: 0.1 });
    const book = set().codebook;
    const parsed = parseModelFile(serialiseModel(model), 'models/m.json', { id: book.id, sha256: book.sha256, file: 'codebooks/m.yaml', codes: book.codes.map((code) => code.id), themes: [...book.themes] });
    expect('model' in parsed && parsed.model.codes.map((code) => code.combiner)).toEqual(model.codes.map((code) => code.combiner));
  });
});

describe('thresholdShrink and rulePrior: per-code thresholds', () => {
  it('thresholdShrink m: per code, logit t = (n · logit t_code + m · logit t_theme) / (n + m), n its positive segments', () => {
    const theme = train(set());
    const own = train(set(), { ...DEFAULT_SETTINGS, thresholdScope: 'code' });
    const shrunk = train(set(), { ...DEFAULT_SETTINGS, thresholdShrink: 4 });
    // money.budget has 12 positive segments (u1 and u4 of six interviews), money.rare 3 (learned), people.team 12 (u2 and u5).
    const positives = [12, 3, 12];
    shrunk.codes.forEach((code, c) => {
      const n = positives[c]!;
      for (const key of ['low', 'high', 'model'] as const) {
        const expected = sigmoid((n * logit(own.codes[c]!.thresholds[key]) + 4 * logit(theme.codes[c]!.thresholds[key])) / (n + 4));
        expect(code.thresholds[key]).toBeCloseTo(expected, 3);
      }
    });
  });

  it('rulePrior m: moves low by logit(π_theme) − logit(π_code), π_code = (right + m · π_theme) / (hits + m)', () => {
    const base = train(set());
    const model = train(set(), { ...DEFAULT_SETTINGS, rulePrior: 2 });
    // Rule hits on the training segments — budget: u1 ×6, u4 ×6 (right), u5 of interviews 2, 4, 6 (wrong): 12 of 15.
    // rare: u4 ×6, right in interviews 1–3: 3 of 6. Theme money: 15 of 21 = 5/7.
    const theme = 5 / 7;
    const budget = (12 + 2 * theme) / (15 + 2);
    const rare = (3 + 2 * theme) / (6 + 2);
    expect(model.codes[0]!.thresholds.low).toBeCloseTo(sigmoid(logit(base.codes[0]!.thresholds.low) + logit(theme) - logit(budget)), 3);
    expect(model.codes[1]!.thresholds.low).toBeCloseTo(sigmoid(logit(base.codes[1]!.thresholds.low) + logit(theme) - logit(rare)), 3);
    // The less precise rules of rare are overruled more easily than before; people.team has no rule hit and keeps its thresholds.
    expect(model.codes[1]!.thresholds.low).toBeGreaterThan(base.codes[1]!.thresholds.low);
    expect(model.codes[2]!.thresholds).toEqual(base.codes[2]!.thresholds);
    expect(model.codes[0]!.thresholds.high).toBe(base.codes[0]!.thresholds.high);
  });
});
