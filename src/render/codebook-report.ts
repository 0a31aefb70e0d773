/**
 * What `cocreate codebook` shows: the codebook as researchers publish it
 * (the codebook appendix of a paper): per theme, each code with its label,
 * definition, when to use, when not to use and examples. A wrapped terminal
 * table, a Markdown appendix (one table per theme), one CSV row per code,
 * and JSON. Rules are left out: they are the tool's business, the appendix
 * is the researchers'.
 */
import { maxOf } from '../model/lists.js';
import type { Code, CodeExample, Codebook } from '../model/codebook.js';
import { escapeCell } from './markdown.js';
import type { CellValue, ReportTable } from './report-table.js';
import type { Style } from './style.js';
import { renderBoxTable } from './table.js';

/** Examples as `en: “…”` lines, in the codebook's order. */
export function exampleLines(examples: readonly CodeExample[]): string[] {
  return examples.map((example) => `${example.language}: “${example.text.replace(/\s+/g, ' ').trim()}”`);
}

function flat(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Greedy word wrap to `width` columns; a word longer than a line is cut into pieces (code ids have no spaces). */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (let word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      while (word.length > width) {
        if (line !== '') lines.push(line);
        lines.push(word.slice(0, width));
        word = word.slice(width);
        line = '';
      }
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Terminal view: a heading and a wrapped table per theme, sized to `width` columns. */
export function codebookText(codebook: Codebook, style: Style, width = 120): string {
  const usable = Math.max(90, width) - 19; // borders and padding of 6 columns
  const longestName = maxOf(codebook.themes.flatMap((theme) => theme.codes.map((code) => code.name.length)), 4);
  const fixed = [Math.min(longestName, Math.round(usable * 0.16)), Math.round(usable * 0.12)];
  const rest = usable - fixed[0]! - fixed[1]!;
  const widths = [...fixed, Math.round(rest * 0.28), Math.round(rest * 0.2), Math.round(rest * 0.2)];
  widths.push(usable - widths.reduce((sum, value) => sum + value, 0));
  const parts: string[] = [style.bold(`${codebook.title ?? codebook.id} (${codebook.file})`), ''];
  for (const theme of codebook.themes) {
    parts.push(style.bold(`${theme.id} — ${theme.label}`));
    if (theme.description) parts.push(wrapText(flat(theme.description), usable + 19));
    const table = renderBoxTable({
      head: ['Code', 'Label', 'Definition', 'When to use', 'When not to use', 'Examples'].map((header, k) => style.bold(wrapText(header, widths[k]!))),
      rows: theme.codes.map((code) => {
        const cells = [code.name, code.label, flat(code.definition), flat(code.whenToUse), flat(code.whenNotToUse), exampleLines(code.examples).join('\n')];
        return cells.map((cell, k) => wrapText(cell, widths[k]!));
      }),
      widths: widths.map((value) => value + 2),
      compact: false,
    });
    parts.push(table, '');
  }
  return parts.join('\n');
}

/** Markdown appendix: title, then per theme a heading, its description and a table of its codes. */
export function codebookMarkdown(codebook: Codebook): string {
  const lines: string[] = [`## Codebook: ${escapeCell(codebook.title ?? codebook.id)}`, ''];
  if (codebook.description) lines.push(flat(codebook.description), '');
  const counts = codebook.themes.map((theme) => theme.codes.length).reduce((sum, value) => sum + value, 0);
  lines.push(`${codebook.themes.length} themes, ${counts} codes. A code's full id is \`theme.code\`.`, '');
  for (const theme of codebook.themes) {
    lines.push(`### ${escapeCell(theme.label)} (\`${theme.id}\`)`, '');
    if (theme.description) lines.push(flat(theme.description), '');
    lines.push('| Code | Label | Definition | When to use | When not to use | Examples |', '| --- | --- | --- | --- | --- | --- |');
    for (const code of theme.codes) {
      const examples = exampleLines(code.examples).map(escapeCell).join('<br>');
      lines.push(`| \`${code.id}\` | ${escapeCell(code.label)} | ${escapeCell(flat(code.definition))} | ${escapeCell(flat(code.whenToUse))} | ${escapeCell(flat(code.whenNotToUse))} | ${examples} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** CSV: one row per code; examples and counter-examples one per line within their cell. */
export function codebookCsvTable(codebook: Codebook): ReportTable {
  const headers = ['theme', 'theme_label', 'code', 'label', 'definition', 'when_to_use', 'when_not_to_use', 'examples', 'counter_examples'];
  const rows: CellValue[][] = codebook.themes.flatMap((theme) =>
    theme.codes.map((code) => [
      theme.id,
      theme.label,
      code.id,
      code.label,
      flat(code.definition),
      flat(code.whenToUse),
      flat(code.whenNotToUse),
      exampleLines(code.examples).join('\n'),
      exampleLines(code.counterExamples).join('\n'),
    ]),
  );
  return { columns: headers.map((header) => ({ header })), rows };
}

function codeJson(code: Code) {
  return {
    id: code.id,
    label: code.label,
    definition: code.definition ?? null,
    whenToUse: code.whenToUse ?? null,
    whenNotToUse: code.whenNotToUse ?? null,
    examples: code.examples.map((example) => ({ language: example.language, text: example.text, line: example.at.line })),
    counterExamples: code.counterExamples.map((example) => ({ language: example.language, text: example.text, line: example.at.line })),
    languages: Object.keys(code.rules).sort(),
    line: code.at.line,
  };
}

/** JSON: the codebook's documentation, themes → codes (without rules). */
export function codebookJson(codebook: Codebook) {
  return {
    id: codebook.id,
    title: codebook.title ?? null,
    file: codebook.file,
    languages: codebook.languages,
    themes: codebook.themes.map((theme) => ({ id: theme.id, label: theme.label, description: theme.description ?? null, codes: theme.codes.map(codeJson) })),
  };
}
