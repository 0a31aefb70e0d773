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
import { parseYaml } from './yaml-document.js';

/** Allowed values per attribute declared in the project file at `file` (`attributes.allowed`); empty when it has none or cannot be read. */
export function readAllowedValues(file: string): Record<string, string[]> {
  // Through the checked reader: a FIFO or device named cocreate.yaml must not hang or flood `code` (issue 16).
  const read = readCheckedFileSync(file, MAX_PROJECT_BYTES);
  if (!('bytes' in read)) return {};
  const bytes = read.bytes;
  const text = decodeText(bytes, file).text;
  if (text === undefined) return {};
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return {};
  const allowed = (parsed.value as { attributes?: { allowed?: unknown } } | null | undefined)?.attributes?.allowed;
  if (allowed === null || typeof allowed !== 'object' || Array.isArray(allowed)) return {};
  const values: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(allowed)) {
    if (Array.isArray(list) && list.every((value) => typeof value === 'string' || typeof value === 'number')) values[key] = list.map(String);
  }
  return values;
}

/** The topics listed in project-file text, trimmed, in order; undefined when the list is absent or not a list of names. */
export function parseProjectTopics(source: string, file: string): string[] | undefined {
  const parsed = parseYaml(source, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const value = parsed.value as { topics?: unknown } | null | undefined;
  const topics = value !== null && typeof value === 'object' && !Array.isArray(value) ? value.topics : undefined;
  if (!Array.isArray(topics) || topics.length === 0) return undefined;
  const names = topics.map((topic) => (typeof topic === 'string' || typeof topic === 'number' ? String(topic).trim() : ''));
  return names.every((name) => name !== '') ? [...new Set(names)] : undefined;
}

/** Reads the topics of the project file at `file` (e.g. `cocreate.yaml`); undefined without a usable list. */
export async function readProjectTopicsFile(file: string): Promise<string[] | undefined> {
  // Through the checked reader, as the allowed values are (issue 16).
  const read = readCheckedFileSync(file, MAX_PROJECT_BYTES);
  if (!('bytes' in read)) return undefined;
  const decoded = decodeText(read.bytes, file);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return parseProjectTopics(decoded.text, file);
}
