/**
 * What `cocreate cooccur` shows: the co-occurring pairs ranked by count or
 * Jaccard (readable however many codes there are), or the full code × code
 * matrix with `--matrix`; as ReportTables, as a CSV edge list for network
 * tools (Gephi reads `source,target,weight`), and as JSON.
 */
import { rankPairs, type Cooccurrence, type CooccurrenceMeasure } from '../analyze/cooccurrence.js';
import { uncodedSegmentsNote } from './frequency-report.js';
import { formatNumber, type CellValue, type ReportTable } from './report-table.js';

function unitName(cooccurrence: Cooccurrence): string {
  return cooccurrence.level === 'segment' ? 'segments' : 'interviews';
}

/** The note under the tables: what a unit is and what the measure means. */
export function cooccurrenceNote(cooccurrence: Cooccurrence): string {
  const units = unitName(cooccurrence);
  const { segments, reviewed } = cooccurrence;
  const uncoded = segments === undefined || reviewed === undefined ? '' : uncodedSegmentsNote(segments, reviewed, `Of the ${segments.toLocaleString('en')} segments`);
  return [
    `Count: ${units} carrying both codes (of ${cooccurrence.units} ${units}${cooccurrence.theme ? `; codes of the theme \`${cooccurrence.theme}\`` : ''}).`,
    ...(uncoded ? [uncoded] : []),
    `Jaccard: ${units} with both / ${units} with either (0 = never together, 1 = always together).`,
  ].join('\n');
}

/** Ranked pairs: code A, code B, count, Jaccard, and each code's own count. */
export function cooccurrencePairsTable(cooccurrence: Cooccurrence, measure: CooccurrenceMeasure, limit?: number): ReportTable {
  const own = new Map(cooccurrence.codes.map((code) => [code.id, code.count]));
  const ranked = rankPairs(cooccurrence.pairs, measure);
  const shown = limit === undefined ? ranked : ranked.slice(0, limit);
  const more = ranked.length - shown.length;
  return {
    title: `Co-occurring codes (${unitName(cooccurrence)}), by ${measure === 'count' ? 'count' : 'Jaccard'}`,
    columns: [
      { header: 'Code A' },
      { header: 'Code B' },
      { header: 'Both', align: 'right' },
      { header: 'Jaccard', align: 'right' },
      { header: 'A', align: 'right' },
      { header: 'B', align: 'right' },
    ],
    rows: shown.map((pair) => [pair.source, pair.target, pair.count, formatNumber(pair.jaccard, 2), own.get(pair.source) ?? 0, own.get(pair.target) ?? 0]),
    note: `${cooccurrenceNote(cooccurrence)}${more > 0 ? `\n${more} more pairs not shown (--limit).` : ''}${ranked.length === 0 ? '\nNo two codes occur together.' : ''}`,
  };
}

/** The full symmetric matrix; columns are numbered (their codes are the numbered rows) to keep it narrow. */
export function cooccurrenceMatrixTable(cooccurrence: Cooccurrence, measure: CooccurrenceMeasure): ReportTable {
  const values = measure === 'count' ? cooccurrence.counts : cooccurrence.jaccard;
  return {
    title: `Co-occurrence matrix (${unitName(cooccurrence)}, ${measure === 'count' ? 'counts; diagonal = code on its own' : 'Jaccard'})`,
    columns: [{ header: '#', align: 'right' }, { header: 'Code' }, ...cooccurrence.codes.map((_, index) => ({ header: String(index + 1), align: 'right' as const }))],
    rows: cooccurrence.codes.map((code, i) => [
      i + 1,
      code.id,
      ...(values[i] ?? []).map((value): CellValue => (measure === 'count' ? (value as number) : formatNumber(value, 2))),
    ]),
    note: cooccurrenceNote(cooccurrence),
  };
}

/** CSV for network tools: an edge list `source,target,weight,count,jaccard` (weight = the chosen measure). */
export function cooccurrenceEdgeTable(cooccurrence: Cooccurrence, measure: CooccurrenceMeasure): ReportTable {
  return {
    columns: ['source', 'target', 'weight', 'count', 'jaccard'].map((header) => ({ header })),
    rows: rankPairs(cooccurrence.pairs, measure).map((pair) => [pair.source, pair.target, measure === 'count' ? pair.count : pair.jaccard, pair.count, pair.jaccard]),
  };
}

/** CSV matrix: a `code` column, then one column per code id, cells = the chosen measure. */
export function cooccurrenceMatrixCsvTable(cooccurrence: Cooccurrence, measure: CooccurrenceMeasure): ReportTable {
  const values = measure === 'count' ? cooccurrence.counts : cooccurrence.jaccard;
  return {
    columns: [{ header: 'code' }, ...cooccurrence.codes.map((code) => ({ header: code.id }))],
    rows: cooccurrence.codes.map((code, i) => [code.id, ...(values[i] ?? [])]),
  };
}

/**
 * The JSON of `cooccur`: `{ level, measure, theme, units, segments, reviewed (when known), codes: [{ id, theme, label, count }],
 * matrix (the chosen measure), counts, jaccard, pairs: [{ source, target, count, jaccard }] }`.
 */
export function cooccurrenceJson(cooccurrence: Cooccurrence, measure: CooccurrenceMeasure, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    level: cooccurrence.level,
    measure,
    theme: cooccurrence.theme,
    units: cooccurrence.units,
    ...(cooccurrence.segments === undefined || cooccurrence.reviewed === undefined ? {} : { segments: cooccurrence.segments, reviewed: cooccurrence.reviewed }),
    codes: cooccurrence.codes,
    matrix: measure === 'count' ? cooccurrence.counts : cooccurrence.jaccard,
    counts: cooccurrence.counts,
    jaccard: cooccurrence.jaccard,
    pairs: rankPairs(cooccurrence.pairs, measure),
  };
}
