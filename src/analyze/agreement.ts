/**
 * Agreement between codings of the same segments: the rules against human
 * coders (precision, recall, F1, Cohen's kappa, Krippendorff's alpha per code
 * and per theme, pooled and macro-averaged), and human coders against each
 * other (percent agreement, Cohen's kappa for two, Krippendorff's alpha for
 * any number). Automatic coding is only publishable with these figures, and
 * team projects must report intercoder reliability (issue 5).
 *
 * Units and conventions (docs/agreement.md):
 * - The unit is one coded segment (one turn) × one code: present or absent.
 * - A segment a human coded counts as reviewed by that human: codes absent
 *   from it are that human's "no". Segments no human reviewed are left out.
 * - A theme is present on a segment when any of its codes is.
 * - `overall` pools every code × segment decision (micro average); `macro`
 *   is the mean over codes of each statistic, over codes where it is defined.
 * - A statistic with a zero denominator is null (a code neither side used
 *   has null precision, recall, F1, kappa and alpha, never 1 or 0).
 *
 * Pure: reduced segments in, figures out. The statistics themselves come
 * from `statistics.ts`, tested there against published values.
 */
import { minOf } from '../model/lists.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedTranscript } from '../code/coder.js';
import {
  cohensKappa,
  cohensKappaBinary,
  krippendorffAlphaNominal,
  percentAgreement,
  precisionRecallF1,
  type CodedValue,
} from './statistics.js';
import { indexCodes } from './tally.js';

/** Krippendorff's conventions: α ≥ 0.8 reliable; 0.667 ≤ α < 0.8 tentative conclusions only; below, discard. */
export const RELIABLE = 0.8;
export const TENTATIVE = 0.667;

/** Words of a segment kept to identify it in disagreement lists. */
export const PREVIEW_WORDS = 12;

/** One coded segment reduced to what agreement needs (small, so a large corpus stays in memory). */
export interface AgreementSegment {
  /** Interview id, e.g. `sgad-03`. */
  interview: string;
  /** Transcript path as given, e.g. `interviews/sgad-03.md`. */
  file: string;
  /** 1-based line where the segment's text starts. */
  line: number;
  /** 0-based turn index in the transcript. */
  turn: number;
  /** The first words of the segment, e.g. `Quite a lot. When I arrived the unit…`. */
  preview: string;
  /** Code indexes the rules applied, ascending. */
  auto: number[];
  /** Per coder who reviewed the segment, the code indexes they applied (known codes only), ascending. */
  human: Map<string, number[]>;
  /** Human code ids on this segment that are not in the codebook (skipped; validate reports them). */
  unknown: number;
}

/** Reduces a coded transcript to its agreement segments (every coded segment, reviewed or not). */
export function agreementSegmentsOf(compiled: CompiledCodebook, coded: CodedTranscript, previewWords = PREVIEW_WORDS): AgreementSegment[] {
  const codeIndex = indexCodes(compiled);
  return coded.segments.map((item) => {
    let unknown = 0;
    const human = new Map<string, number[]>();
    for (const [coder, ids] of item.human) {
      const indexes = new Set<number>();
      for (const id of ids) {
        const index = codeIndex.get(id);
        if (index === undefined) unknown += 1;
        else indexes.add(index);
      }
      human.set(coder, [...indexes].sort((a, b) => a - b));
    }
    return {
      interview: coded.transcript.id,
      file: coded.transcript.file,
      line: item.segment.at.line,
      turn: item.segment.index,
      preview: previewOf(item.segment.text, previewWords),
      auto: item.auto,
      human,
      unknown,
    };
  });
}

/** The first `words` whitespace-separated words, whitespace collapsed, `…` when cut. */
export function previewOf(text: string, words = PREVIEW_WORDS): string {
  const parts = text.split(/\s+/).filter((part) => part !== '');
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : parts.join(' ');
}

/**
 * Which human coding the rules are compared with:
 * - `coder`: one named coder, on the segments that coder reviewed;
 * - `union`: on segments any coder reviewed, a code is "yes" when any reviewing coder applied it;
 * - `consensus`: on segments any coder reviewed, "yes" when every coder who reviewed the segment applied it.
 * With a single coder all three are the same.
 */
export type HumanReference = { kind: 'union' } | { kind: 'consensus' } | { kind: 'coder'; coder: string };

/** Name of a reference as shown in reports and JSON: `union`, `consensus` or the coder's name. */
export function referenceName(reference: HumanReference): string {
  return reference.kind === 'coder' ? reference.coder : reference.kind;
}

/** Counts and statistics of one code (or theme, or all pooled) against the human reference. */
export interface AgreementStats {
  /** Segments where both the rules and the human applied it. */
  tp: number;
  /** Segments where only the rules applied it. */
  fp: number;
  /** Segments where only the human applied it. */
  fn: number;
  /** Segments where neither applied it. */
  tn: number;
  /** tp / (tp + fp); null when the rules never applied it. */
  precision: number | null;
  /** tp / (tp + fn); null when the human never applied it. */
  recall: number | null;
  /** 2tp / (2tp + fp + fn); null when neither side applied it. */
  f1: number | null;
  /** Cohen's kappa on presence/absence; null when it is undefined (e.g. neither side applied it). */
  kappa: number | null;
  /** Krippendorff's alpha (nominal, two coders: rules and human); null when undefined. */
  alpha: number | null;
}

/** One row of the per-code or per-theme table. */
export interface AgreementRow extends AgreementStats {
  /** Full code id (`success.quick-wins`) or theme id (`success`). */
  id: string;
  label: string;
  level: 'code' | 'theme';
  /** Theme id (the row's own id for themes). */
  theme: string;
}

/** Means over codes of each statistic, each over the codes where it is defined. */
export interface MacroAverages {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
  alpha: number | null;
  /** Codes with a defined kappa (the others were used by neither side, or by one side on every segment). */
  codes: number;
}

/** A code on which two sides disagree on one segment. */
export interface Disagreement {
  interview: string;
  file: string;
  line: number;
  turn: number;
  /** Full code id. */
  code: string;
  /** Sides that applied the code: `auto` and/or coder names (or `human` for the reference). */
  yes: string[];
  /** Sides that reviewed the segment and did not apply it. */
  no: string[];
  preview: string;
}

/** The rules against human coding. */
export interface AutoAgreement {
  /** `union`, `consensus` or the coder's name. */
  reference: string;
  /** Coders found on the segments considered, sorted. */
  coders: string[];
  /** Interviews with at least one reviewed segment. */
  interviews: number;
  /** Reviewed segments: the units of every row. */
  segments: number;
  /** Coded segments no (selected) human reviewed, left out. */
  unreviewed: number;
  /** Human code ids not in the codebook, skipped. */
  unknownCodes: number;
  /** All code × segment decisions pooled (micro average). */
  overall: AgreementStats;
  macro: MacroAverages;
  codes: AgreementRow[];
  themes: AgreementRow[];
  /** Per code and segment where the rules and the reference differ, in file and line order. */
  disagreements: Disagreement[];
}

/** Codes a reference applies on a segment, or undefined when the segment is not reviewed by it. */
export function referenceCodes(segment: AgreementSegment, reference: HumanReference): number[] | undefined {
  if (reference.kind === 'coder') return segment.human.get(reference.coder);
  if (segment.human.size === 0) return undefined;
  const lists = [...segment.human.values()];
  if (reference.kind === 'union') return [...new Set(lists.flat())].sort((a, b) => a - b);
  return lists[0]!.filter((code) => lists.every((list) => list.includes(code)));
}

/** Statistics of a 2×2 table of the reference (human) against the compared side (rules or coder B). */
export function statsFromCounts(tp: number, fp: number, fn: number, tn: number): AgreementStats {
  const { precision, recall, f1 } = precisionRecallF1(tp, fp, fn);
  return { tp, fp, fn, tn, precision, recall, f1, kappa: cohensKappaBinary(tp, fp, fn, tn), alpha: binaryAlpha(tp, fp, fn, tn) };
}

/**
 * Krippendorff's alpha for two coders and presence/absence, from the 2×2 counts:
 * units are the segments, each with the reference's and the other side's value.
 */
export function binaryAlpha(tp: number, fp: number, fn: number, tn: number): number | null {
  const units: CodedValue[][] = [];
  const push = (count: number, reference: number, other: number) => {
    for (let i = 0; i < count; i++) units.push([reference, other]);
  };
  push(tp, 1, 1);
  push(fp, 0, 1);
  push(fn, 1, 0);
  push(tn, 0, 0);
  return krippendorffAlphaNominal(units).alpha;
}

/** Compares the rules with the human reference on every segment the reference reviewed. */
export function compareWithHuman(compiled: CompiledCodebook, segments: readonly AgreementSegment[], reference: HumanReference): AutoAgreement {
  const codeCount = compiled.codes.length;
  const themeCount = compiled.codebook.themes.length;
  const codeCounts = Array.from({ length: codeCount }, () => [0, 0, 0, 0]); // tp, fp, fn, tn
  const themeCounts = Array.from({ length: themeCount }, () => [0, 0, 0, 0]);
  const coders = new Set<string>();
  const interviews = new Set<string>();
  const disagreements: Disagreement[] = [];
  const sideName = reference.kind === 'coder' ? reference.coder : 'human';
  let reviewed = 0;
  let unreviewed = 0;
  let unknownCodes = 0;
  for (const segment of segments) {
    const human = referenceCodes(segment, reference);
    if (human === undefined) {
      unreviewed += 1;
      continue;
    }
    reviewed += 1;
    unknownCodes += segment.unknown;
    interviews.add(segment.interview);
    for (const coder of segment.human.keys()) coders.add(coder);
    const auto = new Set(segment.auto);
    const humanSet = new Set(human);
    for (let code = 0; code < codeCount; code++) {
      const a = auto.has(code);
      const h = humanSet.has(code);
      codeCounts[code]![cell(h, a)]! += 1;
      if (a !== h) {
        disagreements.push(disagreementOn(segment, compiled.codes[code]!.id, [a ? 'auto' : sideName], [a ? sideName : 'auto']));
      }
    }
    const autoThemes = new Set(segment.auto.map((code) => compiled.themeOfCode[code]!));
    const humanThemes = new Set(human.map((code) => compiled.themeOfCode[code]!));
    for (let theme = 0; theme < themeCount; theme++) themeCounts[theme]![cell(humanThemes.has(theme), autoThemes.has(theme))]! += 1;
  }
  const codes = compiled.codes.map((code, index): AgreementRow => ({ id: code.id, label: code.label, level: 'code', theme: code.theme, ...statsOf(codeCounts[index]!) }));
  const themes = compiled.codebook.themes.map((theme, index): AgreementRow => ({ id: theme.id, label: theme.label, level: 'theme', theme: theme.id, ...statsOf(themeCounts[index]!) }));
  const pooled = [0, 0, 0, 0];
  for (const counts of codeCounts) for (let k = 0; k < 4; k++) pooled[k]! += counts[k]!;
  return {
    reference: referenceName(reference),
    coders: [...coders].sort(),
    interviews: interviews.size,
    segments: reviewed,
    unreviewed,
    unknownCodes,
    overall: statsOf(pooled),
    macro: macroAverages(codes),
    codes,
    themes,
    disagreements: sortDisagreements(disagreements),
  };
}

/** Index into [tp, fp, fn, tn] for a reference value and the compared side's value. */
function cell(reference: boolean, other: boolean): number {
  if (reference) return other ? 0 : 2;
  return other ? 1 : 3;
}

function statsOf(counts: readonly number[]): AgreementStats {
  return statsFromCounts(counts[0]!, counts[1]!, counts[2]!, counts[3]!);
}

/** Mean of the defined values, or null when none is. */
function mean(values: readonly (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null && !Number.isNaN(value));
  return defined.length === 0 ? null : defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

/** Macro averages over code rows. */
export function macroAverages(rows: readonly AgreementStats[]): MacroAverages {
  return {
    precision: mean(rows.map((row) => row.precision)),
    recall: mean(rows.map((row) => row.recall)),
    f1: mean(rows.map((row) => row.f1)),
    kappa: mean(rows.map((row) => row.kappa)),
    alpha: mean(rows.map((row) => row.alpha)),
    codes: rows.filter((row) => row.kappa !== null).length,
  };
}

/** The disagreement record of one code on one segment: who applied it, who reviewed the segment and did not. */
function disagreementOn(segment: AgreementSegment, code: string, yes: string[], no: string[]): Disagreement {
  return { interview: segment.interview, file: segment.file, line: segment.line, turn: segment.turn, code, yes, no, preview: segment.preview };
}

function sortDisagreements(list: Disagreement[]): Disagreement[] {
  // Stable: within a segment, codebook order is kept.
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.turn - b.turn);
}

// ---------------------------------------------------------------------------
// Coder against coder
// ---------------------------------------------------------------------------

/** Reliability of one code (or theme, or all pooled) between human coders. */
export interface CoderStats {
  /** Per coder (in `CoderAgreement.coders` order), segments where they applied it. */
  applied: number[];
  /** Mean share of agreeing coder pairs per segment (plain share of agreeing segments for two coders); null with no segment. */
  agreement: number | null;
  /** Cohen's kappa (two coders only; null with three or more, or when undefined). */
  kappa: number | null;
  /** Krippendorff's alpha, nominal, any number of coders; null when undefined (e.g. nobody applied it). */
  alpha: number | null;
}

export interface CoderRow extends CoderStats {
  id: string;
  label: string;
  level: 'code' | 'theme';
  theme: string;
}

/** Intercoder reliability between the listed coders. */
export interface CoderAgreement {
  coders: string[];
  /** Interviews with at least one segment every listed coder reviewed. */
  interviews: number;
  /** Segments every listed coder reviewed: the units of every row. */
  segments: number;
  /** Segments some but not all of the listed coders reviewed: left out of every figure. */
  partial: number;
  unknownCodes: number;
  /** All code × segment units pooled. */
  overall: CoderStats;
  codes: CoderRow[];
  themes: CoderRow[];
  /** Per code and segment where the coders differ. */
  disagreements: Disagreement[];
}

/**
 * Compares human coders on the segments all of them reviewed. Segments only
 * some of them reviewed are counted in `partial` and left out, so every
 * statistic (kappa needs both coders on each unit) uses the same units.
 */
export function compareCoders(compiled: CompiledCodebook, segments: readonly AgreementSegment[], coders: readonly string[]): CoderAgreement {
  const codeCount = compiled.codes.length;
  const themeCount = compiled.codebook.themes.length;
  // Per code: the 0/1 value of each coder on each common segment.
  const codeUnits: CodedValue[][][] = Array.from({ length: codeCount }, () => []);
  const themeUnits: CodedValue[][][] = Array.from({ length: themeCount }, () => []);
  const interviews = new Set<string>();
  const disagreements: Disagreement[] = [];
  let common = 0;
  let partial = 0;
  let unknownCodes = 0;
  for (const segment of segments) {
    const lists = coders.map((coder) => segment.human.get(coder));
    const present = lists.filter((list) => list !== undefined).length;
    if (present === 0) continue;
    if (present < coders.length) {
      partial += 1;
      continue;
    }
    common += 1;
    unknownCodes += segment.unknown;
    interviews.add(segment.interview);
    const sets = lists.map((list) => new Set(list));
    for (let code = 0; code < codeCount; code++) {
      const values = sets.map((set) => (set.has(code) ? 1 : 0));
      codeUnits[code]!.push(values);
      if (values.some((value) => value !== values[0])) {
        disagreements.push(
          disagreementOn(
            segment,
            compiled.codes[code]!.id,
            coders.filter((_coder, k) => values[k] === 1),
            coders.filter((_coder, k) => values[k] === 0),
          ),
        );
      }
    }
    const themeSets = sets.map((set) => new Set([...set].map((code) => compiled.themeOfCode[code]!)));
    for (let theme = 0; theme < themeCount; theme++) themeUnits[theme]!.push(themeSets.map((set) => (set.has(theme) ? 1 : 0)));
  }
  const codes = compiled.codes.map((code, index): CoderRow => ({ id: code.id, label: code.label, level: 'code', theme: code.theme, ...coderStatsOf(codeUnits[index]!, coders.length) }));
  const themes = compiled.codebook.themes.map((theme, index): CoderRow => ({ id: theme.id, label: theme.label, level: 'theme', theme: theme.id, ...coderStatsOf(themeUnits[index]!, coders.length) }));
  return {
    coders: [...coders],
    interviews: interviews.size,
    segments: common,
    partial,
    unknownCodes,
    overall: coderStatsOf(codeUnits.flat(), coders.length),
    codes,
    themes,
    disagreements: sortDisagreements(disagreements),
  };
}

/** Reliability of units of 0/1 values (one value per coder, none missing). */
export function coderStatsOf(units: readonly (readonly CodedValue[])[], coderCount: number): CoderStats {
  const applied = new Array<number>(coderCount).fill(0);
  const table = [
    [0, 0],
    [0, 0],
  ];
  for (const unit of units) {
    unit.forEach((value, k) => {
      if (value === 1) applied[k]! += 1;
    });
    if (coderCount === 2) table[unit[0] === 1 ? 0 : 1]![unit[1] === 1 ? 0 : 1]! += 1;
  }
  return {
    applied,
    agreement: percentAgreement(units).agreement,
    kappa: coderCount === 2 ? cohensKappa(table) : null,
    alpha: krippendorffAlphaNominal(units).alpha,
  };
}

// ---------------------------------------------------------------------------
// Thresholds
// ---------------------------------------------------------------------------

/** The reliability mark of a row: the lower of its kappa and alpha against 0.8 and 0.667. */
export type ReliabilityMark = 'reliable' | 'tentative' | 'unreliable' | null;

/** Marks a row by the lower of its defined kappa and alpha (null when both are undefined). */
export function reliabilityMark(kappa: number | null, alpha: number | null): ReliabilityMark {
  const values = [kappa, alpha].filter((value): value is number => value !== null && !Number.isNaN(value));
  if (values.length === 0) return null;
  const lowest = minOf(values);
  if (lowest < TENTATIVE) return 'unreliable';
  if (lowest < RELIABLE) return 'tentative';
  return 'reliable';
}

export interface Thresholds {
  /** Minimum Krippendorff's alpha for every code and overall. */
  minAlpha?: number;
  /** Minimum Cohen's kappa for every code and overall. */
  minKappa?: number;
}

/** A code (or the overall figure) below a threshold. */
export interface ThresholdFailure {
  /** Code id, or `overall`. */
  id: string;
  statistic: 'alpha' | 'kappa';
  value: number;
  threshold: number;
}

/**
 * Codes and the overall figure below `--min-alpha` / `--min-kappa`.
 * Undefined statistics (null: a code nobody applied) are not failures:
 * there is nothing to disagree about.
 */
export function checkThresholds(rows: readonly { id: string; kappa: number | null; alpha: number | null }[], overall: { kappa: number | null; alpha: number | null }, thresholds: Thresholds): ThresholdFailure[] {
  const failures: ThresholdFailure[] = [];
  const check = (id: string, stats: { kappa: number | null; alpha: number | null }) => {
    if (thresholds.minAlpha !== undefined && stats.alpha !== null && stats.alpha < thresholds.minAlpha) failures.push({ id, statistic: 'alpha', value: stats.alpha, threshold: thresholds.minAlpha });
    if (thresholds.minKappa !== undefined && stats.kappa !== null && stats.kappa < thresholds.minKappa) failures.push({ id, statistic: 'kappa', value: stats.kappa, threshold: thresholds.minKappa });
  };
  for (const row of rows) check(row.id, row);
  check('overall', overall);
  return failures;
}
