/**
 * The parts of `cocreate.yaml` the analysis commands need: the allowed
 * values of attributes, to say when a transcript's value is not one of them
 * (issue 14), and the protocol topics, the groups of `--by topic` and the
 * names `--where topic=` takes (issue 17). Read without the project schema
 * (zod) so that `code` starts as fast as before; a project file that cannot
 * be read this way gives no allowed values and no topics here (the caller
 * uses the default eight topics of model/transcript.ts, not imported here so
 * that this module stays in the codebook reader's chunk of the bundled CLI),
 * and `cocreate validate` reports what is wrong with it.
 */
import { decodeText } from './decode.js';
import { MAX_PROJECT_BYTES, readCheckedFileSync } from './read-file.js';
import { emptyRecord } from '../model/records.js';
import { parseYaml } from './yaml-document.js';

/** What the analysis commands take from the project file. */
export interface ProjectValues {
  /** Allowed values per attribute (`attributes.allowed`), e.g. `{ role: ['head-of-unit', 'project-manager'] }`; empty when none or unreadable. */
  allowed: Record<string, string[]>;
  /** The protocol topics (`topics:`), trimmed, in order, without repeats; undefined without a usable list. */
  topics?: string[];
}

/** Allowed values and topics of project-file text, from one parse. `decodedCleanly`: false when decoding reported an error (topics are then not trusted, as before). */
export function parseProjectValues(source: string, file: string, decodedCleanly = true): ProjectValues {
  const parsed = parseYaml(source, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { allowed: {} };
  const value = parsed.value as { attributes?: { allowed?: unknown }; topics?: unknown } | null | undefined;
  const root = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const topics = decodedCleanly ? topicNames(root?.topics) : undefined;
  return { allowed: allowedValues(root?.attributes?.allowed), ...(topics ? { topics } : {}) };
}

function allowedValues(allowed: unknown): Record<string, string[]> {
  if (allowed === null || typeof allowed !== 'object' || Array.isArray(allowed)) return emptyRecord();
  const values = emptyRecord<string[]>();
  for (const [key, list] of Object.entries(allowed)) {
    if (Array.isArray(list) && list.every((value) => typeof value === 'string' || typeof value === 'number')) values[key] = list.map(String);
  }
  return values;
}

function topicNames(topics: unknown): string[] | undefined {
  if (!Array.isArray(topics) || topics.length === 0) return undefined;
  const names = topics.map((topic) => (typeof topic === 'string' || typeof topic === 'number' ? String(topic).trim() : ''));
  return names.every((name) => name !== '') ? [...new Set(names)] : undefined;
}

/** The topics listed in project-file text, trimmed, in order; undefined when the list is absent or not a list of names. */
export function parseProjectTopics(source: string, file: string): string[] | undefined {
  return parseProjectValues(source, file).topics;
}

/**
 * Reads the project file at `file` (e.g. `cocreate.yaml`) once for both its
 * allowed values and its topics; a command that needs both reads it once
 * (cli/corpus.ts keeps the result for the run).
 */
export function readProjectValues(file: string): ProjectValues {
  // Through the checked reader: a FIFO or device named cocreate.yaml must not hang or flood `code` (issue 16).
  const read = readCheckedFileSync(file, MAX_PROJECT_BYTES);
  if (!('bytes' in read)) return { allowed: {} };
  const decoded = decodeText(read.bytes, file);
  if (decoded.text === undefined) return { allowed: {} };
  return parseProjectValues(decoded.text, file, !decoded.diagnostics.some((d) => d.severity === 'error'));
}
