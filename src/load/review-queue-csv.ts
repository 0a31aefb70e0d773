/**
 * The review queue as a CSV file, for coders who decide in a spreadsheet:
 * reading it back (csv-parse) and checking every row before anything is
 * applied — missing columns, bad decision values, duplicate rows — each
 * problem a diagnostic naming the row as a spreadsheet numbers it (the
 * header is row 1). Checks against the transcripts and the codebook are the
 * caller's (cli/actions/review.ts), which knows them. Pure: text in.
 */
import { parse } from 'csv-parse/sync';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { unquoteFormula } from '../model/spreadsheet-formula.js';

/** Columns of the queue file, in order. */
export const QUEUE_COLUMNS = ['transcript', 'file', 'line', 'turn', 'code', 'label', 'proposal', 'confidence', 'text_hash', 'excerpt', 'decision', 'coder'] as const;

/** Columns `--apply` needs; the others are there for the reader. */
export const QUEUE_REQUIRED = ['transcript', 'turn', 'code', 'text_hash', 'decision'] as const;

/** Accepted spellings of a decision (compared trimmed and lower-cased); blank means undecided. */
const ACCEPT = new Set(['y', 'yes', 'accept', 'accepted']);
const REJECT = new Set(['n', 'no', 'reject', 'rejected']);

/** One row of a queue file that passed the file-level checks. */
export interface QueueRow {
  /** Row number as a spreadsheet shows it (header = 1), e.g. `2` for the first decision. */
  row: number;
  /** Transcript id, e.g. `sgad-03`. */
  transcript: string;
  /** 1-based turn number. */
  turn: number;
  /** Full code id. */
  code: string;
  /** `text_hash` as exported (segmentHash of the turn's text). */
  textHash: string;
  /** The `file` column (the transcript's path as exported), when the queue has it and it is not blank. */
  file?: string;
  /** The `coder` column (whose queue it is), when the queue has it and it is not blank. */
  coder?: string;
  /** The decision, or undefined when the cell is blank. */
  decision?: 'accept' | 'reject';
}

export interface ParsedQueue {
  /** Rows with a valid shape (decided or blank), in file order. */
  rows: QueueRow[];
  /** Problems with rows (exit 1: nothing is applied). */
  diagnostics: Diagnostic[];
  /** Why the file cannot be used at all (not CSV, missing columns): exit 2. */
  fatal?: string;
}

/**
 * The field separator, read from the header row: a comma as `--export`
 * writes it, or the semicolon (or tab) a spreadsheet set to a European
 * locale uses when it saves "CSV" — the header's column names hold none of
 * these characters, so the header alone tells which one it is.
 */
function headerDelimiter(text: string): string {
  const header = /^\uFEFF?([^\r\n]*)/.exec(text)?.[1] ?? '';
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

/** Reads a queue file's text (a leading byte-order mark is allowed; comma, semicolon or tab separated). */
export function parseQueueCsv(text: string, file: string): ParsedQueue {
  let records: string[][];
  const delimiter = headerDelimiter(text);
  try {
    // Blank lines are kept as empty records (skipped below), so row numbers stay those a spreadsheet shows.
    records = parse(text, { bom: true, delimiter, relax_column_count: true }) as string[][];
  } catch (error) {
    return { rows: [], diagnostics: [], fatal: `${file} is not a readable CSV file: ${(error as Error).message}` };
  }
  if (records.length === 0) return { rows: [], diagnostics: [], fatal: `${file} is empty; expected the header row ${QUEUE_COLUMNS.join(',')}.` };
  const header = records[0]!.map((cell) => cell.trim().toLowerCase());
  const missing = QUEUE_REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) return { rows: [], diagnostics: [], fatal: `${file}, row 1: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (a queue file written by \`cocreate review --export\` has ${QUEUE_COLUMNS.join(', ')}).` };
  const index = Object.fromEntries(QUEUE_REQUIRED.map((column) => [column, header.indexOf(column)])) as Record<(typeof QUEUE_REQUIRED)[number], number>;
  const fileColumn = header.indexOf('file');
  const coderColumn = header.indexOf('coder');
  const rows: QueueRow[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const problem = (row: number, ruleId: string, message: string, hint?: string) => diagnostics.push(createDiagnostic('error', ruleId, file, `Row ${row}: ${message}`, { line: row, column: 1, hint }));
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const row = r + 1;
    // A cell as written before export neutralised it; '' for a column the queue lacks (index −1).
    const at = (column: number) => (column < 0 ? '' : unquoteFormula((record[column] ?? '').trim()));
    const cell = (column: keyof typeof index) => at(index[column]);
    if (record.every((value) => value.trim() === '')) continue;
    const transcript = cell('transcript');
    const code = cell('code');
    const turnText = cell('turn');
    const turn = Number(turnText);
    const decisionText = cell('decision').toLowerCase();
    let ok = true;
    if (transcript === '') (ok = false), problem(row, 'queue-missing-value', 'the transcript id is empty.');
    if (code === '') (ok = false), problem(row, 'queue-missing-value', 'the code is empty.');
    if (!/^\d+$/.test(turnText) || turn < 1) (ok = false), problem(row, 'queue-bad-turn', `the turn "${turnText}" is not a turn number (1 or more).`);
    let decision: QueueRow['decision'];
    if (ACCEPT.has(decisionText)) decision = 'accept';
    else if (REJECT.has(decisionText)) decision = 'reject';
    else if (decisionText !== '') (ok = false), problem(row, 'queue-bad-decision', `the decision "${cell('decision')}" is not one of y, yes, accept or n, no, reject (any case; blank leaves it undecided).`);
    if (!ok) continue;
    const key = `${transcript}\u0000${turn}\u0000${code}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(row, 'queue-duplicate-row', `${transcript} turn ${turn}, ${code} is listed again (first on row ${earlier}).`, 'Keep one row per transcript, turn and code.');
      continue;
    }
    seen.set(key, row);
    const path = at(fileColumn);
    const owner = at(coderColumn);
    rows.push({ row, transcript, turn, code, textHash: cell('text_hash'), decision, ...(path === '' ? {} : { file: path }), ...(owner === '' ? {} : { coder: owner }) });
  }
  return { rows, diagnostics };
}
