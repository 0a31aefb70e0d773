/**
 * Frequencies from tallies: per code and per theme, segments coded and
 * interviews coded (an interview counts once however many of its segments
 * carry the code); the same within groups of an attribute; and the theme
 * matrix (interviews × codes); and the measures a count is shown as (the
 * count, a rate per 1,000 words, a share of segments), one vocabulary for
 * every command that counts. Pure counting, no formatting. (The measures
 * live here rather than in a module of their own so that the bundled CLI
 * loads no extra chunk for them at start-up.)
 */
import type { CompiledCodebook } from '../code/compile.js';
import { ownValue } from '../model/records.js';
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
  /** Segments counted (respondent turns, plus the interviewer's with --include-interviewer), whoever coded them. */
  segments: number;
  /** Of those, the segments the source has coded (all of them for automatic coding; fewer for a human coder who has not coded every turn). */
  reviewed: number;
  /** Words in those segments (the denominator of rates per 1,000 words). */
  words: number;
  codes: FrequencyRow[];
  themes: FrequencyRow[];
}

export interface GroupFrequencies {
  /** Attribute value (or protocol topic), or `(none)` for interviews without the attribute (segments without a topic). */
  name: string;
  /** Interviews in the group (with `--by topic`: interviews with at least one segment under the topic). */
  size: number;
  /** Coded segments in the group. */
  segments: number;
  /** Words in the group's segments. */
  words: number;
  codes: FrequencyRow[];
  themes: FrequencyRow[];
}

/**
 * What a group holds: whole interviews (a document attribute), or segments
 * (`topic`: an interview is in every topic it has segments under).
 */
export type GroupUnit = 'interview' | 'segment';

/** The segment-level grouping: the protocol topic of each turn (`question:` in YAML, `##` in Markdown). */
export const TOPIC_GROUPING = 'topic';

export interface Crosstab {
  /** The attribute grouped by, e.g. `unit`, or `topic`. */
  by: string;
  /** `segment` for `topic`, else `interview`. */
  unit: GroupUnit;
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
  return { interviews: tallies.length, segments: sum(tallies, (tally) => tally.segments), reviewed: sum(tallies, (tally) => tally.reviewedSegments), words: sum(tallies, (tally) => tally.words), codes, themes };
}

/** One `--where` condition: the attribute must have one of the values. */
export interface AttributeFilter {
  attribute: string;
  /** Accepted values (several `--where` on one attribute accept any of them). */
  values: string[];
}

/**
 * Parses `attr=value` expressions. Conditions on the same attribute are
 * alternatives (OR); conditions on different attributes must all hold (AND).
 */
export function parseWhere(expressions: readonly string[]): AttributeFilter[] | { error: string } {
  const filters = new Map<string, string[]>();
  for (const expression of expressions) {
    const at = expression.indexOf('=');
    const attribute = at > 0 ? expression.slice(0, at).trim() : '';
    const value = at > 0 ? expression.slice(at + 1).trim() : '';
    if (attribute === '' || value === '') return { error: `--where expects attribute=value (e.g. role=project-manager), not "${expression}".` };
    filters.set(attribute, [...(filters.get(attribute) ?? []), value]);
  }
  return [...filters].map(([attribute, values]) => ({ attribute, values }));
}

/** An interview's value for an attribute, as `--by` reads it: its attributes, then `language` and `id`. */
export function attributeValue(interview: { id: string; language: string; attributes: Record<string, string> }, attribute: string): string | undefined {
  return ownValue(interview.attributes, attribute) ?? (attribute === 'language' ? interview.language : attribute === 'id' ? interview.id : undefined);
}

/** Whether an interview passes every filter. */
export function matchesWhere(interview: { id: string; language: string; attributes: Record<string, string> }, filters: readonly AttributeFilter[]): boolean {
  return filters.every((filter) => {
    const value = attributeValue(interview, filter.attribute);
    return value !== undefined && filter.values.includes(value);
  });
}

/** The unit a grouping holds: segments for `topic`, interviews for any attribute. */
export function groupUnitOf(by: string): GroupUnit {
  return by === TOPIC_GROUPING ? 'segment' : 'interview';
}

/**
 * Groups tallies by an attribute's value, groups sorted by name (missing
 * last). `topic` groups segments instead: see {@link groupTalliesByTopic}
 * (`topics` is then the project's topic order).
 */
export function groupTallies(tallies: readonly TranscriptTally[], by: string, topics: readonly string[] = []): Map<string, TranscriptTally[]> {
  if (by === TOPIC_GROUPING) return groupTalliesByTopic(tallies, topics);
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

/**
 * Groups the segments of every transcript by protocol topic: each group
 * holds, per transcript with segments under the topic, a tally of those
 * segments only (same id, file and attributes), so every count made over
 * interviews works unchanged and an interview counts in each topic it has
 * segments under. Groups follow `order` (the project's topics, each one a
 * group even when empty), then topics found but not in `order` (sorted),
 * then `(none)` for segments before any topic. Tallies must carry `topics`.
 */
export function groupTalliesByTopic(tallies: readonly TranscriptTally[], order: readonly string[]): Map<string, TranscriptTally[]> {
  const groups = new Map<string, TranscriptTally[]>(order.map((name) => [name, []]));
  const extra = new Map<string, TranscriptTally[]>();
  const none: TranscriptTally[] = [];
  for (const tally of tallies) {
    if (!tally.topics) throw new Error(`internal: the tally of ${tally.file} was made without topics`);
    for (const topic of tally.topics) {
      const part: TranscriptTally = { ...tally, segments: topic.segments, words: topic.words, codeSegments: topic.codeSegments, themeSegments: topic.themeSegments, codedSegments: topic.codedSegments, reviewedSegments: topic.reviewedSegments, topics: [topic] };
      if (topic.topic === null) none.push(part);
      else (groups.get(topic.topic) ?? extra.get(topic.topic) ?? extra.set(topic.topic, []).get(topic.topic)!).push(part);
    }
  }
  for (const name of [...extra.keys()].sort((a, b) => a.localeCompare(b, 'en'))) groups.set(name, extra.get(name)!);
  if (none.length > 0) groups.set(MISSING_GROUP, none);
  return groups;
}

/**
 * Keeps only the segments under the given topics: each tally is replaced by
 * the sum of its topic parts in `topics` (`null` = segments without a
 * topic); transcripts with none of them are dropped. Tallies must carry `topics`.
 */
export function selectTopics(tallies: readonly TranscriptTally[], topics: ReadonlySet<string | null>): TranscriptTally[] {
  const kept: TranscriptTally[] = [];
  for (const tally of tallies) {
    if (!tally.topics) throw new Error(`internal: the tally of ${tally.file} was made without topics`);
    const parts = tally.topics.filter((topic) => topics.has(topic.topic));
    if (parts.length === 0) continue;
    const codeSegments = new Array<number>(tally.codeSegments.length).fill(0);
    const themeSegments = new Array<number>(tally.themeSegments.length).fill(0);
    for (const part of parts) {
      part.codeSegments.forEach((count, index) => (codeSegments[index]! += count));
      part.themeSegments.forEach((count, index) => (themeSegments[index]! += count));
    }
    kept.push({
      ...tally,
      segments: sum(parts, (part) => part.segments),
      words: sum(parts, (part) => part.words),
      codeSegments,
      themeSegments,
      codedSegments: sum(parts, (part) => part.codedSegments),
      reviewedSegments: sum(parts, (part) => part.reviewedSegments),
      topics: parts,
    });
  }
  return kept;
}

/** Code × group (and theme × group) frequencies for an attribute, or for `topic` (segments grouped by protocol topic, in `topics` order). */
export function crosstabFrequencies(compiled: CompiledCodebook, tallies: readonly TranscriptTally[], by: string, topics: readonly string[] = []): Crosstab {
  const groups: GroupFrequencies[] = [];
  for (const [name, members] of groupTallies(tallies, by, topics)) {
    const table = countFrequencies(compiled, members);
    groups.push({ name, size: members.length, segments: table.segments, words: table.words, codes: table.codes, themes: table.themes });
  }
  return { by, unit: groupUnitOf(by), groups, total: countFrequencies(compiled, tallies) };
}

export interface MatrixRow {
  id: string;
  file: string;
  /** The transcript's language, e.g. `es`. */
  language: string;
  attributes: Record<string, string>;
  /** Coded segments in this interview. */
  segments: number;
  /** Words in those segments. */
  words: number;
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
      language: tally.language,
      attributes: tally.attributes,
      segments: tally.segments,
      words: tally.words,
      cells: [...(level === 'code' ? tally.codeSegments : tally.themeSegments)],
    }));
  return { level, columns, attributes, rows };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

/** Measures a count can be shown as. */
export const MEASURES = ['count', 'rate', 'share'] as const;
/** `count`: segments; `rate`: segments per 1,000 words; `share`: % of the group's segments. */
export type Measure = (typeof MEASURES)[number];

/** Words a rate is given per. */
export const RATE_PER_WORDS = 1000;

/** Segments per 1,000 words, e.g. 12 segments in 4,000 words → 3; null when there are no words. */
export function rateOf(segments: number, words: number): number | null {
  return words > 0 ? (RATE_PER_WORDS * segments) / words : null;
}

/** Share of segments as a percentage in [0, 100], e.g. 12 of 48 → 25; null when there are no segments. */
export function shareOf(segments: number, total: number): number | null {
  return total > 0 ? (100 * segments) / total : null;
}

/** Rounds to `decimals` places (JSON and CSV carry rounded measures, e.g. 2.5 per 1,000 words). */
export function roundTo(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** What a measure's cells mean, for table footers. */
export function measureNote(measure: Measure): string {
  switch (measure) {
    case 'rate':
      return "Measure: rate, segments coded per 1,000 words of the group's segments.";
    case 'share':
      return "Measure: share, segments coded as a % of the group's segments.";
    default:
      return 'Measure: count, segments coded.';
  }
}
