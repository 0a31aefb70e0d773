/**
 * Property-based tests (fast-check) of the statistics core: invariances,
 * ranges and agreement of the network Fisher algorithm with a naive
 * enumeration of all tables on small random tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  chiSquareIndependence,
  cohensKappa,
  createRandom,
  fisherExactRxC,
  krippendorffAlphaNominal,
  percentAgreement,
  permutationIndependence,
  permutationIndependenceMany,
  type CodedValue,
} from '../../src/analyze/statistics.js';

/** Random r×c table of small counts. */
const tableArb = (maxRows: number, maxCols: number, maxCell: number): fc.Arbitrary<number[][]> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([r, c]) =>
      fc.array(fc.array(fc.nat({ max: maxCell }), { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      }),
    );

/** A permutation of 0..n−1 drawn from a seed. */
function permutation(n: number, seed: number): number[] {
  const random = createRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

function permuteTable(table: number[][], rowSeed: number, colSeed: number): number[][] {
  const rows = permutation(table.length, rowSeed);
  const cols = permutation(table[0]?.length ?? 0, colSeed);
  return rows.map((i) => cols.map((j) => table[i]?.[j] ?? 0));
}

function transpose(table: number[][]): number[][] {
  return (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0));
}

/** Naive Fisher–Freeman–Halton p: enumerate every table with the same margins. */
function naiveFisher(table: number[][]): number {
  const rows = table.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = transpose(table).map((col) => col.reduce((s, v) => s + v, 0));
  const n = rows.reduce((s, v) => s + v, 0);
  const lf = [0];
  for (let i = 1; i <= n; i++) lf.push((lf[i - 1] ?? 0) + Math.log(i));
  const f = (k: number): number => lf[k] ?? 0;
  let constant = -f(n);
  for (const r of rows) constant += f(r);
  for (const c of cols) constant += f(c);
  const logP = (cells: number[]): number => cells.reduce((s, v) => s - f(v), constant);
  const observed = logP(table.flat());
  let p = 0;
  const cells: number[] = [];
  const rowLeft = [...rows];
  const colLeft = [...cols];
  const r = rows.length;
  const c = cols.length;
  const visit = (index: number): void => {
    if (index === r * c) {
      const lp = logP(cells);
      if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
      return;
    }
    const i = Math.floor(index / c);
    const j = index % c;
    const hi = Math.min(rowLeft[i] ?? 0, colLeft[j] ?? 0);
    // The last cell of a row or column is forced by its margin.
    const forced = j === c - 1 ? (rowLeft[i] ?? 0) : i === r - 1 ? (colLeft[j] ?? 0) : null;
    const lo = forced ?? 0;
    const top = forced ?? hi;
    for (let v = lo; v <= Math.min(top, hi); v++) {
      cells.push(v);
      rowLeft[i] = (rowLeft[i] ?? 0) - v;
      colLeft[j] = (colLeft[j] ?? 0) - v;
      visit(index + 1);
      rowLeft[i] = (rowLeft[i] ?? 0) + v;
      colLeft[j] = (colLeft[j] ?? 0) + v;
      cells.pop();
    }
  };
  visit(0);
  return p;
}

describe('benjaminiHochberg properties', () => {
  const pArb = fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { maxLength: 40 });

  it('q ≥ p, q ≤ 1, nulls preserved, and q monotone in p', () => {
    fc.assert(
      fc.property(pArb, (p) => {
        const q = benjaminiHochberg(p);
        expect(q.length).toBe(p.length);
        p.forEach((pi, i) => {
          const qi = q[i];
          if (pi === null) {
            expect(qi).toBeNull();
            return;
          }
          expect(qi).not.toBeNull();
          expect(qi ?? NaN).toBeGreaterThanOrEqual(pi);
          expect(qi ?? NaN).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pj !== null && pi <= pj) expect(qi ?? NaN).toBeLessThanOrEqual(q[j] ?? NaN);
          });
        });
      }),
    );
  });

  it('q-values follow their p-values when the input is reordered', () => {
    fc.assert(
      fc.property(pArb, fc.integer(), (p, seed) => {
        const order = permutation(p.length, seed);
        const q = benjaminiHochberg(p);
        const qPermuted = benjaminiHochberg(order.map((i) => p[i] ?? null));
        order.forEach((i, k) => expect(qPermuted[k]).toBe(q[i]));
      }),
    );
  });
});

describe('cohensKappa properties', () => {
  const squareArb = fc
    .integer({ min: 1, max: 5 })
    .chain((k) =>
      fc.array(fc.array(fc.nat({ max: 30 }), { minLength: k, maxLength: k }), { minLength: k, maxLength: k }),
    );

  it('is symmetric under transposition and at most 1', () => {
    fc.assert(
      fc.property(squareArb, (t) => {
        const kappa = cohensKappa(t);
        const kappaT = cohensKappa(transpose(t));
        if (kappa === null) {
          expect(kappaT).toBeNull();
          return;
        }
        expect(kappaT ?? NaN).toBeCloseTo(kappa, 10);
        expect(kappa).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('is invariant under relabelling categories (same permutation of rows and columns)', () => {
    fc.assert(
      fc.property(squareArb, fc.integer(), (t, seed) => {
        const order = permutation(t.length, seed);
        const relabelled = order.map((i) => order.map((j) => t[i]?.[j] ?? 0));
        const kappa = cohensKappa(t);
        const kappaR = cohensKappa(relabelled);
        if (kappa === null) expect(kappaR).toBeNull();
        else expect(kappaR ?? NaN).toBeCloseTo(kappa, 10);
      }),
    );
  });
});

describe('krippendorffAlphaNominal properties', () => {
  const unitsArb = fc.integer({ min: 2, max: 5 }).chain((coders) =>
    fc.array(
      fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 }), {
        minLength: coders,
        maxLength: coders,
      }),
      { maxLength: 25 },
    ),
  );

  it('is invariant under relabelling categories and permuting coders', () => {
    fc.assert(
      fc.property(unitsArb, fc.integer(), fc.integer(), (units, labelSeed, coderSeed) => {
        const labels = ['alpha', 'beta', 'gamma', 'delta'];
        const relabel = permutation(4, labelSeed);
        const coders = permutation(units[0]?.length ?? 0, coderSeed);
        const transformed: CodedValue[][] = units.map((unit) =>
          coders.map((c) => {
            const v = unit[c];
            return v === null || v === undefined ? null : (labels[relabel[v] ?? 0] ?? null);
          }),
        );
        const a = krippendorffAlphaNominal(units);
        const b = krippendorffAlphaNominal(transformed);
        expect(b.undefinedReason).toBe(a.undefinedReason);
        expect(b.pairableValues).toBe(a.pairableValues);
        if (a.alpha === null) expect(b.alpha).toBeNull();
        else expect(b.alpha ?? NaN).toBeCloseTo(a.alpha, 10);
        const pa = percentAgreement(units).agreement;
        const pb = percentAgreement(transformed).agreement;
        if (pa === null) expect(pb).toBeNull();
        else expect(pb ?? NaN).toBeCloseTo(pa, 10);
      }),
    );
  });

  it('alpha ≤ 1 and, for two coders without missing values, equals 1 − (n − 1)·2·#disagreements / (n² − Σ n_c²)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 30 }),
        (pairs) => {
          const r = krippendorffAlphaNominal(pairs.map(([x, y]) => [x, y]));
          if (r.alpha === null) return;
          expect(r.alpha).toBeLessThanOrEqual(1 + 1e-12);
          // With two coders each unit adds 1 to o_xy and o_yx (x ≠ y) or 2 to o_xx, so
          // n − Σ o_cc = 2·#disagreements (n = 2N values, n_c = count of value c).
          const n = 2 * pairs.length;
          const counts = [0, 0, 0];
          let disagreements = 0;
          for (const [x, y] of pairs) {
            counts[x] = (counts[x] ?? 0) + 1;
            counts[y] = (counts[y] ?? 0) + 1;
            if (x !== y) disagreements++;
          }
          const crossPairs = n * n - counts.reduce((s, c) => s + c * c, 0);
          expect(r.alpha).toBeCloseTo(1 - ((n - 1) * 2 * disagreements) / crossPairs, 10);
        },
      ),
    );
  });
});

describe('chiSquareIndependence properties', () => {
  it('X², df and V are invariant under row/column permutation and transposition', () => {
    fc.assert(
      fc.property(tableArb(5, 5, 20), fc.integer(), fc.integer(), (t, rs, cs) => {
        const base = chiSquareIndependence(t);
        const permuted = chiSquareIndependence(permuteTable(t, rs, cs));
        const transposed = chiSquareIndependence(transpose(t));
        for (const other of [permuted, transposed]) {
          expect(other?.df).toBe(base?.df);
          expect(other?.statistic ?? NaN).toBeCloseTo(base?.statistic ?? NaN, 8);
          if (base?.cramersV === null) expect(other?.cramersV).toBeNull();
          else expect(other?.cramersV ?? NaN).toBeCloseTo(base?.cramersV ?? NaN, 10);
        }
        if (base?.pAsymptotic !== null) {
          expect(base?.pAsymptotic ?? NaN).toBeGreaterThanOrEqual(0);
          expect(base?.pAsymptotic ?? NaN).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('fisherExactRxC properties', () => {
  it('agrees with naive enumeration of all tables and lies in [0, 1]', () => {
    fc.assert(
      fc.property(tableArb(3, 4, 4), (t) => {
        const r = fisherExactRxC(t);
        expect(r).not.toBeNull();
        const p = r?.p ?? NaN;
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(p).toBeCloseTo(naiveFisher(t), 9);
        expect(p).toBeGreaterThanOrEqual((r?.observedProbability ?? 0) * (1 - 1e-9));
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with naive enumeration on 2×k tables with larger counts', () => {
    const twoRows = fc
      .integer({ min: 2, max: 5 })
      .chain((k) =>
        fc.array(fc.array(fc.nat({ max: 7 }), { minLength: k, maxLength: k }), { minLength: 2, maxLength: 2 }),
      );
    fc.assert(
      fc.property(twoRows, (t) => {
        expect(fisherExactRxC(t)?.p ?? NaN).toBeCloseTo(naiveFisher(t), 9);
      }),
      { numRuns: 100 },
    );
  });

  it('is invariant under row/column permutation and transposition', () => {
    fc.assert(
      fc.property(tableArb(3, 6, 6), fc.integer(), fc.integer(), (t, rs, cs) => {
        const p = fisherExactRxC(t)?.p ?? NaN;
        expect(fisherExactRxC(permuteTable(t, rs, cs))?.p ?? NaN).toBeCloseTo(p, 9);
        expect(fisherExactRxC(transpose(t))?.p ?? NaN).toBeCloseTo(p, 9);
      }),
      { numRuns: 100 },
    );
  });

  it('handles zero margins gracefully: zero rows/columns change nothing; a 2×k table with an empty row has p = 1', () => {
    fc.assert(
      fc.property(tableArb(3, 4, 5), fc.nat({ max: 3 }), fc.nat({ max: 4 }), (t, rowAt, colAt) => {
        const width = t[0]?.length ?? 0;
        const withZeroRow = [...t.slice(0, rowAt), new Array<number>(width).fill(0), ...t.slice(rowAt)];
        const withZeroCol = t.map((row) => [...row.slice(0, colAt), 0, ...row.slice(colAt)]);
        const p = fisherExactRxC(t)?.p ?? NaN;
        expect(fisherExactRxC(withZeroRow)?.p ?? NaN).toBeCloseTo(p, 10);
        expect(fisherExactRxC(withZeroCol)?.p ?? NaN).toBeCloseTo(p, 10);
        const firstRow = t[0] ?? [];
        expect(fisherExactRxC([firstRow, new Array<number>(width).fill(0)])?.p).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('permutationIndependence properties', () => {
  it('is deterministic for a seed and returns p in (0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }),
        fc.nat(),
        (units, seed) => {
          const presence = units.map(([p]) => p);
          const groups = units.map(([, g]) => g);
          const a = permutationIndependence(presence, groups, { seed, permutations: 200 });
          const b = permutationIndependence(presence, groups, { seed, permutations: 200 });
          expect(a).toEqual(b);
          expect(a?.p ?? NaN).toBeGreaterThan(0);
          expect(a?.p ?? NaN).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('permutationIndependenceMany (compare\'s rows tested together)', () => {
  it('gives exactly what one permutationIndependence call per vector gives, for any vectors over the same groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 40 }).chain((groups) =>
          fc.tuple(
            fc.constant(groups),
            // Arbitrary vectors, block-shaped ones as compare --by topic makes, and one of another length.
            fc.array(fc.oneof(fc.array(fc.boolean(), { minLength: groups.length, maxLength: groups.length }), fc.nat({ max: groups.length }).map((h) => groups.map((_, i) => i < h)), fc.array(fc.boolean(), { maxLength: 5 })), { maxLength: 5 }),
          ),
        ),
        fc.nat(),
        fc.integer({ min: 0, max: 300 }),
        ([groups, presences], seed, permutations) => {
          const many = permutationIndependenceMany(presences, groups, { seed, permutations });
          expect(many).toEqual(presences.map((presence) => permutationIndependence(presence, groups, { seed, permutations })));
        },
      ),
      { numRuns: 200 },
    );
  });
});
