/**
 * What `cocreate compare` shows: the code × group table with interviews
 * coded (within-group %), segments coded, the test per row and the marks for
 * over/under-represented cells, as a ReportTable (terminal, Markdown), a tidy
 * long table (CSV: one row per code and group) and the JSON contract scripts
 * rely on: `{ by, segments, reviewed, groups: [{ name, size }], rows: [{ id, test, statistic, df,
 * p, q, cramersV, cells: [{ group, interviews, segments, residual }] }] }`.
 */
import { ASYMPTOTIC_MIN_EXPECTED, MIN_TESTED_GROUP_SIZE, RESIDUAL_THRESHOLD, type Comparison } from '../analyze/compare.js';
import { measureNote, roundTo, type Measure } from '../analyze/frequencies.js';
import { uncodedSegmentsNote } from './frequency-report.js';
import { formatNumber, formatP, formatPercent, type CellValue, type Column, type ReportTable } from './report-table.js';

/** The method note printed under the table: denominators, tests, seed, marks, untested groups. */
export function compareNote(comparison: Comparison, measure: Measure = 'count'): string {
  const segmentUnit = comparison.unit === 'segment';
  const excluded =
    comparison.excluded > 0
      ? segmentUnit
        ? ` (${comparison.excluded} ${comparison.excluded === 1 ? 'segment' : 'segments'} without a topic left out)`
        : ` (${comparison.excluded} without the attribute left out)`
      : '';
  const usedPermutation = comparison.rows.some((row) => row.test === 'permutation');
  const what = segmentUnit ? 'presence per segment × topic' : 'presence × group';
  const asymptotic = segmentUnit ? `rows marked "chi-square": Pearson's asymptotic test (every expected count ≥ ${ASYMPTOTIC_MIN_EXPECTED}); otherwise ` : '';
  const method =
    comparison.testChoice === 'permutation'
      ? `p: Monte Carlo permutation test of ${what} (Pearson X² as statistic)`
      : `p: ${asymptotic}two-sided Fisher–Freeman–Halton exact test of ${what}${usedPermutation ? '; rows marked "permutation": Monte Carlo permutation test (exact enumeration too large)' : ', or a Monte Carlo permutation test where the enumeration is too large'}`;
  const untested = comparison.groups.filter((group) => !group.tested);
  const cells = segmentUnit
    ? `Cells: segments coded (${measure === 'rate' ? 'per 1,000 words of the topic' : "% of the topic's segments"}) and interviews coded (int). Groups: protocol topics; the test counts segments, not interviews (an interview counts in every topic it has segments under). N = ${comparison.segments} segments of ${comparison.interviews} interviews${excluded}.`
    : `Cells: interviews coded (within-group %) and ${measure === 'count' ? 'coded segments (seg)' : measure === 'rate' ? 'coded segments per 1,000 words (per 1k)' : "coded segments as a % of the group's segments (% seg)"}. Groups by \`${comparison.by}\`; N = ${comparison.interviews} interviews${excluded}.`;
  const denominators = `Segments and words per group: ${comparison.groups.map((group) => `${group.name} ${group.segments.toLocaleString('en')} / ${group.words.toLocaleString('en')}`).join('; ')}.`;
  const uncoded = uncodedSegmentsNote(comparison.segments, comparison.reviewed, `Of the ${comparison.segments.toLocaleString('en')} segments compared`);
  return [
    cells,
    ...(uncoded ? [uncoded] : []),
    ...(segmentUnit || measure === 'count' ? [] : [measureNote(measure)]),
    ...(comparison.groups.length > 0 ? [denominators] : []),
    `${method} (seed ${comparison.seed}, ${comparison.permutations} permutations). q: Benjamini–Hochberg over ${comparison.tested} tested ${comparison.tested === 1 ? 'row' : 'rows'}.`,
    segmentUnit ? `X²: Pearson chi-square (df). V: Cramér's V.` : `X²: Pearson chi-square (df), reported as a statistic only: expected counts are small. V: Cramér's V.`,
    `+ / − (▲ / ▼ in Markdown): adjusted standardized residual ≥ ${RESIDUAL_THRESHOLD} / ≤ −${RESIDUAL_THRESHOLD} (over/under-represented). Rows present in every ${segmentUnit ? 'segment' : 'interview'} or in none are not tested (–).`,
    ...(untested.length > 0
      ? [
          `Not tested (fewer than ${MIN_TESTED_GROUP_SIZE} interviews, marked *): ${untested.map((group) => group.name).join(', ')}. They are shown for reference; a group of one interview is that interview, and cannot be told apart from it.${comparison.groups.length - untested.length < 2 ? ' Fewer than two groups are left to test, so no row is tested.' : ''}`,
        ]
      : []),
  ].join('\n');
}

/** Terminal/Markdown view: one row per code (or theme), per group the tested count and a second measure, then the test. */
export function compareTable(comparison: Comparison, measure: Measure = 'count'): ReportTable {
  const segmentUnit = comparison.unit === 'segment';
  const columns: Column[] = [{ header: comparison.level === 'code' ? 'Code' : 'Theme' }];
  const second = segmentUnit ? 'int' : measure === 'count' ? 'seg' : measure === 'rate' ? 'per 1k' : '% seg';
  for (const group of comparison.groups) {
    const star = group.tested ? '' : '*';
    const header = segmentUnit ? `${group.name}${star} (${group.segments} seg, n=${group.size})` : `${group.name}${star} (n=${group.size})`;
    columns.push({ header, align: 'right' }, { header: second, align: 'right' });
  }
  columns.push(
    { header: segmentUnit ? `Total (N=${comparison.segments} seg)` : `Total (N=${comparison.interviews})`, align: 'right' },
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
    comparison.groups.forEach((group, g) => {
      const cell = row.cells[g]!;
      if (segmentUnit) {
        const detail = measure === 'rate' ? (cell.rate === null ? '–' : `${cell.rate.toFixed(1)}/1k`) : formatPercent(cell.segments, group.segments);
        cells.push(`${cell.segments} (${detail})`, `${cell.interviews}/${cell.size}`);
      } else {
        const detail = measure === 'count' ? cell.segments : measure === 'rate' ? (cell.rate === null ? '–' : cell.rate.toFixed(1)) : cell.segmentShare === null ? '–' : `${cell.segmentShare.toFixed(1)}%`;
        cells.push(`${cell.interviews} (${formatPercent(cell.interviews, cell.size)})`, detail);
      }
      rowMarks.push(cell.mark ?? undefined, undefined);
    });
    cells.push(
      segmentUnit ? `${row.segments} (${formatPercent(row.segments, comparison.segments)})` : `${row.interviews} (${formatPercent(row.interviews, comparison.interviews)})`,
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
    title: `${comparison.level === 'code' ? 'Codes' : 'Themes'} by ${comparison.by}: ${segmentUnit ? 'segments coded' : 'interviews coded'}`,
    columns,
    rows,
    marks,
    frozenColumns: 1,
    columnBlock: 2,
    note: compareNote(comparison, measure),
  };
}

/** CSV view: tidy, one row per code (or theme) and group, the row's test repeated on each of its lines. */
export function compareCsvTable(comparison: Comparison): ReportTable {
  const headers = [
    'id', 'theme', 'level', 'group', 'group_size', 'interviews', 'percent', 'segments', 'residual', 'test', 'statistic', 'df', 'p', 'q', 'cramers_v', 'seed', 'permutations',
    'unit', 'group_tested', 'group_segments', 'group_words', 'rate', 'segment_share',
  ];
  const rows: CellValue[][] = [];
  for (const row of comparison.rows) {
    for (const [g, cell] of row.cells.entries()) {
      const group = comparison.groups[g]!;
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
        comparison.unit,
        group.tested ? 'true' : 'false',
        group.segments,
        group.words,
        roundTo(cell.rate, 3),
        roundTo(cell.segmentShare, 2),
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
    unit: comparison.unit,
    interviews: comparison.interviews,
    segments: comparison.segments,
    reviewed: comparison.reviewed,
    excluded: comparison.excluded,
    seed: comparison.seed,
    permutations: comparison.permutations,
    tested: comparison.tested,
    groups: comparison.groups.map((group) => ({ name: group.name, size: group.size, segments: group.segments, words: group.words, tested: group.tested })),
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
        rate: roundTo(cell.rate, 3),
        segmentShare: roundTo(cell.segmentShare, 2),
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
