/**
 * `cocreate review --coder NAME`: options → codebook → transcripts → the
 * decision source (rules, or a learned model) → the queue of undecided
 * segment × code questions, least certain first → one of three modes:
 *
 * - on a terminal, one question at a time; each answer is written into its
 *   transcript at once (cli/review-session.ts), so a stop loses nothing but
 *   the question on screen and the next run goes on from there;
 * - `--export FILE`: the queue as CSV with an empty `decision` column;
 * - `--apply FILE`: the decisions of such a CSV, checked in full first.
 *
 * docs/review.md describes the loop, the file semantics and the exit codes.
 */
import { existsSync, realpathSync } from 'node:fs';
import { MAX_MODEL_BYTES, readCheckedFileSync } from '../../load/read-file.js';
import { buildReviewQueue, coderProgress, previousTurn, type DecisionSource, type QueueItem } from '../../analyze/review-queue.js';
import type { CompiledCodebook } from '../../code/compile.js';
import { listTranscriptFiles, loadTranscriptFile, type TranscriptFile } from '../../load/corpus.js';
import { parseTranscript } from '../../load/transcript.js';
import { readProjectFile } from '../../load/project.js';
import { parseQueueCsv, QUEUE_COLUMNS } from '../../load/review-queue-csv.js';
import { createDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { PROJECT_FILE_NAME } from '../../model/project.js';
import type { Transcript } from '../../model/transcript.js';
import { renderCsvRecords } from '../../render/review-queue-csv.js';
import { excerpt, renderReviewCard, renderReviewHelp } from '../../render/review-card.js';
import { checkDuplicateIds } from '../../validate/duplicate-ids.js';
import { suggestClosest } from '../../validate/suggest.js';
import type { ReviewCommandOptions } from '../commands/review.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { resolveDecisionSource } from '../review-sources.js';
import { colourEnabled, emit, styleFor } from '../output.js';
import { DecisionRefused, readFileText, replaceFileAtomic, segmentHash, textWithDecisions, undoDecision, withFileLock, writeDecision, type Decision, type WrittenDecision } from '../review-session.js';

/** A transcript that loaded, with its file. */
interface LoadedEntry {
  entry: TranscriptFile;
  transcript: Transcript;
}

/** Coder names: letters, digits, `_`, `.`, `-` (they are written into files as keys). */
const CODER_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

export async function runReview(paths: string[], options: ReviewCommandOptions): Promise<number> {
  const coder = options.coder?.trim();
  if (!coder) throw new UsageError('review needs --coder NAME: the coder whose decisions are written into the transcripts, e.g. --coder alice.');
  if (!CODER_NAME.test(coder)) throw new UsageError(`--coder "${coder}" is not a coder name (letters, digits, _ . -).`);
  if (options.export !== undefined && options.apply !== undefined) throw new UsageError('--export writes a queue and --apply reads one; use one of them.');
  const interactive = options.export === undefined && options.apply === undefined;
  if (interactive && (!process.stdin.isTTY || !process.stderr.isTTY)) {
    throw new UsageError(
      `review asks one question at a time and needs a terminal (${process.stdin.isTTY ? 'stderr' : 'stdin'} is not one); to review in a spreadsheet instead, run ${reviewCommand(paths, coder, options, '--export', 'queue.csv')}, fill in its decision column, then run ${reviewCommand(paths, coder, options, '--apply', 'queue.csv')}.`,
    );
  }
  if (options.export !== undefined && options.export !== '-' && options.force !== true) checkQueueNotFilled(options.export, paths, coder, options);
  const listed = await checkCoderKnown(coder);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const compiled = codebook.compiled;
  const { loaded, diagnostics } = await loadCorpus(paths);
  storeCachedCodebook(codebook);
  reportDiagnostics([...codebook.diagnostics, ...diagnostics]);
  // A transcript with errors is left out (and reported): exit 1, as the other commands do.
  const inputExit = exitCodeFromDiagnostics(diagnostics);
  checkCoderInCorpus(coder, listed, loaded.map((item) => item.transcript));
  // Applying a queue needs no source: the queue file lists each segment's questions.
  if (options.apply !== undefined) return Math.max(inputExit, await applyQueue(options.apply, loaded, compiled, coder));
  const { source, agreement } = await resolveDecisionSource(compiled, codebook.path, options);
  const transcripts = loaded.map((item) => item.transcript);
  const queue = buildReviewQueue(transcripts, coder, source, { includeInterviewer: options.includeInterviewer });
  if (options.export !== undefined) {
    const inputs = [...paths, codebook.path];
    await emit(renderCsvRecords(queueRecords(queue.items, compiled, coder), { bom: options.bom }), options.export, inputs);
    process.stderr.write(`${queue.items.length} decision${queue.items.length === 1 ? '' : 's'} to make (${queue.alreadyDecided} decided earlier); proposals from ${source.description}.\n`);
    if (options.export !== '-') process.stderr.write(`Fill in the decision column (y or n) and run: ${reviewCommand(paths, coder, options, '--apply', options.export)}\n`);
    return inputExit;
  }
  const byFile = new Map(loaded.map((item) => [item.transcript, item.entry]));
  return Math.max(inputExit, await interactiveReview(queue.items, queue.alreadyDecided, compiled, source, coder, byFile, agreement));
}

/**
 * True when a queue row's `file` names an existing transcript other than the
 * one its id was found in: a copy of the same interview (same id, same text),
 * which `--apply` must not write the row's decision into by mistake. A `file`
 * that no longer exists (the folder moved, another working directory) is no
 * objection: the id decides.
 */
function otherCopy(exported: string | undefined, loaded: string): boolean {
  if (exported === undefined) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  };
  const there = real(exported);
  return there !== undefined && there !== (real(loaded) ?? loaded);
}

/** A word as a POSIX shell reads it: quoted unless it is plain. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * The review command to run next, with the same paths and codebook as this
 * run: without them, `--apply` would read the default folder, where copies of
 * the same transcripts (same ids, same text) could take the decisions instead.
 */
function reviewCommand(paths: readonly string[], coder: string, options: ReviewCommandOptions, flag: '--export' | '--apply', file: string): string {
  const codebook = options.codebook === undefined ? [] : ['--codebook', options.codebook];
  return ['cocreate', 'review', ...paths, '--coder', coder, ...codebook, flag, file].map(shellWord).join(' ');
}

/**
 * `--export` onto a queue file whose decision column has been filled in
 * would throw those decisions away (they are in no transcript until
 * `--apply`): refused, unless `--force`. A file that is not a queue is left
 * to the usual output checks.
 */
function checkQueueNotFilled(file: string, paths: readonly string[], coder: string, options: ReviewCommandOptions): void {
  if (!existsSync(file)) return;
  const read = readCheckedFileSync(file, MAX_MODEL_BYTES);
  if (!('bytes' in read)) return;
  const parsed = parseQueueCsv(Buffer.from(read.bytes).toString('utf8'), file);
  const filled = parsed.rows.filter((row) => row.decision !== undefined).length + parsed.diagnostics.filter((d) => d.ruleId === 'queue-bad-decision').length;
  if (parsed.fatal || filled === 0) return;
  throw new UsageError(
    `${file} holds ${filled} filled-in decision${filled === 1 ? '' : 's'}, which --export would replace; apply them first (${reviewCommand(paths, coder, options, '--apply', file)}), export to another file, or add --force to replace it.`,
  );
}

/** With a project file that lists coders, the coder must be one of them. */
async function checkCoderKnown(coder: string): Promise<boolean> {
  const project = await readProjectFile(PROJECT_FILE_NAME, false);
  const coders = project.project.coders;
  if (!coders || coders.length === 0) return false;
  if (coders.includes(coder)) return true;
  const suggestion = suggestClosest(coder, coders);
  throw new UsageError(
    `Unknown coder "${coder}": ${PROJECT_FILE_NAME} lists the coders ${coders.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : '.'} To review as a new coder, add the name to \`coders:\` in ${PROJECT_FILE_NAME} first.`,
  );
}

/**
 * Without a project list of coders, a name no transcript has is a new coder — unless it is close to
 * one that exists (`alcie` for `alice`): then it is most likely a typo, and a usage error.
 */
function checkCoderInCorpus(coder: string, listed: boolean, transcripts: readonly Transcript[]): void {
  if (listed) return;
  const known = new Set<string>();
  for (const transcript of transcripts) for (const segment of transcript.segments) for (const coding of segment.human) known.add(coding.coder);
  if (known.has(coder)) return;
  const suggestion = suggestClosest(coder, [...known]);
  if (suggestion) {
    throw new UsageError(`No transcript has codes by "${coder}"; did you mean "${suggestion}"? To start a new coder with this name, list it under \`coders:\` in ${PROJECT_FILE_NAME}.`);
  }
  process.stderr.write(`${coder} has no codes in these transcripts yet: a new coder${known.size > 0 ? ` (coders found: ${[...known].sort().join(', ')})` : ''}.\n`);
}

/** Lists and loads the transcripts; files with errors or a duplicate id are left out (and reported). */
async function loadCorpus(paths: readonly string[]): Promise<{ loaded: LoadedEntry[]; diagnostics: Diagnostic[] }> {
  const listing = await listTranscriptFiles(paths);
  const diagnostics: Diagnostic[] = [...listing.diagnostics];
  if (listing.files.length === 0) {
    reportDiagnostics(diagnostics);
    throw new UsageError(`No transcripts found in ${paths.join(', ')} (transcripts are .yaml, .yml, .md or .markdown files).`);
  }
  const loaded: LoadedEntry[] = [];
  for (const entry of listing.files) {
    const result = await loadTranscriptFile(entry);
    diagnostics.push(...result.diagnostics.filter((d) => d.severity === 'error'));
    if (result.transcript) loaded.push({ entry, transcript: result.transcript });
  }
  const duplicates = checkDuplicateIds(loaded.map((item) => ({ id: item.transcript.id, file: item.transcript.file, idAt: item.transcript.idAt })));
  diagnostics.push(...duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  return { loaded: loaded.filter((item) => !duplicateFiles.has(item.transcript.file)), diagnostics };
}

/** The queue as CSV records (header first). */
function queueRecords(items: readonly QueueItem[], compiled: CompiledCodebook, coder: string): string[][] {
  const labels = new Map(compiled.codes.map((code) => [code.id, code.label]));
  return [
    [...QUEUE_COLUMNS],
    ...items.map((item) => [
      item.transcript.id,
      item.transcript.file,
      String(item.segment.at.line),
      String(item.segment.index + 1),
      item.code,
      labels.get(item.code) ?? '',
      item.proposed ? 'yes' : 'no',
      item.probability !== undefined ? item.probability.toFixed(3) : item.certainty.toFixed(3),
      segmentHash(item.segment.text),
      excerpt(item.segment.text, 400),
      '',
      coder,
    ]),
  ];
}

function decisionOf(item: QueueItem, entry: TranscriptFile, coder: string, accept: boolean): Decision {
  return {
    file: entry.file,
    absolute: entry.absolute,
    format: entry.format,
    segment: item.segment.index,
    text: item.segment.text,
    coder,
    accept: accept ? [item.code] : [],
    decide: [item.code],
    candidates: item.candidates,
  };
}

// ---------------------------------------------------------------------------
// The terminal loop
// ---------------------------------------------------------------------------

/** Reads single keys from a raw-mode stream. */
class KeyReader {
  private readonly pending: string[] = [];
  private waiting?: (key: string) => void;
  private readonly onData = (chunk: string) => {
    // An escape sequence (arrow keys) is one key, ignored by the loop.
    for (const key of chunk.match(/\x1b\[[0-9;]*[A-Za-z~]|[^]/gu) ?? []) this.push(key);
  };
  private readonly onEnd = () => this.push('\u0004');

  constructor(private readonly stream: NodeJS.ReadStream) {
    stream.setEncoding('utf8');
    stream.setRawMode(true);
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.resume();
  }

  private push(key: string): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(key);
    } else this.pending.push(key);
  }

  next(): Promise<string> {
    const key = this.pending.shift();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.setRawMode(false);
    this.stream.pause();
  }
}

async function interactiveReview(items: QueueItem[], earlier: number, compiled: CompiledCodebook, source: DecisionSource, coder: string, files: Map<Transcript, TranscriptFile>, agreement?: string): Promise<number> {
  const out = process.stderr;
  const style = styleFor(out);
  const colour = colourEnabled(out);
  const codes = new Map(compiled.codes.map((code) => [code.id, code]));
  if (items.length === 0) {
    out.write(`Nothing to review for ${coder}: ${earlier > 0 ? `all ${earlier} proposals are decided` : 'the source proposes no code on these transcripts'} (${source.description}).\n`);
    return 0;
  }
  out.write(`Reviewing as ${style.bold(coder)}: ${items.length} decision${items.length === 1 ? '' : 's'} to make${earlier > 0 ? `, ${earlier} made earlier` : ''}; proposals from ${source.description}. Press ? for help.\n`);
  const keys = new KeyReader(process.stdin);
  /** This run's actions, last on top: a written decision, or a skip (undo takes back either). */
  const history: ({ index: number; written: WrittenDecision; accepted: boolean; added?: string } | { index: number; skip: true })[] = [];
  const added = new Set<string>();
  let accepted = 0;
  let skipped = 0;
  let refused = 0;
  const decisionsMade = () => history.length - skipped;
  let index = 0;
  try {
    while (index < items.length) {
      const item = items[index]!;
      const entry = files.get(item.transcript)!;
      // A code the coder added by hand (a) on this segment is decided already.
      if (added.has(`${entry.file}#${item.segment.index}#${item.code}`)) {
        index += 1;
        continue;
      }
      const previous = previousTurn(item.transcript, item.segment);
      out.write(`\n${renderReviewCard(item, codes.get(item.code), previous, { decided: decisionsMade(), accepted, total: items.length, earlier, position: index + 1, agreement }, { style, colour, width: Math.max(40, Math.min(out.columns || 80, 100)), source: source.description, sourceName: source.name })}`);
      let key = await keys.next();
      while (key === '?' || !'ynsuqa\u0003\u0004'.includes(key) || key === '') {
        if (key === '?') out.write(renderReviewHelp(style));
        else out.write(style.dim('Press y, n, s, u, a, q (or ? for help).\n'));
        key = await keys.next();
      }
      if (key === 'a') {
        // An unknown id asks again (with a "did you mean"): back in single-key mode, a retyped id would be read as keys (s, u, q…).
        let code = await readCode(keys, out, style.dim('Add a code to this segment (its full id; Enter adds it, Esc cancels): '));
        while (code !== undefined && code !== null && code !== '' && !codes.has(code)) {
          const suggestion = suggestClosest(code, [...codes.keys()]);
          out.write(`${style.error(`Unknown code "${code}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`)}\n`);
          code = await readCode(keys, out, style.dim('Type a code id of the codebook (Enter adds it; Esc or an empty line cancels): '));
        }
        if (code === null) break;
        if (code === undefined || code === '') continue;
        try {
          const written = writeDecision({ ...decisionOf(item, entry, coder, true), accept: [code], decide: [code] });
          history.push({ index, written, accepted: true, added: `${entry.file}#${item.segment.index}#${code}` });
          added.add(`${entry.file}#${item.segment.index}#${code}`);
          accepted += 1;
          out.write(style.high(`added ${code}\n`));
        } catch (error) {
          if (!(error instanceof DecisionRefused) && !(error as NodeJS.ErrnoException).code) throw error;
          out.write(`${style.error(error instanceof DecisionRefused ? error.message : `${entry.file} cannot be written: ${(error as Error).message}`)}\n`);
        }
        continue;
      }
      if (key === 'q' || key === '\u0003' || key === '\u0004') break;
      if (key === 's') {
        history.push({ index, skip: true });
        skipped += 1;
        index += 1;
        out.write(style.dim('skipped\n'));
        continue;
      }
      if (key === 'u') {
        const last = history.pop();
        if (!last) {
          out.write(style.warning('Nothing to undo in this run.\n'));
          continue;
        }
        if ('skip' in last) {
          skipped -= 1;
          index = last.index;
          out.write(style.dim(`undone: the skip of ${items[last.index]!.code} on ${files.get(items[last.index]!.transcript)!.file}:${items[last.index]!.segment.at.line}\n`));
          continue;
        }
        try {
          undoDecision(last.written);
          if (last.accepted) accepted -= 1;
          if (last.added) added.delete(last.added);
          out.write(style.dim(`undone: ${items[last.index]!.code} on ${last.written.file}:${items[last.index]!.segment.at.line}\n`));
          index = last.index;
        } catch (error) {
          history.push(last);
          out.write(`${style.error(error instanceof DecisionRefused ? error.message : `Undo failed: ${(error as Error).message}`)}\n`);
        }
        continue;
      }
      const accept = key === 'y';
      try {
        const written = writeDecision(decisionOf(item, entry, coder, accept));
        history.push({ index, written, accepted: accept });
        if (accept) accepted += 1;
        out.write(accept ? style.high(`accepted ${item.code}\n`) : style.low(`rejected ${item.code}\n`));
      } catch (error) {
        if (!(error instanceof DecisionRefused) && !(error as NodeJS.ErrnoException).code) throw error;
        refused += 1;
        out.write(`${style.error(error instanceof DecisionRefused ? error.message : `${entry.file} cannot be written: ${(error as Error).message}`)}\n`);
      }
      index += 1;
    }
  } finally {
    keys.close();
  }
  const written = decisionsMade();
  const left = items.length - written - refused;
  out.write(`\n${written} decision${written === 1 ? '' : 's'} written (${accepted} accepted, ${written - accepted} rejected)${skipped > 0 ? `, ${skipped} skipped` : ''}${refused > 0 ? `, ${refused} refused (see above)` : ''}; ${left} left${left > 0 ? ': run the same command again to go on' : ''}.\n`);
  return refused > 0 ? 1 : 0;
}

/** Reads a line in raw mode (printable keys echoed, backspace, Enter ends it); undefined on Esc; null on Ctrl-C or end of input (quit, as in the key loop). */
async function readCode(keys: KeyReader, out: NodeJS.WriteStream, prompt: string): Promise<string | undefined | null> {
  out.write(prompt);
  let text = '';
  for (;;) {
    const key = await keys.next();
    if (key === '\r' || key === '\n') {
      out.write('\n');
      return text.trim();
    }
    if (key === '\x1b' || key === '\u0003' || key === '\u0004') {
      out.write('\n');
      return key === '\x1b' ? undefined : null;
    }
    if (key === '\x7f' || key === '\b') {
      if (text.length > 0) {
        text = text.slice(0, -1);
        out.write('\b \b');
      }
      continue;
    }
    if (key.length === 1 && key >= ' ') {
      text += key;
      out.write(key);
    }
  }
}

// ---------------------------------------------------------------------------
// --apply
// ---------------------------------------------------------------------------

async function applyQueue(file: string, loaded: readonly LoadedEntry[], compiled: CompiledCodebook, coder: string): Promise<number> {
  const read = readCheckedFileSync(file, MAX_MODEL_BYTES);
  if (!('bytes' in read)) throw new UsageError(`The queue file "${file}" ${read.reason}.`);
  const text = Buffer.from(read.bytes).toString('utf8');
  const parsed = parseQueueCsv(text, file);
  if (parsed.fatal) throw new UsageError(parsed.fatal);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const byId = new Map(loaded.map((item) => [item.transcript.id, item]));
  const codeIds = compiled.codes.map((code) => code.id);
  const known = new Set(codeIds);
  const rowError = (row: number, ruleId: string, message: string, hint?: string) => diagnostics.push(createDiagnostic('error', ruleId, file, `Row ${row}: ${message}`, { line: row, column: 1, hint }));
  /** A row that is sound but not applied (stale text, decided the other way): an error, as it makes exit 1, but the other rows are still written. */
  const notApplied: Diagnostic[] = [];
  const rowNotApplied = (row: number, ruleId: string, message: string) => notApplied.push(createDiagnostic('error', ruleId, file, `Row ${row}: ${message}`, { line: row, column: 1 }));
  /** Decisions per transcript, then per turn index: accepted and decided codes. */
  const plan = new Map<LoadedEntry, Map<number, { accept: string[]; decide: string[]; rows: number[] }>>();
  let stale = 0;
  let already = 0;
  /** The questions the queue lists per transcript id and turn, decided or not. */
  const questions = new Map<string, Set<string>>();
  for (const row of parsed.rows) {
    const key = `${row.transcript}\u0000${row.turn}`;
    questions.set(key, (questions.get(key) ?? new Set()).add(row.code));
  }
  for (const row of parsed.rows) {
    const item = byId.get(row.transcript);
    if (!item) {
      const suggestion = suggestClosest(row.transcript, [...byId.keys()]);
      rowError(row.row, 'queue-unknown-transcript', `no transcript "${row.transcript}" among the paths given (deleted or renamed?)${suggestion ? `; did you mean "${suggestion}"?` : '.'}`);
      continue;
    }
    if (row.coder !== undefined && row.coder !== coder) {
      rowError(row.row, 'queue-other-coder', `the queue was exported for ${row.coder}, not ${coder}: its decisions are ${row.coder}'s (apply it with --coder ${row.coder}, or export a queue for ${coder}).`);
      continue;
    }
    const elsewhere = otherCopy(row.file, item.entry.absolute);
    if (elsewhere) {
      rowError(
        row.row,
        'queue-other-file',
        `the queue was exported from ${row.file}, but ${row.transcript} is read from ${item.entry.file} here; give --apply the paths the queue was exported from (both files exist, and the decisions belong to the first).`,
      );
      continue;
    }
    const segment = item.transcript.segments[row.turn - 1];
    if (!segment) {
      rowError(row.row, 'queue-unknown-turn', `${item.entry.file} has no turn ${row.turn} (it has ${item.transcript.segments.length}).`);
      continue;
    }
    if (!known.has(row.code)) {
      const suggestion = suggestClosest(row.code, codeIds);
      rowError(row.row, 'queue-unknown-code', `unknown code "${row.code}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`);
      continue;
    }
    if (row.decision === undefined) continue;
    if (row.textHash !== segmentHash(segment.text)) {
      stale += 1;
      rowNotApplied(row.row, 'queue-stale-row', `the text of ${item.entry.file} turn ${row.turn} changed since the queue was exported; this row is not applied (export the queue again to decide it).`);
      continue;
    }
    const progress = coderProgress(segment.human, coder);
    const decided = progress.kind === 'complete' ? null : progress.kind === 'partial' ? progress.decided : [];
    if (decided === null || decided.includes(row.code)) {
      const has = progress.kind !== 'none' && progress.codes.includes(row.code);
      if (has === (row.decision === 'accept')) {
        already += 1;
        continue;
      }
      rowNotApplied(row.row, 'queue-conflict', `${coder} has already decided ${row.code} on ${item.entry.file} turn ${row.turn} the other way; the file is kept as it is.`);
      stale += 1;
      continue;
    }
    const turns = plan.get(item) ?? new Map();
    const turn = turns.get(segment.index) ?? { accept: [], decide: [], rows: [] };
    turn.decide.push(row.code);
    if (row.decision === 'accept') turn.accept.push(row.code);
    turn.rows.push(row.row);
    turns.set(segment.index, turn);
    plan.set(item, turns);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    reportDiagnostics([...diagnostics, ...notApplied]);
    const refused = errors.length + notApplied.length;
    process.stderr.write(`${file}: ${refused} row${refused === 1 ? '' : 's'} cannot be applied; no transcript was changed. Fix the rows and run --apply again.\n`);
    return 1;
  }
  // Every file's decisions are applied in memory, then the file is replaced once; a refusal leaves that file as it was.
  let applied = 0;
  let files = 0;
  for (const [item, turns] of plan) {
    try {
      const count = withFileLock(item.entry.absolute, item.entry.file, () => {
        const fileText = readFileText(item.entry.absolute);
        if (!fileText) throw new DecisionRefused(`${item.entry.file} is not valid UTF-8 text; cocreate does not edit it.`);
        const transcript = transcriptOfText(fileText.text, item.entry);
        const decisions: Decision[] = [];
        let count = 0;
        for (const [segmentIndex, decided] of [...turns].sort(([a], [b]) => a - b)) {
          const segment = transcript.segments[segmentIndex];
          if (!segment || segment.text !== item.transcript.segments[segmentIndex]!.text) throw new DecisionRefused(`${item.entry.file}: turn ${segmentIndex + 1} changed while the queue was applied.`);
          // The segment is finished when every question the queue lists for it is decided (blank rows keep it open).
          const candidates = [...(questions.get(`${item.transcript.id}\u0000${segmentIndex + 1}`) ?? [])];
          decisions.push({ file: item.entry.file, absolute: item.entry.absolute, format: item.entry.format, segment: segmentIndex, text: segment.text, coder, accept: decided.accept, decide: decided.decide, candidates });
          count += decided.decide.length;
        }
        // All of a file's decisions in one edit: one parse before and one after, however many segments change.
        replaceFileAtomic(item.entry.absolute, textWithDecisions(fileText, transcript, decisions));
        return count;
      });
      applied += count;
      files += 1;
    } catch (error) {
      if (!(error instanceof DecisionRefused) && !(error as NodeJS.ErrnoException).code) throw error;
      diagnostics.push(createDiagnostic('error', 'queue-not-applied', item.entry.file, `${error instanceof DecisionRefused ? error.message : (error as Error).message} None of this file's decisions were written.`));
    }
  }
  diagnostics.push(...notApplied);
  reportDiagnostics(diagnostics);
  process.stderr.write(`${applied} decision${applied === 1 ? '' : 's'} written into ${files} transcript${files === 1 ? '' : 's'}${already > 0 ? ` (${already} already recorded)` : ''}${stale > 0 ? `; ${stale} row${stale === 1 ? '' : 's'} not applied (see above)` : ''}.\n`);
  return diagnostics.some((d) => d.severity !== 'info') ? 1 : 0;
}

/** Parses a transcript's text; a text that does not read is refused. */
function transcriptOfText(text: string, entry: TranscriptFile): Transcript {
  const transcript = parseTranscript(text, entry.file, entry.format).transcript;
  if (!transcript) throw new DecisionRefused(`${entry.file} does not read as a transcript (run cocreate validate ${entry.file}).`);
  return transcript;
}
