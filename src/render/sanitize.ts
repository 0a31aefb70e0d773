/**
 * Makes text from transcripts, codebooks, file names and attribute values
 * safe to print: control characters are shown, never obeyed. A transcript
 * holding `ESC [2J` would clear the reader's terminal, an OSC 52 sequence
 * would write to their clipboard, an OSC 8 sequence would hide a link, and a
 * right-to-left override would make a line read differently from what it
 * holds (issue 16, item 15). Every text renderer (tables, Markdown, text
 * diagnostics, GitHub annotations, quotes, explain) passes user text
 * through `sanitizeText`; JSON, JSONL and HTML escape on their own.
 */

/**
 * C0 controls except tab and line feed, DEL, C1 controls, and the Unicode
 * bidirectional controls (LRM, RLM, ALM, embeddings, overrides, isolates).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** UNSAFE without the global flag, for a quick test. */
const HAS_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** How an unsafe character is shown: `\x1b` for a control character, `\u202e` for a bidi control. */
function visible(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character (other than tab and line feed) and bidi control written out as an escape, e.g. ESC → `\x1b`. */
export function sanitizeText(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, visible) : text;
}

/** Whether `text` holds a character `sanitizeText` would rewrite. */
export function hasUnsafeCharacters(text: string): boolean {
  return HAS_UNSAFE.test(text);
}
