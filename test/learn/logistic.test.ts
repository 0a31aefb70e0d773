/**
 * The logistic regression fitter against independent checks: a brute-force
 * grid on a one-feature problem, finite differences of the objective for the
 * gradient, a zero gradient at the returned optimum, the closed form of a
 * bias-only model, and bit-identical repeated fits.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticObjective, predictProbabilities, sigmoid, sparseRows } from '../../src/learn/logistic.js';

/** Four rows, one feature: x = 1 on rows 0–2; labels 1,1,0 with the feature and 0 without. */
const tiny = () => ({ x: sparseRows([[0], [0], [0], []], 1), y: Uint8Array.from([1, 1, 0, 0]), s: new Float64Array([1, 1, 1, 1]) });

describe('fitLogistic', () => {
  it('finds the minimum a brute-force grid over (w, bias) finds (one feature, λ = 1)', () => {
    const { x, y, s } = tiny();
    const fit = fitLogistic(x, y, s, { l2: 1, tolerance: 1e-10 });
    // Grid search with step 0.01 over w, bias ∈ [-6, 6] using an independent objective written out by hand.
    const objective = (w: number, b: number) => {
      const l = (z: number, label: number) => Math.log(1 + Math.exp(z)) - label * z;
      return l(w + b, 1) + l(w + b, 1) + l(w + b, 0) + l(b, 0) + 0.5 * w * w;
    };
    let best = { f: Infinity, w: 0, b: 0 };
    for (let w = -6; w <= 6; w += 0.01) for (let b = -6; b <= 6; b += 0.01) {
      const f = objective(w, b);
      if (f < best.f) best = { f, w, b };
    }
    expect(fit.weights[0]).toBeCloseTo(best.w, 1);
    expect(fit.bias).toBeCloseTo(best.b, 1);
    expect(fit.objective).toBeLessThanOrEqual(best.f + 1e-9);
    expect(fit.objective).toBeCloseTo(objective(fit.weights[0]!, fit.bias), 10);
  });

  it('has the closed-form bias when there are no features: logit of the weighted positive share', () => {
    const x = sparseRows([[], [], [], [], []], 0);
    const y = Uint8Array.from([1, 0, 0, 1, 0]);
    const s = new Float64Array([2, 1, 1, 1, 1]); // weighted positives 3 of 6
    const fit = fitLogistic(x, y, s, { l2: 1, tolerance: 1e-12 });
    expect(sigmoid(fit.bias)).toBeCloseTo(0.5, 8);
    const y2 = Uint8Array.from([1, 0, 0, 0, 0]);
    const fit2 = fitLogistic(x, y2, new Float64Array(5).fill(1), { l2: 1, tolerance: 1e-12 });
    expect(sigmoid(fit2.bias)).toBeCloseTo(0.2, 8);
  });

  it('computes the gradient the finite differences of the objective give', () => {
    const x = sparseRows([[0, 2], [1], [0, 1, 2], [2], []], 3);
    const y = Uint8Array.from([1, 0, 1, 0, 1]);
    const s = new Float64Array([1, 2, 0.5, 1, 1]);
    const w = new Float64Array([0.3, -0.7, 1.1]);
    const bias = -0.2;
    const gradient = new Float64Array(4);
    logisticObjective(x, y, s, 0.8, w, bias, gradient);
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const up = Float64Array.from(w);
      const down = Float64Array.from(w);
      up[j]! += h;
      down[j]! -= h;
      const numeric = (logisticObjective(x, y, s, 0.8, up, bias) - logisticObjective(x, y, s, 0.8, down, bias)) / (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 6);
    }
    const numericBias = (logisticObjective(x, y, s, 0.8, w, bias + h) - logisticObjective(x, y, s, 0.8, w, bias - h)) / (2 * h);
    expect(gradient[3]).toBeCloseTo(numericBias, 6);
  });

  it('penalises each column by its penalty scale (NBSVM-style), with the gradient finite differences give', () => {
    const x = sparseRows([[0, 2], [1], [0, 1, 2], [2], []], 3);
    const y = Uint8Array.from([1, 0, 1, 0, 1]);
    const s = new Float64Array([1, 2, 0.5, 1, 1]);
    const w = new Float64Array([0.3, -0.7, 1.1]);
    const scale = new Float64Array([0.25, 4, 1]);
    const gradient = new Float64Array(4);
    const f = logisticObjective(x, y, s, 0.8, w, -0.2, gradient, undefined, scale);
    // By hand: the data term is the unscaled objective's minus its penalty; the penalty is 0.4 · Σ scale_j w_j².
    const plain = logisticObjective(x, y, s, 0.8, w, -0.2) - 0.4 * (0.09 + 0.49 + 1.21);
    expect(f).toBeCloseTo(plain + 0.4 * (0.25 * 0.09 + 4 * 0.49 + 1.21), 12);
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const up = Float64Array.from(w);
      const down = Float64Array.from(w);
      up[j]! += h;
      down[j]! -= h;
      const numeric = (logisticObjective(x, y, s, 0.8, up, -0.2, undefined, undefined, scale) - logisticObjective(x, y, s, 0.8, down, -0.2, undefined, undefined, scale)) / (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 6);
    }
    // A uniform scale of 2 is the same problem as twice the penalty.
    const doubled = fitLogistic(x, y, s, { l2: 1.6, tolerance: 1e-10 });
    const scaled = fitLogistic(x, y, s, { l2: 0.8, tolerance: 1e-10, penaltyScale: new Float64Array(3).fill(2) });
    for (let j = 0; j < 3; j++) expect(scaled.weights[j]).toBeCloseTo(doubled.weights[j]!, 6);
    // A heavily penalised column stays near zero.
    const muted = fitLogistic(x, y, s, { l2: 0.8, tolerance: 1e-10, penaltyScale: new Float64Array([1, 1, 1e6]) });
    expect(Math.abs(muted.weights[2]!)).toBeLessThan(1e-5);
  });

  it('stops where the gradient is zero, on a larger random sparse problem', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let r = 0; r < 200; r++) {
      const row = Array.from({ length: 12 }, () => Math.floor(random() * 60));
      rows.push(row);
      labels.push(row.includes(3) || row.includes(4) || random() < 0.1 ? 1 : 0);
    }
    const x = sparseRows(rows, 60);
    const y = Uint8Array.from(labels);
    const s = new Float64Array(200).fill(1);
    const fit = fitLogistic(x, y, s, { l2: 0.5, tolerance: 1e-8, maxIterations: 1000 });
    const gradient = new Float64Array(61);
    logisticObjective(x, y, s, 0.5, fit.weights, fit.bias, gradient);
    expect(Math.max(...gradient.map(Math.abs))).toBeLessThan(1e-4);
    // The planted features get the largest weights.
    const order = [...fit.weights.keys()].sort((a, b) => fit.weights[b]! - fit.weights[a]!);
    expect(order.slice(0, 2).sort()).toEqual([3, 4]);
    // Deterministic: the same fit bit for bit.
    const again = fitLogistic(x, y, s, { l2: 0.5, tolerance: 1e-8, maxIterations: 1000 });
    expect(Buffer.from(again.weights.buffer).equals(Buffer.from(fit.weights.buffer))).toBe(true);
    expect(again.bias).toBe(fit.bias);
    const p = predictProbabilities(x, fit.weights, fit.bias);
    expect(p.every((value) => value > 0 && value < 1)).toBe(true);
  });

  it('ignores rows of weight 0', () => {
    const x = sparseRows([[0], [0], [], [0]], 1);
    const withZero = fitLogistic(x, Uint8Array.from([1, 0, 0, 1]), new Float64Array([1, 1, 1, 0]), { l2: 1, tolerance: 1e-12 });
    const without = fitLogistic(sparseRows([[0], [0], []], 1), Uint8Array.from([1, 0, 0]), new Float64Array([1, 1, 1]), { l2: 1, tolerance: 1e-12 });
    expect(withZero.weights[0]).toBeCloseTo(without.weights[0]!, 8);
    expect(withZero.bias).toBeCloseTo(without.bias, 8);
  });
});
