/**
 * What `cocreate quotes` shows: each quote with interview id, attributes and
 * file:line, the matched words highlighted (Style.match in the terminal, with
 * `[…]` when there is no colour so the highlight survives pipes and NO_COLOR;
 * `**…**` in Markdown); keyword-in-context lines as aligned tables; a CSV row
 * per quote (or per KWIC line) and JSON for scripts.
 */
import type { KwicLine, Quote, QuoteGroup, QuoteSelection, QuoteSpan } from '../analyze/quotes.js';
import { renderMarkdownTable } from './markdown.js';
import type { CellValue, ReportTable } from './report-table.js';
import type { Style } from './style.js';
import { renderTerminalTable } from './table.js';

/** How the report describes its inputs (shown in headings, kept in JSON). */
export interface QuoteReportContext {
  /** `auto`, `manual`, `both` or a coder name. */
  source: string;
  /** `--where` conditions, attribute → accepted values. */
  where: Record<string, string[]>;
  /** Words of context of the KWIC view; 0 = whole quotes. */
  kwic: number;
}

/** Wraps each span of `text` with `mark`; text outside spans goes through `plain` (e.g. an escaper). */
export function highlightText(text: string, spans: readonly QuoteSpan[], mark: (part: string) => string, plain: (part: string) => string = (part) => part): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end > text.length) continue;
    out += plain(text.slice(at, span.start)) + mark(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + plain(text.slice(at));
}

/** `role: manager; area: north` (attributes in file order). */
export function describeAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

function summary(selection: QuoteSelection, context: QuoteReportContext): string {
  const where = Object.entries(context.where).map(([name, values]) => `${name}=${values.join('|')}`);
  const kind = selection.target.kind === 'theme' ? `theme, ${selection.target.codes.length} codes` : 'code';
  return `${selection.total} ${selection.total === 1 ? 'quote' : 'quotes'} from ${selection.interviews} ${selection.interviews === 1 ? 'interview' : 'interviews'} (${kind}; source: ${context.source}${where.length > 0 ? `; where ${where.join(', ')}` : ''})`;
}

function groupHeading(selection: QuoteSelection, group: QuoteGroup): string {
  const shown = group.quotes.length < group.total ? `, showing ${group.quotes.length}` : '';
  return `${selection.by}: ${group.name} (${group.total} ${group.total === 1 ? 'quote' : 'quotes'} from ${group.interviews} ${group.interviews === 1 ? 'interview' : 'interviews'}${shown})`;
}

function location(quote: Quote): string {
  return `${quote.file}:${quote.line}`;
}

/** Terminal view of whole quotes: a heading, then per quote a reference line and the indented text. */
export function quotesText(selection: QuoteSelection, context: QuoteReportContext, style: Style): string {
  const coloured = style.match('x') !== 'x';
  const mark = coloured ? style.match : (part: string) => `[${part}]`;
  const lines: string[] = [style.bold(`${selection.target.id} (${selection.target.label})`), summary(selection, context), ''];
  for (const group of selection.groups) {
    if (group.name !== null) lines.push(style.bold(`== ${groupHeading(selection, group)}`), '');
    else if (group.quotes.length < group.total) lines.push(style.dim(`Showing ${group.quotes.length} of ${group.total} (strongest first unless --sort document).`), '');
    for (const quote of group.quotes) {
      const attributes = describeAttributes(quote.attributes);
      lines.push(`${style.bold(quote.interview)} · ${location(quote)}${attributes ? ` · ${attributes}` : ''}`);
      lines.push(style.dim(`  ${quote.codes.join(', ')} · ${quote.sources.join(', ')}`));
      for (const textLine of highlightText(quote.text, quote.highlights, mark).split('\n')) lines.push(`  ${textLine}`);
      lines.push('');
    }
  }
  if (selection.total === 0) lines.push('No segment carries it.', '');
  return lines.join('\n');
}

/** KWIC tables (one per group): interview, file:line, left context, keyword, right context. */
export function kwicTables(selection: QuoteSelection, context: QuoteReportContext, keyword: (text: string) => string = (text) => text): ReportTable[] {
  return selection.groups.map((group, index) => {
    const rows: CellValue[][] = [];
    for (const quote of group.quotes) {
      for (const line of quote.kwic) rows.push([quote.interview, location(quote), leftContext(line), keyword(line.keyword), rightContext(line)]);
    }
    const title = group.name !== null ? groupHeading(selection, group) : `${selection.target.id} (${selection.target.label}): keyword in context`;
    return {
      title,
      columns: [{ header: 'Interview' }, { header: 'Location' }, { header: 'Left', align: 'right' as const }, { header: 'Keyword' }, { header: 'Right' }],
      rows,
      note: index === selection.groups.length - 1 ? `${summary(selection, context)}. Quotes only a human coded have no matched words and no KWIC line.` : undefined,
    };
  });
}

function leftContext(line: KwicLine): string {
  return `${line.leftCut ? '… ' : ''}${line.left.trim()}`;
}

function rightContext(line: KwicLine): string {
  return `${line.right.trim()}${line.rightCut ? ' …' : ''}`;
}

/** Terminal rendering of the KWIC view (keyword in Style.match). */
export function kwicText(selection: QuoteSelection, context: QuoteReportContext, style: Style): string {
  return kwicTables(selection, context, (text) => style.match(text))
    .map((table) => renderTerminalTable(table, style))
    .join('\n');
}

/** Escapes text for Markdown so transcript punctuation cannot turn into formatting. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]]/g, (char) => `\\${char}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Markdown view: a section per group, each quote a blockquote with `**…**` on matched words and its reference under it. */
export function quotesMarkdown(selection: QuoteSelection, context: QuoteReportContext): string {
  if (context.kwic > 0) {
    const tables = kwicTables(selection, context, (text) => `**${text}**`);
    return `## ${escapeMarkdownText(`${selection.target.id}: ${selection.target.label}`)}\n\n${tables.map(renderMarkdownTable).join('\n')}`;
  }
  const out: string[] = [`## ${escapeMarkdownText(`${selection.target.id}: ${selection.target.label}`)}`, '', `${escapeMarkdownText(summary(selection, context))}.`, ''];
  for (const group of selection.groups) {
    if (group.name !== null) out.push(`### ${escapeMarkdownText(groupHeading(selection, group))}`, '');
    else if (group.quotes.length < group.total) out.push(`Showing ${group.quotes.length} of ${group.total}.`, '');
    for (const quote of group.quotes) {
      const body = highlightText(quote.text, quote.highlights, (part) => `**${escapeMarkdownText(part)}**`, escapeMarkdownText);
      for (const line of body.split('\n')) out.push(line.trim() === '' ? '>' : `> ${line}`);
      const attributes = describeAttributes(quote.attributes);
      out.push('', `— ${escapeMarkdownText(quote.interview)}${attributes ? ` (${escapeMarkdownText(attributes)})` : ''}, \`${location(quote).replace(/`/g, "'")}\`, ${escapeMarkdownText(quote.codes.join(', '))}, ${escapeMarkdownText(quote.sources.join(', '))}`, '');
    }
  }
  return out.join('\n');
}

/** CSV: one row per quote, or per KWIC line when KWIC lines were asked for. */
export function quotesCsvTable(selection: QuoteSelection, kwic: boolean): ReportTable {
  const grouped = selection.by !== null;
  const quotes = selection.groups.flatMap((group) => group.quotes);
  if (kwic) {
    const headers = [...(grouped ? ['group'] : []), 'interview', 'file', 'line', 'left', 'keyword', 'right', 'codes', 'sources'];
    return {
      columns: headers.map((header) => ({ header })),
      rows: quotes.flatMap((quote) => quote.kwic.map((line) => [...(grouped ? [quote.group] : []), quote.interview, quote.file, quote.line, leftContext(line), line.keyword, rightContext(line), quote.codes.join(' '), quote.sources.join(' ')])),
    };
  }
  const headers = [...(grouped ? ['group'] : []), 'interview', 'file', 'line', 'segment', 'codes', 'sources', 'terms', 'text', 'highlighted', 'attributes'];
  return {
    columns: headers.map((header) => ({ header })),
    rows: quotes.map((quote) => [
      ...(grouped ? [quote.group] : []),
      quote.interview,
      quote.file,
      quote.line,
      quote.segment,
      quote.codes.join(' '),
      quote.sources.join(' '),
      quote.terms.join(' '),
      quote.text,
      highlightText(quote.text, quote.highlights, (part) => `**${part}**`),
      JSON.stringify(quote.attributes),
    ]),
  };
}

/**
 * The JSON of `quotes`: `{ target, kind, label, codes, source, where, by, total, interviews,
 * groups: [{ name, total, interviews, shown }], quotes: [{ interview, file, line, ..., text, highlights, kwic }] }`.
 */
export function quotesJson(selection: QuoteSelection, context: QuoteReportContext, compiledCodes: (index: number) => string, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    target: selection.target.id,
    kind: selection.target.kind,
    label: selection.target.label,
    codes: selection.target.codes.map(compiledCodes),
    source: context.source,
    where: context.where,
    by: selection.by,
    total: selection.total,
    interviews: selection.interviews,
    groups: selection.groups.map((group) => ({ name: group.name, total: group.total, interviews: group.interviews, shown: group.quotes.length })),
    quotes: selection.groups.flatMap((group) =>
      group.quotes.map((quote, index) => ({
        rank: index + 1,
        interview: quote.interview,
        file: quote.file,
        line: quote.line,
        endLine: quote.endLine,
        segment: quote.segment,
        speaker: quote.speaker,
        question: quote.question,
        language: quote.language,
        attributes: quote.attributes,
        group: quote.group,
        codes: quote.codes,
        sources: quote.sources,
        terms: quote.terms,
        matches: quote.matches,
        text: quote.text,
        highlights: quote.highlights,
        ...(context.kwic > 0 ? { kwic: quote.kwic } : {}),
      })),
    ),
  };
}
