/**
 * Case and diacritic folding that keeps offsets: every UTF-16 unit maps to
 * exactly one folded unit ("Participación" → "participacion", same length),
 * so a match found in folded text has the same offsets in the original.
 * Characters whose folding would change length (ß, ligatures) are only
 * lower-cased when that keeps one unit.
 */

const FOLD_TABLE = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    table[code] = code;
    if (code >= 0xd800 && code <= 0xdfff) continue; // surrogate halves stay as they are
    if (code === 0x2019 || code === 0x2018) {
      table[code] = 0x27; // typographic apostrophes fold to ' so "citizen’s" = "citizen's"
      continue;
    }
    const char = String.fromCharCode(code);
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
    const lower = (base.length === 1 ? base : char).toLowerCase();
    if (lower.length === 1) table[code] = lower.charCodeAt(0);
    else if (char.toLowerCase().length === 1) table[code] = char.toLowerCase().charCodeAt(0);
  }
  return table;
}

/** Folds one UTF-16 unit (lower case, no diacritics). */
export function foldCharCode(code: number): number {
  return FOLD_TABLE[code]!;
}

/** Folds a string unit by unit; the result has the same length as the input. */
export function foldText(text: string): string {
  let out = '';
  let runStart = 0;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = FOLD_TABLE[code]!;
    if (folded !== code) {
      if (i > runStart) parts.push(text.slice(runStart, i));
      parts.push(String.fromCharCode(folded));
      runStart = i + 1;
    }
  }
  if (runStart === 0) return text;
  if (runStart < text.length) parts.push(text.slice(runStart));
  out = parts.join('');
  return out;
}
