/**
 * `cocreate code`: options → codebook and corpus → coding → tallies →
 * frequencies, crosstab or matrix → the chosen format. Transcripts are
 * coded one at a time (in worker threads for a large corpus, see
 * code-pipeline.ts) and reduced to tallies, so memory stays flat however
 * large the corpus (unless `--codings` asks for every coded segment).
 * Renderers are imported when the chosen format needs them (start-up time).
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { countFrequencies, crosstabFrequencies, buildThemeMatrix, matchesWhere, parseWhere, selectTopics, TOPIC_GROUPING } from '../../analyze/frequencies.js';
import { knownTopics, splitWhere, unknownTopicMessage } from '../../analyze/topics.js';
import type { CodingRecord } from '../../analyze/codings.js';
import type { TranscriptTally } from '../../analyze/tally.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { PROTOCOL_TOPICS } from '../../model/transcript.js';
import { listTranscriptFiles } from '../../load/corpus.js';
import {
  crosstabCsvTable,
  crosstabJson,
  crosstabTable,
  frequencyCsvTable,
  frequencyJson,
  frequencyTables,
  matrixJson,
  matrixTable,
} from '../../render/frequency-report.js';
import type { ReportTable } from '../../render/report-table.js';
import { checkDuplicateIds, type IdentifiedFile } from '../../validate/duplicate-ids.js';
import type { CodeCommandOptions } from '../commands/code.js';
import { resolveFormat } from '../commands/options.js';
import { chooseJobs, runPipeline } from '../code-pipeline.js';
import { dataChecksFor, openCodebook, readProjectTopics, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { requireAttribute, requireWhereValues } from './coded-corpus.js';
import { emit, outputStyle, terminalWidth } from '../output.js';
import type { CsvOptions } from '../../render/csv.js';
import { checkSourceCoder, labelCsv, labelTables, setupSource, sourceFields, type ResolvedSource } from '../sources.js';

/** What `--codings` writes: one record per coded segment and code. */
const CODINGS_FORMATS: readonly string[] = ['jsonl', 'json', 'csv'];

/** Files from which a progress bar is shown (on a terminal): smaller corpora finish before it would help. */
export const PROGRESS_MIN_FILES = 200;

export async function runCode(paths: string[], options: CodeCommandOptions): Promise<number> {
  const format = options.codings
    ? resolveFormat(options.format, options.output, 'jsonl', CODINGS_FORMATS)
    : resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md', 'jsonl']);
  if (format === 'jsonl' && !options.codings) throw new UsageError('--format jsonl is for --codings (one line per coded segment).');
  if (options.codings && !CODINGS_FORMATS.includes(format)) throw new UsageError(`--codings writes tidy records as jsonl (the default), json or csv, not ${format}.`);
  if (options.source === 'both' && !options.codings) throw new UsageError('--source both is for --codings; counts use one source at a time.');
  const measure = options.measure ?? 'count';
  const whereExpressions = options.where ?? [];
  const parsedWhere = parseWhere(whereExpressions);
  if ('error' in parsedWhere) throw new UsageError(parsedWhere.error);
  const where = splitWhere(parsedWhere);
  if (options.codings && (where.attributes.length > 0 || where.topics)) throw new UsageError('--where is for counts; filter --codings records in your analysis tool (they carry attributes).');
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  const cache = options.cache !== false;
  const codebook = await openCodebook(options.codebook, { cache });
  const setup = await setupSource(options.source, codebook.compiled, codebook.path, options.model, options.codings === true);
  const resolved = setup.resolved;
  const source = resolved.tally;
  const codingSource = setup.both ? 'both' : source;
  const diagnostics: Diagnostic[] = [...codebook.diagnostics];
  const project = withTopics ? await readProjectTopics() : undefined;
  const listing = await listTranscriptFiles(paths);
  pushAll(diagnostics, listing.diagnostics);
  if (listing.files.length === 0) {
    reportDiagnostics(diagnostics);
    throw new UsageError(`No transcripts found in ${paths.join(', ')} (transcripts are .yaml, .yml, .md or .markdown files).`);
  }

  const { compiled } = codebook;
  const tallies: TranscriptTally[] = [];
  const identified: IdentifiedFile[] = [];
  const codingRecords: CodingRecord[] = [];
  const files = listing.files;
  const cores = availableParallelism();
  if (options.jobs !== undefined && options.jobs > cores) process.stderr.write(`cocreate: --jobs ${options.jobs} lowered to ${cores}, the number of cores available.\n`);
  const jobs = chooseJobs(options.jobs, files.length, cores);
  // Coding threads open the codebook themselves: stored first, they read it instead of compiling it.
  if (jobs > 1) storeCachedCodebook(codebook);
  const coders = new Set<string>();
  const model = resolved.scoring && resolved.recode ? { scoring: resolved.scoring, recode: resolved.recode } : undefined;
  const progress = options.progress !== false && process.stderr.isTTY === true && files.length >= PROGRESS_MIN_FILES ? await startProgress(files.length) : undefined;
  try {
    await runPipeline(
      files,
      compiled,
      {
        codebookPath: codebook.path,
        cache,
        includeInterviewer: options.includeInterviewer === true,
        source,
        codings: options.codings ? codingSource : undefined,
        model: resolved.modelFile !== undefined && (resolved.kind === 'model' || resolved.kind === 'hybrid') ? { file: resolved.modelFile, kind: resolved.kind } : undefined,
        checks: dataChecksFor(compiled),
        topics: withTopics,
      },
      jobs,
      (result) => {
        pushAll(diagnostics, result.diagnostics);
        if (result.tally) tallies.push(result.tally);
        if (result.identified) identified.push(result.identified);
        if (result.codings) for (const record of result.codings) codingRecords.push(record);
        for (const coder of result.coders ?? []) coders.add(coder);
      },
      progress?.update,
      model,
    );
  } finally {
    progress?.stop();
  }
  // Threads keep their own memo: only what was coded here adds words to the entry.
  storeCachedCodebook(codebook);
  const duplicates = checkDuplicateIds(identified);
  pushAll(diagnostics, duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  let counted = tallies.filter((tally) => !duplicateFiles.has(tally.file));

  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, [...coders].sort());
  if (where.attributes.length > 0) {
    requireWhereValues(where.attributes, whereCorpus(counted));
    counted = counted.filter((tally) => matchesWhere(tally, where.attributes));
  }
  const topicOrder = project ? knownTopics(project.topics ?? PROTOCOL_TOPICS, tallies.flatMap((tally) => (tally.topics ?? []).flatMap((topic) => (topic.topic === null ? [] : [topic.topic])))) : [];
  if (where.topics) {
    const unknown = unknownTopicMessage(where.topics, topicOrder);
    if (unknown) throw new UsageError(unknown);
    counted = selectTopics(counted, new Set(where.topics));
  }
  const meta = {
    codebook: compiled.codebook.id,
    ...sourceFields(resolved),
    measure,
    ...(whereExpressions.length > 0 ? { where: Object.fromEntries(parsedWhere.map((filter) => [filter.attribute, filter.values])) } : {}),
  };
  let content: string;
  const csvOptions = { bom: options.bom, raw: options.rawCsv };
  if (options.codings) {
    // Automatic records name the source that produced them (rules, model, hybrid).
    const kept = codingRecords.filter((record) => !duplicateFiles.has(String(record.file))).map((record) => (record.source === 'auto' ? { ...record, source: resolved.name } : record));
    if (format === 'csv') content = (await import('../../render/csv.js')).renderCsv(codingsTable(kept), csvOptions);
    else if (format === 'json') content = (await import('../../render/json.js')).renderJson(kept);
    else content = (await import('../../render/json.js')).renderJsonLines(kept);
  } else if (options.matrix) {
    const matrix = buildThemeMatrix(compiled, counted, options.level);
    content = await renderAs(format, [matrixTable(matrix, resolved.name)], () => matrixJson(matrix, meta), csvOptions, options.output, resolved);
  } else if (options.by) {
    if (options.by !== TOPIC_GROUPING && !counted.some((tally) => Object.hasOwn(tally.attributes, options.by!)) && options.by !== 'language' && options.by !== 'id') {
      requireAttribute(options.by, [...new Set(counted.flatMap((tally) => Object.keys(tally.attributes)))].sort(), '--by');
    }
    const crosstab = crosstabFrequencies(compiled, counted, options.by, topicOrder);
    content = await renderAs(format, [crosstabTable(crosstab, options.level, measure)], () => crosstabJson(crosstab, meta), csvOptions, options.output, resolved, crosstabCsvTable(crosstab, options.level), true);
  } else {
    const table = countFrequencies(compiled, counted);
    content = await renderAs(format, frequencyTables(table, options.level, measure, options.includeInterviewer === true), () => frequencyJson(table, meta), csvOptions, options.output, resolved, frequencyCsvTable(table, options.level), true);
  }
  // The transcripts read from input folders are inputs too: `-o interviews/x.yaml` must not overwrite one.
  // (An output that does not exist yet is none of them: skip resolving thousands of paths.)
  const outputExists = options.output !== undefined && options.output !== '-' && existsSync(options.output);
  await emit(content, options.output, [...paths, codebook.path, ...(outputExists ? listing.files.map((entry) => entry.absolute) : [])]);
  return exitCodeFromDiagnostics(diagnostics);
}

async function renderAs(
  format: string,
  tables: ReportTable[],
  json: () => unknown,
  csv: CsvOptions,
  output: string | undefined,
  source: ResolvedSource,
  csvTable: ReportTable = tables[0]!,
  tidy = false,
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../../render/json.js')).renderJson(json());
    case 'csv':
      // The long frequency table is tidy: it gets a source column (crosstab and matrix CSVs keep their shape).
      return (await import('../../render/csv.js')).renderCsv(tidy ? labelCsv(csvTable, source) : csvTable, csv);
    case 'md':
      return sanitizeText((await import('../../render/markdown.js')).renderMarkdownTables(labelTables(tables, source)));
    case 'table': {
      const { renderTerminalTables } = await import('../../render/table.js');
      return renderSafeText((style) => renderTerminalTables(labelTables(tables, source), style, { width: terminalWidth(output) }), outputStyle(output));
    }
    default:
      throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  }
}

/** A cli-progress bar on stderr (only called when stderr is a terminal). */
async function startProgress(total: number): Promise<{ update: (done: number) => void; stop: () => void }> {
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar(
    { stream: process.stderr, format: 'coding {bar} {value}/{total} transcripts | {eta_formatted} left', hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    progress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}


function codingsTable(records: CodingRecord[]): ReportTable {
  const columns = ['interview', 'file', 'line', 'segment', 'code', 'theme', 'source', 'start', 'end', 'terms', 'attributes'];
  return {
    columns: columns.map((header) => ({ header })),
    rows: records.map((record) =>
      columns.map((column) => {
        const value = (record as unknown as Record<string, unknown>)[column];
        if (value === undefined || value === null) return null;
        if (typeof value === 'object') return JSON.stringify(value);
        return value as string | number;
      }),
    ),
  };
}

/** The attribute names and values of counted tallies, for `--where` checks (as the shared corpus loop collects them). */
function whereCorpus(tallies: readonly TranscriptTally[]): { attributes: string[]; values: Map<string, Set<string>> } {
  const values = new Map<string, Set<string>>();
  const see = (name: string, value: string) => (values.get(name) ?? values.set(name, new Set()).get(name)!).add(value);
  for (const tally of tallies) {
    for (const [name, value] of Object.entries(tally.attributes)) see(name, value);
    see('language', tally.language);
    see('id', tally.id);
  }
  return { attributes: [...values.keys()].filter((name) => name !== 'language' && name !== 'id').sort(), values };
}
