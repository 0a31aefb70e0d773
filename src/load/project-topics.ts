/**
 * Only the protocol topics (`topics:`) of the project file, for the
 * analysis commands' `--by topic` and `--where topic=`. The full reader
 * (project.ts) checks the whole file with zod, which these commands would
 * otherwise load at start-up for one list; `cocreate validate` still checks
 * the file and reports its problems. A file that is missing, unreadable or
 * has no usable `topics:` list gives undefined: the caller applies the
 * default eight (model/transcript.ts, not imported here so that this module
 * stays in the codebook reader's chunk of the bundled CLI).
 */
import { readFile } from 'node:fs/promises';
import { decodeText } from './decode.js';
import { parseYaml } from './yaml-document.js';

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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const decoded = decodeText(bytes, file);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return parseProjectTopics(decoded.text, file);
}
