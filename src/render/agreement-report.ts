/**
 * What `cocreate agree` shows. Automatic vs human: the pooled and macro
 * figures, a row per theme and per code (tp, fp, fn, tn, precision, recall,
 * F1, kappa, alpha) with the reliability mark, and optionally the list of
 * disagreeing segments with file:line. Coder vs coder: percent agreement,
 * kappa (two coders) and alpha per theme and code. As ReportTables for the
 * terminal and Markdown, one tidy CSV table, and the JSON contract scripts
 * rely on (names fixed by issue 5):
 * `{ segments, overall: { kappa, alpha, precision, recall, f1 }, codes: [ { id, tp, fp, fn, tn, precision, recall, f1, kappa, alpha } ], themes: [...] }`.
 */
import {
  RELIABLE,
  TENTATIVE,
  reliabilityMark,
  type AgreementRow,
  type AgreementStats,
  type AutoAgreement,
  type CoderAgreement,
  type CoderRow,
  type CoderStats,
  type Disagreement,
  type ReliabilityMark,
} from '../analyze/agreement.js';
import { formatNumber, type CellValue, type Column, type ReportTable } from './report-table.js';

/** How the report describes its inputs (shown in the note, kept in JSON). */
export interface AgreementContext {
  /** Codebook id. */
  codebook: string;
  /** `--where` conditions and `--ids`, as written, e.g. `id=sgad-01|sgad-02`. */
  subset: string[];
}

/** Text of a reliability mark, so it survives pipes, CSV and colour-blind readers. */
export function markText(mark: ReliabilityMark): string {
  if (mark === 'unreliable') return `✗ <${TENTATIVE}`;
  if (mark === 'tentative') return `~ <${RELIABLE}`;
  if (mark === 'reliable') return '✓';
  return '–';
}

const STAT_COLUMNS: Column[] = [
  { header: 'tp', align: 'right' },
  { header: 'fp', align: 'right' },
  { header: 'fn', align: 'right' },
  { header: 'tn', align: 'right' },
  { header: 'precision', align: 'right' },
  { header: 'recall', align: 'right' },
  { header: 'F1', align: 'right' },
  { header: 'kappa', align: 'right' },
  { header: 'alpha', align: 'right' },
  { header: 'mark' },
];

function statCells(stats: AgreementStats): CellValue[] {
  return [
    stats.tp,
    stats.fp,
    stats.fn,
    stats.tn,
    formatNumber(stats.precision, 3),
    formatNumber(stats.recall, 3),
    formatNumber(stats.f1, 3),
    formatNumber(stats.kappa, 3),
    formatNumber(stats.alpha, 3),
    markText(reliabilityMark(stats.kappa, stats.alpha)),
  ];
}

/** `1 segment`, `2 segments`. */
function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

function subsetText(context: AgreementContext): string {
  return context.subset.length > 0 ? ` Subset: ${context.subset.join('; ')}.` : '';
}

/** The method note of the automatic-vs-human report. */
export function autoAgreementNote(result: AutoAgreement, context: AgreementContext): string {
  const reference =
    result.reference === 'union'
      ? `human reference: union of the coders who reviewed each segment (${result.coders.join(', ') || 'none'})`
      : result.reference === 'consensus'
        ? `human reference: codes every coder who reviewed a segment applied (${result.coders.join(', ') || 'none'})`
        : `human reference: coder ${result.reference}`;
  const lines = [
    `Units: ${count(result.segments, 'segment')} a human reviewed in ${count(result.interviews, 'interview')} (${count(result.unreviewed, 'coded segment')} without human codes left out); ${reference}.${subsetText(context)}`,
    'tp: both applied the code; fp: only the rules; fn: only the human; tn: neither. A theme is present when any of its codes is.',
    'Pooled: all code × segment decisions together. Macro: mean over codes of each statistic where it is defined (– = undefined: a code neither side used).',
    `mark: lower of kappa and alpha; ✓ ≥ ${RELIABLE}, ~ below ${RELIABLE} (tentative), ✗ below ${TENTATIVE} (unreliable).`,
  ];
  if (result.unknownCodes > 0) lines.push(`${count(result.unknownCodes, 'human code id')} not in the codebook ${result.unknownCodes === 1 ? 'was' : 'were'} skipped (run \`cocreate validate\`).`);
  return lines.join('\n');
}

/** Terminal/Markdown view of the automatic-vs-human comparison. */
export function autoAgreementTables(result: AutoAgreement, context: AgreementContext, showDisagreements = false): ReportTable[] {
  const macro = result.macro;
  const overall: ReportTable = {
    title: `Automatic coding vs human coding (${result.segments} segments)`,
    columns: [{ header: '' }, ...STAT_COLUMNS],
    rows: [
      ['pooled (all codes)', ...statCells(result.overall)],
      [
        `macro average (${macro.codes} codes)`,
        null,
        null,
        null,
        null,
        formatNumber(macro.precision, 3),
        formatNumber(macro.recall, 3),
        formatNumber(macro.f1, 3),
        formatNumber(macro.kappa, 3),
        formatNumber(macro.alpha, 3),
        markText(reliabilityMark(macro.kappa, macro.alpha)),
      ],
    ],
  };
  const rowsOf = (rows: readonly AgreementRow[]): CellValue[][] => rows.map((row) => [row.id, ...statCells(row)]);
  const themes: ReportTable = { title: 'By theme', columns: [{ header: 'Theme' }, ...STAT_COLUMNS], rows: rowsOf(result.themes) };
  const codes: ReportTable = { title: 'By code', columns: [{ header: 'Code' }, ...STAT_COLUMNS], rows: rowsOf(result.codes), note: autoAgreementNote(result, context) };
  const tables = [overall, themes, codes];
  if (showDisagreements) tables.push(disagreementTable(result.disagreements, 'Disagreements: rules vs human'));
  return tables;
}

/** The list of disagreements: file:line, code, who said yes, who said no, the first words. */
export function disagreementTable(disagreements: readonly Disagreement[], title: string): ReportTable {
  return {
    title: `${title} (${disagreements.length})`,
    columns: [{ header: 'Where' }, { header: 'Code' }, { header: 'Yes' }, { header: 'No' }, { header: 'Segment' }],
    rows: disagreements.map((item) => [`${item.file}:${item.line}`, item.code, item.yes.join(', '), item.no.join(', '), item.preview]),
  };
}

/** CSV of the disagreements, one row per segment and code. */
export function disagreementCsvTable(disagreements: readonly Disagreement[]): ReportTable {
  return {
    columns: ['interview', 'file', 'line', 'turn', 'code', 'yes', 'no', 'segment'].map((header) => ({ header })),
    rows: disagreements.map((item) => [item.interview, item.file, item.line, item.turn, item.code, item.yes.join(';'), item.no.join(';'), item.preview]),
  };
}

/** Tidy CSV: one row for the pooled figures, one for the macro averages, then themes and codes. */
export function autoAgreementCsvTable(result: AutoAgreement): ReportTable {
  const headers = ['level', 'id', 'theme', 'segments', 'tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'f1', 'kappa', 'alpha', 'mark'];
  const row = (level: string, id: string, theme: string | null, stats: AgreementStats): CellValue[] => [
    level,
    id,
    theme,
    result.segments,
    stats.tp,
    stats.fp,
    stats.fn,
    stats.tn,
    stats.precision,
    stats.recall,
    stats.f1,
    stats.kappa,
    stats.alpha,
    reliabilityMark(stats.kappa, stats.alpha),
  ];
  const macro = result.macro;
  return {
    columns: headers.map((header) => ({ header })),
    rows: [
      row('overall', 'pooled', null, result.overall),
      ['macro', 'macro', null, result.segments, null, null, null, null, macro.precision, macro.recall, macro.f1, macro.kappa, macro.alpha, reliabilityMark(macro.kappa, macro.alpha)],
      ...result.themes.map((theme) => row('theme', theme.id, theme.theme, theme)),
      ...result.codes.map((code) => row('code', code.id, code.theme, code)),
    ],
  };
}

function statsJson(stats: AgreementStats) {
  return {
    tp: stats.tp,
    fp: stats.fp,
    fn: stats.fn,
    tn: stats.tn,
    precision: stats.precision,
    recall: stats.recall,
    f1: stats.f1,
    kappa: stats.kappa,
    alpha: stats.alpha,
    mark: reliabilityMark(stats.kappa, stats.alpha),
  };
}

/** The JSON contract of `agree` (automatic vs human); `disagreements` only when asked for. */
export function autoAgreementJson(result: AutoAgreement, context: AgreementContext, showDisagreements = false) {
  const overall = statsJson(result.overall);
  return {
    mode: 'auto-vs-human',
    codebook: context.codebook,
    subset: context.subset,
    reference: result.reference,
    coders: result.coders,
    interviews: result.interviews,
    segments: result.segments,
    unreviewed: result.unreviewed,
    unknownCodes: result.unknownCodes,
    overall: { kappa: overall.kappa, alpha: overall.alpha, precision: overall.precision, recall: overall.recall, f1: overall.f1, tp: overall.tp, fp: overall.fp, fn: overall.fn, tn: overall.tn, mark: overall.mark },
    macro: result.macro,
    codes: result.codes.map((code) => ({ id: code.id, theme: code.theme, label: code.label, ...statsJson(code) })),
    themes: result.themes.map((theme) => ({ id: theme.id, label: theme.label, ...statsJson(theme) })),
    ...(showDisagreements ? { disagreements: result.disagreements } : {}),
  };
}

// ---------------------------------------------------------------------------
// Coder vs coder
// ---------------------------------------------------------------------------

function coderColumns(result: CoderAgreement): Column[] {
  return [
    ...result.coders.map((coder): Column => ({ header: coder, align: 'right' })),
    { header: 'agreement', align: 'right' },
    { header: 'kappa', align: 'right' },
    { header: 'alpha', align: 'right' },
    { header: 'mark' },
  ];
}

function coderCells(stats: CoderStats): CellValue[] {
  return [
    ...stats.applied,
    stats.agreement === null ? '–' : `${(100 * stats.agreement).toFixed(1)}%`,
    formatNumber(stats.kappa, 3),
    formatNumber(stats.alpha, 3),
    markText(reliabilityMark(stats.kappa, stats.alpha)),
  ];
}

/** The method note of the coder-vs-coder report. */
export function coderAgreementNote(result: CoderAgreement, context: AgreementContext): string {
  const lines = [
    `Units: ${count(result.segments, 'segment')} every listed coder reviewed, in ${count(result.interviews, 'interview')}; ${count(result.partial, 'segment')} only some of them reviewed ${result.partial === 1 ? 'was' : 'were'} left out.${subsetText(context)}`,
    `Coder columns: segments where that coder applied the code. Agreement: share of segments (with three or more coders, of coder pairs) that agree on presence/absence.`,
    `Kappa: Cohen's kappa (two coders only). Alpha: Krippendorff's alpha, nominal. Overall: all code × segment units pooled. A theme is present when any of its codes is.`,
    `mark: lower of kappa and alpha; ✓ ≥ ${RELIABLE}, ~ below ${RELIABLE} (tentative), ✗ below ${TENTATIVE} (unreliable); – undefined (nobody applied the code).`,
  ];
  if (result.unknownCodes > 0) lines.push(`${count(result.unknownCodes, 'human code id')} not in the codebook ${result.unknownCodes === 1 ? 'was' : 'were'} skipped (run \`cocreate validate\`).`);
  return lines.join('\n');
}

/** Terminal/Markdown view of intercoder reliability. */
export function coderAgreementTables(result: CoderAgreement, context: AgreementContext, showDisagreements = false): ReportTable[] {
  const columns = coderColumns(result);
  const rowsOf = (rows: readonly CoderRow[]): CellValue[][] => rows.map((row) => [row.id, ...coderCells(row)]);
  const tables: ReportTable[] = [
    { title: `Intercoder reliability: ${result.coders.join(', ')} (${result.segments} segments)`, columns: [{ header: '' }, ...columns], rows: [['overall (all codes pooled)', ...coderCells(result.overall)]] },
    { title: 'By theme', columns: [{ header: 'Theme' }, ...columns], rows: rowsOf(result.themes) },
    { title: 'By code', columns: [{ header: 'Code' }, ...columns], rows: rowsOf(result.codes), note: coderAgreementNote(result, context) },
  ];
  if (showDisagreements) tables.push(disagreementTable(result.disagreements, 'Disagreements between coders'));
  return tables;
}

/** Tidy CSV of intercoder reliability: overall, themes, codes; one `applied_<coder>` column per coder. */
export function coderAgreementCsvTable(result: CoderAgreement): ReportTable {
  const headers = ['level', 'id', 'theme', 'segments', ...result.coders.map((coder) => `applied_${coder}`), 'agreement', 'kappa', 'alpha', 'mark'];
  const row = (level: string, id: string, theme: string | null, stats: CoderStats): CellValue[] => [level, id, theme, result.segments, ...stats.applied, stats.agreement, stats.kappa, stats.alpha, reliabilityMark(stats.kappa, stats.alpha)];
  return {
    columns: headers.map((header) => ({ header })),
    rows: [row('overall', 'pooled', null, result.overall), ...result.themes.map((theme) => row('theme', theme.id, theme.theme, theme)), ...result.codes.map((code) => row('code', code.id, code.theme, code))],
  };
}

function coderJson(result: CoderAgreement, stats: CoderStats) {
  return {
    applied: Object.fromEntries(result.coders.map((coder, k) => [coder, stats.applied[k] ?? 0])),
    agreement: stats.agreement,
    kappa: stats.kappa,
    alpha: stats.alpha,
    mark: reliabilityMark(stats.kappa, stats.alpha),
  };
}

/** JSON of intercoder reliability. */
export function coderAgreementJson(result: CoderAgreement, context: AgreementContext, showDisagreements = false) {
  return {
    mode: 'coders',
    codebook: context.codebook,
    subset: context.subset,
    coders: result.coders,
    interviews: result.interviews,
    segments: result.segments,
    partial: result.partial,
    unknownCodes: result.unknownCodes,
    overall: coderJson(result, result.overall),
    codes: result.codes.map((code) => ({ id: code.id, theme: code.theme, label: code.label, ...coderJson(result, code) })),
    themes: result.themes.map((theme) => ({ id: theme.id, label: theme.label, ...coderJson(result, theme) })),
    ...(showDisagreements ? { disagreements: result.disagreements } : {}),
  };
}
