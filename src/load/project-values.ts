/**
 * The part of `cocreate.yaml` the analysis commands need: the allowed
 * values of attributes, to say when a transcript's value is not one of them
 * (issue 14). Read without the project schema (zod) so that `code` starts
 * as fast as before; a project file that cannot be read this way gives no
 * allowed values here, and `cocreate validate` reports what is wrong with it.
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
