/**
 * From a model probability and a rule hit to a decision, and how uncertain
 * that decision is. One definition used by training (choosing thresholds on
 * cross-validated probabilities), scoring and review order.
 *
 * Uncertainty (`errorProbability`, what `PairScore.uncertainty` holds): the
 * model's estimate that the decision is wrong, 1 − p for a "yes" and p for
 * a "no". Review order is uncertainty descending. Chosen over the distance
 * to the deciding threshold (below) by cross-validation on the ten tuning
 * interviews: reviewing 30% of the hybrid's decisions in this order gave
 * pooled kappa 0.915, in threshold-distance order 0.894 (docs/model.md).
 *
 * Distance to flipping (`decisionUncertainty`): with p the probability and t the threshold that decided
 * (hybrid: `low` for a rule hit, `high` otherwise; model: `model`), the
 * margin is the distance on the logit scale on the decision's side,
 *   m = logit(p) − logit(t) for a "yes",  m = logit(t) − logit(p) for a "no",
 * and uncertainty = σ(−m) = 1 / (1 + e^m): 0.5 on the threshold, towards 0
 * far from it. A rules-only code decides by its rule whatever its observed
 * rate says (threshold 0.5), so its m can be negative and its uncertainty
 * above 0.5: a rule that is usually wrong is reviewed first. Review order is
 * uncertainty descending.
 */
import type { Thresholds } from './model.js';

/** Probabilities are kept inside [EPSILON, 1 − EPSILON] before taking logits. */
const EPSILON = 1e-9;

/** log(p / (1 − p)), with p clamped away from 0 and 1. */
export function logit(p: number): number {
  const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
  return Math.log(q / (1 - q));
}

/** Hybrid decision: keep a rule hit unless p < low; add a code without a rule hit when p ≥ high. */
export function hybridDecision(probability: number, rule: boolean, thresholds: Thresholds): boolean {
  return rule ? probability >= thresholds.low : probability >= thresholds.high;
}

/** Model decision: p ≥ model threshold. */
export function modelDecision(probability: number, thresholds: Thresholds): boolean {
  return probability >= thresholds.model;
}

/** The threshold that decided a hybrid decision. */
export function hybridThreshold(rule: boolean, thresholds: Thresholds): number {
  return rule ? thresholds.low : thresholds.high;
}

/** The model's estimate that a decision is wrong: 1 − p for a "yes", p for a "no". */
export function errorProbability(probability: number, decision: boolean): number {
  return decision ? 1 - probability : probability;
}

/** σ(−m): how close a decision is to flipping (see the module comment), in (0, 1). */
export function decisionUncertainty(probability: number, decision: boolean, threshold: number): number {
  const margin = decision ? logit(probability) - logit(threshold) : logit(threshold) - logit(probability);
  return 1 / (1 + Math.exp(margin));
}
