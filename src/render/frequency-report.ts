/**
 * What `cocreate code` shows: frequency tables per theme, the code × group
 * crosstab, and the theme matrix, as ReportTables (for table, CSV and
 * Markdown) and as the JSON shapes scripts rely on.
 */
import { ownValue } from '../model/records.js';
import type { Crosstab, FrequencyRow, FrequencyTable, Level, ThemeMatrix } from '../analyze/frequencies.js';
import { formatPercent, type CellValue, type ReportTable } from './report-table.js';

/** Terminal/Markdown view: one table per theme, the theme's roll-up row first. */
export function frequencyTables(table: FrequencyTable, level: Level): ReportTable[] {
  const N = table.interviews;
  const header = [
    { header: level === 'code' ? 'Code' : 'Theme' },
    { header: 'Label' },
    { header: 'Segments', align: 'right' as const },
    { header: 'Interviews', align: 'right' as const },
    { header: '%', align: 'right' as const },
  ];
  const row = (entry: FrequencyRow): CellValue[] => [entry.id, entry.label, entry.segments, `${entry.interviews}/${N}`, formatPercent(entry.interviews, N)];
  const note = `N = ${N} interviews, ${table.segments} coded segments. A theme row counts a segment or interview once however many of its codes apply.`;
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

/** CSV view: one long table, theme rows and code rows, with the denominator on each row. */
export function frequencyCsvTable(table: FrequencyTable, level: Level): ReportTable {
  const rows: CellValue[][] = [];
  const push = (entry: FrequencyRow) =>
    rows.push([entry.level, entry.id, entry.theme, entry.label, entry.segments, entry.interviews, table.interviews, percentValue(entry.interviews, table.interviews)]);
  for (const theme of table.themes) {
    if (level === 'theme') push(theme);
    else for (const code of table.codes.filter((code) => code.theme === theme.id)) push(code);
  }
  return {
    columns: ['level', 'id', 'theme', 'label', 'segments', 'interviews', 'interviews_total', 'interviews_percent'].map((header) => ({ header })),
    rows,
  };
}

/** The JSON contract of `code`: `{ interviews, segments, codes: [{ id, theme, segments, interviews }], themes }`. */
export function frequencyJson(table: FrequencyTable, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    interviews: table.interviews,
    segments: table.segments,
    codes: table.codes.map((code) => ({ id: code.id, theme: code.theme, label: code.label, segments: code.segments, interviews: code.interviews })),
    themes: table.themes.map((theme) => ({ id: theme.id, label: theme.label, segments: theme.segments, interviews: theme.interviews })),
  };
}

/** Code × group crosstab of interviews coded (with within-group %), group sizes in the header. */
export function crosstabTable(crosstab: Crosstab, level: Level, options: { percentages?: boolean } = {}): ReportTable {
  const percentages = options.percentages ?? true;
  const columns = [{ header: level === 'code' ? 'Code' : 'Theme' }];
  for (const group of crosstab.groups) {
    columns.push({ header: `${group.name} (n=${group.size})` });
    if (percentages) columns.push({ header: '%' });
  }
  columns.push({ header: `Total (N=${crosstab.total.interviews})` });
  const totals = level === 'code' ? crosstab.total.codes : crosstab.total.themes;
  const rows = totals.map((total, index) => {
    const row: CellValue[] = [total.id];
    for (const group of crosstab.groups) {
      const entry = (level === 'code' ? group.codes : group.themes)[index]!;
      row.push(entry.interviews);
      if (percentages) row.push(formatPercent(entry.interviews, group.size));
    }
    row.push(total.interviews);
    return row;
  });
  return {
    title: `Interviews coded, by ${crosstab.by}`,
    columns: columns.map((column, index) => (index === 0 ? column : { ...column, align: 'right' as const })),
    rows,
    note: `Cells: interviews with at least one coded segment (within-group %). Groups by the \`${crosstab.by}\` attribute.`,
  };
}

/** The JSON contract with `--by`: adds `by` and `groups: [{ name, size, codes: [{ id, segments, interviews }] }]`. */
export function crosstabJson(crosstab: Crosstab, extra: Record<string, unknown> = {}) {
  return {
    ...frequencyJson(crosstab.total, extra),
    by: crosstab.by,
    groups: crosstab.groups.map((group) => ({
      name: group.name,
      size: group.size,
      segments: group.segments,
      codes: group.codes.map((code) => ({ id: code.id, segments: code.segments, interviews: code.interviews })),
      themes: group.themes.map((theme) => ({ id: theme.id, segments: theme.segments, interviews: theme.interviews })),
    })),
  };
}

/** The theme matrix: id and attributes first, then one column per code (cells = coded segments). */
export function matrixTable(matrix: ThemeMatrix): ReportTable {
  return {
    title: 'Theme matrix (coded segments per interview)',
    columns: [{ header: 'id' }, ...matrix.attributes.map((header) => ({ header })), { header: 'segments' }, ...matrix.columns.map((header) => ({ header }))],
    rows: matrix.rows.map((row) => [row.id, ...matrix.attributes.map((name) => ownValue(row.attributes, name) ?? null), row.segments, ...row.cells]),
  };
}

export function matrixJson(matrix: ThemeMatrix, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    level: matrix.level,
    columns: matrix.columns,
    rows: matrix.rows.map((row) => ({
      id: row.id,
      file: row.file,
      attributes: row.attributes,
      segments: row.segments,
      codes: Object.fromEntries(matrix.columns.map((column, index) => [column, row.cells[index] ?? 0])),
    })),
  };
}

function percentValue(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((10000 * part) / whole) / 100;
}
