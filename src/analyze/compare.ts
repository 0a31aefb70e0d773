/**
 * Cross-unit comparison: for each code (or theme), how many interviews of
 * each group of a document attribute carry it, and whether presence depends
 * on the group. With a dozen interviews most expected counts are below 5, so
 * the asymptotic chi-square p is not valid: the p-value comes from the
 * Fisher–Freeman–Halton exact test when its enumeration is feasible and from
 * a seeded Monte Carlo permutation test otherwise; Pearson's X², Cramér's V
 * and adjusted standardized residuals describe the table; Benjamini–Hochberg
 * q-values adjust for testing every row. Pure: tallies in, numbers out.
 */
import type { CompiledCodebook } from '../code/compile.js';
import { groupTallies, groupUnitOf, MISSING_GROUP, rateOf, shareOf, type GroupUnit, type Level } from './frequencies.js';
import { benjaminiHochberg, chiSquareIndependence, fisherExactRxC, permutationIndependenceMany } from './statistics.js';
import type { TranscriptTally } from './tally.js';

/**
 * How a row's p-value was obtained: `fisher` (exact), `permutation` (Monte
 * Carlo), or `chi-square` (Pearson's asymptotic test, used only when segments
 * are compared and every expected count is at least 5).
 */
export type CompareTest = 'fisher' | 'permutation' | 'chi-square';

/** Which test to run: the exact test when feasible, else permutation (`auto`); or always the permutation test. */
export type CompareTestChoice = 'auto' | 'permutation';

/** Default seed of the permutation test, reported with every result so it can be reproduced. */
export const DEFAULT_PERMUTATION_SEED = 20260101;
/** Default number of Monte Carlo permutations. */
export const DEFAULT_PERMUTATIONS = 10_000;
/** Work cap of the exact enumeration per row (network steps); beyond it the permutation test is used. */
export const DEFAULT_EXACT_MAX_STEPS = 2_000_000;
/** |adjusted residual| at or above which a cell is marked over/under-represented (two-sided 5% normal quantile). */
export const RESIDUAL_THRESHOLD = 1.96;
/** Interviews a group needs to be tested: a group of one interview is that interview, not a group. */
export const MIN_TESTED_GROUP_SIZE = 2;
/**
 * Work cap of the exact enumeration when segments are compared: tables of
 * hundreds of segments take a million steps (half a second a row), and a
 * permutation test of a few hundred units takes milliseconds.
 */
export const SEGMENT_EXACT_MAX_STEPS = 100_000;
/** Smallest expected count for which Pearson's asymptotic p is used when segments are compared (Cochran's rule). */
export const ASYMPTOTIC_MIN_EXPECTED = 5;

export interface CompareOptions {
  /** Rows are codes (default) or themes. */
  level?: Level;
  /** `auto` (default): Fisher exact when its enumeration stays under `exactMaxSteps`, else permutation. */
  test?: CompareTestChoice;
  /** Seed of the permutation test (uint32), default {@link DEFAULT_PERMUTATION_SEED}. */
  seed?: number;
  /** Number of permutations, default {@link DEFAULT_PERMUTATIONS}. */
  permutations?: number;
  /** Cap on the exact test's enumeration steps per row, default {@link DEFAULT_EXACT_MAX_STEPS}. */
  exactMaxSteps?: number;
  /** With `by` = `topic`: the project's topics, the group order. */
  topics?: readonly string[];
}

export interface CompareGroup {
  /** Attribute value, e.g. `head-of-unit`. */
  name: string;
  /** Interviews in the group. */
  size: number;
  /** Coded segments in the group (all segments, coded or not: the denominator for segment shares). */
  segments: number;
  /** Words in the group's segments (the denominator of rates). */
  words: number;
  /** False for a group of fewer than {@link MIN_TESTED_GROUP_SIZE} interviews: shown, but left out of every test. */
  tested: boolean;
}

export interface CompareCell {
  /** Group name. */
  group: string;
  /** Interviews in the group. */
  size: number;
  /** Interviews of the group with at least one segment carrying the code/theme. */
  interviews: number;
  /** The tested proportion: interviews / size (unit `interview`) or segments / group segments (unit `segment`), in [0, 1]; null for an empty group. */
  share: number | null;
  /** Segments of the group carrying the code/theme. */
  segments: number;
  /** Segments carrying it per 1,000 words of the group; null when the group has no words. */
  rate: number | null;
  /** Segments carrying it as a % of the group's segments; null for a group without segments. */
  segmentShare: number | null;
  /** Adjusted standardized residual of the "present" cell (≈ N(0,1) under independence); null when the row is not tested. */
  residual: number | null;
  /** `high` when residual ≥ 1.96, `low` when ≤ −1.96, else null. */
  mark: 'high' | 'low' | null;
}

export interface CompareRow {
  /** Full code id (`success.quick-wins`) or theme id. */
  id: string;
  /** Theme id (its own id for a theme row). */
  theme: string;
  label: string;
  level: Level;
  /** Interviews carrying it, all groups together. */
  interviews: number;
  /** Segments carrying it, all groups together. */
  segments: number;
  /** Method behind `p`; null when the row is not tested (present in all or no interviews, or fewer than two groups). */
  test: CompareTest | null;
  /** Pearson X² of the 2×k presence × group table; null when not tested. */
  statistic: number | null;
  /** Degrees of freedom of X² (k − 1); null when not tested. */
  df: number | null;
  /** Two-sided p-value of the test named by `test`; null when not tested. */
  p: number | null;
  /** Benjamini–Hochberg q-value across the tested rows; null when not tested. */
  q: number | null;
  /** Cramér's V in [0, 1]; null when not tested. */
  cramersV: number | null;
  /** Smallest expected count of the table (why an asymptotic p would not do); null when not tested. */
  minExpected: number | null;
  /** One cell per group, in group order. */
  cells: CompareCell[];
}

export interface Comparison {
  /** The attribute compared, e.g. `role`, or `topic`. */
  by: string;
  level: Level;
  /** What is tested: `interview` (presence per interview, for an attribute) or `segment` (presence per segment, for topic). */
  unit: GroupUnit;
  /** Interviews compared (those that have the attribute; for topic, those with a segment under a topic). */
  interviews: number;
  /** Segments compared (those of the interviews compared; for topic, those under a topic). */
  segments: number;
  /** Of `segments`, those the source has coded (all for automatic sources; for a human coder, those with that coder's codes): the others count as carrying no code. */
  reviewed: number;
  /** Left out, in `unit`s: interviews without the attribute, or segments without a topic. */
  excluded: number;
  /** Groups sorted by name. */
  groups: CompareGroup[];
  /** Seed of the permutation test (used or not, so a rerun can reproduce it). */
  seed: number;
  /** Number of permutations per permutation test. */
  permutations: number;
  /** Which test was asked for. */
  testChoice: CompareTestChoice;
  /** Number of rows tested (the m of Benjamini–Hochberg). */
  tested: number;
  rows: CompareRow[];
}

/**
 * Compares code (or theme) presence across the groups of attribute `by`.
 * Interviews without the attribute are left out (counted in `excluded`):
 * a missing value is not a group. With `by` = `topic` the units are
 * segments: presence per segment is tested across protocol topics, and
 * segments without a topic are left out. Groups of fewer than
 * {@link MIN_TESTED_GROUP_SIZE} interviews are shown but not tested.
 */
export function compareGroups(compiled: CompiledCodebook, tallies: readonly TranscriptTally[], by: string, options: CompareOptions = {}): Comparison {
  const level = options.level ?? 'code';
  const seed = options.seed ?? DEFAULT_PERMUTATION_SEED;
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  const testChoice = options.test ?? 'auto';
  const unit = groupUnitOf(by);
  const grouped = [...groupTallies(tallies, by, options.topics ?? [])].filter(([name]) => name !== MISSING_GROUP);
  const excluded =
    unit === 'segment'
      ? tallies.reduce((sum, tally) => sum + (tally.topics ?? []).reduce((inner, topic) => inner + (topic.topic === null ? topic.segments : 0), 0), 0)
      : tallies.length - grouped.reduce((sum, [, list]) => sum + list.length, 0);
  const members = grouped.flatMap(([, list]) => list);
  const groupOf = grouped.flatMap(([, list], index) => list.map(() => index));
  const groups: CompareGroup[] = grouped.map(([name, list]) => ({
    name,
    size: list.length,
    segments: list.reduce((sum, tally) => sum + tally.segments, 0),
    words: list.reduce((sum, tally) => sum + tally.words, 0),
    tested: list.length >= MIN_TESTED_GROUP_SIZE,
  }));
  const testedGroups = groups.flatMap((group, g) => (group.tested ? [g] : []));
  // Units each group contributes to a test: its interviews, or its segments.
  const unitsOf = (group: CompareGroup) => (unit === 'segment' ? group.segments : group.size);

  const items =
    level === 'code'
      ? compiled.codes.map((code, index) => ({ id: code.id, theme: code.theme, label: code.label, index }))
      : compiled.codebook.themes.map((theme, index) => ({ id: theme.id, theme: theme.id, label: theme.label, index }));
  const countsOf = (tally: TranscriptTally) => (level === 'code' ? tally.codeSegments : tally.themeSegments);

  // Rows that need the permutation test, tested together afterwards: they share the units, groups and seed, so one shuffle serves all.
  const pending: { row: CompareRow; presence: boolean[]; unitGroups: number[] }[] = [];
  const rows: CompareRow[] = items.map((item) => {
    const present = groups.map(() => 0);
    const segments = groups.map(() => 0);
    const carriers = new Set<string>();
    members.forEach((tally, i) => {
      const g = groupOf[i]!;
      const count = countsOf(tally)[item.index] ?? 0;
      if (count > 0) {
        present[g]! += 1;
        carriers.add(tally.id);
      }
      segments[g]! += count;
    });
    // The tested counts: interviews carrying it, or segments carrying it.
    const hits = unit === 'segment' ? segments : present;
    const testedHits = testedGroups.map((g) => hits[g]!);
    const testedUnits = testedGroups.map((g) => unitsOf(groups[g]!));
    const hitTotal = testedHits.reduce((a, b) => a + b, 0);
    const unitTotal = testedUnits.reduce((a, b) => a + b, 0);
    const testable = testedGroups.length >= 2 && hitTotal > 0 && hitTotal < unitTotal;
    let result: RowTest | undefined;
    if (testable) {
      // Presence per unit, group by group (the permutation test only needs how many in each group).
      const presence: boolean[] = [];
      const unitGroups: number[] = [];
      if (unit === 'interview') {
        // Interviews in corpus order (as before groups of one were left out, so seeded p-values are unchanged).
        members.forEach((tally, i) => {
          const t = testedGroups.indexOf(groupOf[i]!);
          if (t < 0) return;
          presence.push((countsOf(tally)[item.index] ?? 0) > 0);
          unitGroups.push(t);
        });
      } else {
        testedGroups.forEach((_, t) => {
          for (let u = 0; u < testedUnits[t]!; u++) {
            presence.push(u < testedHits[t]!);
            unitGroups.push(t);
          }
        });
      }
      result = testRow(testedHits, testedUnits, presence, unitGroups, {
        testChoice,
        exactMaxSteps: options.exactMaxSteps ?? (unit === 'segment' ? SEGMENT_EXACT_MAX_STEPS : DEFAULT_EXACT_MAX_STEPS),
        asymptotic: unit === 'segment',
      });
    }
    const cells: CompareCell[] = groups.map((group, g) => {
      const t = testedGroups.indexOf(g);
      const residual = t >= 0 ? (result?.residuals[t] ?? null) : null;
      const units = unitsOf(group);
      return {
        group: group.name,
        size: group.size,
        interviews: present[g]!,
        share: units > 0 ? hits[g]! / units : null,
        segments: segments[g]!,
        rate: rateOf(segments[g]!, group.words),
        segmentShare: shareOf(segments[g]!, group.segments),
        residual,
        mark: residual === null ? null : residual >= RESIDUAL_THRESHOLD ? 'high' : residual <= -RESIDUAL_THRESHOLD ? 'low' : null,
      };
    });
    const row: CompareRow = {
      id: item.id,
      theme: item.theme,
      label: item.label,
      level,
      interviews: carriers.size,
      segments: segments.reduce((a, b) => a + b, 0),
      test: result?.test ?? null,
      statistic: result?.statistic ?? null,
      df: result?.df ?? null,
      p: result?.p ?? null,
      q: null,
      cramersV: result?.cramersV ?? null,
      minExpected: result?.minExpected ?? null,
      cells,
    };
    if (result?.test === 'permutation') pending.push({ row, presence: result.presence, unitGroups: result.unitGroups });
    return row;
  });
  if (pending.length > 0) {
    // Every pending row has the same unit groups (the tested groups' units, in the same order).
    const results = permutationIndependenceMany(
      pending.map((entry) => entry.presence),
      pending[0]!.unitGroups,
      { seed, permutations },
    );
    pending.forEach((entry, index) => (entry.row.p = results[index]?.p ?? null));
  }

  const q = benjaminiHochberg(rows.map((row) => row.p));
  rows.forEach((row, index) => (row.q = q[index] ?? null));
  return {
    by,
    level,
    unit,
    interviews: new Set(members.map((tally) => tally.id)).size,
    segments: groups.reduce((sum, group) => sum + group.segments, 0),
    reviewed: members.reduce((sum, tally) => sum + tally.reviewedSegments, 0),
    excluded,
    groups,
    seed,
    permutations,
    testChoice,
    tested: rows.filter((row) => row.p !== null).length,
    rows,
  };
}

interface RowTest {
  test: CompareTest;
  statistic: number;
  df: number;
  /** Null for the permutation test, whose p is computed for all such rows together. */
  p: number | null;
  /** The units' presence and groups, for the permutation test. */
  presence: boolean[];
  unitGroups: number[];
  cramersV: number | null;
  minExpected: number | null;
  residuals: (number | null)[];
}

/** Tests one presence × group table; callers only pass tables with variation and two or more groups. */
function testRow(
  present: readonly number[],
  units: readonly number[],
  presence: boolean[],
  groupOf: number[],
  settings: { testChoice: CompareTestChoice; exactMaxSteps: number; asymptotic: boolean },
): RowTest | undefined {
  const table = [present, units.map((size, g) => size - present[g]!)];
  const chi = chiSquareIndependence(table);
  if (chi === null) return undefined;
  let test: CompareTest = 'fisher';
  let p: number | null = null;
  // Segments are many: where every expected count is large enough the asymptotic p is valid (and takes no time).
  if (settings.asymptotic && settings.testChoice !== 'permutation' && chi.minExpected !== null && chi.minExpected >= ASYMPTOTIC_MIN_EXPECTED && chi.pAsymptotic !== null) {
    test = 'chi-square';
    p = chi.pAsymptotic;
  }
  if (p === null && settings.testChoice !== 'permutation') p = fisherExactRxC(table, { maxSteps: settings.exactMaxSteps })?.p ?? null;
  if (p === null) test = 'permutation';
  return {
    test,
    statistic: chi.statistic,
    df: chi.df,
    p,
    presence,
    unitGroups: groupOf,
    cramersV: chi.cramersV,
    minExpected: chi.minExpected,
    residuals: chi.adjustedResiduals[0] ?? [],
  };
}
