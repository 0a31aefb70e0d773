/**
 * Frequencies from tallies: per code and per theme, segments coded and
 * interviews coded (an interview counts once however many of its segments
 * carry the code); the same within groups of an attribute; and the theme
 * matrix (interviews × codes). Pure counting, no formatting.
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { TranscriptTally } from './tally.js';

/** Rows of a frequency table are codes or themes. */
export type Level = 'code' | 'theme';

export interface FrequencyRow {
  /** Full code id (`success.quick-wins`) or theme id (`success`). */
  id: string;
  /** Theme id (for a theme row, its own id). */
  theme: string;
  label: string;
  level: Level;
  /** Coded segments carrying it. */
  segments: number;
  /** Interviews with at least one such segment. */
  interviews: number;
}

export interface FrequencyTable {
  /** Interviews counted (N). */
  interviews: number;
  /** Coded segments counted. */
  segments: number;
  codes: FrequencyRow[];
  themes: FrequencyRow[];
}

export interface GroupFrequencies {
  /** Attribute value, or `(none)` for interviews without the attribute. */
  name: string;
  /** Interviews in the group. */
  size: number;
  /** Coded segments in the group. */
  segments: number;
  codes: FrequencyRow[];
  themes: FrequencyRow[];
}

export interface Crosstab {
  /** The attribute grouped by, e.g. `unit`. */
  by: string;
  groups: GroupFrequencies[];
  /** Whole-corpus frequencies, for the totals column. */
  total: FrequencyTable;
}

/** Group name used for interviews that lack the attribute. */
export const MISSING_GROUP = '(none)';

/** Frequencies over a set of tallies. */
export function countFrequencies(compiled: CompiledCodebook, tallies: readonly TranscriptTally[]): FrequencyTable {
  const codes: FrequencyRow[] = compiled.codes.map((code, index) => ({
    id: code.id,
    theme: code.theme,
    label: code.label,
    level: 'code',
    segments: sum(tallies, (tally) => tally.codeSegments[index] ?? 0),
    interviews: sum(tallies, (tally) => ((tally.codeSegments[index] ?? 0) > 0 ? 1 : 0)),
  }));
  const themes: FrequencyRow[] = compiled.codebook.themes.map((theme, index) => ({
    id: theme.id,
    theme: theme.id,
    label: theme.label,
    level: 'theme',
    segments: sum(tallies, (tally) => tally.themeSegments[index] ?? 0),
    interviews: sum(tallies, (tally) => ((tally.themeSegments[index] ?? 0) > 0 ? 1 : 0)),
  }));
  return { interviews: tallies.length, segments: sum(tallies, (tally) => tally.segments), codes, themes };
}

/** Groups tallies by an attribute's value, groups sorted by name (missing last). */
export function groupTallies(tallies: readonly TranscriptTally[], by: string): Map<string, TranscriptTally[]> {
  const groups = new Map<string, TranscriptTally[]>();
  for (const tally of tallies) {
    // Own keys only: `--by constructor` must not find Object.prototype.constructor.
    const own = Object.hasOwn(tally.attributes, by) ? tally.attributes[by] : undefined;
    const name = own ?? (by === 'language' ? tally.language : by === 'id' ? tally.id : MISSING_GROUP);
    const list = groups.get(name) ?? [];
    list.push(tally);
    groups.set(name, list);
  }
  const names = [...groups.keys()].sort((a, b) => (a === MISSING_GROUP ? 1 : b === MISSING_GROUP ? -1 : a.localeCompare(b, 'en')));
  return new Map(names.map((name) => [name, groups.get(name)!]));
}

/** Code × group (and theme × group) frequencies for an attribute. */
export function crosstabFrequencies(compiled: CompiledCodebook, tallies: readonly TranscriptTally[], by: string): Crosstab {
  const groups: GroupFrequencies[] = [];
  for (const [name, members] of groupTallies(tallies, by)) {
    const table = countFrequencies(compiled, members);
    groups.push({ name, size: members.length, segments: table.segments, codes: table.codes, themes: table.themes });
  }
  return { by, groups, total: countFrequencies(compiled, tallies) };
}

export interface MatrixRow {
  id: string;
  file: string;
  attributes: Record<string, string>;
  /** Coded segments in this interview. */
  segments: number;
  /** Per column (code or theme, in codebook order): coded segments. */
  cells: number[];
}

export interface ThemeMatrix {
  level: Level;
  /** Column ids: full code ids or theme ids. */
  columns: string[];
  /** Attribute names, sorted, that appear in any interview. */
  attributes: string[];
  rows: MatrixRow[];
}

/** The theme matrix: one row per interview, one column per code (or theme), cells = coded segments. */
export function buildThemeMatrix(compiled: CompiledCodebook, tallies: readonly TranscriptTally[], level: Level = 'code'): ThemeMatrix {
  const columns = level === 'code' ? compiled.codes.map((code) => code.id) : compiled.codebook.themes.map((theme) => theme.id);
  const attributes = [...new Set(tallies.flatMap((tally) => Object.keys(tally.attributes)))].sort();
  const rows = [...tallies]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((tally) => ({
      id: tally.id,
      file: tally.file,
      attributes: tally.attributes,
      segments: tally.segments,
      cells: [...(level === 'code' ? tally.codeSegments : tally.themeSegments)],
    }));
  return { level, columns, attributes, rows };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
