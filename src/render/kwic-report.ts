/**
 * What `cocreate kwic` shows: the concordance as aligned tables (left
 * context right-aligned against the keyword, as concordancers print it),
 * one per group, with each interview's attributes listed under the table;
 * a CSV row per occurrence; and the JSON for scripts. Hit rates per 1,000
 * words use the words searched in each group.
 */
import type { Concordance, KwicHit } from '../analyze/kwic.js';
import { rateOf, roundTo } from '../analyze/frequencies.js';
import { describeAttributes } from './quotes-report.js';
import type { CellValue, ReportTable } from './report-table.js';

/** What the report says about its input (shown in the heading, kept in JSON). */
export interface KwicReportContext {
  /** The pattern as given. */
  pattern: string;
  kind: 'term' | 'regex';
  /** Words of context on each side. */
  window: number;
  /** `--where` conditions, attribute → accepted values. */
  where: Record<string, string[]>;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function rateText(total: number, words: number): string {
  const rate = rateOf(total, words);
  return rate === null ? '' : `, ${rate.toFixed(2)} per 1,000 words`;
}

/** One summary line: occurrences, interviews, what was searched. */
export function kwicSummary(concordance: Concordance, context: KwicReportContext): string {
  const where = Object.entries(context.where).map(([name, values]) => `${name}=${values.join('|')}`);
  return `${plural(concordance.total, 'occurrence')} of ${context.kind === 'regex' ? 'the regular expression ' : ''}${context.pattern} in ${plural(concordance.interviews, 'interview')} (${plural(concordance.segments, 'segment')}, ${plural(concordance.words, 'word')} searched${rateText(concordance.total, concordance.words)}${where.length > 0 ? `; where ${where.join(', ')}` : ''})`;
}

function leftContext(hit: KwicHit): string {
  return `${hit.leftCut ? '… ' : ''}${hit.left.trim()}`;
}

function rightContext(hit: KwicHit): string {
  return `${hit.right.trim()}${hit.rightCut ? ' …' : ''}`;
}

/** Each interview's attributes once, for the legend under a table: `t-01: role: head`. */
function legend(hits: readonly KwicHit[]): string {
  const seen = new Map<string, string>();
  for (const hit of hits) if (!seen.has(hit.interview)) seen.set(hit.interview, `${hit.interview} (${hit.language}): ${describeAttributes(hit.attributes) || 'no attributes'}`);
  return [...seen.values()].join('\n');
}

/** Tables for the terminal and Markdown: Interview, Location, Topic, Left, Keyword, Right; one per group. */
export function kwicReportTables(concordance: Concordance, context: KwicReportContext, keyword: (text: string) => string = (text) => text): ReportTable[] {
  // Groups without an occurrence get no empty table; the note names them.
  const empty = concordance.by === null ? [] : concordance.groups.filter((group) => group.total === 0);
  const shownGroups = concordance.by === null ? concordance.groups : concordance.groups.filter((group) => group.total > 0);
  if (shownGroups.length === 0 && concordance.groups.length > 0) shownGroups.push(concordance.groups[0]!);
  return shownGroups.map((group, index) => {
    const shown = group.hits.length < group.total ? `, showing ${group.hits.length}` : '';
    const title =
      group.name === null
        ? `kwic ${context.pattern}${shown ? ` (${shown.slice(2)})` : ''}`
        : `${concordance.by}: ${group.name} (${plural(group.total, 'occurrence')} in ${plural(group.interviews, 'interview')}; ${plural(group.segments, 'segment')}, ${plural(group.words, 'word')}${rateText(group.total, group.words)}${shown})`;
    const rows: CellValue[][] = group.hits.map((hit) => [hit.interview, `${hit.file}:${hit.line}`, hit.topic ?? '–', leftContext(hit), keyword(hit.keyword), rightContext(hit)]);
    const last = index === shownGroups.length - 1;
    const allShown = concordance.groups.flatMap((entry) => entry.hits);
    return {
      title,
      columns: [{ header: 'Interview' }, { header: 'Location' }, { header: 'Topic' }, { header: 'Left', align: 'right' as const }, { header: 'Keyword' }, { header: 'Right' }],
      rows,
      note: last
        ? [
            `${kwicSummary(concordance, context)}.`,
            empty.length > 0 ? `No occurrences under ${concordance.by} ${empty.map((entry) => `${entry.name} (${plural(entry.segments, 'segment')}, ${plural(entry.words, 'word')})`).join(', ')}.` : '',
            'Location: file and line where the segment starts.',
            legend(allShown),
          ]
            .filter((part) => part !== '')
            .join('\n')
        : undefined,
    };
  });
}

/** CSV: one row per occurrence shown (`group` first with `--by`). */
export function kwicCsvTable(concordance: Concordance): ReportTable {
  const grouped = concordance.by !== null;
  const headers = [...(grouped ? ['group'] : []), 'interview', 'file', 'line', 'segment', 'speaker', 'topic', 'language', 'left', 'keyword', 'right', 'start', 'end', 'attributes'];
  const rows = concordance.groups.flatMap((group) =>
    group.hits.map((hit): CellValue[] => [
      ...(grouped ? [group.name] : []),
      hit.interview,
      hit.file,
      hit.line,
      hit.segment,
      hit.speaker,
      hit.topic,
      hit.language,
      leftContext(hit),
      hit.keyword,
      rightContext(hit),
      hit.start,
      hit.end,
      JSON.stringify(hit.attributes),
    ]),
  );
  return { columns: headers.map((header) => ({ header })), rows };
}

/**
 * The JSON of `kwic`: `{ pattern, kind, window, where, by, total, interviews, segments, words, rate,
 * groups: [{ name, total, interviews, segments, words, rate, shown }], hits: [{ interview, file, line, segment,
 * speaker, topic, language, attributes, group, left, keyword, right, leftCut, rightCut, start, end }] }`;
 * rate = occurrences per 1,000 words searched.
 */
export function kwicJson(concordance: Concordance, context: KwicReportContext) {
  return {
    pattern: context.pattern,
    kind: context.kind,
    window: context.window,
    where: context.where,
    by: concordance.by,
    total: concordance.total,
    interviews: concordance.interviews,
    segments: concordance.segments,
    words: concordance.words,
    rate: roundTo(rateOf(concordance.total, concordance.words), 3),
    groups: concordance.groups.map((group) => ({
      name: group.name,
      total: group.total,
      interviews: group.interviews,
      segments: group.segments,
      words: group.words,
      rate: roundTo(rateOf(group.total, group.words), 3),
      shown: group.hits.length,
    })),
    hits: concordance.groups.flatMap((group) => group.hits),
  };
}
