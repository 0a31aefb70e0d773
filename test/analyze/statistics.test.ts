/**
 * Tests of the statistics core against published values and against values
 * computed independently of this code (scipy, exact rational enumeration in
 * Python). Each reference value cites where it comes from.
 *
 * Python reference scripts (run with Python 3 + scipy 1.17.1):
 *  - brute-force Fisher: enumerate every table with the observed margins,
 *    exact `fractions.Fraction` probabilities, count P(T) ≤ P(obs)·(1 + 1e-7);
 *  - exact permutation p of X²: the same enumeration for 2×k tables, summing
 *    the hypergeometric probabilities of tables with X² ≥ the observed X².
 */
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  chiSquareIndependence,
  chiSquareSurvival,
  cohensKappa,
  cohensKappaBinary,
  createRandom,
  fisherExactRxC,
  krippendorffAlphaNominal,
  logGamma,
  percentAgreement,
  permutationIndependence,
  precisionRecallF1,
  regularizedGammaQ,
} from '../../src/analyze/statistics.js';

/** Expands a 2×k presence × group table into per-unit presence flags and group labels. */
function unitsFromTable(table: number[][]): { presence: boolean[]; groups: number[] } {
  const presence: boolean[] = [];
  const groups: number[] = [];
  const [present = [], absent = []] = table;
  present.forEach((count, g) => {
    for (let i = 0; i < count; i++) {
      presence.push(true);
      groups.push(g);
    }
    for (let i = 0; i < (absent[g] ?? 0); i++) {
      presence.push(false);
      groups.push(g);
    }
  });
  return { presence, groups };
}

describe('special functions', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    // ln(10!) = ln 3628800
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });

  it('chi-square upper tail matches scipy.stats.chi2.sf (scipy 1.17.1, computed independently)', () => {
    const cases: [number, number, number][] = [
      [3.841458820694124, 1, 0.04999999999999989],
      [30.07, 2, 2.9538093752232107e-7],
      [0.5, 1, 0.47950012218695337],
      [10, 3, 0.01856613546304325],
      [100, 50, 3.454931382984871e-5],
      [1e-3, 4, 0.9999998750416589],
      [7.5, 7, 0.37873690604821353],
      [250, 200, 0.009379131668826098],
      [1, 0.5, 0.15351359580832247],
    ];
    for (const [x, df, expected] of cases) {
      expect(chiSquareSurvival(x, df)).toBeCloseTo(expected, 12);
      expect(Math.abs(chiSquareSurvival(x, df) / expected - 1)).toBeLessThan(1e-9);
    }
  });

  it('handles degenerate arguments without throwing', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-2, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(chiSquareSurvival(2, 0)).toBeNaN();
    expect(regularizedGammaQ(-1, 2)).toBeNaN();
    expect(regularizedGammaQ(2, 0)).toBe(1);
  });
});

describe('chiSquareIndependence', () => {
  // Agresti, An Introduction to Categorical Data Analysis (2nd ed., 2007), §2.4,
  // party identification by gender (GSS): X² = 30.1, df = 2, P < 0.0001;
  // adjusted residuals (Table 2.6) 4.50, 0.70, −5.32 for females and the
  // negatives for males.
  const party = [
    [762, 327, 468],
    [484, 239, 477],
  ];

  it('reproduces Agresti’s party identification example', () => {
    const r = chiSquareIndependence(party);
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.statistic).toBeCloseTo(30.1, 1);
    expect(r.df).toBe(2);
    expect(r.n).toBe(2757);
    expect(r.pAsymptotic).not.toBeNull();
    expect(r.pAsymptotic ?? 1).toBeLessThan(1e-4);
    const published = [
      [4.5, 0.7, -5.32],
      [-4.5, -0.7, 5.32],
    ];
    published.forEach((row, i) =>
      row.forEach((value, j) => expect(r.adjustedResiduals[i]?.[j] ?? NaN).toBeCloseTo(value, 1)),
    );
  });

  it('matches scipy.stats.chi2_contingency and contingency.association (scipy 1.17.1, computed independently)', () => {
    const r = chiSquareIndependence(party);
    if (r === null) throw new Error('unexpected null');
    expect(r.statistic).toBeCloseTo(30.070149095754672, 10);
    expect((r.pAsymptotic ?? 0) / 2.9535891832117595e-7).toBeCloseTo(1, 9);
    expect(r.cramersV ?? NaN).toBeCloseTo(0.10443580235646777, 12);
    expect(r.expected[0]?.[0] ?? NaN).toBeCloseTo(703.6713819368879, 9);
    expect(r.expected[1]?.[1] ?? NaN).toBeCloseTo(246.35473340587595, 9);
    expect(r.adjustedResiduals[0]?.[0] ?? NaN).toBeCloseTo(4.502053521086705, 10);
    expect(r.adjustedResiduals[0]?.[2] ?? NaN).toBeCloseTo(-5.315945542704929, 10);
    expect(r.minExpected ?? NaN).toBeCloseTo(246.35473340587595, 9);
  });

  it('2×2: X² equals the textbook shortcut n(ad − bc)² / (r1 r2 c1 c2) and V = |phi|', () => {
    const [a, b, c, d] = [12, 5, 3, 10];
    const n = a + b + c + d;
    const shortcut = (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
    const r = chiSquareIndependence([
      [a, b],
      [c, d],
    ]);
    expect(r?.statistic ?? NaN).toBeCloseTo(shortcut, 12);
    expect(r?.cramersV ?? NaN).toBeCloseTo(Math.sqrt(shortcut / n), 12);
    expect(r?.df).toBe(1);
  });

  it('ignores all-zero rows and columns for X² and df, with null residuals there', () => {
    const withZeros = [
      [762, 0, 327, 468],
      [0, 0, 0, 0],
      [484, 0, 239, 477],
    ];
    const r = chiSquareIndependence(withZeros);
    if (r === null) throw new Error('unexpected null');
    expect(r.df).toBe(2);
    expect(r.statistic).toBeCloseTo(30.070149095754672, 10);
    expect(r.adjustedResiduals[1]).toEqual([null, null, null, null]);
    expect(r.adjustedResiduals[0]?.[1]).toBeNull();
    expect(r.expected[1]).toEqual([0, 0, 0, 0]);
  });

  it('returns df 0 and null p / V for tables with nothing to test', () => {
    for (const table of [[[3, 4, 5]], [[0, 0], [0, 0]], [], [[5], [7]], [[4, 0], [6, 0]]]) {
      const r = chiSquareIndependence(table);
      expect(r).not.toBeNull();
      expect(r?.df).toBe(0);
      expect(r?.statistic).toBe(0);
      expect(r?.pAsymptotic).toBeNull();
      expect(r?.cramersV).toBeNull();
    }
  });

  it('returns null for malformed tables and pads ragged rows', () => {
    expect(chiSquareIndependence([[1, -2], [3, 4]])).toBeNull();
    expect(chiSquareIndependence([[1, NaN], [3, 4]])).toBeNull();
    const ragged = chiSquareIndependence([[3, 1, 2], [1, 3]]);
    expect(ragged?.expected[1]?.length).toBe(3);
    expect(ragged?.df).toBe(2);
  });
});

describe('fisherExactRxC', () => {
  it('tea tasting: two-sided p = 0.4857 (Agresti 2002, Categorical Data Analysis, §3.5.2; R ?fisher.test)', () => {
    const r = fisherExactRxC([
      [3, 1],
      [1, 3],
    ]);
    expect(r?.p ?? NaN).toBeCloseTo(0.4857, 4);
    // scipy.stats.fisher_exact([[3,1],[1,3]]) = 0.48571428571428565 (computed independently)
    expect(r?.p ?? NaN).toBeCloseTo(0.48571428571428565, 12);
  });

  it('job satisfaction 4×4: p = 0.7827 (R ?fisher.test example, data from Agresti 2002, p. 57)', () => {
    const job = [
      [1, 3, 10, 6],
      [2, 3, 10, 7],
      [1, 6, 14, 12],
      [0, 1, 9, 11],
    ];
    const r = fisherExactRxC(job);
    expect(r?.p ?? NaN).toBeCloseTo(0.7827, 4);
    // scipy.stats.fisher_exact(job, method=MonteCarloMethod(n_resamples=10**6)) = 0.78243 (SE ≈ 0.0004)
    expect(Math.abs((r?.p ?? NaN) - 0.7824322175677825)).toBeLessThan(0.002);
  });

  it('Mehta & Patel (1983) example 5×7 (R ?fisher.test “MP6”) agrees with a scipy Monte Carlo estimate', () => {
    const mp6 = [
      [1, 2, 2, 1, 1, 0, 1],
      [2, 0, 0, 2, 3, 0, 0],
      [0, 1, 1, 1, 2, 7, 3],
      [1, 1, 2, 0, 0, 0, 1],
      [0, 1, 1, 1, 1, 0, 0],
    ];
    // scipy.stats.fisher_exact(mp6, method=MonteCarloMethod(n_resamples=10**6)) = 0.039357 (SE ≈ 0.0002)
    const r = fisherExactRxC(mp6);
    expect(Math.abs((r?.p ?? NaN) - 0.039356960643039354)).toBeLessThan(0.001);
  });

  it('matches exact rational brute-force enumeration (Python fractions, computed independently)', () => {
    const cases: [number[][], number][] = [
      [[[5, 2, 8, 1, 0], [3, 9, 4, 10, 6]], 0.002378792126841237],
      [[[2, 7, 1], [8, 2, 5]], 0.014270243150307761],
      [[[10, 3, 4, 6], [2, 8, 7, 1]], 0.008918477704555804],
      [[[4, 4, 4], [4, 4, 4]], 1.0],
      [[[6, 1, 1, 1], [0, 3, 2, 4]], 0.017688194158782394],
      [[[3, 0, 2], [1, 4, 0], [0, 1, 3]], 0.017649017649017648],
    ];
    for (const [table, expected] of cases) {
      const r = fisherExactRxC(table);
      expect(r).not.toBeNull();
      expect(Math.abs((r?.p ?? NaN) / expected - 1)).toBeLessThan(1e-9);
    }
  });

  it('is fast on realistic 2×k tables (code present/absent × groups)', () => {
    // 2×12, n = 194: scipy Monte Carlo (10⁶ resamples) gives 0.231463 (SE ≈ 0.0004).
    const t12 = [
      [8, 8, 3, 0, 7, 1, 1, 4, 1, 3, 9, 4],
      [15, 16, 7, 6, 22, 23, 6, 11, 5, 5, 16, 13],
    ];
    // 2×15, n = 271: scipy Monte Carlo (10⁶ resamples) gives 0.579192 (SE ≈ 0.0005).
    const t15 = [
      [5, 6, 6, 9, 9, 5, 2, 4, 2, 4, 8, 6, 2, 3, 4],
      [12, 18, 9, 19, 15, 5, 9, 22, 7, 10, 16, 22, 14, 13, 5],
    ];
    const started = Date.now();
    const r12 = fisherExactRxC(t12);
    const r15 = fisherExactRxC(t15);
    const elapsed = Date.now() - started;
    expect(Math.abs((r12?.p ?? NaN) - 0.23146276853723147)).toBeLessThan(0.002);
    expect(Math.abs((r15?.p ?? NaN) - 0.5791924208075792)).toBeLessThan(0.0025);
    // Orientation does not matter (k×2 is transposed internally).
    const transposed = t12[0]?.map((_, j) => [t12[0]?.[j] ?? 0, t12[1]?.[j] ?? 0]) ?? [];
    expect(fisherExactRxC(transposed)?.p ?? NaN).toBeCloseTo(r12?.p ?? NaN, 10);
    expect(elapsed).toBeLessThan(20_000); // typically ≈ 1 s
  });

  it('returns p = 1 when the margins allow only one table', () => {
    expect(fisherExactRxC([[3, 4, 5]])?.p).toBe(1);
    expect(fisherExactRxC([[3, 4, 5], [0, 0, 0]])?.p).toBe(1);
    expect(fisherExactRxC([[0, 0], [0, 0]])?.p).toBe(1);
    expect(fisherExactRxC([])?.p).toBe(1);
    expect(fisherExactRxC([[2, 0], [5, 0]])?.p).toBe(1);
  });

  it('drops all-zero rows and columns', () => {
    const r = fisherExactRxC([
      [3, 0, 1],
      [0, 0, 0],
      [1, 0, 3],
    ]);
    expect(r?.p ?? NaN).toBeCloseTo(0.48571428571428565, 12);
  });

  it('returns null for malformed input or when the step cap is exceeded', () => {
    expect(fisherExactRxC([[1.5, 2], [3, 4]])).toBeNull();
    expect(fisherExactRxC([[-1, 2], [3, 4]])).toBeNull();
    expect(
      fisherExactRxC(
        [
          [5, 2, 8, 1, 0],
          [3, 9, 4, 10, 6],
        ],
        { maxSteps: 10 },
      ),
    ).toBeNull();
  });
});

describe('permutationIndependence and createRandom', () => {
  it('createRandom is deterministic and uniform-looking in [0, 1)', () => {
    const a = createRandom(123);
    const b = createRandom(123);
    const c = createRandom(124);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });

  it('is within ±0.01 of the exact permutation p with 20,000 permutations', () => {
    // Exact permutation p of X² by full enumeration with exact rationals in Python
    // (computed independently): table [[6,2,1],[2,8,6]] → X² = 7.824900793650793,
    // p = 0.023071745860815722; table [[5,2,8,1,0],[3,9,4,10,6]] → p = 0.0018279199692956703.
    const cases: [number[][], number, number][] = [
      [[[6, 2, 1], [2, 8, 6]], 7.824900793650793, 0.023071745860815722],
      [[[5, 2, 8, 1, 0], [3, 9, 4, 10, 6]], 16.107954545454547, 0.0018279199692956703],
    ];
    for (const [table, x2, exactP] of cases) {
      const { presence, groups } = unitsFromTable(table);
      const r = permutationIndependence(presence, groups, { seed: 2024, permutations: 20_000 });
      expect(r).not.toBeNull();
      expect(r?.statistic ?? NaN).toBeCloseTo(x2, 10);
      expect(Math.abs((r?.p ?? NaN) - exactP)).toBeLessThan(0.01);
      expect(r?.permutations).toBe(20_000);
      expect(r?.seed).toBe(2024);
      // The same statistic as chiSquareIndependence.
      expect(chiSquareIndependence(table)?.statistic ?? NaN).toBeCloseTo(x2, 10);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { presence, groups } = unitsFromTable([
      [6, 2, 1],
      [2, 8, 6],
    ]);
    const r1 = permutationIndependence(presence, groups, { seed: 7, permutations: 2000 });
    const r2 = permutationIndependence(presence, groups, { seed: 7, permutations: 2000 });
    const r3 = permutationIndependence(presence, groups, { seed: 8, permutations: 2000 });
    expect(r1).toEqual(r2);
    expect(r3?.p).not.toBe(r1?.p);
  });

  it('handles degenerate input', () => {
    expect(permutationIndependence([true], [1, 2])).toBeNull();
    // No variation in presence: every permutation ties with the observed X² = 0.
    const allPresent = permutationIndependence([true, true, true], [1, 2, 2], { permutations: 99 });
    expect(allPresent?.p).toBe(1);
    expect(allPresent?.statistic).toBe(0);
    expect(permutationIndependence([], [], { permutations: 10 })?.p).toBe(1);
    expect(permutationIndependence([true, false], [1, 2], { permutations: 0 })?.p).toBe(1);
  });
});

describe('benjaminiHochberg', () => {
  // Benjamini & Hochberg (1995), J. R. Stat. Soc. B 57:289–300, §4 example: 15 p-values.
  const pValues = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
    0.759, 1.0,
  ];

  it('rejects the first four hypotheses at FDR 0.05, as in the paper', () => {
    const q = benjaminiHochberg(pValues);
    const rejected = q.map((v) => v !== null && v <= 0.05);
    expect(rejected).toEqual([true, true, true, true, ...new Array<boolean>(11).fill(false)]);
  });

  it('equals R p.adjust(method = "BH") / scipy.stats.false_discovery_control (scipy 1.17.1, computed independently)', () => {
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645,
      0.07650000000000001, 0.486, 0.5811818181818181, 0.7148749999999999, 0.7532307692307693, 0.8132142857142857,
      1.0,
    ];
    const q = benjaminiHochberg(pValues);
    expected.forEach((value, i) => expect(q[i] ?? NaN).toBeCloseTo(value, 14));
  });

  it('keeps input order, skips nulls (not counted in m) and caps at 1', () => {
    const shuffled = [0.0459, null, 0.0001, 0.324, 0.0095];
    // By hand: m = 4, sorted p = 0.0001, 0.0095, 0.0459, 0.324 →
    // q = min over the tail of 4p/rank = 0.0004, 0.019, 0.0612, 0.324.
    const q = benjaminiHochberg(shuffled);
    expect(q[1]).toBeNull();
    expect(q[0] ?? NaN).toBeCloseTo(0.0612, 14);
    expect(q[2] ?? NaN).toBeCloseTo(0.0004, 14);
    expect(q[3] ?? NaN).toBeCloseTo(0.324, 14);
    expect(q[4] ?? NaN).toBeCloseTo(0.019, 14);
    expect(benjaminiHochberg([0.9, 0.95, 2])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([null, NaN])).toEqual([null, null]);
  });
});

describe('cohensKappa', () => {
  it('Wikipedia “Cohen’s kappa” worked example: 50 proposals [[20,5],[10,15]] → kappa = 0.4', () => {
    expect(cohensKappa([[20, 5], [10, 15]]) ?? NaN).toBeCloseTo(0.4, 12);
    // tp = 20 (both yes), fn = 5 (only A yes), fp = 10 (only B yes), tn = 15.
    expect(cohensKappaBinary(20, 10, 5, 15) ?? NaN).toBeCloseTo(0.4, 12);
  });

  it('Wikipedia “Cohen’s kappa” paradox examples: 0.1304 and 0.2593 with equal 60% agreement', () => {
    expect(cohensKappa([[45, 15], [25, 15]]) ?? NaN).toBeCloseTo(0.1304, 4);
    expect(cohensKappa([[25, 35], [5, 35]]) ?? NaN).toBeCloseTo(0.2593, 4);
  });

  it('3×3 table matches a hand computation', () => {
    // n = 70, p_o = 53/70, row totals 26, 22, 22 and column totals 25, 22, 23:
    // p_e = (26·25 + 22·22 + 22·23)/70² = 1640/4900, kappa = (53·70 − 1640)/(4900 − 1640) = 2070/3260.
    const t = [
      [20, 5, 1],
      [3, 15, 4],
      [2, 2, 18],
    ];
    expect(cohensKappa(t) ?? NaN).toBeCloseTo(2070 / 3260, 12);
  });

  it('returns null when undefined', () => {
    expect(cohensKappa([[10, 0], [0, 0]])).toBeNull(); // p_e = 1
    expect(cohensKappa([[0, 0], [0, 0]])).toBeNull(); // empty
    expect(cohensKappa([[1, 2, 3], [4, 5, 6]])).toBeNull(); // not square
    expect(cohensKappa([])).toBeNull();
    expect(cohensKappaBinary(0, 0, 0, 12)).toBeNull();
    expect(cohensKappa([[5, 0], [0, 5]])).toBe(1);
  });
});

describe('krippendorffAlphaNominal', () => {
  const _ = null;

  it('Krippendorff (2011) “Computing Krippendorff’s Alpha-Reliability”, nominal, 4 coders × 12 units with missing values: alpha = 0.743', () => {
    // Rows = units; columns = observers A, B, C, D.
    const units = [
      [1, 1, _, 1],
      [2, 2, 3, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [2, 2, 2, 2],
      [1, 2, 3, 4],
      [4, 4, 4, 4],
      [1, 1, 2, 1],
      [2, 2, 2, 2],
      [_, 5, 5, 5],
      [_, _, 1, 1],
      [_, 3, _, _],
    ];
    const r = krippendorffAlphaNominal(units);
    expect(r.alpha ?? NaN).toBeCloseTo(0.743, 3);
    // The paper: n = 40 pairable values; unit 12 has a single value and is dropped.
    expect(r.pairableValues).toBe(40);
    expect(r.pairableUnits).toBe(11);
    expect(r.undefinedReason).toBeNull();
  });

  it('Krippendorff (2011), binary data, two observers, no missing data: alpha = 0.095', () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const r = krippendorffAlphaNominal(a.map((v, i) => [v, b[i] ?? null]));
    expect(r.alpha ?? NaN).toBeCloseTo(0.095, 3);
    // Coincidences o00 = 10, o01 = o10 = 4, o11 = 2 → alpha = 1 − 19·4/(14·6) exactly.
    expect(r.alpha ?? NaN).toBeCloseTo(1 - (19 * 4) / (14 * 6), 12);
  });

  it('string and numeric labels are distinct categories; NaN counts as missing', () => {
    const r = krippendorffAlphaNominal([
      ['1', 1],
      ['a', 'a'],
      [NaN, 'a'],
    ]);
    expect(r.pairableUnits).toBe(2);
    expect(r.categories).toBe(3);
  });

  it('is undefined (null with a reason) without pairable values or without variation', () => {
    const none = krippendorffAlphaNominal([[1, _], [_, _], [2]]);
    expect(none.alpha).toBeNull();
    expect(none.undefinedReason).toBe('no-pairable-values');
    const same = krippendorffAlphaNominal([['x', 'x'], ['x', 'x', 'x']]);
    expect(same.alpha).toBeNull();
    expect(same.undefinedReason).toBe('no-variation');
    expect(krippendorffAlphaNominal([]).undefinedReason).toBe('no-pairable-values');
  });

  it('is 1 for perfect agreement with variation', () => {
    expect(krippendorffAlphaNominal([['a', 'a'], ['b', 'b', 'b'], ['a', _, 'a']]).alpha).toBe(1);
  });
});

describe('percentAgreement', () => {
  it('averages pairwise agreement over pairable units', () => {
    const _ = null;
    // Unit 1: 3 of 3 pairs agree; unit 2: 1 of 3 pairs; unit 3: 0 of 1; unit 4 not pairable.
    const r = percentAgreement([
      ['a', 'a', 'a'],
      ['a', 'a', 'b'],
      ['a', 'b', _],
      ['a', _, _],
    ]);
    expect(r.pairableUnits).toBe(3);
    expect(r.agreement ?? NaN).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
  });

  it('two coders: share of units with the same value (Wikipedia kappa example: 35/50 = 0.7)', () => {
    const units: [string, string][] = [
      ...Array.from({ length: 20 }, (): [string, string] => ['yes', 'yes']),
      ...Array.from({ length: 5 }, (): [string, string] => ['yes', 'no']),
      ...Array.from({ length: 10 }, (): [string, string] => ['no', 'yes']),
      ...Array.from({ length: 15 }, (): [string, string] => ['no', 'no']),
    ];
    expect(percentAgreement(units).agreement ?? NaN).toBeCloseTo(0.7, 12);
  });

  it('is null without pairable units', () => {
    expect(percentAgreement([[1], [null, 2]]).agreement).toBeNull();
  });
});

describe('precisionRecallF1', () => {
  it('computes the usual ratios', () => {
    const r = precisionRecallF1(8, 2, 4);
    expect(r.precision ?? NaN).toBeCloseTo(0.8, 12);
    expect(r.recall ?? NaN).toBeCloseTo(8 / 12, 12);
    expect(r.f1 ?? NaN).toBeCloseTo((2 * 0.8 * (8 / 12)) / (0.8 + 8 / 12), 12);
  });

  it('returns null where the denominator is 0', () => {
    expect(precisionRecallF1(0, 0, 0)).toEqual({ precision: null, recall: null, f1: null });
    expect(precisionRecallF1(0, 0, 3)).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(precisionRecallF1(0, 3, 0)).toEqual({ precision: 0, recall: null, f1: 0 });
  });
});
