/**
 * Pure statistics core for cocreate.
 *
 * Everything the analysis layer needs to compare coded interviews across
 * groups and to check agreement between coders: Pearson chi-square test of
 * independence (with Cramér's V and adjusted residuals), the
 * Fisher–Freeman–Halton exact test for r×c tables, a seeded Monte Carlo
 * permutation test, Benjamini–Hochberg q-values, Cohen's kappa,
 * Krippendorff's alpha (nominal), percent agreement and precision/recall/F1.
 *
 * All functions are pure (no IO, no global state, standard library only) and
 * never throw: degenerate input (empty tables, zero margins, no variation)
 * yields `null` statistics as documented on each function, and malformed input
 * (negative or non-finite counts) yields `null` results.
 */

// ---------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------

/** Lanczos coefficients (g = 7, n = 9), accurate to about 1e-15 in double precision. */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/** Natural logarithm of the gamma function, ln Γ(x), for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === Infinity ? Infinity : NaN;
  if (x < 0.5) {
    // Reflection formula: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS_COEFFICIENTS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) {
    a += (LANCZOS_COEFFICIENTS[i] ?? 0) / (z + i);
  }
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const GAMMA_EPS = 1e-15;
const GAMMA_MAX_ITER = 10_000;
const GAMMA_TINY = 1e-300;

/** Lower regularized gamma P(a, x) by its power series (converges fast for x < a + 1). */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < GAMMA_MAX_ITER; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Upper regularized gamma Q(a, x) by Lentz's continued fraction (converges fast for x ≥ a + 1). */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= GAMMA_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Upper regularized incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for
 * a > 0 and x ≥ 0 (NaN for invalid arguments). Relative accuracy about 1e-14.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0 || a === Infinity) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.min(1, Math.max(0, 1 - gammaPSeries(a, x)));
  return Math.min(1, Math.max(0, gammaQContinuedFraction(a, x)));
}

/**
 * Upper-tail probability P(X ≥ x) of the chi-square distribution with `df`
 * degrees of freedom (df > 0; NaN otherwise). Returns 1 for x ≤ 0.
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Table of ln(k!) for k = 0..n, built by cumulative sums of ln k. */
function logFactorialTable(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = (table[k - 1] ?? 0) + Math.log(k);
  return table;
}

// ---------------------------------------------------------------------------
// Table helpers
// ---------------------------------------------------------------------------

/**
 * Normalizes a count table: ragged rows are padded with zeros. Returns null
 * when any cell is negative or not finite.
 */
function normalizeTable(table: readonly (readonly number[])[]): number[][] | null {
  const width = table.reduce((w, row) => Math.max(w, row.length), 0);
  const out: number[][] = [];
  for (const row of table) {
    const normalized: number[] = [];
    for (let j = 0; j < width; j++) {
      const v = row[j] ?? 0;
      if (!Number.isFinite(v) || v < 0) return null;
      normalized.push(v);
    }
    out.push(normalized);
  }
  return out;
}

function rowSumsOf(table: readonly (readonly number[])[]): number[] {
  return table.map((row) => row.reduce((s, v) => s + v, 0));
}

function colSumsOf(table: readonly (readonly number[])[], width: number): number[] {
  const sums = new Array<number>(width).fill(0);
  for (const row of table) {
    for (let j = 0; j < width; j++) sums[j] = (sums[j] ?? 0) + (row[j] ?? 0);
  }
  return sums;
}

// ---------------------------------------------------------------------------
// Chi-square test of independence
// ---------------------------------------------------------------------------

/** Result of Pearson's chi-square test of independence on an r×c table. */
export interface ChiSquareResult {
  /** Pearson X² = Σ (O − E)² / E over cells of non-empty rows and columns (0 when nothing to test). */
  statistic: number;
  /** Degrees of freedom (r′ − 1)(c′ − 1), counting only rows and columns with a non-zero total. */
  df: number;
  /** Total count n of the table. */
  n: number;
  /** Cramér's V = sqrt(X² / (n · (min(r′, c′) − 1))), in [0, 1]; null when df = 0. */
  cramersV: number | null;
  /** Expected counts E_ij = r_i · c_j / n under independence (all 0 when n = 0), same shape as the input. */
  expected: number[][];
  /**
   * Agresti's adjusted standardized residuals (O − E) / sqrt(E (1 − r_i/n)(1 − c_j/n)),
   * approximately N(0, 1) under independence; null for cells whose denominator is 0
   * (all-zero rows or columns, or a single non-empty row or column).
   */
  adjustedResiduals: (number | null)[][];
  /** Asymptotic upper-tail p-value P(χ²_df ≥ X²); null when df = 0. */
  pAsymptotic: number | null;
  /** Smallest expected count among non-empty rows and columns (null when there is none); < 5 warns that the asymptotic p is rough. */
  minExpected: number | null;
}

/**
 * Pearson chi-square test of independence for an r×c table of counts
 * (rows = e.g. code present/absent, columns = groups). All-zero rows and
 * columns are ignored for X² and df. Ragged rows are padded with zeros.
 * Returns null only for malformed tables (negative or non-finite cells).
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareResult | null {
  const t = normalizeTable(table);
  if (t === null) return null;
  const width = t[0]?.length ?? 0;
  const rowSums = rowSumsOf(t);
  const colSums = colSumsOf(t, width);
  const n = rowSums.reduce((s, v) => s + v, 0);
  const activeRows = rowSums.filter((v) => v > 0).length;
  const activeCols = colSums.filter((v) => v > 0).length;
  const df = Math.max(0, activeRows - 1) * Math.max(0, activeCols - 1);

  let statistic = 0;
  let minExpected: number | null = null;
  const expected: number[][] = [];
  const adjustedResiduals: (number | null)[][] = [];
  for (let i = 0; i < t.length; i++) {
    const ri = rowSums[i] ?? 0;
    const row = t[i] ?? [];
    const eRow: number[] = [];
    const aRow: (number | null)[] = [];
    for (let j = 0; j < width; j++) {
      const cj = colSums[j] ?? 0;
      const o = row[j] ?? 0;
      const e = n > 0 ? (ri * cj) / n : 0;
      eRow.push(e);
      if (e > 0) {
        statistic += ((o - e) * (o - e)) / e;
        minExpected = minExpected === null ? e : Math.min(minExpected, e);
      }
      const variance = n > 0 ? e * (1 - ri / n) * (1 - cj / n) : 0;
      aRow.push(variance > 0 ? (o - e) / Math.sqrt(variance) : null);
    }
    expected.push(eRow);
    adjustedResiduals.push(aRow);
  }

  const k = Math.min(activeRows, activeCols) - 1;
  const cramersV = df > 0 && k > 0 && n > 0 ? Math.min(1, Math.sqrt(statistic / (n * k))) : null;
  const pAsymptotic = df > 0 ? chiSquareSurvival(statistic, df) : null;
  return { statistic, df, n, cramersV, expected, adjustedResiduals, pAsymptotic, minExpected };
}

// ---------------------------------------------------------------------------
// Fisher–Freeman–Halton exact test
// ---------------------------------------------------------------------------

/** Options for {@link fisherExactRxC}. */
export interface FisherOptions {
  /**
   * Cap on the work of the exact enumeration, in steps (one step = one
   * partial table extended by one column, or one arc of the margin network).
   * Beyond it the test gives up and returns null, so the caller can fall back
   * to {@link permutationIndependence}. Default 20,000,000 (seconds at most).
   */
  maxSteps?: number;
}

/** Result of {@link fisherExactRxC}. */
export interface FisherResult {
  /** Two-sided exact p-value: total probability of the tables with the observed margins that are no more probable than the observed one. */
  p: number;
  /** Probability of the observed table under independence given its margins (multivariate hypergeometric). */
  observedProbability: number;
  /** Enumeration steps used (see {@link FisherOptions.maxSteps}); 0 when the margins allow a single table. */
  steps: number;
}

/** Relative tolerance for "no more probable than observed", as in R's fisher.test. */
const FISHER_REL_TOL = 1e-7;
const DEFAULT_FISHER_MAX_STEPS = 20_000_000;
/** Partial-table log values closer than this (1e-9, far below the tolerance) are merged. */
const FISHER_MERGE_SCALE = 1e9;

/** A node of the margin network: the multiset of row totals still to fill after `layer` columns. */
interface NetworkNode {
  rem: number[];
  /** Arcs to the next layer: child index, −Σ ln x_i! of the column, number of column vectors giving it. */
  arcs: { child: number; value: number; mult: number }[];
  /** Arcs from the previous layer (same data, seen from the child). */
  parents: { parent: number; value: number; mult: number }[];
  /** Max / min over completions of −Σ ln n_il! for the remaining columns. */
  maxFuture: number;
  minFuture: number;
  /** Max / min over partial tables reaching this node of −Σ ln n_il! for the filled columns. */
  maxPast: number;
  minPast: number;
  /** ln Σ over completions of Π 1/n_il! (closed form). */
  logFutureTotal: number;
}

/**
 * Partial tables gathered at one node. They arrive as runs already sorted
 * by value (a sorted list shifted by one arc's value); {@link finalize} merges
 * the runs, merges equal values (summing multiplicities) and computes running
 * log-sums so that a whole range of values can be settled at once.
 */
class EntryList {
  /** Number of distinct values (after {@link finalize}). */
  size = 0;
  /** Log values, ascending (after {@link finalize}). */
  values: Float64Array = EMPTY;
  /** Multiplicity of each value (after {@link finalize}). */
  counts: Float64Array = EMPTY;
  private prefixRef: Float64Array = EMPTY;
  private prefixAcc: Float64Array = EMPTY;
  /** ln of Σ count·e^value of entries folded into one aggregate (backward side only). */
  logAggregate = -Infinity;
  private length = 0;
  private readonly runStarts: number[] = [];

  /** Starts a new run; the values pushed until the next run must be ascending. */
  beginRun(): void {
    if (this.runStarts[this.runStarts.length - 1] !== this.length) this.runStarts.push(this.length);
  }

  push(value: number, count: number): void {
    if (this.length === this.values.length) {
      this.values = grow(this.values, this.length);
      this.counts = grow(this.counts, this.length);
    }
    this.values[this.length] = value;
    this.counts[this.length] = count;
    this.length++;
  }

  finalize(): void {
    // Bottom-up merge of the sorted runs, ping-ponging between two buffers.
    let bounds = [0, ...this.runStarts.filter((s) => s > 0 && s < this.length), this.length];
    let srcV: Float64Array = this.values;
    let srcC: Float64Array = this.counts;
    let dstV: Float64Array = new Float64Array(this.length);
    let dstC: Float64Array = new Float64Array(this.length);
    while (bounds.length > 2) {
      const merged: number[] = [0];
      for (let r = 0; r + 1 < bounds.length; r += 2) {
        const lo = bounds[r] ?? 0;
        const mid = bounds[r + 1] ?? 0;
        const hi = bounds[r + 2] ?? mid;
        let i = lo;
        let j = mid;
        let o = lo;
        while (i < mid && j < hi) {
          if ((srcV[i] ?? 0) <= (srcV[j] ?? 0)) {
            dstV[o] = srcV[i] ?? 0;
            dstC[o++] = srcC[i++] ?? 0;
          } else {
            dstV[o] = srcV[j] ?? 0;
            dstC[o++] = srcC[j++] ?? 0;
          }
        }
        while (i < mid) {
          dstV[o] = srcV[i] ?? 0;
          dstC[o++] = srcC[i++] ?? 0;
        }
        while (j < hi) {
          dstV[o] = srcV[j] ?? 0;
          dstC[o++] = srcC[j++] ?? 0;
        }
        merged.push(hi);
      }
      bounds = merged;
      [srcV, dstV] = [dstV, srcV];
      [srcC, dstC] = [dstC, srcC];
    }
    // Merge equal values (same value to 1e-9) in place, then the running log-sums.
    let size = 0;
    let lastKey = NaN;
    for (let i = 0; i < this.length; i++) {
      const v = srcV[i] ?? 0;
      const key = Math.round(v * FISHER_MERGE_SCALE);
      if (key === lastKey) {
        srcC[size - 1] = (srcC[size - 1] ?? 0) + (srcC[i] ?? 0);
      } else {
        srcV[size] = v;
        srcC[size] = srcC[i] ?? 0;
        size++;
        lastKey = key;
      }
    }
    // Running sums kept as reference·accumulator (ln sum = ref + ln acc): one exp per entry.
    const prefixRef = new Float64Array(size);
    const prefixAcc = new Float64Array(size);
    let ref = this.logAggregate;
    let acc = ref === -Infinity ? 0 : 1;
    for (let i = 0; i < size; i++) {
      const v = srcV[i] ?? 0;
      const c = srcC[i] ?? 0;
      if (v <= ref) acc += c * Math.exp(v - ref);
      else {
        acc = acc * Math.exp(ref - v) + c;
        ref = v;
      }
      prefixRef[i] = ref;
      prefixAcc[i] = acc;
    }
    this.values = srcV;
    this.counts = srcC;
    this.prefixRef = prefixRef;
    this.prefixAcc = prefixAcc;
    this.size = size;
  }

  /** ln Σ count·e^value over the first `end` entries, plus the aggregate; needs {@link finalize}. */
  logPrefix(end: number): number {
    if (end <= 0) return this.logAggregate;
    return (this.prefixRef[end - 1] ?? 0) + Math.log(this.prefixAcc[end - 1] ?? 0);
  }

  /** ln Σ count·e^value over entries with value ≤ limit, plus the aggregate; needs {@link finalize}. */
  logMassUpTo(limit: number): number {
    return this.logPrefix(upperBound(this.values, this.size, limit));
  }
}

const EMPTY = new Float64Array(0);

function grow(array: Float64Array, used: number): Float64Array {
  const bigger = new Float64Array(Math.max(16, array.length * 2));
  bigger.set(array.subarray(0, used));
  return bigger;
}

/** Index of the first element > limit in the ascending prefix sorted[0..size). */
function upperBound(sorted: Float64Array, size: number, limit: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Two-sided Fisher–Freeman–Halton exact test of independence for an r×c
 * table of non-negative integer counts: p = Σ P(T) over all tables T with
 * the observed margins and P(T) ≤ P(observed)·(1 + 1e-7), as R's fisher.test.
 *
 * Network algorithm (after Mehta & Patel 1983), run from both ends: tables
 * are built column by column; a node is (column, multiset of remaining row
 * totals). Partial tables with equal probability so far are merged. A partial
 * table is settled at once when even its most probable completion is no more
 * probable than the observed table (all completions count, summed in closed
 * form) or when even its least probable completion is more probable (none
 * count). The forward and backward frontiers meet in the middle, where the
 * sorted partial sums are combined with prefix sums. Fast for the 2×k tables
 * of code presence × group; fine for modest r×c.
 *
 * All-zero rows and columns are dropped; when fewer than two rows or two
 * columns remain only one table is possible and p = 1. Returns null when the
 * table is malformed (negative, non-finite or non-integer cells) or when the
 * enumeration would exceed `maxSteps`.
 */
export function fisherExactRxC(
  table: readonly (readonly number[])[],
  options: FisherOptions = {},
): FisherResult | null {
  const maxSteps = options.maxSteps ?? DEFAULT_FISHER_MAX_STEPS;
  const normalized = normalizeTable(table);
  if (normalized === null) return null;
  if (normalized.some((row) => row.some((v) => !Number.isInteger(v)))) return null;

  // Drop empty rows and columns.
  const width = normalized[0]?.length ?? 0;
  const keepCols = colSumsOf(normalized, width).flatMap((c, j) => (c > 0 ? [j] : []));
  let t = normalized
    .filter((row) => row.some((v) => v > 0))
    .map((row) => keepCols.map((j) => row[j] ?? 0));
  if (t.length < 2 || keepCols.length < 2) return { p: 1, observedProbability: 1, steps: 0 };

  // The node state is the vector of remaining row totals: keep it short.
  if (t.length > keepCols.length) t = transpose(t);
  const rowTotals = rowSumsOf(t);
  const cols = colSumsOf(t, t[0]?.length ?? 0).sort((a, b) => b - a);
  const k = cols.length;
  const n = rowTotals.reduce((s, v) => s + v, 0);
  const lf = logFactorialTable(n);
  const lfact = (x: number): number => lf[x] ?? 0;

  // ln P(T) = K + value(T), value(T) = −Σ ln n_ij!, K = Σ ln r_i! + Σ ln c_j! − ln n!
  let K = -lfact(n);
  for (const r of rowTotals) K += lfact(r);
  for (const c of cols) K += lfact(c);
  let observedValue = 0;
  for (const row of t) for (const v of row) observedValue -= lfact(v);
  const threshold = observedValue + Math.log1p(FISHER_REL_TOL);
  const observedProbability = Math.exp(K + observedValue);

  let steps = 0;
  const overBudget = (): boolean => steps > maxSteps;

  // ---- Build the network layer by layer (nodes keyed by sorted remaining row totals).
  const layers: NetworkNode[][] = [];
  const newNode = (rem: number[]): NetworkNode => ({
    rem,
    arcs: [],
    parents: [],
    maxFuture: 0,
    minFuture: 0,
    maxPast: -Infinity,
    minPast: Infinity,
    logFutureTotal: 0,
  });
  const start = newNode([...rowTotals].sort((a, b) => a - b));
  start.maxPast = 0;
  start.minPast = 0;
  layers.push([start]);
  for (let j = 0; j < k; j++) {
    const current = layers[j] ?? [];
    const nextNodes: NetworkNode[] = [];
    const nextIndex = new Map<string, number>();
    const c = cols[j] ?? 0;
    for (let p = 0; p < current.length; p++) {
      const node = current[p];
      if (node === undefined) continue;
      const rem = node.rem;
      const r = rem.length;
      const suffix = new Array<number>(r + 1).fill(0);
      for (let i = r - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] ?? 0) + (rem[i] ?? 0);
      const x = new Array<number>(r).fill(0);
      const arcIndex = new Map<string, number>(); // child + value → arc position
      const fill = (i: number, left: number, value: number): void => {
        if (i === r - 1) {
          x[i] = left;
          const v = value - lfact(left);
          const childRem = rem.map((ri, idx) => ri - (x[idx] ?? 0)).sort((a, b) => a - b);
          const key = childRem.join(',');
          let child = nextIndex.get(key);
          if (child === undefined) {
            child = nextNodes.length;
            nextIndex.set(key, child);
            nextNodes.push(newNode(childRem));
          }
          const arcKey = `${child}:${Math.round(v * FISHER_MERGE_SCALE)}`;
          const at = arcIndex.get(arcKey);
          const existing = at === undefined ? undefined : node.arcs[at];
          if (existing !== undefined) existing.mult += 1;
          else {
            arcIndex.set(arcKey, node.arcs.length);
            node.arcs.push({ child, value: v, mult: 1 });
          }
          steps++;
          return;
        }
        const lo = Math.max(0, left - (suffix[i + 1] ?? 0));
        const hi = Math.min(rem[i] ?? 0, left);
        for (let v = lo; v <= hi && !overBudget(); v++) {
          x[i] = v;
          fill(i + 1, left - v, value - lfact(v));
        }
      };
      fill(0, c, 0);
      if (overBudget()) return null;
      for (const arc of node.arcs) {
        const child = nextNodes[arc.child];
        if (child === undefined) continue;
        child.parents.push({ parent: p, value: arc.value, mult: arc.mult });
        child.maxPast = Math.max(child.maxPast, node.maxPast + arc.value);
        child.minPast = Math.min(child.minPast, node.minPast + arc.value);
      }
    }
    layers.push(nextNodes);
  }

  // ---- Bounds and closed-form totals of completions.
  const suffixLogFactCols = new Float64Array(k + 1);
  for (let j = k - 1; j >= 0; j--) suffixLogFactCols[j] = (suffixLogFactCols[j + 1] ?? 0) + lfact(cols[j] ?? 0);
  for (let j = k; j >= 0; j--) {
    for (const node of layers[j] ?? []) {
      let total = 0;
      let value = 0;
      for (const r of node.rem) {
        total += r;
        value -= lfact(r);
      }
      node.logFutureTotal = value + lfact(total) - (suffixLogFactCols[j] ?? 0);
      if (j === k) continue;
      let max = -Infinity;
      let min = Infinity;
      for (const arc of node.arcs) {
        const child = layers[j + 1]?.[arc.child];
        if (child === undefined) continue;
        max = Math.max(max, arc.value + child.maxFuture);
        min = Math.min(min, arc.value + child.minFuture);
      }
      node.maxFuture = max;
      node.minFuture = min;
    }
  }

  // ---- Bidirectional expansion of partial tables.
  // Forward lists hold partial tables of the first `a` columns (value L, count);
  // backward lists hold completions of the last k − b columns (value F, count).
  // A table counts when L + F ≤ threshold. Forward entries whose every
  // completion counts are added to p at once; entries that can never count are
  // dropped. Backward entries that count for every past are folded into an
  // aggregate; those that never count are dropped.
  let p = 0;
  let a = 0;
  let b = k;
  const startList = new EntryList();
  if (start.maxFuture <= threshold) p = 1;
  else if (start.minFuture <= threshold) startList.push(0, 1);
  startList.finalize();
  let forward: EntryList[] = [startList];
  const endLayer = layers[k] ?? [];
  const endList = new EntryList();
  const endNode = endLayer[0];
  if (endNode !== undefined) {
    if (endNode.maxPast <= threshold) endList.logAggregate = 0;
    else if (endNode.minPast <= threshold) endList.push(0, 1);
  }
  endList.finalize();
  let backward: EntryList[] = [endList];

  const forwardCost = (): number =>
    forward.reduce((s, list, i) => s + list.size * (layers[a]?.[i]?.arcs.length ?? 0), 0);
  const backwardCost = (): number =>
    backward.reduce((s, list, i) => s + (list.size + 1) * (layers[b]?.[i]?.parents.length ?? 0), 0);

  while (a < b) {
    if (forwardCost() <= backwardCost()) {
      const currentLayer = layers[a] ?? [];
      const nextLayer = layers[a + 1] ?? [];
      const next = nextLayer.map(() => new EntryList());
      for (let i = 0; i < forward.length; i++) {
        const list = forward[i];
        const node = currentLayer[i];
        if (list === undefined || node === undefined || list.size === 0) continue;
        for (const arc of node.arcs) {
          const child = nextLayer[arc.child];
          const target = next[arc.child];
          if (child === undefined || target === undefined) continue;
          // L + v + maxFuture ≤ T: all completions count; L + v + minFuture > T: none.
          const settled = upperBound(list.values, list.size, threshold - child.maxFuture - arc.value);
          const live = upperBound(list.values, list.size, threshold - child.minFuture - arc.value);
          if (settled > 0) {
            const logMass = list.logPrefix(settled);
            p += arc.mult * Math.exp(K + arc.value + child.logFutureTotal + logMass);
          }
          steps += 1 + live - settled;
          if (overBudget()) return null;
          target.beginRun();
          for (let e = settled; e < live; e++) {
            target.push((list.values[e] ?? 0) + arc.value, (list.counts[e] ?? 0) * arc.mult);
          }
        }
      }
      for (const list of next) list.finalize();
      forward = next;
      a++;
    } else {
      const currentLayer = layers[b] ?? [];
      const prevLayer = layers[b - 1] ?? [];
      const prev = prevLayer.map(() => new EntryList());
      for (let i = 0; i < backward.length; i++) {
        const list = backward[i];
        const node = currentLayer[i];
        if (list === undefined || node === undefined) continue;
        if (list.size === 0 && list.logAggregate === -Infinity) continue;
        for (const arc of node.parents) {
          const parent = prevLayer[arc.parent];
          const target = prev[arc.parent];
          if (parent === undefined || target === undefined) continue;
          // F + v + maxPast ≤ T: counts for every past; F + v + minPast > T: for none.
          const folded = upperBound(list.values, list.size, threshold - parent.maxPast - arc.value);
          const live = upperBound(list.values, list.size, threshold - parent.minPast - arc.value);
          const logFolded = list.logPrefix(folded);
          if (logFolded > -Infinity) {
            target.logAggregate = logAddExp(target.logAggregate, logFolded + arc.value + Math.log(arc.mult));
          }
          steps += 1 + live - folded;
          if (overBudget()) return null;
          target.beginRun();
          for (let e = folded; e < live; e++) {
            target.push((list.values[e] ?? 0) + arc.value, (list.counts[e] ?? 0) * arc.mult);
          }
        }
      }
      for (const list of prev) list.finalize();
      backward = prev;
      b--;
    }
  }

  // ---- Meet: pair each remaining partial table with the completions it counts with.
  for (let i = 0; i < forward.length; i++) {
    const past = forward[i];
    const future = backward[i];
    if (past === undefined || future === undefined || past.size === 0) continue;
    steps += past.size;
    for (let e = 0; e < past.size; e++) {
      const value = past.values[e] ?? 0;
      const logMass = future.logMassUpTo(threshold - value);
      if (logMass > -Infinity) p += (past.counts[e] ?? 0) * Math.exp(K + value + logMass);
    }
  }
  return { p: Math.min(1, p), observedProbability, steps };
}

function transpose(t: readonly (readonly number[])[]): number[][] {
  const width = t[0]?.length ?? 0;
  const out: number[][] = [];
  for (let j = 0; j < width; j++) out.push(t.map((row) => row[j] ?? 0));
  return out;
}

// ---------------------------------------------------------------------------
// Seeded PRNG and permutation test
// ---------------------------------------------------------------------------

/**
 * Creates a deterministic pseudo-random generator (mulberry32, 32-bit state)
 * returning floats uniform in [0, 1). The same seed always gives the same
 * sequence; the seed is taken modulo 2³².
 */
export function createRandom(seed: number): () => number {
  let state = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for {@link permutationIndependence}. */
export interface PermutationOptions {
  /** Seed of the PRNG (uint32); default 1. */
  seed?: number;
  /** Number of Monte Carlo permutations B; default 10,000. */
  permutations?: number;
}

/** Result of {@link permutationIndependence}. */
export interface PermutationResult {
  /** Monte Carlo p-value (1 + #{X²_perm ≥ X²_obs}) / (1 + B), never 0. */
  p: number;
  /** Pearson X² of the observed presence × group table. */
  statistic: number;
  /** Number of permutations B actually drawn. */
  permutations: number;
  /** Seed used, to reproduce the result. */
  seed: number;
}

/**
 * Monte Carlo permutation test of independence between a binary attribute
 * (e.g. a code present in an interview) and a group label, using Pearson's X²
 * of the 2×k presence × group table as the statistic. Group labels are
 * shuffled with a seeded mulberry32 generator (Fisher–Yates), so the result is
 * deterministic for a seed. X²_perm counts as "at least as extreme" when
 * X²_perm ≥ X²_obs − 1e-12·max(1, X²_obs) (absorbs rounding of equal tables).
 * Returns null when the two arrays differ in length.
 */
export function permutationIndependence(
  presence: readonly boolean[],
  groups: readonly number[],
  options: PermutationOptions = {},
): PermutationResult | null {
  if (presence.length !== groups.length) return null;
  const { seed, permutations } = permutationSettings(options);
  const { labels, k, groupSizes } = numberedGroups(groups);
  const n = presence.length;
  const present = presence.reduce((s, v) => s + (v ? 1 : 0), 0);

  const counts = new Array<number>(k).fill(0);
  const statisticOf = (assignment: readonly number[]): number => {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      if (!presence[i]) continue;
      const g = assignment[i] ?? 0;
      counts[g] = (counts[g] ?? 0) + 1;
    }
    return pearson2xK(counts, groupSizes, present, n);
  };

  const observed = statisticOf(labels);
  const cutoff = extremeCutoff(observed);
  const random = createRandom(seed);
  const shuffled = [...labels];
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    shuffleInPlace(shuffled, random);
    if (statisticOf(shuffled) >= cutoff) extreme++;
  }
  return { p: (1 + extreme) / (1 + permutations), statistic: observed, permutations, seed };
}

/**
 * {@link permutationIndependence} for several presence vectors over the same
 * group labels, seed and number of permutations (compare's rows: one per
 * code, all over the same interviews or segments): each shuffle is drawn once
 * and every vector's table is counted from it, so the results are exactly
 * those of one call per vector, at the cost of one. A vector is counted from
 * its runs of present units with running group counts taken at the runs'
 * ends, not unit by unit: `compare --by topic` has tens of thousands of
 * segments, and a code's segments form one run per topic. Null for a vector
 * whose length differs from the labels'.
 */
export function permutationIndependenceMany(
  presences: readonly (readonly boolean[])[],
  groups: readonly number[],
  options: PermutationOptions = {},
): (PermutationResult | null)[] {
  const { seed, permutations } = permutationSettings(options);
  const { labels, k, groupSizes } = numberedGroups(groups);
  const n = groups.length;

  /** Per vector: runs of present units as [start, end) pairs, its present total, observed X² cutoff. */
  const tests = presences.map((presence) => {
    if (presence.length !== n) return null;
    const runs: number[] = [];
    let present = 0;
    for (let i = 0; i < n; i++) {
      if (!presence[i]) continue;
      present++;
      if (runs.length > 0 && runs[runs.length - 1] === i) runs[runs.length - 1] = i + 1;
      else runs.push(i, i + 1);
    }
    return { runs, present, observed: 0, cutoff: 0, extreme: 0 };
  });
  // Every run boundary, sorted: running counts per group are taken there.
  const cutSet = new Set<number>();
  for (const test of tests) if (test) for (const at of test.runs) cutSet.add(at);
  const cuts = [...cutSet].sort((a, b) => a - b);
  const cutIndex = new Map(cuts.map((at, c) => [at, c]));
  const runIndexes = tests.map((test) => (test ? test.runs.map((at) => cutIndex.get(at)!) : []));
  const snapshot = new Int32Array(cuts.length * k);
  const running = new Int32Array(k);
  const counts = new Array<number>(k).fill(0);
  /** Group counts of every cut point for one assignment of labels. */
  const takeSnapshots = (assignment: readonly number[]) => {
    running.fill(0);
    let c = 0;
    for (let i = 0; i <= n && c < cuts.length; i++) {
      while (c < cuts.length && cuts[c] === i) {
        snapshot.set(running, c * k);
        c++;
      }
      if (i < n) running[assignment[i] ?? 0]! += 1;
    }
  };
  const statisticOf = (t: number): number => {
    const test = tests[t]!;
    const indexes = runIndexes[t]!;
    counts.fill(0);
    for (let r = 0; r < indexes.length; r += 2) {
      const from = indexes[r]! * k;
      const to = indexes[r + 1]! * k;
      for (let g = 0; g < k; g++) counts[g]! += snapshot[to + g]! - snapshot[from + g]!;
    }
    return pearson2xK(counts, groupSizes, test.present, n);
  };

  takeSnapshots(labels);
  tests.forEach((test, t) => {
    if (!test) return;
    test.observed = statisticOf(t);
    test.cutoff = extremeCutoff(test.observed);
  });
  const random = createRandom(seed);
  const shuffled = [...labels];
  for (let b = 0; b < permutations; b++) {
    shuffleInPlace(shuffled, random);
    takeSnapshots(shuffled);
    for (let t = 0; t < tests.length; t++) if (tests[t] && statisticOf(t) >= tests[t]!.cutoff) tests[t]!.extreme++;
  }
  return tests.map((test) => (test ? { p: (1 + test.extreme) / (1 + permutations), statistic: test.observed, permutations, seed } : null));
}

/** The seed (an unsigned 32-bit integer) and number of permutations a permutation test runs with, from its options. */
function permutationSettings(options: PermutationOptions): { seed: number; permutations: number } {
  const seed = (Number.isFinite(options.seed ?? 1) ? Math.trunc(options.seed ?? 1) : 1) >>> 0;
  const requested = options.permutations ?? 10_000;
  return { seed, permutations: Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : 0 };
}

/** Group values numbered 0…k−1 by first appearance (NaN is one group), with each group's size. */
function numberedGroups(groups: readonly number[]): { labels: number[]; k: number; groupSizes: number[] } {
  const groupIndex = new Map<number, number>();
  const labels = groups.map((g) => {
    const key = Number.isNaN(g) ? NaN : g;
    let idx = groupIndex.get(key);
    if (idx === undefined) {
      idx = groupIndex.size;
      groupIndex.set(key, idx);
    }
    return idx;
  });
  const k = groupIndex.size;
  const groupSizes = new Array<number>(k).fill(0);
  for (const g of labels) groupSizes[g] = (groupSizes[g] ?? 0) + 1;
  return { labels, k, groupSizes };
}

/** One Fisher–Yates shuffle of `labels` in place, drawing from `random`. */
function shuffleInPlace(labels: number[], random: () => number): void {
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = labels[i] ?? 0;
    labels[i] = labels[j] ?? 0;
    labels[j] = tmp;
  }
}

/** A permuted X² counts as at least as extreme as the observed one from here (absorbs rounding of equal tables). */
function extremeCutoff(observed: number): number {
  return observed - 1e-12 * Math.max(1, observed);
}

/** Pearson X² of a 2×k table given row-1 counts per column, column totals, row-1 total and n. */
function pearson2xK(
  presentCounts: readonly number[],
  groupSizes: readonly number[],
  present: number,
  n: number,
): number {
  if (n === 0 || present === 0 || present === n) return 0;
  const absent = n - present;
  let x2 = 0;
  for (let g = 0; g < groupSizes.length; g++) {
    const size = groupSizes[g] ?? 0;
    if (size === 0) continue;
    const o1 = presentCounts[g] ?? 0;
    const e1 = (present * size) / n;
    const e0 = (absent * size) / n;
    const d = o1 - e1; // (O − E) is ±d in both rows.
    x2 += (d * d) / e1 + (d * d) / e0;
  }
  return x2;
}

// ---------------------------------------------------------------------------
// Multiple testing
// ---------------------------------------------------------------------------

/**
 * Benjamini–Hochberg (1995) adjusted p-values (q-values), as R's
 * p.adjust(method = "BH"): q_(i) = min_{j ≥ i} min(1, m·p_(j)/j) in sorted
 * order, returned in the input order. `null` and NaN entries stay null and do
 * not count in m. Rejecting q ≤ α controls the false discovery rate at α.
 */
export function benjaminiHochberg(p: readonly (number | null)[]): (number | null)[] {
  const present: { index: number; p: number }[] = [];
  p.forEach((value, index) => {
    if (value !== null && !Number.isNaN(value)) present.push({ index, p: value });
  });
  const m = present.length;
  const out: (number | null)[] = p.map(() => null);
  // Stable sort by decreasing p, then running minimum from the largest p down.
  present.sort((a, b) => b.p - a.p || a.index - b.index);
  let running = Infinity;
  present.forEach(({ index, p: value }, k) => {
    const rank = m - k;
    running = Math.min(running, (m / rank) * value);
    out[index] = Math.min(1, running);
  });
  return out;
}

// ---------------------------------------------------------------------------
// Agreement between coders
// ---------------------------------------------------------------------------

/**
 * Cohen's kappa for two coders from a k×k confusion table (rows = coder A's
 * category, columns = coder B's, same category order): (p_o − p_e)/(1 − p_e).
 * Null when the table is not square, is empty, has invalid cells, or when the
 * expected agreement p_e is 1 (both coders used one and the same category).
 */
export function cohensKappa(confusion: readonly (readonly number[])[]): number | null {
  const k = confusion.length;
  if (k === 0 || confusion.some((row) => row.length !== k)) return null;
  const t = normalizeTable(confusion);
  if (t === null) return null;
  const rowSums = rowSumsOf(t);
  const colSums = colSumsOf(t, k);
  const n = rowSums.reduce((s, v) => s + v, 0);
  if (n === 0) return null;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    observed += t[i]?.[i] ?? 0;
    expected += (rowSums[i] ?? 0) * (colSums[i] ?? 0);
  }
  const po = observed / n;
  const pe = expected / (n * n);
  if (Math.abs(1 - pe) < 1e-12) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Cohen's kappa for presence/absence of one code: tp = both coders applied
 * it, fp = only coder B (e.g. the model) applied it, fn = only coder A
 * (e.g. the reference) applied it, tn = neither. Null as for {@link cohensKappa}.
 */
export function cohensKappaBinary(tp: number, fp: number, fn: number, tn: number): number | null {
  return cohensKappa([
    [tp, fn],
    [fp, tn],
  ]);
}

/** A value assigned by one coder to one unit; null (or NaN) = missing. */
export type CodedValue = string | number | null;

/** Why Krippendorff's alpha could not be computed. */
export type AlphaUndefinedReason = 'no-pairable-values' | 'no-variation';

/** Result of {@link krippendorffAlphaNominal}. */
export interface KrippendorffAlphaResult {
  /** Krippendorff's alpha for nominal data, in [−1, 1] (1 = perfect agreement); null when undefined. */
  alpha: number | null;
  /** Why alpha is null: no unit has two values, or all pairable values fall in one category. */
  undefinedReason: AlphaUndefinedReason | null;
  /** Number of pairable values n (values in units with at least two values). */
  pairableValues: number;
  /** Number of units with at least two values. */
  pairableUnits: number;
  /** Number of distinct categories among the pairable values. */
  categories: number;
  /** Observed disagreement D_o (share of mismatching pairs in the coincidence matrix); null when n = 0. */
  observedDisagreement: number | null;
  /** Expected disagreement D_e from the category marginals; null when n < 2. */
  expectedDisagreement: number | null;
}

/** Distinguishes 1 from "1" and treats null/undefined/NaN as missing. */
function categoryKey(value: CodedValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : `n:${value}`;
  return `s:${value}`;
}

/** Per-unit category counts of non-missing values. */
function unitCounts(unit: readonly CodedValue[]): { counts: Map<string, number>; m: number } {
  const counts = new Map<string, number>();
  let m = 0;
  for (const value of unit) {
    const key = categoryKey(value);
    if (key === null) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    m++;
  }
  return { counts, m };
}

/**
 * Krippendorff's alpha for nominal data, any number of coders, missing
 * values allowed, computed via the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"). Each unit lists the values
 * assigned by each coder (null = missing; order of coders does not matter).
 * Units with fewer than two values are not pairable and are dropped.
 * alpha = 1 − (n − 1)·(n − Σ_c o_cc) / (n² − Σ_c n_c²). Following
 * Krippendorff, alpha is undefined (null, with a reason) when there are no
 * pairable values or when all pairable values are in one category.
 */
export function krippendorffAlphaNominal(units: readonly (readonly CodedValue[])[]): KrippendorffAlphaResult {
  const marginals = new Map<string, number>(); // n_c
  let diagonal = 0; // Σ_c o_cc
  let n = 0;
  let pairableUnits = 0;
  for (const unit of units) {
    const { counts, m } = unitCounts(unit);
    if (m < 2) continue;
    pairableUnits++;
    n += m;
    for (const [category, count] of counts) {
      marginals.set(category, (marginals.get(category) ?? 0) + count);
      diagonal += (count * (count - 1)) / (m - 1);
    }
  }
  const categories = marginals.size;
  let sumSquares = 0;
  for (const nc of marginals.values()) sumSquares += nc * nc;
  const observedDisagreement = n > 0 ? (n - diagonal) / n : null;
  const expectedDisagreement = n > 1 ? (n * n - sumSquares) / (n * (n - 1)) : null;
  const base = { pairableValues: n, pairableUnits, categories, observedDisagreement, expectedDisagreement };
  if (n === 0) return { alpha: null, undefinedReason: 'no-pairable-values', ...base };
  if (categories < 2) return { alpha: null, undefinedReason: 'no-variation', ...base };
  const alpha = 1 - ((n - 1) * (n - diagonal)) / (n * n - sumSquares);
  return { alpha, undefinedReason: null, ...base };
}

/** Result of {@link percentAgreement}. */
export interface PercentAgreementResult {
  /** Mean over pairable units of the share of agreeing coder pairs, as a proportion in [0, 1]; null when no unit is pairable. */
  agreement: number | null;
  /** Number of units with at least two non-missing values. */
  pairableUnits: number;
}

/**
 * Percent agreement for any number of coders: for each unit with at least two
 * non-missing values, the share of coder pairs that assigned the same value;
 * averaged (unweighted) over those units. Same input shape as
 * {@link krippendorffAlphaNominal}. For two coders this is the plain share of
 * units on which they agree.
 */
export function percentAgreement(units: readonly (readonly CodedValue[])[]): PercentAgreementResult {
  let total = 0;
  let pairableUnits = 0;
  for (const unit of units) {
    const { counts, m } = unitCounts(unit);
    if (m < 2) continue;
    let agreeing = 0;
    for (const count of counts.values()) agreeing += (count * (count - 1)) / 2;
    total += agreeing / ((m * (m - 1)) / 2);
    pairableUnits++;
  }
  return { agreement: pairableUnits > 0 ? total / pairableUnits : null, pairableUnits };
}

// ---------------------------------------------------------------------------
// Classification quality
// ---------------------------------------------------------------------------

/** Precision, recall and F1 of code assignments against a reference. */
export interface PrecisionRecallF1 {
  /** tp / (tp + fp); null when nothing was predicted. */
  precision: number | null;
  /** tp / (tp + fn); null when the reference has no positives. */
  recall: number | null;
  /** 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall (0 when tp = 0); null when tp = fp = fn = 0. */
  f1: number | null;
}

/**
 * Precision, recall and F1 from true positives, false positives and false
 * negatives (counts, e.g. code applications matching / not in / missed
 * against a reference coding). Null where the denominator is 0.
 */
export function precisionRecallF1(tp: number, fp: number, fn: number): PrecisionRecallF1 {
  const ratio = (num: number, den: number): number | null =>
    den > 0 && Number.isFinite(num) && Number.isFinite(den) ? num / den : null;
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}
