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
import { plainStyle, type Style } from './style.js';

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

/** Marks of the style functions while rendering with colour: noncharacters, never in interchanged text. */
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const STYLE_NAMES = ['bold', 'dim', 'high', 'low', 'error', 'warning', 'match'] as const;
const MARKED = new RegExp(`${OPEN}([\uFDE0-\uFDE6])([^${OPEN}${CLOSE}]*)${CLOSE}`, 'g');
const HAS_MARKS = /[\uFDD0\uFDD1\uFDE0-\uFDE6]/;

/** A Style that marks where each style applies, so colour can be added after user text is sanitised. */
const markingStyle = Object.fromEntries(STYLE_NAMES.map((name, index) => [name, (text: string) => `${OPEN}${String.fromCharCode(0xfde0 + index)}${text}${CLOSE}`])) as unknown as Style;

/**
 * Renders text output with user text sanitised (`sanitizeText`) and the
 * style's colours intact. `render` draws the output with the Style it is
 * given. Without colour the output is simply sanitised. With colour, the
 * output is drawn once plainly; when it holds nothing to sanitise (nearly
 * always) it is drawn with colour as usual, otherwise with marks where the
 * styles apply, sanitised, and the marks replaced by the colours — so an
 * escape sequence in a transcript is shown while cocreate's own colours
 * work. (Text that itself holds the marks' noncharacters is shown without
 * colour.)
 */
export function renderSafeText(render: (style: Style) => string, style: Style): string {
  if (style === plainStyle) return sanitizeText(render(plainStyle));
  const plain = render(plainStyle);
  if (!HAS_UNSAFE.test(plain)) return render(style);
  if (HAS_MARKS.test(plain)) return sanitizeText(plain);
  let text = sanitizeText(render(markingStyle));
  // Innermost marks first: a bold cell holding a highlighted word nests.
  while (text.includes(OPEN)) {
    text = text.replace(MARKED, (_all, mark: string, inner: string) => style[STYLE_NAMES[mark.charCodeAt(0) - 0xfde0]!](inner));
  }
  return text;
}
