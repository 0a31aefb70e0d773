/**
 * A learned combiner of rules and model (`settings.combiner`): instead of
 * the threshold pair of the hybrid (keep a rule hit unless p < low, add a
 * code when p ≥ high), a small logistic regression per theme on four
 * out-of-fold inputs of each (segment, code) pair — the rule hit, the rule
 * matching two or more places, logit(p) of the code's model and logit(p) of
 * its theme's model — decides with one threshold. The data, not a grid,
 * say how far to trust the rules against the model. Fitted by Newton's
 * method on a dense 5 × 5 system (four weights and a bias), deterministic.
 * Pure: numbers in, numbers out.
 */
import { sigmoid } from './logistic.js';

/** Probabilities are clamped into [CLAMP, 1 − CLAMP] before taking logits, so a near-certain model cannot dominate the sum. */
export const COMBINER_CLAMP = 1e-4;

/** The inputs of the combiner for one (segment, code) pair, in this order. */
export const COMBINER_INPUTS = ['rule', 'rule2', 'logitCode', 'logitTheme'] as const;

/** A fitted combiner: z = bias + Σ weights_i · input_i, decide yes when σ(z) ≥ threshold. */
export interface Combiner {
  /** Intercept. */
  bias: number;
  /** One per input of `COMBINER_INPUTS`. */
  weights: number[];
  /** Decide yes when the combined probability is at least this. */
  threshold: number;
}

/** logit of a probability clamped into [COMBINER_CLAMP, 1 − COMBINER_CLAMP]. */
export function clampedLogit(p: number): number {
  const q = Math.min(1 - COMBINER_CLAMP, Math.max(COMBINER_CLAMP, p));
  return Math.log(q / (1 - q));
}

/** The combiner's inputs for one pair; `themeProbability` NaN (no theme model) counts as the code's own. */
export function combinerInputs(rule: boolean, repeated: boolean, codeProbability: number, themeProbability: number): number[] {
  const logitCode = clampedLogit(codeProbability);
  return [rule ? 1 : 0, repeated ? 1 : 0, logitCode, Number.isNaN(themeProbability) ? logitCode : clampedLogit(themeProbability)];
}

/** The combined probability of one pair. */
export function combinedProbability(combiner: Pick<Combiner, 'bias' | 'weights'>, inputs: readonly number[]): number {
  let z = combiner.bias;
  inputs.forEach((value, i) => (z += combiner.weights[i]! * value));
  return sigmoid(z);
}

/**
 * L2-regularised logistic regression on dense rows (the bias unpenalised),
 * by Newton's method: minimise Σ_i [log(1 + e^{z_i}) − y_i z_i] + (λ/2)|w|²,
 * z_i = b + w·x_i. Stops when the Newton step is below 1e-10 in every
 * component, or after `iterations` steps (a step that does not lower the
 * objective is halved). λ > 0 keeps the optimum finite when the classes
 * are separable.
 */
export function fitDenseLogistic(rows: readonly (readonly number[])[], labels: readonly number[], l2: number | readonly number[], iterations = 50): { bias: number; weights: number[] } {
  const d = rows[0]?.length ?? 0;
  const size = d + 1;
  const penalty = (j: number): number => (typeof l2 === 'number' ? l2 : l2[j]!);
  // Parameters: theta[0] = bias, theta[1..d] = weights.
  let theta = new Array<number>(size).fill(0);
  const positives = labels.reduce((sum, y) => sum + y, 0);
  if (positives > 0 && positives < labels.length) theta[0] = Math.log(positives / (labels.length - positives));
  const objective = (t: readonly number[]): number => {
    let f = 0;
    rows.forEach((x, i) => {
      let z = t[0]!;
      for (let j = 0; j < d; j++) z += t[j + 1]! * x[j]!;
      f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[i]! * z;
    });
    for (let j = 1; j < size; j++) f += (penalty(j - 1) / 2) * t[j]! * t[j]!;
    return f;
  };
  let current = objective(theta);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows.forEach((x, i) => {
      const input = [1, ...x];
      let z = 0;
      for (let j = 0; j < size; j++) z += theta[j]! * input[j]!;
      const p = sigmoid(z);
      const r = p - labels[i]!;
      const w = p * (1 - p);
      for (let j = 0; j < size; j++) {
        gradient[j]! += r * input[j]!;
        for (let k = 0; k < size; k++) hessian[j]![k]! += w * input[j]! * input[k]!;
      }
    });
    for (let j = 1; j < size; j++) {
      gradient[j]! += penalty(j - 1) * theta[j]!;
      hessian[j]![j]! += penalty(j - 1);
    }
    hessian[0]![0]! += 1e-9;
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = theta.map((value, j) => value - step[j]!);
    let value = objective(next);
    while (value > current && scale > 1e-6) {
      scale /= 2;
      next = theta.map((v, j) => v - scale * step[j]!);
      value = objective(next);
    }
    const largest = Math.max(...step.map((s) => Math.abs(s * scale)));
    theta = next;
    current = value;
    if (largest < 1e-10) break;
  }
  return { bias: theta[0]!, weights: theta.slice(1) };
}

/** Solves A x = b for a symmetric positive definite A by Gaussian elimination with partial pivoting. */
function solve(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (p === 0) continue;
    for (let row = col + 1; row < n; row++) {
      const factor = a[row]![col]! / p;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    const p = a[row]![row]!;
    x[row] = p === 0 ? 0 : sum / p;
  }
  return x;
}
