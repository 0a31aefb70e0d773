/**
 * The loading loop the analysis actions (compare, cooccur, quotes) share:
 * list transcripts, load and code them one at a time, reduce each to what
 * the analysis needs (a tally, code sets, quotes) so memory stays flat,
 * drop files whose id is a duplicate, and collect every diagnostic. Also
 * the option checks they share (source, attribute names).
 */
import type { AttributeFilter } from '../../analyze/quotes.js';
import { matchesWhere, parseWhere } from '../../analyze/quotes.js';
import { knownTopics, splitWhere, unknownTopicMessage, type SplitWhere } from '../../analyze/topics.js';
import type { CodeSource } from '../../analyze/tally.js';
import type { CompiledCodebook } from '../../code/compile.js';
import { codeTranscript, type CodedTranscript } from '../../code/coder.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { listTranscriptFiles, loadTranscriptFile } from '../../load/corpus.js';
import { PROTOCOL_TOPICS } from '../../model/transcript.js';
import { checkDuplicateIds } from '../../validate/duplicate-ids.js';
import { reportDiagnostics } from '../diagnostics.js';

export interface CodedCorpusOptions {
  /** Code interviewer turns too. */
  includeInterviewer?: boolean;
  /** Only transcripts passing these filters are coded and reduced. */
  where?: readonly AttributeFilter[];
}

export interface ReducedCorpus<T> {
  /** One result per transcript that loaded, passed the filters and has a unique id, in file order. */
  results: T[];
  /** Every diagnostic from listing and loading (not yet reported). */
  diagnostics: Diagnostic[];
  /** Attribute names found in any loaded transcript, sorted (for "did you mean" messages). */
  attributes: string[];
  /** Transcripts loaded (before filters). */
  loaded: number;
}

/** Loads and codes every transcript under `paths`, reducing each with `reduce`. */
export async function reduceCodedCorpus<T>(
  paths: readonly string[],
  compiled: CompiledCodebook,
  options: CodedCorpusOptions,
  reduce: (coded: CodedTranscript) => T,
): Promise<ReducedCorpus<T>> {
  const listing = await listTranscriptFiles(paths);
  const diagnostics: Diagnostic[] = [...listing.diagnostics];
  if (listing.files.length === 0) {
    reportDiagnostics(diagnostics);
    throw new UsageError(`No transcripts found in ${paths.join(', ')} (transcripts are .yaml, .yml, .md or .markdown files).`);
  }
  const identified: { id: string; file: string; idAt: { line: number; column: number } }[] = [];
  const reduced: { file: string; result: T }[] = [];
  const attributes = new Set<string>();
  for (const entry of listing.files) {
    const loaded = await loadTranscriptFile(entry);
    diagnostics.push(...loaded.diagnostics);
    const transcript = loaded.transcript;
    if (!transcript) continue;
    identified.push({ id: transcript.id, file: transcript.file, idAt: transcript.idAt });
    for (const name of Object.keys(transcript.attributes)) attributes.add(name);
    if (options.where && !matchesWhere(transcript, options.where)) continue;
    const coded = codeTranscript(compiled, transcript, { includeInterviewer: options.includeInterviewer });
    reduced.push({ file: transcript.file, result: reduce(coded) });
  }
  const duplicates = checkDuplicateIds(identified);
  diagnostics.push(...duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  return {
    results: reduced.filter((entry) => !duplicateFiles.has(entry.file)).map((entry) => entry.result),
    diagnostics,
    attributes: [...attributes].sort(),
    loaded: identified.length,
  };
}

// Shared with `code`, which does not load this module: they live in cli/corpus.ts.
export { readProjectTopics, requireAttribute } from '../corpus.js';

/** Display name of a source, as kept in JSON. */
export function sourceName(source: CodeSource | 'both'): string {
  return typeof source === 'string' ? source : source.coder;
}

/** Parsed `--where` expressions: the attribute filters, the topic condition, and all of them as given (for JSON). */
export interface WhereOption extends SplitWhere {
  /** Every condition, for reports: `{ role: ['head-of-unit'], topic: ['challenges'] }`. */
  given: Record<string, string[]>;
}

/** Parses `--where` (usage error on a malformed expression). */
export function parseWhereOption(expressions: readonly string[] | undefined): WhereOption {
  const parsed = parseWhere(expressions ?? []);
  if ('error' in parsed) throw new UsageError(parsed.error);
  return { ...splitWhere(parsed), given: Object.fromEntries(parsed.map((filter) => [filter.attribute, filter.values])) };
}

/** Topic names found in a corpus's segments (without the segments that have none). */
export function foundTopics(topics: Iterable<{ topic: string | null }>): string[] {
  const names = new Set<string>();
  for (const entry of topics) if (entry.topic !== null) names.add(entry.topic);
  return [...names];
}

/** The topic groups in order (project topics or the default eight, then others found), failing with "did you mean" on an unknown `--where topic=`. */
export function resolveTopics(projectTopics: readonly string[] | undefined, found: Iterable<string>, where: SplitWhere): string[] {
  const order = knownTopics(projectTopics ?? PROTOCOL_TOPICS, found);
  if (where.topics) {
    const unknown = unknownTopicMessage(where.topics, order);
    if (unknown) throw new UsageError(unknown);
  }
  return order;
}
