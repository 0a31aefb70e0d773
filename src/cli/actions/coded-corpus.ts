/**
 * The loading loop the analysis actions (compare, cooccur, quotes) share:
 * list transcripts, load and code them one at a time, reduce each to what
 * the analysis needs (a tally, code sets, quotes) so memory stays flat,
 * drop files whose id is a duplicate, and collect every diagnostic (with
 * what each transcript holds that cannot be used as meant: unknown human
 * codes, attribute values cocreate.yaml does not allow). Also
 * the option checks they share (source, attribute names).
 */
import { pushAll } from '../../model/lists.js';
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
import { suggestClosest } from '../../validate/suggest.js';
import { reportDiagnostics } from '../diagnostics.js';
import { dataChecksFor } from '../corpus.js';
import { checkUnusableData } from '../../validate/transcript-rules.js';

export interface CodedCorpusOptions {
  /** Code interviewer turns too. */
  includeInterviewer?: boolean;
  /** Only transcripts passing these filters are coded and reduced. */
  where?: readonly AttributeFilter[];
  /** False when the codebook is not the project's (kwic's one-rule codebook): human codes are then not checked against it. */
  checkHumanCodes?: boolean;
  /** Replaces the rules' codes of each coded transcript before it is reduced (a model or hybrid source: cli/sources.ts). */
  recode?: (coded: CodedTranscript) => CodedTranscript;
}

export interface ReducedCorpus<T> {
  /** One result per transcript that loaded, passed the filters and has a unique id, in file order. */
  results: T[];
  /** Every diagnostic from listing and loading (not yet reported). */
  diagnostics: Diagnostic[];
  /** Attribute names found in any loaded transcript, sorted (for "did you mean" messages). */
  attributes: string[];
  /** The values each attribute has in the loaded transcripts (language and id included), for `--where` checks. */
  values: Map<string, Set<string>>;
  /** Transcripts loaded (before filters). */
  loaded: number;
  /** Human coders found in any loaded transcript, sorted (for "did you mean" on --source). */
  coders: string[];
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
  const checks = dataChecksFor(compiled);
  const identified: { id: string; file: string; idAt: { line: number; column: number } }[] = [];
  const reduced: { file: string; result: T }[] = [];
  const attributes = new Set<string>();
  const values = new Map<string, Set<string>>();
  const see = (name: string, value: string) => {
    const seen = values.get(name);
    if (seen) seen.add(value);
    else values.set(name, new Set([value]));
  };
  const coders = new Set<string>();
  for (const entry of listing.files) {
    const loaded = await loadTranscriptFile(entry);
    pushAll(diagnostics, loaded.diagnostics);
    const transcript = loaded.transcript;
    if (!transcript) continue;
    const unusable = checkUnusableData(transcript, checks);
    pushAll(diagnostics, options.checkHumanCodes === false ? unusable.filter((d) => d.ruleId !== 'unknown-code') : unusable);
    identified.push({ id: transcript.id, file: transcript.file, idAt: transcript.idAt });
    for (const [name, value] of Object.entries(transcript.attributes)) {
      attributes.add(name);
      see(name, value);
    }
    see('language', transcript.language);
    see('id', transcript.id);
    for (const segment of transcript.segments) for (const coding of segment.human) coders.add(coding.coder);
    if (options.where && !matchesWhere(transcript, options.where)) continue;
    const rulesCoded = codeTranscript(compiled, transcript, { includeInterviewer: options.includeInterviewer });
    const coded = options.recode ? options.recode(rulesCoded) : rulesCoded;
    reduced.push({ file: transcript.file, result: reduce(coded) });
  }
  const duplicates = checkDuplicateIds(identified);
  pushAll(diagnostics, duplicates);
  const duplicateFiles = new Set(duplicates.map((d) => d.file));
  return {
    results: reduced.filter((entry) => !duplicateFiles.has(entry.file)).map((entry) => entry.result),
    diagnostics,
    attributes: [...attributes].sort(),
    values,
    loaded: identified.length,
    coders: [...coders].sort(),
  };
}

// Shared with `code`, which does not load this module (start-up): it lives in cli/corpus.ts.
export { readProjectTopics } from '../corpus.js';

/** Fails with a usage error naming the known attributes (and the closest one) when no transcript has `name` (`language` and `id` always exist). */
export function requireAttribute(name: string, known: readonly string[], option: string): void {
  if (name === 'language' || name === 'id' || known.includes(name)) return;
  const close = suggestClosest(name, [...known, 'language', 'id']);
  throw new UsageError(`${option}: no transcript has the attribute "${name}".${close ? ` Did you mean "${close}"?` : ''} Attributes found: ${known.join(', ') || 'none'} (and language, id).`);
}

/**
 * Fails with a usage error when a `--where` names an attribute no transcript
 * has, or a value no transcript has for it (`role=head-of-units`), with the
 * closest value and those found (issue 14: a typo must not pass as "0 quotes").
 */
export function requireWhereValues(where: readonly AttributeFilter[], corpus: Pick<ReducedCorpus<unknown>, 'attributes' | 'values'>): void {
  for (const filter of where) {
    requireAttribute(filter.attribute, corpus.attributes, '--where');
    const found = [...(corpus.values.get(filter.attribute) ?? [])].sort();
    for (const value of filter.values) {
      if (found.includes(value)) continue;
      const close = suggestClosest(value, found);
      const shown = found.length > 12 ? `${found.slice(0, 12).join(', ')}, …` : found.join(', ');
      throw new UsageError(`--where ${filter.attribute}=${value}: no transcript has ${filter.attribute} "${value}".${close ? ` Did you mean "${close}"?` : ''} Values found: ${shown}.`);
    }
  }
}

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
