/**
 * The terminal box tables are drawn by src/render/table.ts, no longer by
 * cli-table3's Table, whose cost is cubic in a multi-line cell (`cocreate
 * codebook` took 18 s of CPU). cli-table3 stays the reference: on generated
 * tables (accents, combining marks, wide CJK characters, emoji, ANSI
 * styles, multi-line cells, fixed widths that force cutting) both must give
 * the same bytes. And the codebook table must stay linear in its text.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Code, Codebook } from '../../src/model/codebook.js';
import { codebookText, wrapText } from '../../src/render/codebook-report.js';
import type { ReportTable } from '../../src/render/report-table.js';
import { plainStyle, type Style } from '../../src/render/style.js';
import { type BoxTable, type CellAlign, renderBoxTable, renderTerminalTable } from '../../src/render/table.js';

/** cli-table3 drawing the same table, with the options our renderers used to pass it. */
function referenceBox(table: BoxTable): string {
  const reference = new Table({
    head: [...table.head],
    colWidths: table.widths ? [...table.widths] as number[] : [],
    colAligns: table.aligns ? ([...table.aligns] as CellAlign[]) : [],
    wordWrap: false,
    style: { head: [], border: [], compact: table.compact },
  });
  for (const row of table.rows) reference.push([...row]);
  return reference.toString();
}

/** renderTerminalTable as it was written on cli-table3 (before the box was drawn in src). */
function referenceTerminalTable(report: ReportTable, style: Style): string {
  const table = new Table({
    head: report.columns.map((column) => style.bold(column.header)),
    style: { head: [], border: [], compact: true },
    colAligns: report.columns.map((column, index) => column.align ?? (report.rows.some((row) => typeof row[index] === 'number') ? 'right' : 'left')),
    wordWrap: false,
  });
  report.rows.forEach((row, rowIndex) => {
    const strong = report.strong?.has(rowIndex) ?? false;
    table.push(
      row.map((cell, columnIndex) => {
        let text = cell === null ? '–' : String(cell);
        const mark = report.marks?.[rowIndex]?.[columnIndex];
        if (mark === 'high') text = style.high(`${text} +`);
        else if (mark === 'low') text = style.low(`${text} −`);
        return strong ? style.bold(text) : text;
      }),
    );
  });
  const parts: string[] = [];
  if (report.title) parts.push(style.bold(report.title));
  parts.push(table.toString());
  if (report.note) parts.push(style.dim(report.note));
  return parts.join('\n') + '\n';
}

const chalk = new Chalk({ level: 1 });
/** The style `styleFor` gives a colour terminal (src/cli/output.ts). */
const colourStyle: Style = {
  bold: (text) => chalk.bold(text),
  dim: (text) => chalk.dim(text),
  high: (text) => chalk.green(text),
  low: (text) => chalk.red(text),
  error: (text) => chalk.red(text),
  warning: (text) => chalk.yellow(text),
  match: (text) => chalk.bold.underline(text),
};

const piece = fc.constantFrom(
  'word', 'a', 'Zebra', '42', ' ', '  ', '\n', '\n\n', '–', '“quoted”', '…',
  'é', 'año', 'niño', 'e\u0301', 'Ωμέγα', 'Привет', '·', '\u00a0', '\t',
  '漢字', 'ひらがな', '한국어', 'ｗｉｄｅ', '😀', '👍🏽', '🇪🇸', '👨‍👩‍👧', '❤️', '1️⃣', '✓', '©',
);
const plainText = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
/** Text with SGR styles as chalk writes them, some spanning line breaks. */
const styledText = fc.oneof(
  { weight: 3, arbitrary: plainText },
  { weight: 1, arbitrary: fc.tuple(plainText, plainText, fc.constantFrom(['\u001b[1m', '\u001b[22m'], ['\u001b[4m', '\u001b[24m'], ['\u001b[32m', '\u001b[39m'], ['\u001b[31m', '\u001b[39m'], ['\u001b[2m', '\u001b[22m'])).map(([before, inside, [open, close]]) => `${before}${open}${inside}${close}`) },
  { weight: 1, arbitrary: plainText.map((text) => chalk.bold(text)) },
  { weight: 1, arbitrary: fc.tuple(plainText, plainText).map(([a, b]) => chalk.green(`${a} ${chalk.bold.underline(b)} +`)) },
);

const boxTable: fc.Arbitrary<BoxTable> = fc.integer({ min: 1, max: 5 }).chain((columns) =>
  fc.record({
    head: fc.oneof(fc.constant([] as string[]), fc.array(styledText, { minLength: columns, maxLength: columns })),
    rows: fc.array(fc.array(styledText, { minLength: columns, maxLength: columns }), { maxLength: 5 }),
    aligns: fc.option(fc.array(fc.option(fc.constantFrom<CellAlign>('left', 'right', 'center'), { nil: undefined }), { minLength: columns, maxLength: columns }), { nil: undefined }),
    widths: fc.option(fc.array(fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }), { minLength: columns, maxLength: columns }), { nil: undefined }),
    compact: fc.boolean(),
  }),
);

describe('box tables: byte-identical to cli-table3', () => {
  it('draws a small table as worked out by hand', () => {
    const box = renderBoxTable({ head: ['Code', 'n'], rows: [['a', '7'], ['bb\nccc', '12']], aligns: ['left', 'right'], compact: true });
    expect(box).toBe(['┌──────┬────┐', '│ Code │  n │', '├──────┼────┤', '│ a    │  7 │', '│ bb   │ 12 │', '│ ccc  │    │', '└──────┴────┘'].join('\n'));
    const cut = renderBoxTable({ head: [], rows: [['abcdef', 'x'], ['漢字漢字', 'y']], widths: [5, undefined], compact: false });
    expect(cut).toBe(['┌─────┬───┐', '│ ab… │ x │', '├─────┼───┤', '│ 漢… │ y │', '└─────┴───┘'].join('\n'));
  });

  it('equals cli-table3 on generated tables (accents, CJK, emoji, styles, multi-line cells, cutting)', () => {
    fc.assert(
      fc.property(boxTable, (table) => {
        expect(renderBoxTable(table)).toBe(referenceBox(table));
      }),
      { numRuns: 400 },
    );
  });

  it('measures every character from U+0020 to U+2FFF as cli-table3 does (its fast path for narrow scripts included)', () => {
    // Tables of 64 characters: cli-table3's layout is quadratic in the number of rows.
    for (let first = 0x20; first <= 0x2fff; first += 64) {
      const rows: string[][] = [];
      for (let code = first; code < first + 64 && code <= 0x2fff; code++) {
        const char = String.fromCharCode(code);
        rows.push([`${char}x${char}${char}`, `a${char}`]);
      }
      const table: BoxTable = { head: ['h'], rows, compact: first % 128 === 0 };
      expect(renderBoxTable(table)).toBe(referenceBox(table));
      const narrow: BoxTable = { head: ['h'], rows, widths: [5, 3], compact: true };
      expect(renderBoxTable(narrow)).toBe(referenceBox(narrow));
    }
  });

  it('renders report tables (marks, strong rows, nulls, numbers, title and note) as before, in colour and plain', () => {
    const cell = fc.oneof(styledText.filter((text) => !text.includes('\u001b')), fc.integer({ min: -5, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(null));
    const report: fc.Arbitrary<ReportTable> = fc.integer({ min: 1, max: 4 }).chain((columns) =>
      fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 5 }).chain((rows) =>
        fc.record({
          title: fc.option(plainText, { nil: undefined }),
          columns: fc.array(fc.record({ header: plainText, align: fc.option(fc.constantFrom<'left' | 'right'>('left', 'right'), { nil: undefined }) }), { minLength: columns, maxLength: columns }),
          rows: fc.constant(rows),
          strong: fc.option(fc.uniqueArray(fc.nat({ max: Math.max(0, rows.length - 1) })).map((indexes) => new Set(indexes)), { nil: undefined }),
          marks: fc.option(fc.array(fc.option(fc.array(fc.constantFrom<'high' | 'low' | undefined>('high', 'low', undefined), { minLength: columns, maxLength: columns }), { nil: undefined }), { minLength: rows.length, maxLength: rows.length }), { nil: undefined }),
          note: fc.option(plainText, { nil: undefined }),
        }),
      ),
    );
    fc.assert(
      fc.property(report, fc.constantFrom(plainStyle, colourStyle), (table, style) => {
        expect(renderTerminalTable(table, style)).toBe(referenceTerminalTable(table, style));
      }),
      { numRuns: 300 },
    );
  });
});

function codebookWith(definition: string, examples: string[]): Codebook {
  const at = { line: 1, column: 1 };
  const code: Code = {
    id: 'theme.long-code',
    theme: 'theme',
    name: 'long-code',
    label: 'A code with a long text',
    definition,
    whenToUse: definition,
    examples: examples.map((text) => ({ language: 'en', text, at })),
    counterExamples: [],
    rules: {},
    at,
    rulesAt: {},
  };
  return { id: 'generated', languages: ['en'], themes: [{ id: 'theme', label: 'Theme', codes: [code], at }], file: 'generated.yaml' };
}

function medianMs(run: () => void, times = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(times / 2)]!;
}

describe('codebook table: linear in its text', () => {
  it('wraps and draws twice the text in about twice the time', () => {
    // Words, a long unbroken id (cut into pieces by wrapText), accents and CJK (lines wider than their column, cut with …).
    const unit = 'Public employees working inside the administration (civil servants, año, niño) stakeholders.other-administrations-and-agencies-of-the-state 行政机关的公务员 ';
    const build = (repeats: number) => codebookWith(unit.repeat(repeats), Array.from({ length: repeats / 10 }, (_, i) => `Example ${i}: ${unit}`));
    const small = build(500);
    const large = build(1000);
    codebookText(small, plainStyle); // warm up
    const smallMs = medianMs(() => codebookText(small, plainStyle));
    const largeMs = medianMs(() => codebookText(large, plainStyle));
    expect(largeMs / smallMs).toBeLessThan(3.5);
  });

  it('wraps a text without spaces into lines of the column width', () => {
    expect(wrapText('abcdefghij klm', 4)).toBe('abcd\nefgh\nij\nklm');
    expect(wrapText('one two three\nfour', 9)).toBe('one two\nthree\nfour');
  });
});
