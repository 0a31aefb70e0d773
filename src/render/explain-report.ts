/**
 * What `cocreate explain FILE:LINE` shows: the segment with the matched
 * words highlighted (Style.match, or `[…]` without colour), a table of rule
 * matches (code, rule, its codebook file:line, the words, offsets) and a
 * table of codes with who applied them (the rules, each human coder), with
 * the disagreements marked. Also Markdown and JSON.
 */
import type { Explanation } from '../analyze/explain.js';
import { renderMarkdownTable } from './markdown.js';
import { highlightText } from './quotes-report.js';
import type { CellValue, ReportTable } from './report-table.js';
import type { Style } from './style.js';
import { renderTerminalTable } from './table.js';

/** Matched spans merged into non-overlapping, sorted ranges. */
export function mergedSpans(explanation: Explanation): { start: number; end: number }[] {
  const spans = explanation.matches.map((match) => ({ start: match.start, end: match.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function heading(explanation: Explanation): string {
  const details = [explanation.speaker, explanation.question ? `topic ${explanation.question}` : undefined, explanation.language].filter(Boolean).join(', ');
  const lines = explanation.endLine > explanation.line ? `${explanation.line}-${explanation.endLine}` : `${explanation.line}`;
  return `${explanation.file}:${lines}  ${explanation.interview}, turn ${explanation.turn + 1} (${details})`;
}

/** Rule matches as a table. */
export function matchesTable(explanation: Explanation): ReportTable {
  return {
    title: `Rule matches (${explanation.matches.length})`,
    columns: [{ header: 'Code' }, { header: 'Rule' }, { header: 'Written at' }, { header: 'Words' }, { header: 'Offsets', align: 'right' }],
    rows: explanation.matches.map((match): CellValue[] => [
      match.code,
      match.rule,
      match.ruleAt ? `${explanation.codebook}:${match.ruleAt.line}` : null,
      match.words.replace(/\s+/g, ' '),
      `${match.start}-${match.end}`,
    ]),
  };
}

/** Codes either side applied, with who applied them. */
export function codesTable(explanation: Explanation): ReportTable {
  const coders = [...new Set(explanation.human.map((coding) => coding.coder))];
  // A coder with a review in progress (docs/review.md) has decided only some codes: the others are undecided, not "no".
  const decided = new Map<string, Set<string>>();
  for (const coding of explanation.human) if (coding.reviewed) decided.set(coding.coder, new Set([...(decided.get(coding.coder) ?? []), ...coding.reviewed]));
  const valueOf = (code: { code: string; coders: string[] }, coder: string): boolean | undefined => (code.coders.includes(coder) ? true : decided.has(coder) && !decided.get(coder)!.has(code.code) ? undefined : false);
  const note =
    coders.length === 0
      ? 'No human coder reviewed this segment.'
      : explanation.interviewer
        ? 'This is an interviewer turn: other commands leave it out unless --include-interviewer is given.'
        : undefined;
  return {
    title: 'Codes: rules vs human coders',
    columns: [{ header: 'Code' }, { header: 'rules' }, ...coders.map((coder) => ({ header: coder })), { header: '' }],
    rows: explanation.codes.map((code): CellValue[] => {
      const values = [code.auto, ...coders.map((coder) => valueOf(code, coder))].filter((value) => value !== undefined);
      const differ = values.length > 1 && values.some((value) => value !== values[0]);
      return [code.code, code.auto ? 'yes' : 'no', ...coders.map((coder) => answer(valueOf(code, coder))), differ ? 'disagree' : ''];
    }),
    note,
  };
}

function answer(value: boolean | undefined): string {
  return value === undefined ? 'undecided' : value ? 'yes' : 'no';
}

/** Terminal view. */
export function explanationText(explanation: Explanation, style: Style): string {
  const coloured = style.match('x') !== 'x';
  const mark = coloured ? style.match : (part: string) => `[${part}]`;
  const text = highlightText(explanation.text, mergedSpans(explanation), mark);
  const indented = text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return [style.bold(heading(explanation)), '', indented, '', renderTerminalTable(matchesTable(explanation), style), renderTerminalTable(codesTable(explanation), style)].join('\n');
}

/** Markdown view: the segment as a quote with matches in bold, then the two tables. */
export function explanationMarkdown(explanation: Explanation): string {
  const text = highlightText(explanation.text, mergedSpans(explanation), (part) => `**${part}**`);
  const quoted = text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return [`### ${heading(explanation)}`, '', quoted, '', renderMarkdownTable(matchesTable(explanation)), renderMarkdownTable(codesTable(explanation))].join('\n');
}

/** JSON view: the explanation as built. */
export function explanationJson(explanation: Explanation) {
  return explanation;
}
