/**
 * `cocreate code`: options → codebook and corpus → coding → tallies →
 * frequencies, crosstab or matrix → the chosen format. Transcripts are
 * coded one at a time and reduced to tallies, so memory stays flat however
 * large the corpus (unless `--codings` asks for every coded segment).
 */
import { countFrequencies, crosstabFrequencies, buildThemeMatrix } from '../../analyze/frequencies.js';
import type { CodingRecord } from '../../analyze/codings.js';
import { tallyTranscript, type CodeSource, type TranscriptTally } from '../../analyze/tally.js';
import { codeTranscript } from '../../code/coder.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { listTranscriptFiles, loadTranscriptFile } from '../../load/corpus.js';
import { renderCsv } from '../../render/csv.js';
import {
  crosstabJson,
  crosstabTable,
  frequencyCsvTable,
  frequencyJson,
  frequencyTables,
  matrixJson,
  matrixTable,
} from '../../render/frequency-report.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdownTables } from '../../render/markdown.js';
import type { ReportTable } from '../../render/report-table.js';
import { renderTerminalTables } from '../../render/table.js';
import { checkDuplicateIds } from '../../validate/duplicate-ids.js';
import type { CodeCommandOptions } from '../commands/code.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit, styleFor } from '../output.js';

export async function runCode(paths: string[], options: CodeCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output);
  if (format === 'jsonl' && !options.codings) throw new UsageError('--format jsonl is for --codings (one line per coded segment).');
  if (options.source === 'both' && !options.codings) throw new UsageError('--source both is for --codings; counts use one source at a time.');
  const codingSource = options.source === 'both' ? 'both' : parseSource(options.source);
  const source = codingSource === 'both' ? 'auto' : codingSource;
  const codebook = await openCodebook(options.codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics];
  const listing = await listTranscriptFiles(paths);
  diagnostics.push(...listing.diagnostics);
  if (listing.files.length === 0) {
    reportDiagnostics(diagnostics);
    throw new UsageError(`No transcripts found in ${paths.join(', ')} (transcripts are .yaml, .yml, .md or .markdown files).`);
  }

  const { compiled } = codebook;
  const tallies: TranscriptTally[] = [];
  const identified: { id: string; file: string; idAt: { line: number; column: number } }[] = [];
  const codingRecords: CodingRecord[] = [];
  for (const entry of listing.files) {
    const loaded = await loadTranscriptFile(entry);
    diagnostics.push(...loaded.diagnostics);
    if (!loaded.transcript) continue;
    const coded = codeTranscript(compiled, loaded.transcript, { includeInterviewer: options.includeInterviewer });
    tallies.push(tallyTranscript(compiled, coded, source));
    identified.push({ id: loaded.transcript.id, file: loaded.transcript.file, idAt: loaded.transcript.idAt });
    if (options.codings) {
      const { codingRecordsOf } = await import('../../analyze/codings.js');
      codingRecords.push(...codingRecordsOf(compiled, coded, codingSource));
    }
  }
  const duplicates = checkDuplicateIds(identified);
  diagnostics.push(...duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  const counted = tallies.filter((tally) => !duplicateFiles.has(tally.file));

  reportDiagnostics(diagnostics);
  const meta = { codebook: compiled.codebook.id, source: typeof source === 'string' ? source : source.coder };
  let content: string;
  if (options.codings) {
    const kept = codingRecords.filter((record) => !duplicateFiles.has(String(record.file)));
    content = format === 'csv' ? renderCsv(codingsTable(kept), { bom: options.bom }) : format === 'json' ? renderJson(kept) : (await import('../../render/json.js')).renderJsonLines(kept);
  } else if (options.matrix) {
    const matrix = buildThemeMatrix(compiled, counted, options.level);
    content = renderAs(format, [matrixTable(matrix)], () => matrixJson(matrix, meta), options.bom);
  } else if (options.by) {
    const crosstab = crosstabFrequencies(compiled, counted, options.by);
    if (!counted.some((tally) => Object.hasOwn(tally.attributes, options.by!)) && options.by !== 'language' && options.by !== 'id') {
      const known = [...new Set(counted.flatMap((tally) => Object.keys(tally.attributes)))].sort();
      throw new UsageError(`No transcript has the attribute "${options.by}". Attributes found: ${known.join(', ') || 'none'} (and language).`);
    }
    content = renderAs(format, [crosstabTable(crosstab, options.level)], () => crosstabJson(crosstab, meta), options.bom, crosstabTable(crosstab, options.level, { percentages: false }));
  } else {
    const table = countFrequencies(compiled, counted);
    content = renderAs(format, frequencyTables(table, options.level), () => frequencyJson(table, meta), options.bom, frequencyCsvTable(table, options.level));
  }
  // The transcripts read from input folders are inputs too: `-o interviews/x.yaml` must not overwrite one.
  await emit(content, options.output, [...paths, codebook.path, ...listing.files.map((entry) => entry.absolute)]);
  return exitCodeFromDiagnostics(diagnostics);
}

function renderAs(format: string, tables: ReportTable[], json: () => unknown, bom: boolean | undefined, csvTable: ReportTable = tables[0]!): string {
  switch (format) {
    case 'json':
      return renderJson(json());
    case 'csv':
      return renderCsv(csvTable, { bom });
    case 'md':
      return renderMarkdownTables(tables);
    case 'table':
      return renderTerminalTables(tables, styleFor(process.stdout));
    default:
      throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  }
}

function parseSource(value: string): CodeSource {
  if (value === 'auto' || value === 'manual') return value;
  if (/^[\p{L}\p{N}_.-]+$/u.test(value)) return { coder: value };
  throw new UsageError(`--source must be auto, manual or a coder name, not "${value}".`);
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
