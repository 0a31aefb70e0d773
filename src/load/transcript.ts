/**
 * Format dispatch: which parser reads a transcript, chosen by extension.
 * Pure; the corpus walker does the file reading.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { decodeText } from './decode.js';
import type { LoadedTranscript } from './transcript-builder.js';
import { parseMarkdownTranscript } from './transcript-markdown.js';
import { parseYamlTranscript } from './transcript-yaml.js';

export type { LoadedTranscript } from './transcript-builder.js';

/** Extensions read as transcripts, with their format. */
export const TRANSCRIPT_EXTENSIONS: Record<string, 'yaml' | 'markdown'> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

/** The transcript format of a path, or undefined for files that are not transcripts. */
export function transcriptFormatOf(path: string): 'yaml' | 'markdown' | undefined {
  const dot = path.lastIndexOf('.');
  if (dot === -1) return undefined;
  return TRANSCRIPT_EXTENSIONS[path.slice(dot).toLowerCase()];
}

/** Parses a transcript's text in the given format. */
export function parseTranscript(source: string, file: string, format: 'yaml' | 'markdown'): LoadedTranscript {
  return format === 'yaml' ? parseYamlTranscript(source, file) : parseMarkdownTranscript(source, file);
}

/** Decodes bytes and parses them; never throws. */
export function parseTranscriptBytes(bytes: Uint8Array, file: string, format: 'yaml' | 'markdown'): LoadedTranscript {
  const decoded = decodeText(bytes, file);
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics: decoded.diagnostics, source: decoded.text || undefined };
  }
  const loaded = parseTranscript(decoded.text, file, format);
  const diagnostics: Diagnostic[] = [...decoded.diagnostics, ...loaded.diagnostics];
  return { transcript: loaded.transcript, diagnostics, source: decoded.text };
}
