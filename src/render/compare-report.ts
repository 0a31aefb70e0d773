/**
 * What `cocreate compare` shows: the code × group table with interviews
 * coded (within-group %), segments coded, the test per row and the marks for
 * over/under-represented cells, as a ReportTable (terminal, Markdown), a tidy
 * long table (CSV: one row per code and group) and the JSON contract scripts
 * rely on: `{ by, groups: [{ name, size }], rows: [{ id, test, statistic, df,
 * p, q, cramersV, cells: [{ group, interviews, segments, residual }] }] }`.
 */
import { RESIDUAL_THRESHOLD, type Comparison } from '../analyze/compare.js';
import { formatNumber, formatP, formatPercent, type CellValue, type Column, type ReportTable } from './report-table.js';

/** The method note printed under the table: denominators, tests, seed, marks. */
export function compareNote(comparison: Comparison): string {
  const excluded = comparison.excluded > 0 ? ` (${comparison.excluded} without the attribute left out)` : '';
  const usedPermutation = comparison.rows.some((row) => row.test === 'permutation');
  const method =
    comparison.testChoice === 'permutation'
      ? 'p: Monte Carlo permutation test of presence × group (Pearson X² as statistic)'
      : `p: two-sided Fisher–Freeman–Halton exact test of presence × group${usedPermutation ? '; rows marked "permutation": Monte Carlo permutation test (exact enumeration too large)' : ', or a Monte Carlo permutation test where the enumeration is too large'}`;
  return [
    `Cells: interviews coded (within-group %) and coded segments (seg). Groups by \`${comparison.by}\`; N = ${comparison.interviews} interviews${excluded}.`,
    `${method} (seed ${comparison.seed}, ${comparison.permutations} permutations). q: Benjamini–Hochberg over ${comparison.tested} tested ${comparison.tested === 1 ? 'row' : 'rows'}.`,
    `X²: Pearson chi-square (df), reported as a statistic only: expected counts are small. V: Cramér's V.`,
    `+ / − (▲ / ▼ in Markdown): adjusted standardized residual ≥ ${RESIDUAL_THRESHOLD} / ≤ −${RESIDUAL_THRESHOLD} (over/under-represented). Rows present in every interview or in none are not tested (–).`,
  ].join('\n');
}

/** Terminal/Markdown view: one row per code (or theme), per group interviews (%) and segments, then the test. */
export function compareTable(comparison: Comparison): ReportTable {
  const columns: Column[] = [{ header: comparison.level === 'code' ? 'Code' : 'Theme' }];
  for (const group of comparison.groups) {
    columns.push({ header: `${group.name} (n=${group.size})`, align: 'right' }, { header: 'seg', align: 'right' });
  }
  columns.push(
    { header: `Total (N=${comparison.interviews})`, align: 'right' },
    { header: 'Test' },
    { header: 'X²', align: 'right' },
    { header: 'df', align: 'right' },
    { header: 'V', align: 'right' },
    { header: 'p', align: 'right' },
    { header: 'q', align: 'right' },
  );
  const marks: ('high' | 'low' | undefined)[][] = [];
  const rows = comparison.rows.map((row): CellValue[] => {
    const cells: CellValue[] = [row.id];
    const rowMarks: ('high' | 'low' | undefined)[] = [undefined];
    for (const cell of row.cells) {
      cells.push(`${cell.interviews} (${formatPercent(cell.interviews, cell.size)})`, cell.segments);
      rowMarks.push(cell.mark ?? undefined, undefined);
    }
    cells.push(
      `${row.interviews} (${formatPercent(row.interviews, comparison.interviews)})`,
      row.test,
      formatNumber(row.statistic, 2),
      row.df,
      formatNumber(row.cramersV, 2),
      formatP(row.p),
      formatP(row.q),
    );
    marks.push(rowMarks);
    return cells;
  });
  return {
    title: `${comparison.level === 'code' ? 'Codes' : 'Themes'} by ${comparison.by}: interviews coded`,
    columns,
    rows,
    marks,
    note: compareNote(comparison),
  };
}

/** CSV view: tidy, one row per code (or theme) and group, the row's test repeated on each of its lines. */
export function compareCsvTable(comparison: Comparison): ReportTable {
  const headers = ['id', 'theme', 'level', 'group', 'group_size', 'interviews', 'percent', 'segments', 'residual', 'test', 'statistic', 'df', 'p', 'q', 'cramers_v', 'seed', 'permutations'];
  const rows: CellValue[][] = [];
  for (const row of comparison.rows) {
    for (const cell of row.cells) {
      const permutation = row.test === 'permutation';
      rows.push([
        row.id,
        row.theme,
        row.level,
        cell.group,
        cell.size,
        cell.interviews,
        cell.share === null ? null : round(100 * cell.share, 2),
        cell.segments,
        cell.residual,
        row.test,
        row.statistic,
        row.df,
        row.p,
        row.q,
        row.cramersV,
        permutation ? comparison.seed : null,
        permutation ? comparison.permutations : null,
      ]);
    }
  }
  return { columns: headers.map((header) => ({ header })), rows };
}

/** The JSON contract of `compare`; `extra` (codebook, source) goes first. */
export function compareJson(comparison: Comparison, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    by: comparison.by,
    level: comparison.level,
    interviews: comparison.interviews,
    excluded: comparison.excluded,
    seed: comparison.seed,
    permutations: comparison.permutations,
    tested: comparison.tested,
    groups: comparison.groups.map((group) => ({ name: group.name, size: group.size, segments: group.segments })),
    rows: comparison.rows.map((row) => ({
      id: row.id,
      theme: row.theme,
      label: row.label,
      interviews: row.interviews,
      segments: row.segments,
      test: row.test,
      statistic: row.statistic,
      df: row.df,
      p: row.p,
      q: row.q,
      cramersV: row.cramersV,
      minExpected: row.minExpected,
      cells: row.cells.map((cell) => ({
        group: cell.group,
        size: cell.size,
        interviews: cell.interviews,
        percent: cell.share === null ? null : round(100 * cell.share, 2),
        segments: cell.segments,
        residual: cell.residual,
        mark: cell.mark,
      })),
    })),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
