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
import { groupTallies, MISSING_GROUP, type Level } from './frequencies.js';
import { benjaminiHochberg, chiSquareIndependence, fisherExactRxC, permutationIndependence } from './statistics.js';
import type { TranscriptTally } from './tally.js';

/** How a row's p-value was obtained: `fisher` (exact), `permutation` (Monte Carlo). */
export type CompareTest = 'fisher' | 'permutation';

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
}

export interface CompareGroup {
  /** Attribute value, e.g. `head-of-unit`. */
  name: string;
  /** Interviews in the group. */
  size: number;
  /** Coded segments in the group (all segments, coded or not: the denominator for segment shares). */
  segments: number;
}

export interface CompareCell {
  /** Group name. */
  group: string;
  /** Interviews in the group (the denominator of `share`). */
  size: number;
  /** Interviews of the group with at least one segment carrying the code/theme. */
  interviews: number;
  /** interviews / size, a proportion in [0, 1] (e.g. 0.714); null for an empty group. */
  share: number | null;
  /** Segments of the group carrying the code/theme. */
  segments: number;
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
  /** The attribute compared, e.g. `role`. */
  by: string;
  level: Level;
  /** Interviews compared (those that have the attribute). */
  interviews: number;
  /** Interviews left out because they lack the attribute. */
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
 * a missing value is not a group.
 */
export function compareGroups(compiled: CompiledCodebook, tallies: readonly TranscriptTally[], by: string, options: CompareOptions = {}): Comparison {
  const level = options.level ?? 'code';
  const seed = options.seed ?? DEFAULT_PERMUTATION_SEED;
  const permutations = options.permutations ?? DEFAULT_PERMUTATIONS;
  const testChoice = options.test ?? 'auto';
  const grouped = [...groupTallies(tallies, by)].filter(([name]) => name !== MISSING_GROUP);
  const members = grouped.flatMap(([, list]) => list);
  const groupOf = grouped.flatMap(([, list], index) => list.map(() => index));
  const groups: CompareGroup[] = grouped.map(([name, list]) => ({ name, size: list.length, segments: list.reduce((sum, tally) => sum + tally.segments, 0) }));

  const items =
    level === 'code'
      ? compiled.codes.map((code, index) => ({ id: code.id, theme: code.theme, label: code.label, index }))
      : compiled.codebook.themes.map((theme, index) => ({ id: theme.id, theme: theme.id, label: theme.label, index }));
  const countsOf = (tally: TranscriptTally) => (level === 'code' ? tally.codeSegments : tally.themeSegments);

  const rows: CompareRow[] = items.map((item) => {
    const presence = members.map((tally) => (countsOf(tally)[item.index] ?? 0) > 0);
    const present = groups.map(() => 0);
    const segments = groups.map(() => 0);
    members.forEach((tally, i) => {
      const g = groupOf[i]!;
      if (presence[i]) present[g]! += 1;
      segments[g]! += countsOf(tally)[item.index] ?? 0;
    });
    const total = present.reduce((a, b) => a + b, 0);
    const testable = groups.length >= 2 && total > 0 && total < members.length;
    const result = testable ? testRow(present, groups, presence, groupOf, { testChoice, seed, permutations, exactMaxSteps: options.exactMaxSteps ?? DEFAULT_EXACT_MAX_STEPS }) : undefined;
    const cells: CompareCell[] = groups.map((group, g) => {
      const residual = result?.residuals[g] ?? null;
      return {
        group: group.name,
        size: group.size,
        interviews: present[g]!,
        share: group.size > 0 ? present[g]! / group.size : null,
        segments: segments[g]!,
        residual,
        mark: residual === null ? null : residual >= RESIDUAL_THRESHOLD ? 'high' : residual <= -RESIDUAL_THRESHOLD ? 'low' : null,
      };
    });
    return {
      id: item.id,
      theme: item.theme,
      label: item.label,
      level,
      interviews: total,
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
  });

  const q = benjaminiHochberg(rows.map((row) => row.p));
  rows.forEach((row, index) => (row.q = q[index] ?? null));
  return {
    by,
    level,
    interviews: members.length,
    excluded: tallies.length - members.length,
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
  p: number;
  cramersV: number | null;
  minExpected: number | null;
  residuals: (number | null)[];
}

/** Tests one presence × group table; callers only pass tables with variation and two or more groups. */
function testRow(
  present: readonly number[],
  groups: readonly CompareGroup[],
  presence: readonly boolean[],
  groupOf: readonly number[],
  settings: { testChoice: CompareTestChoice; seed: number; permutations: number; exactMaxSteps: number },
): RowTest | undefined {
  const table = [present, groups.map((group, g) => group.size - present[g]!)];
  const chi = chiSquareIndependence(table);
  if (chi === null) return undefined;
  let test: CompareTest = 'fisher';
  let p: number | null = null;
  if (settings.testChoice !== 'permutation') p = fisherExactRxC(table, { maxSteps: settings.exactMaxSteps })?.p ?? null;
  if (p === null) {
    test = 'permutation';
    p = permutationIndependence(presence, groupOf, { seed: settings.seed, permutations: settings.permutations })?.p ?? null;
  }
  if (p === null) return undefined;
  return {
    test,
    statistic: chi.statistic,
    df: chi.df,
    p,
    cramersV: chi.cramersV,
    minExpected: chi.minExpected,
    residuals: chi.adjustedResiduals[0] ?? [],
  };
}
