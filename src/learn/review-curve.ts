/**
 * The review curve (issue 12): agreement with the human coding after the
 * first share of the automatic decisions has been reviewed (replaced by the
 * human's), in review order (most uncertain first) and in a seeded random
 * order; plus the small pieces it needs (2×2 tables, a seeded generator).
 * Pure. Used by `agree --review-curve` and by `train` (the model file keeps
 * the curve of its own cross-validated decisions).
 */
import { cohensKappaBinary } from '../analyze/statistics.js';

/** A small deterministic generator (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle (a new array). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A 2×2 table: [tp, fp, fn, tn] (human × automatic). */
export type Table = [number, number, number, number];

/** Adds one decision to a table. */
export function addDecision(table: Table, human: boolean, automatic: boolean): void {
  table[human ? (automatic ? 0 : 2) : automatic ? 1 : 3] += 1;
}

/** Kappa of a table (null when undefined). */
export function tableKappa(table: Table): number | null {
  return cohensKappaBinary(table[0], table[1], table[2], table[3]);
}

/** One decision to review: a segment × code with the automatic decision, the human's (the oracle) and its uncertainty. */
export interface ReviewItem {
  /** Index of the segment (all items of a segment share it). */
  segment: number;
  /** Code index. */
  code: number;
  /** Theme index of the code. */
  theme: number;
  /** The automatic decision. */
  decision: boolean;
  /** The human's decision (the oracle a reviewer would give). */
  truth: boolean;
  /** Higher is reviewed first (decide.ts). */
  uncertainty: number;
}

/** One point of a review curve. */
export interface ReviewPoint {
  /** Share of decisions reviewed, 0–1. */
  fraction: number;
  /** Decisions reviewed. */
  reviewed: number;
  /** Pooled kappa after reviewing in review order (least certain first). */
  kappa: number | null;
  /** Pooled kappa after reviewing the same number in a seeded random order. */
  randomKappa: number | null;
  /** Per theme (codebook order), review order. */
  themes: (number | null)[];
  /** Per theme, random order. */
  randomThemes: (number | null)[];
}

/** Review order: uncertainty descending; ties in item order (stable). */
export function reviewOrder(items: readonly ReviewItem[]): number[] {
  return [...items.keys()].sort((a, b) => items[b]!.uncertainty - items[a]!.uncertainty || a - b);
}

/**
 * The review curve: after the first ⌊f·N⌋ decisions (f = 0, 0.1, …, 1 by
 * default) have been replaced by the oracle's, in review order and in a
 * seeded random order, the pooled kappa over codes and the kappa per theme
 * (a theme present on a segment when any of its codes is).
 */
export function reviewCurve(items: readonly ReviewItem[], themeCount: number, seed: number, fractions: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]): ReviewPoint[] {
  const ordered = reviewOrder(items);
  const random = shuffled([...items.keys()], seededRandom(seed));
  const figuresAfter = (order: readonly number[], count: number) => {
    const reviewed = new Uint8Array(items.length);
    for (let k = 0; k < count; k++) reviewed[order[k]!] = 1;
    const pooled: Table = [0, 0, 0, 0];
    const themes: Table[] = Array.from({ length: themeCount }, () => [0, 0, 0, 0] as Table);
    // Theme presence per segment: items of a segment may be anywhere in the list.
    const human = new Map<number, boolean[]>();
    const automatic = new Map<number, boolean[]>();
    items.forEach((item, index) => {
      const decision = reviewed[index] ? item.truth : item.decision;
      addDecision(pooled, item.truth, decision);
      if (!human.has(item.segment)) {
        human.set(item.segment, new Array<boolean>(themeCount).fill(false));
        automatic.set(item.segment, new Array<boolean>(themeCount).fill(false));
      }
      human.get(item.segment)![item.theme] ||= item.truth;
      automatic.get(item.segment)![item.theme] ||= decision;
    });
    for (const [segment, flags] of human) {
      const auto = automatic.get(segment)!;
      for (let h = 0; h < themeCount; h++) addDecision(themes[h]!, flags[h]!, auto[h]!);
    }
    return { pooled: tableKappa(pooled), themes: themes.map(tableKappa) };
  };
  return fractions.map((fraction) => {
    const count = Math.floor(fraction * items.length + 1e-9);
    const inOrder = figuresAfter(ordered, count);
    const inRandom = figuresAfter(random, count);
    return { fraction, reviewed: count, kappa: inOrder.pooled, randomKappa: inRandom.pooled, themes: inOrder.themes, randomThemes: inRandom.themes };
  });
}
