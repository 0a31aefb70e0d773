/**
 * Evaluation: cross-validated scores never use the scored interview (a
 * token planted in one interview only changes nothing in its own scores,
 * while a model trained on it does use it); the bootstrap and review curve
 * on hand-worked inputs; seeded functions repeat.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapKappa, crossValidatedScores, reviewCurve, seededRandom, shuffled, tableKappa, type ReviewItem } from '../../src/learn/evaluate.js';
import { featuresOf } from '../../src/learn/features.js';
import { prepareModel, scoreFeatures } from '../../src/learn/score.js';
import { train, type CodebookShape, type TrainingUnit } from '../../src/learn/train.js';

const codebook: CodebookShape = { id: 'tiny', sha256: '00'.repeat(32), codes: [{ id: 'a.x', theme: 'a' }, { id: 'b.y', theme: 'b' }], themes: ['a', 'b'] };

function unit(interview: string, text: string, codes: number[]): TrainingUnit {
  const codeLabels = new Int8Array(2);
  const themeLabels = new Int8Array(2);
  for (const code of codes) codeLabels[code] = themeLabels[code] = 1;
  return { interview, features: featuresOf({ language: 'en', text, ruleCodes: [] }), rules: [], codeLabels, themeLabels };
}

describe('crossValidatedScores', () => {
  it('scores an interview with a model that never saw it (regression, issue 12: planted token)', () => {
    const units: TrainingUnit[] = [];
    for (let i = 1; i <= 5; i++) {
      const id = `int-${i}`;
      // Interview 3's x-segments carry a token no other interview has, three times so it passes the document-frequency cut.
      const planted = i === 3 ? ' zzplanted' : '';
      units.push(unit(id, `alpha beta gamma${planted}`, [0]), unit(id, `alpha delta${planted}`, [0]), unit(id, `alpha iota${planted}`, [0]), unit(id, 'epsilon zeta', [1]), unit(id, 'eta theta', []));
    }
    const scoring = units.map((u) => ({ interview: u.interview!, features: u.features, rules: u.rules }));
    const withToken = crossValidatedScores({ codebook, units, coders: ['human'] }, scoring);
    const stripped = scoring.map((u) => ({ ...u, features: u.features.filter((f) => !f.includes('zzplant')) }));
    const withoutToken = crossValidatedScores({ codebook, units, coders: ['human'] }, stripped);
    expect(withToken.map((codes) => codes.map((pair) => pair.probability))).toEqual(withoutToken.map((codes) => codes.map((pair) => pair.probability)));
    // A model trained on interview 3 does weigh the token: the test above could fail.
    const all = prepareModel(train({ codebook, units, coders: ['human'] }));
    expect(all.columns.has('u:zzplant')).toBe(true);
    const a = scoreFeatures(all, scoring[10]!.features, []).codes[0]!.probability;
    const b = scoreFeatures(all, stripped[10]!.features, []).codes[0]!.probability;
    expect(a).not.toBe(b);
  });
});

describe('bootstrapKappa', () => {
  it('gives a degenerate interval when every interview has the same table, and repeats with its seed', () => {
    const table: [number, number, number, number] = [3, 1, 1, 5];
    const interval = bootstrapKappa([table, table, table], 200, 42);
    expect(interval.low).toBeCloseTo(tableKappa(table)!, 12);
    expect(interval.high).toBeCloseTo(tableKappa(table)!, 12);
    const varied = bootstrapKappa([[5, 0, 0, 5], [1, 3, 3, 1], [4, 1, 0, 5]], 500, 7);
    expect(varied.low!).toBeLessThan(varied.high!);
    expect(bootstrapKappa([[5, 0, 0, 5], [1, 3, 3, 1], [4, 1, 0, 5]], 500, 7)).toEqual(varied);
  });
});

describe('reviewCurve', () => {
  it('replaces the least certain decisions first, by hand on four decisions', () => {
    // Two segments, one code each of themes 0 and 1. Decisions wrong on items 1 and 2.
    const items: ReviewItem[] = [
      { segment: 0, code: 0, theme: 0, decision: true, truth: true, uncertainty: 0.1 },
      { segment: 0, code: 1, theme: 1, decision: true, truth: false, uncertainty: 0.4 },
      { segment: 1, code: 0, theme: 0, decision: false, truth: true, uncertainty: 0.3 },
      { segment: 1, code: 1, theme: 1, decision: false, truth: false, uncertainty: 0.05 },
    ];
    const curve = reviewCurve(items, 2, 1, [0, 0.25, 0.5, 1]);
    expect(curve.map((point) => point.reviewed)).toEqual([0, 1, 2, 4]);
    // Nothing reviewed: tp 1, fp 1, fn 1, tn 1 → kappa 0.
    expect(curve[0]!.kappa).toBeCloseTo(0, 12);
    // Item 1 (most uncertain) fixed: tp 1, fp 0, fn 1, tn 2 → po = 3/4, pe = (1/4·2/4 ... ) → kappa 0.5.
    expect(curve[1]!.kappa).toBeCloseTo(0.5, 12);
    expect(curve[2]!.kappa).toBe(1);
    expect(curve[3]!.kappa).toBe(1);
    expect(curve[3]!.randomKappa).toBe(1);
    expect(curve[2]!.themes).toEqual([null, null]);
  });

  it('shuffles the same way for the same seed', () => {
    expect(shuffled([1, 2, 3, 4, 5, 6], seededRandom(3))).toEqual(shuffled([1, 2, 3, 4, 5, 6], seededRandom(3)));
    expect(shuffled([1, 2, 3, 4, 5, 6], seededRandom(3)).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
