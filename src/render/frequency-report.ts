/**
 * What `cocreate code` shows: frequency tables per theme, the code × group
 * crosstab, and the theme matrix, as ReportTables (for table, CSV and
 * Markdown) and as the JSON shapes scripts rely on.
 */
import { ownValue } from '../model/records.js';
import {
  measureNote,
  MISSING_GROUP,
  rateOf,
  roundTo,
  shareOf,
  type Crosstab,
  type FrequencyRow,
  type FrequencyTable,
  type GroupFrequencies,
  type Level,
  type Measure,
  type ThemeMatrix,
} from '../analyze/frequencies.js';
import { formatPercent, type CellValue, type Column, type ReportTable } from './report-table.js';

/** A measure's value as a table shows it: the count, a rate with one decimal, or a share with one decimal and `%`. */
export function formatMeasure(measure: Measure, segments: number, denominators: { segments: number; words: number }): string | number {
  if (measure === 'rate') {
    const rate = rateOf(segments, denominators.words);
    return rate === null ? '–' : rate.toFixed(1);
  }
  if (measure === 'share') {
    const share = shareOf(segments, denominators.segments);
    return share === null ? '–' : `${share.toFixed(1)}%`;
  }
  return segments;
}

/** Header of a measure column. */
function measureHeader(measure: Measure): string {
  return measure === 'rate' ? 'per 1,000 words' : measure === 'share' ? '% of segments' : 'Segments';
}

/**
 * For human codes, how many of the segments the coder (or coders) has coded:
 * the others count as carrying no code, and a reader must not take their
 * zeros for the coder's "no" (a coder who has reviewed 5 of 47 turns).
 */
function uncodedNote(table: FrequencyTable): string {
  const note = uncodedSegmentsNote(table.segments, table.reviewed);
  return note ? ` ${note}` : '';
}

/**
 * The sentence `code`, `compare` and `cooccur` print when a human source has
 * coded only some of the segments counted: `Of these, the source has coded
 * 77; the other 285 count as carrying no code.` (`lead` replaces `Of these`,
 * e.g. `Of the 362 segments compared`). Empty when the source coded them all
 * (always so for automatic sources).
 */
export function uncodedSegmentsNote(segments: number, reviewed: number, lead = 'Of these'): string {
  if (reviewed >= segments) return '';
  return `${lead}, the source has coded ${reviewed.toLocaleString('en')}; the other ${(segments - reviewed).toLocaleString('en')} count as carrying no code.`;
}

/** ` Of the 362 segments, the source has coded 77; …` (with a leading space) for a report's corpus section, or empty. */
export function corpusUncodedNote(table: FrequencyTable): string {
  const note = uncodedSegmentsNote(table.segments, table.reviewed, `Of the ${table.segments.toLocaleString('en')} segments`);
  return note ? ` ${note}` : '';
}

/**
 * Terminal/Markdown view: one table per theme, the theme's roll-up row first.
 * `interviewerTurns`: the segments include the interviewer's turns
 * (`--include-interviewer`), which the footer then says.
 */
export function frequencyTables(table: FrequencyTable, level: Level, measure: Measure = 'count', interviewerTurns = false): ReportTable[] {
  const N = table.interviews;
  const header: Column[] = [{ header: level === 'code' ? 'Code' : 'Theme' }, { header: 'Label' }, { header: 'Segments', align: 'right' as const }];
  if (measure !== 'count') header.push({ header: measureHeader(measure), align: 'right' });
  header.push({ header: 'Interviews', align: 'right' as const }, { header: '%', align: 'right' as const });
  const row = (entry: FrequencyRow): CellValue[] => [
    entry.id,
    entry.label,
    entry.segments,
    ...(measure === 'count' ? [] : [formatMeasure(measure, entry.segments, table)]),
    `${entry.interviews}/${N}`,
    formatPercent(entry.interviews, N),
  ];
  // The segments analysed, whoever coded them ("coded segments" read as segments that carry a code).
  const note = `N = ${N} interviews, ${table.segments.toLocaleString('en')} segments (${interviewerTurns ? 'respondent and interviewer turns' : 'respondent turns'}), ${table.words.toLocaleString('en')} words.${uncodedNote(table)} ${measureNote(measure)} A theme row counts a segment or interview once however many of its codes apply.`;
  if (level === 'theme') {
    return [{ title: 'Themes', columns: header, rows: table.themes.map(row), note }];
  }
  const tables = table.themes.map((theme): ReportTable => {
    const codes = table.codes.filter((code) => code.theme === theme.id);
    return { title: `${theme.label} (${theme.id})`, columns: header, rows: [row(theme), ...codes.map(row)], strong: new Set([0]) };
  });
  if (tables.length > 0) tables[tables.length - 1]!.note = note;
  return tables;
}

/** CSV view: one long table, theme rows and code rows, with the denominators (interviews, segments, words) and every measure on each row. */
export function frequencyCsvTable(table: FrequencyTable, level: Level): ReportTable {
  const rows: CellValue[][] = [];
  const push = (entry: FrequencyRow) =>
    rows.push([
      entry.level,
      entry.id,
      entry.theme,
      entry.label,
      entry.segments,
      entry.interviews,
      table.interviews,
      percentValue(entry.interviews, table.interviews),
      table.segments,
      table.words,
      roundTo(rateOf(entry.segments, table.words), 3),
      roundTo(shareOf(entry.segments, table.segments), 2),
    ]);
  for (const theme of table.themes) {
    if (level === 'theme') push(theme);
    else for (const code of table.codes.filter((code) => code.theme === theme.id)) push(code);
  }
  return {
    columns: ['level', 'id', 'theme', 'label', 'segments', 'interviews', 'interviews_total', 'interviews_percent', 'segments_total', 'words_total', 'rate', 'share'].map((header) => ({ header })),
    rows,
  };
}

/** Rate (per 1,000 words, 3 decimals) and share (% of segments, 2 decimals) of a row within its denominators. */
function measuresOf(segments: number, denominators: { segments: number; words: number }) {
  return { rate: roundTo(rateOf(segments, denominators.words), 3), share: roundTo(shareOf(segments, denominators.segments), 2) };
}

/**
 * The JSON contract of `code`: `{ measure, interviews, segments, words, codes: [{ id, theme, segments,
 * interviews, rate, share }], themes }`; rate = segments per 1,000 words, share = % of segments.
 */
export function frequencyJson(table: FrequencyTable, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    interviews: table.interviews,
    segments: table.segments,
    reviewed: table.reviewed,
    words: table.words,
    codes: table.codes.map((code) => ({ id: code.id, theme: code.theme, label: code.label, segments: code.segments, interviews: code.interviews, ...measuresOf(code.segments, table) })),
    themes: table.themes.map((theme) => ({ id: theme.id, label: theme.label, segments: theme.segments, interviews: theme.interviews, ...measuresOf(theme.segments, table) })),
  };
}

/** What a crosstab's note says about its groups: the attribute, or protocol topics counted in segments. */
function groupingNote(crosstab: Crosstab): string {
  if (crosstab.unit === 'interview') return `Groups by the \`${crosstab.by}\` attribute (n = interviews).`;
  const none = crosstab.groups.find((group) => group.name === MISSING_GROUP);
  return (
    'Groups: protocol topics, counted in segments (an interview counts in every topic it has segments under; n = interviews with segments under the topic).' +
    (none ? ` ${none.segments} ${none.segments === 1 ? 'segment' : 'segments'} without a topic ${none.segments === 1 ? 'is' : 'are'} under ${MISSING_GROUP}.` : '')
  );
}

/**
 * Code × group crosstab: per group the chosen measure of segments coded
 * (count, rate per 1,000 words or share of the group's segments) and the
 * interviews coded (k/n); the group's denominators (segments, words) in the
 * last two rows. Wide tables are wrapped by the terminal renderer in blocks
 * of these two columns.
 */
export function crosstabTable(crosstab: Crosstab, level: Level, measure: Measure = 'count'): ReportTable {
  const columns: Column[] = [{ header: level === 'code' ? 'Code' : 'Theme' }];
  const parts: { name: string; size: number; entries: FrequencyRow[]; segments: number; words: number }[] = crosstab.groups.map((group: GroupFrequencies) => ({
    name: group.name,
    size: group.size,
    entries: level === 'code' ? group.codes : group.themes,
    segments: group.segments,
    words: group.words,
  }));
  const total = crosstab.total;
  parts.push({ name: 'Total', size: total.interviews, entries: level === 'code' ? total.codes : total.themes, segments: total.segments, words: total.words });
  for (const part of parts) columns.push({ header: part.name, align: 'right' }, { header: 'int', align: 'right' });
  const totals = level === 'code' ? total.codes : total.themes;
  const rows: CellValue[][] = totals.map((row, index) => {
    const cells: CellValue[] = [row.id];
    for (const part of parts) {
      const entry = part.entries[index]!;
      cells.push(formatMeasure(measure, entry.segments, part), `${entry.interviews}/${part.size}`);
    }
    return cells;
  });
  rows.push(['(segments)', ...parts.flatMap((part) => [part.segments, ''])]);
  rows.push(['(words)', ...parts.flatMap((part) => [part.words, ''])]);
  const what = measure === 'count' ? 'segments coded' : measure === 'rate' ? 'segments coded per 1,000 words' : 'share of segments coded';
  return {
    title: `${level === 'code' ? 'Codes' : 'Themes'} by ${crosstab.by}: ${what}`,
    columns,
    rows,
    strong: new Set([rows.length - 2, rows.length - 1]),
    frozenColumns: 1,
    columnBlock: 2,
    note: [
      `${measureNote(measure)} int: interviews with at least one such segment / interviews in the group (n). (segments), (words): the group's denominators.`,
      groupingNote(crosstab),
    ].join('\n'),
  };
}

/**
 * CSV view of a crosstab: tidy, one line per code (or theme) and group, with
 * the group's denominators and every measure on each line.
 */
export function crosstabCsvTable(crosstab: Crosstab, level: Level): ReportTable {
  const headers = ['by', 'group', 'group_interviews', 'group_segments', 'group_words', 'level', 'id', 'theme', 'segments', 'interviews', 'interviews_percent', 'rate', 'share'];
  const rows: CellValue[][] = [];
  for (const group of crosstab.groups) {
    for (const entry of level === 'code' ? group.codes : group.themes) {
      rows.push([
        crosstab.by,
        group.name,
        group.size,
        group.segments,
        group.words,
        entry.level,
        entry.id,
        entry.theme,
        entry.segments,
        entry.interviews,
        percentValue(entry.interviews, group.size),
        roundTo(rateOf(entry.segments, group.words), 3),
        roundTo(shareOf(entry.segments, group.segments), 2),
      ]);
    }
  }
  return { columns: headers.map((header) => ({ header })), rows };
}

/**
 * The JSON contract with `--by`: adds `by`, `unit` (`interview`, or `segment` for topic) and
 * `groups: [{ name, size, segments, words, codes: [{ id, segments, interviews, rate, share }], themes }]`.
 */
export function crosstabJson(crosstab: Crosstab, extra: Record<string, unknown> = {}) {
  return {
    ...frequencyJson(crosstab.total, extra),
    by: crosstab.by,
    unit: crosstab.unit,
    groups: crosstab.groups.map((group) => ({
      name: group.name,
      size: group.size,
      segments: group.segments,
      words: group.words,
      codes: group.codes.map((code) => ({ id: code.id, segments: code.segments, interviews: code.interviews, ...measuresOf(code.segments, group) })),
      themes: group.themes.map((theme) => ({ id: theme.id, segments: theme.segments, interviews: theme.interviews, ...measuresOf(theme.segments, group) })),
    })),
  };
}

/**
 * The theme matrix for analysis software (R, SPSS, Excel): one row per
 * interview with its id, language and document attributes as the leading
 * columns, then `source` (whose codes: auto, manual or a coder), the
 * interview's segments and words, then one column per code or theme
 * (cells = coded segments).
 */
export function matrixTable(matrix: ThemeMatrix, source = 'auto'): ReportTable {
  return {
    title: `Theme matrix (coded segments per interview, ${matrix.level === 'code' ? 'per code' : 'per theme'})`,
    columns: [
      { header: 'id' },
      { header: 'language' },
      ...matrix.attributes.map((header) => ({ header })),
      { header: 'source' },
      { header: 'segments' },
      { header: 'words' },
      ...matrix.columns.map((header) => ({ header })),
    ],
    rows: matrix.rows.map((row) => [row.id, row.language, ...matrix.attributes.map((name) => ownValue(row.attributes, name) ?? null), source, row.segments, row.words, ...row.cells]),
  };
}

/** The matrix as JSON: `{ level, columns, rows: [{ id, file, language, attributes, source, segments, words, codes: { id: n } }] }`. */
export function matrixJson(matrix: ThemeMatrix, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    level: matrix.level,
    columns: matrix.columns,
    rows: matrix.rows.map((row) => ({
      id: row.id,
      file: row.file,
      language: row.language,
      attributes: row.attributes,
      source: extra.source ?? 'auto',
      segments: row.segments,
      words: row.words,
      codes: Object.fromEntries(matrix.columns.map((column, index) => [column, row.cells[index] ?? 0])),
    })),
  };
}

function percentValue(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((10000 * part) / whole) / 100;
}
