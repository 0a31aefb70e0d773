/**
 * Bytes → text, without ever throwing: strips a UTF-8 byte-order mark,
 * refuses binary and UTF-16 files, and reads a file that is not valid UTF-8
 * as Windows-1252/Latin-1 with a warning naming the first bad byte's line
 * and column (research teams still receive transcripts saved by old word
 * processors). A file that is UTF-8 apart from a few broken bytes keeps its
 * UTF-8 reading, the broken bytes replaced by U+FFFD, so its accents are
 * not all turned into mojibake.
 */
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';

export interface DecodedText {
  /** The decoded text, or undefined when the file could not be read as text. */
  text?: string;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const latin1 = new TextDecoder('windows-1252');

/**
 * Largest text decoded: 256 MiB. V8 strings end near 512 M characters, so a
 * larger file (a `.qde` inside a `.qdpx`, a redaction list, a dictionary)
 * would crash the decoder rather than give a message (issue 16, item 10).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Decodes a transcript or codebook file's bytes; `file` is only used in diagnostics. */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const diagnostics: Diagnostic[] = [];
  if (bytes.length > MAX_TEXT_BYTES) {
    diagnostics.push(
      createDiagnostic('error', 'file-too-large', file, `The file is ${(bytes.length / 1048576).toFixed(0)} MB; text files over ${MAX_TEXT_BYTES / 1048576} MB are not read.`, {
        line: 1,
        column: 1,
      }),
    );
    return { diagnostics };
  }
  if (bytes.length === 0) {
    diagnostics.push(createDiagnostic('error', 'empty-file', file, 'The file is empty.', { line: 1, column: 1 }));
    return { text: '', diagnostics };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    diagnostics.push(
      createDiagnostic('error', 'utf16-file', file, 'The file is saved as UTF-16; cocreate reads UTF-8 text.', {
        line: 1,
        column: 1,
        hint: 'Re-save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8).',
      }),
    );
    return { diagnostics };
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
    const lineStart = body.lastIndexOf(0x0a, bad - 1) + 1;
    const sequences = countUtf8Sequences(body);
    if (sequences.valid > sequences.invalid) {
      // Mostly UTF-8 (it holds valid multi-byte characters): a few broken bytes, not a Latin-1 file.
      diagnostics.push(
        createDiagnostic('warning', 'invalid-utf8', file, `The file has bytes that are not valid UTF-8 (the first is 0x${body[bad]!.toString(16).toUpperCase().padStart(2, '0')}); they were read as "\uFFFD".`, {
          line: lineOfByte(body, bad),
          column: lenient.decode(body.subarray(lineStart, bad)).length + 1,
          hint: 'Fix the character at that place and re-save the file as UTF-8.',
        }),
      );
      return { text: lenient.decode(body), diagnostics };
    }
    diagnostics.push(
      createDiagnostic('warning', 'not-utf8', file, 'The file is not valid UTF-8; it was read as Latin-1 (Windows-1252).', {
        line: lineOfByte(body, bad),
        column: latin1.decode(body.subarray(lineStart, bad)).length + 1,
        hint: 'Re-save it as UTF-8 so accents are stored unambiguously.',
      }),
    );
    return { text: latin1.decode(body), diagnostics };
  }
}

/** Well-formed multi-byte UTF-8 sequences and stray high bytes (a Latin-1 file has almost no valid sequences). */
function countUtf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const length = b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length - 1;
    } else {
      invalid++;
    }
  }
  return { valid, invalid };
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
    // Overlong forms, surrogates and code points past U+10FFFF, which TextDecoder also rejects (e.g. F0 80 80 80).
    const second = bytes[i + 1]!;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return bytes.length;
}
