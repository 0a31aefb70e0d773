/**
 * Bytes → text, without ever throwing: strips a UTF-8 byte-order mark,
 * refuses binary files, and reads a file that is not valid UTF-8 as
 * Windows-1252/Latin-1 with a warning naming the first bad byte's line
 * (research teams still receive transcripts saved by old word processors).
 */
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';

export interface DecodedText {
  /** The decoded text, or undefined when the file could not be read as text. */
  text?: string;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder('windows-1252');

/** Decodes a transcript or codebook file's bytes; `file` is only used in diagnostics. */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const diagnostics: Diagnostic[] = [];
  if (bytes.length === 0) {
    diagnostics.push(createDiagnostic('error', 'empty-file', file, 'The file is empty.', { line: 1, column: 1 }));
    return { text: '', diagnostics };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    diagnostics.push(
      createDiagnostic('error', 'binary-file', file, 'This looks like a binary file (it contains NUL bytes), not a text transcript.', {
        line: lineOfByte(bytes, nul),
        hint: 'Convert it to UTF-8 text, or move it out of the transcript folder.',
      }),
    );
    return { diagnostics };
  }
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3);
  }
  try {
    return { text: utf8.decode(body), diagnostics };
  } catch {
    const bad = firstInvalidUtf8(body);
    diagnostics.push(
      createDiagnostic('warning', 'not-utf8', file, 'The file is not valid UTF-8; it was read as Latin-1 (Windows-1252).', {
        line: lineOfByte(body, bad),
        hint: 'Re-save it as UTF-8 so accents are stored unambiguously.',
      }),
    );
    return { text: latin1.decode(body), diagnostics };
  }
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Index of the first byte that breaks UTF-8 (used only for the message). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return bytes.length;
}
