/**
 * L2-regularised logistic regression on sparse binary rows, fitted with
 * L-BFGS (limited-memory quasi-Newton, Nocedal & Wright 2006, algorithm 7.4)
 * and a backtracking Armijo line search. Pure and deterministic: the same
 * rows, labels and options give the same weights bit for bit (fixed
 * iteration order, no randomness, no threads). Small enough to test against
 * an independent check (test/learn/logistic.test.ts: a brute-force grid on a
 * one-feature problem and a finite-difference gradient at the optimum).
 *
 * The objective, with z_i = bias + Σ_j w_j x_ij and sample weight s_i:
 *   f(w, bias) = Σ_i s_i [log(1 + e^{z_i}) − y_i z_i] + (λ/2) Σ_j w_j²
 * The bias is not penalised. It is strictly convex in w for λ > 0, so the
 * optimum is unique and the starting point does not change it.
 */

/** Rows of 0/1 features: row r holds the column ids `indices[indptr[r] .. indptr[r+1])`, ascending, each with value 1. */
export interface SparseRows {
  /** Number of rows. */
  rows: number;
  /** Number of columns (features). */
  columns: number;
  /** Row start offsets into `indices`, length rows + 1. */
  indptr: Int32Array;
  /** Column ids of the present features. */
  indices: Int32Array;
}

export interface LogisticOptions {
  /** L2 penalty λ on the weights (not the bias), e.g. 1. */
  l2: number;
  /** Most L-BFGS iterations (default 200). */
  maxIterations?: number;
  /** Stop when the largest gradient component is below this (default 1e-6 × (1 + total sample weight)). */
  tolerance?: number;
  /** Correction pairs kept by L-BFGS (default 8). */
  memory?: number;
  /** Per-column multiplier of the penalty (column j is penalised by λ · penaltyScale[j] / 2 · w_j²); all 1 when omitted. */
  penaltyScale?: Float64Array;
}

/** A fitted model: P(y = 1 | x) = σ(bias + Σ w_j x_j). */
export interface LogisticFit {
  /** One weight per column. */
  weights: Float64Array;
  bias: number;
  /** L-BFGS iterations used. */
  iterations: number;
  /** Objective at the returned weights. */
  objective: number;
  /** Objective and gradient evaluations used. */
  evaluations: number;
}

/** Builds sparse rows from lists of column ids (each list is sorted and de-duplicated here). */
export function sparseRows(lists: readonly (readonly number[])[], columns: number): SparseRows {
  const indptr = new Int32Array(lists.length + 1);
  let total = 0;
  const sorted = lists.map((list) => [...new Set(list)].sort((a, b) => a - b));
  for (let r = 0; r < sorted.length; r++) {
    total += sorted[r]!.length;
    indptr[r + 1] = total;
  }
  const indices = new Int32Array(total);
  let k = 0;
  for (const list of sorted) for (const column of list) {
    if (column < 0 || column >= columns) throw new RangeError(`column ${column} out of range 0..${columns - 1}`);
    indices[k++] = column;
  }
  return { rows: lists.length, columns, indptr, indices };
}

/** The logistic function, without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Linear scores z_i = bias + Σ w_j x_ij of every row. */
export function linearScores(x: SparseRows, weights: Float64Array, bias: number, out = new Float64Array(x.rows)): Float64Array {
  const { indptr, indices } = x;
  for (let r = 0; r < x.rows; r++) {
    let z = bias;
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) z += weights[indices[k]!]!;
    out[r] = z;
  }
  return out;
}

/**
 * Objective and gradient at (w, bias). `gradient` receives the weight
 * gradient (length columns) followed by the bias gradient. `active` lists
 * the rows of non-zero sample weight (all rows when omitted): rows of weight
 * 0 add nothing, so they are not visited.
 */
export function logisticObjective(
  x: SparseRows,
  y: Uint8Array,
  sampleWeights: Float64Array,
  l2: number,
  weights: Float64Array,
  bias: number,
  gradient?: Float64Array,
  active?: Int32Array,
  penaltyScale?: Float64Array,
): number {
  let f = 0;
  const columns = x.columns;
  if (gradient) gradient.fill(0);
  let biasGradient = 0;
  const { indptr, indices } = x;
  const count = active ? active.length : x.rows;
  for (let k = 0; k < count; k++) {
    const r = active ? active[k]! : k;
    const s = sampleWeights[r]!;
    if (s === 0) continue;
    const start = indptr[r]!;
    const end = indptr[r + 1]!;
    let z = bias;
    for (let i = start; i < end; i++) z += weights[indices[i]!]!;
    f += s * (softplus(z) - (y[r] ? z : 0));
    if (gradient) {
      const residual = s * (sigmoid(z) - y[r]!);
      biasGradient += residual;
      for (let i = start; i < end; i++) gradient[indices[i]!]! += residual;
    }
  }
  let penalty = 0;
  for (let j = 0; j < columns; j++) {
    const w = weights[j]!;
    const scale = penaltyScale ? penaltyScale[j]! : 1;
    penalty += scale * w * w;
    if (gradient) gradient[j]! += l2 * scale * w;
  }
  if (gradient) gradient[columns] = biasGradient;
  return f + 0.5 * l2 * penalty;
}

/**
 * Fits the model. `y[i]` is 0 or 1; `sampleWeights[i]` ≥ 0 (0 leaves the row
 * out). With no positive or no negative row of positive weight the bias runs
 * off towards ±∞; it is then capped by the iteration limit, and callers
 * should not fit such a problem (train.ts keeps those codes rules-only).
 */
export function fitLogistic(x: SparseRows, y: Uint8Array, sampleWeights: Float64Array, options: LogisticOptions): LogisticFit {
  const n = x.columns + 1; // weights then bias
  const maxIterations = options.maxIterations ?? 200;
  const memory = options.memory ?? 8;
  let totalWeight = 0;
  for (let r = 0; r < x.rows; r++) totalWeight += sampleWeights[r]!;
  const tolerance = options.tolerance ?? 1e-6 * (1 + totalWeight);
  const rows: number[] = [];
  for (let r = 0; r < x.rows; r++) if (sampleWeights[r]! > 0) rows.push(r);
  const active = Int32Array.from(rows);
  const point = new Float64Array(n);
  // Start from the bias of a model without features (the weighted share of positives): rare codes then need far fewer steps.
  let positiveWeight = 0;
  for (let r = 0; r < x.rows; r++) if (y[r]) positiveWeight += sampleWeights[r]!;
  if (positiveWeight > 0 && positiveWeight < totalWeight) point[x.columns] = Math.log(positiveWeight / (totalWeight - positiveWeight));
  const gradient = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (at: Float64Array, into: Float64Array): number => {
    evaluations++;
    return logisticObjective(x, y, sampleWeights, options.l2, at.subarray(0, x.columns), at[x.columns]!, into, active, options.penaltyScale);
  };

  let f = evaluate(point, gradient);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  // Correction pairs leaving the memory are reused (allocating two arrays per iteration kept the collector busy).
  const spare: Float64Array[] = [];
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const candidate = new Float64Array(n);
  const candidateGradient = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations && maxAbs(gradient) > tolerance) {
    iterations++;
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
    const m = sList.length;
    for (let k = m - 1; k >= 0; k--) {
      const a = rhoList[k]! * dot(sList[k]!, direction);
      alpha[k] = a;
      axpy(-a, yList[k]!, direction);
    }
    if (m > 0) {
      const last = m - 1;
      const gamma = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    } else {
      // First step: a gradient step of length at most 1 in the largest component.
      const scale = 1 / Math.max(1, maxAbs(gradient));
      for (let i = 0; i < n; i++) direction[i]! *= scale;
    }
    for (let k = 0; k < m; k++) {
      const b = rhoList[k]! * dot(yList[k]!, direction);
      axpy(alpha[k]! - b, sList[k]!, direction);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from the gradient.
      spare.push(...sList, ...yList);
      sList.length = 0;
      yList.length = 0;
      rhoList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = dot(gradient, direction);
    }
    // Backtracking line search (Armijo, c = 1e-4).
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) candidate[i] = point[i]! + step * direction[i]!;
      fNew = evaluate(candidate, candidateGradient);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break; // no progress possible at this precision
    const s = spare.pop() ?? new Float64Array(n);
    const yk = spare.pop() ?? new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = candidate[i]! - point[i]!;
      yk[i] = candidateGradient[i]! - gradient[i]!;
    }
    const sy = dot(s, yk);
    if (sy > 1e-12) {
      if (sList.length === memory) {
        spare.push(sList.shift()!, yList.shift()!);
        rhoList.shift();
      }
      sList.push(s);
      yList.push(yk);
      rhoList.push(1 / sy);
    } else {
      spare.push(s, yk);
    }
    point.set(candidate);
    gradient.set(candidateGradient);
    const relative = (f - fNew) / Math.max(1, Math.abs(f));
    f = fNew;
    if (relative < 1e-12) break;
  }
  return { weights: point.slice(0, x.columns), bias: point[x.columns]!, iterations, objective: f, evaluations };
}

/** Probabilities P(y = 1) of every row. */
export function predictProbabilities(x: SparseRows, weights: Float64Array, bias: number): Float64Array {
  const z = linearScores(x, weights, bias);
  for (let r = 0; r < z.length; r++) z[r] = sigmoid(z[r]!);
  return z;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > max) max = v;
  }
  return max;
}
