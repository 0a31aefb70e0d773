/**
 * Case and diacritic folding that keeps offsets: every UTF-16 unit maps to
 * exactly one folded unit ("Participación" → "participacion", same length),
 * so a match found in folded text has the same offsets in the original.
 * Characters whose folding would change length (ß, ligatures) are only
 * lower-cased when that keeps one unit.
 */

/** Marks a table slot not yet computed; 0xFFFF folds to itself, so it is simply recomputed. */
const UNKNOWN = 0xffff;

/**
 * Folded form of every UTF-16 unit, filled on first use of each unit:
 * computing all 65,536 entries up front (Unicode normalisation per unit)
 * cost more start-up time than coding fourteen interviews.
 */
const FOLD_TABLE = new Uint16Array(0x10000).fill(UNKNOWN);

function computeFold(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code; // ASCII: what the general case gives, without loading normalisation data
  if (code >= 0xd800 && code <= 0xdfff) return code; // surrogate halves stay as they are
  if (code === 0x2019 || code === 0x2018) return 0x27; // typographic apostrophes fold to ' so "citizen’s" = "citizen's"
  const char = String.fromCharCode(code);
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  const lower = (base.length === 1 ? base : char).toLowerCase();
  if (lower.length === 1) return lower.charCodeAt(0);
  if (char.toLowerCase().length === 1) return char.toLowerCase().charCodeAt(0);
  return code;
}

/** Folds one UTF-16 unit (lower case, no diacritics). */
export function foldCharCode(code: number): number {
  const folded = FOLD_TABLE[code]!;
  if (folded !== UNKNOWN) return folded;
  return (FOLD_TABLE[code] = computeFold(code));
}

/** Units folding may change: ASCII capitals and every non-ASCII unit (not a /u pattern, so lone surrogates match one by one). */
const FOLDABLE_UNITS = /[A-Z]|[^\x00-\x7f]/g;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Folds a string unit by unit; the result has the same length as the input.
 * The scanning is native (issue 8): a JS loop over every unit of every
 * segment ran interpreted in a short run. ASCII text folds by lower-casing;
 * otherwise only the units that may change reach `foldUnit`.
 */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.replace(FOLDABLE_UNITS, foldUnit);
}

function foldUnit(unit: string): string {
  const code = unit.charCodeAt(0);
  const folded = foldCharCode(code);
  return folded === code ? unit : String.fromCharCode(folded);
}
