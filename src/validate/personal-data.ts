/**
 * Personal data left in a transcript (research ethics and the GDPR ask
 * that interviews be pseudonymised before they are shared): e-mail
 * addresses, phone numbers (Spanish and international), Spanish DNI and NIE
 * numbers whose check letter is right, IBANs whose mod-97 check holds, and
 * the names a project lists for redaction (ignoring case and accents, whole
 * words only). The whole file text is scanned, metadata and comments
 * included, so a name in a speaker label or a YAML comment is found too.
 *
 * Every scanner is a hand-written linear pass or a regular expression whose
 * quantifiers are all bounded, so a 50 MB transcript is scanned in linear
 * time, and overlapping hits are resolved in one sweep. Messages never
 * repeat the value found (CI logs of public repositories are public): they
 * show a masked form and the line and column; past 100 hits of one kind in
 * a file, one summary finding stands for the rest.
 */
import { foldText } from '../code/fold.js';
import { createDiagnostic, type Diagnostic, type Severity } from '../model/diagnostic.js';
import type { RedactedName } from '../model/project.js';
import { createPointLocator } from './source-points.js';

/** Kinds of personal data found; each has its own rule id `personal-data-<kind>`. */
export type PersonalDataKind = 'email' | 'phone' | 'dni' | 'nie' | 'iban' | 'name';

/** One stretch of text that looks like personal data. Offsets are UTF-16 units into the scanned text. */
export interface PersonalDataHit {
  kind: PersonalDataKind;
  start: number;
  /** Exclusive. */
  end: number;
  /** For `name` hits: the redaction-list entry that matched. */
  name?: RedactedName;
}

export interface PersonalDataOptions {
  /** Names that must not appear (see `personal_data.redact` in docs/project-file.md). */
  redact?: readonly RedactedName[];
  /** Public strings to let through, e.g. an office's e-mail; compared without case and spaces. */
  allow?: readonly string[];
  /** `warning` by default; `error` with `--strict`. */
  severity?: Severity;
}

const PLURALS: Record<PersonalDataKind, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  dni: 'DNI numbers',
  nie: 'NIE numbers',
  iban: 'IBANs',
  name: 'names from the redaction list',
};

/** Findings listed one by one per kind and file; beyond this, one summary finding. */
export const MAX_FINDINGS_PER_KIND = 100;

const DESCRIPTIONS: Record<PersonalDataKind, string> = {
  email: 'an e-mail address',
  phone: 'a phone number',
  dni: 'a Spanish DNI number (its check letter is valid)',
  nie: 'a Spanish NIE number (its check letter is valid)',
  iban: 'an IBAN (its mod-97 check holds)',
  name: 'a name on the redaction list',
};

/** Scans a file's text and returns one diagnostic per hit, in file order. */
export function checkPersonalData(text: string, file: string, options: PersonalDataOptions = {}): Diagnostic[] {
  const hits = findPersonalData(text, options);
  if (hits.length === 0) return [];
  const locator = createPointLocator(text);
  const severity = options.severity ?? 'warning';
  // A file with thousands of addresses needs one clear message, not thousands of lines.
  const perKind = new Map<PersonalDataKind, number>();
  const shown = hits.filter((hit) => {
    const count = (perKind.get(hit.kind) ?? 0) + 1;
    perKind.set(hit.kind, count);
    return count <= MAX_FINDINGS_PER_KIND;
  });
  const more = [...perKind.entries()]
    .filter(([, count]) => count > MAX_FINDINGS_PER_KIND)
    .map(([kind, count]) => {
      const first = hits.filter((hit) => hit.kind === kind)[MAX_FINDINGS_PER_KIND]!;
      return createDiagnostic(severity, `personal-data-${kind}`, file, `Possible personal data: ${count - MAX_FINDINGS_PER_KIND} more ${PLURALS[kind]} from here on (${count} in this file; only the first ${MAX_FINDINGS_PER_KIND} are listed one by one).`, {
        ...locator.pointAt(first.start),
      });
    });
  return [...shown.map((hit) => {
    const start = locator.pointAt(hit.start);
    const end = locator.pointAt(hit.end);
    const what =
      hit.kind === 'name'
        ? `${DESCRIPTIONS.name} (entry ${hit.name!.entry} of ${hit.name!.file})`
        : `${DESCRIPTIONS[hit.kind]}: ${maskValue(text.slice(hit.start, hit.end))}`;
    return createDiagnostic(severity, `personal-data-${hit.kind}`, file, `Possible personal data: ${what}.`, {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      hint:
        hit.kind === 'name'
          ? 'Replace it with a pseudonym or a role, e.g. [head of unit].'
          : 'Remove or pseudonymise it, e.g. [e-mail]; public contact data can be listed under personal_data.allow in cocreate.yaml.',
    });
  }), ...more];
}

/** All hits in `text`, sorted by start; where two overlap, the more specific kind wins (IBAN, DNI/NIE, e-mail, name, phone). */
export function findPersonalData(text: string, options: Pick<PersonalDataOptions, 'redact' | 'allow'> = {}): PersonalDataHit[] {
  const allowed = new Set((options.allow ?? []).map(normaliseAllowed));
  const isAllowed = (hit: PersonalDataHit) => allowed.size > 0 && allowed.has(normaliseAllowed(text.slice(hit.start, hit.end)));
  let kept: PersonalDataHit[] = [];
  // Most specific first; each later list only fills the gaps the earlier ones leave.
  for (const list of [findIbans(text), findIdNumbers(text), findEmails(text), findNames(text, options.redact ?? []), findPhones(text)]) {
    kept = mergeWithoutOverlap(kept, list.filter((hit) => !isAllowed(hit)));
  }
  return kept;
}

/**
 * `kept` (sorted, non-overlapping) plus the hits of `list` that overlap
 * nothing already taken; one sweep, so a text full of numbers stays linear.
 */
export function mergeWithoutOverlap(kept: readonly PersonalDataHit[], list: readonly PersonalDataHit[]): PersonalDataHit[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PersonalDataHit[] = [];
  let k = 0;
  for (const hit of sorted) {
    while (k < kept.length && kept[k]!.end <= hit.start) merged.push(kept[k++]!);
    if (k < kept.length && kept[k]!.start < hit.end) continue;
    const last = merged[merged.length - 1];
    if (last && last.end > hit.start) continue;
    merged.push(hit);
  }
  while (k < kept.length) merged.push(kept[k++]!);
  return merged;
}

/** `612 345 678` → `6•••••••78`; the first and last characters stay so the place can be recognised. */
export function maskValue(value: string): string {
  const compact = value.replace(/\s+/g, ' ');
  if (compact.length <= 4) return '•'.repeat(compact.length);
  const keepEnd = compact.length >= 10 ? 2 : 1;
  return compact[0] + '•'.repeat(Math.min(compact.length - 1 - keepEnd, 12)) + compact.slice(-keepEnd);
}

function normaliseAllowed(value: string): string {
  return foldText(value).replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------
// Character classes

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(text[index]!);
}

// ---------------------------------------------------------------------------
// E-mail addresses: found from each `@`, extended left over the local part
// (at most 64 characters) and right over the domain (at most 253).

const LOCAL_CHAR = /[\p{L}\p{N}._%+\-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}.\-]/u;

function findEmails(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    while (start < at && text[start] === '.') start++;
    if (start === at || text[at - 1] === '.') continue;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && DOMAIN_CHAR.test(text[end]!)) end++;
    // A sentence's full stop or a dash after the address is not part of it.
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const domain = text.slice(at + 1, end);
    const labels = domain.split('.');
    if (labels.length < 2 || labels.some((label) => label === '')) continue;
    if (!/^\p{L}{2,}$/u.test(labels[labels.length - 1]!)) continue;
    hits.push({ kind: 'email', start, end });
  }
  return hits;
}

// ---------------------------------------------------------------------------
// DNI (8 digits + check letter) and NIE (X/Y/Z + 7 digits + check letter).

const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const DNI = /(?<![\p{L}\p{N}.])(\d{8}|\d{1,2}\.\d{3}\.\d{3})([ -]?)([A-Za-z])(?![\p{L}\p{N}])/gu;
const NIE = /(?<![\p{L}\p{N}])([XYZxyz])[ -]?(\d{7})([ -]?)([A-Za-z])(?![\p{L}\p{N}])/gu;

/** Whether `letter` is the check letter of DNI `number` (NIE numbers with X/Y/Z replaced by 0/1/2). */
export function isValidDniLetter(number: string, letter: string): boolean {
  const value = Number(number);
  return Number.isInteger(value) && CHECK_LETTERS[value % 23] === letter.toUpperCase();
}

/** After a space only a capital counts as a check letter: "12345678 y" is a number and the word "y". */
function plausibleLetter(separator: string, letter: string): boolean {
  return separator !== ' ' || letter === letter.toUpperCase();
}

function findIdNumbers(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const match of text.matchAll(DNI)) {
    const digits = match[1]!.replace(/\./g, '');
    if (!plausibleLetter(match[2]!, match[3]!)) continue;
    if (digits.length >= 7 && isValidDniLetter(digits, match[3]!)) hits.push({ kind: 'dni', start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(NIE)) {
    const prefix = 'XYZ'.indexOf(match[1]!.toUpperCase());
    if (!plausibleLetter(match[3]!, match[4]!)) continue;
    if (isValidDniLetter(`${prefix}${match[2]}`, match[4]!)) hits.push({ kind: 'nie', start: match.index, end: match.index + match[0].length });
  }
  return hits;
}

// ---------------------------------------------------------------------------
// IBAN: two capital letters, two check digits, then up to 30 letters or
// digits, possibly in groups separated by single spaces; valid when the
// ISO 13616 mod-97 check gives 1.

const IBAN_START = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}/gu;

/** ISO 13616 check: move the first four characters to the end, letters → 10..35, remainder mod 97 must be 1. */
export function isValidIban(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function isUpperAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

/** Value of an IBAN character in the mod-97 check: digits 0–9, letters A=10 … Z=35. */
function ibanValue(code: number): number {
  return code >= 65 ? code - 55 : code - 48;
}

/** `remainder` followed by the digits of `value` (one or two digits), mod 97. */
function appendMod97(remainder: number, value: number): number {
  return value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
}

function findIbans(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const match of text.matchAll(IBAN_START)) {
    const start = match.index;
    if (hits.length > 0 && start < hits[hits.length - 1]!.end) continue;
    // The check moves country and check digits to the end: remainder(BBAN ‖ head) is computed
    // incrementally as the BBAN grows, so every candidate length costs O(1).
    let head = 0;
    for (let k = 0; k < 4; k++) head = appendMod97(head, ibanValue(match[0].charCodeAt(k)));
    // The head is two letters (two digits each) and two digits: six decimal digits, i.e. × 10^6.
    const withHead = (bban: number) => (bban * (1_000_000 % 97) + head) % 97;
    let bban = 0;
    let length = 4;
    let i = start + 4;
    let found: number | undefined;
    const candidate = (end: number) => {
      if (length >= 15 && withHead(bban) === 1) found = end;
    };
    while (i < text.length && length < 34) {
      const code = text.charCodeAt(i);
      if (code === 32 && isUpperAlphanumeric(text.charCodeAt(i + 1))) {
        candidate(i); // a group ends here
        i++;
        continue;
      }
      if (!isUpperAlphanumeric(code)) break;
      bban = appendMod97(bban, ibanValue(code));
      length++;
      i++;
    }
    if (!isWordChar(text, i)) candidate(i);
    if (found !== undefined) hits.push({ kind: 'iban', start, end: found });
  }
  return hits;
}

// ---------------------------------------------------------------------------
// Phone numbers. Spanish: nine digits starting with 6, 7, 8 or 9, written
// together or grouped 3-3-3, 3-2-2-2 or 2-3-2-2 (spaces, dots or hyphens),
// optionally after +34 or 0034. International: `+` (or `00`) and a country
// code, then 8 to 15 digits in all, in groups. Numbers followed by a
// currency or "millones" are amounts, not phones.

const SEP = '[ .\\-]';
const SPANISH_PHONE = new RegExp(
  `(?:\\+34|0034)?${SEP}?(?:[6-9]\\d{8}|[6-9]\\d{2}${SEP}\\d{3}${SEP}\\d{3}|[6-9]\\d{2}${SEP}\\d{2}${SEP}\\d{2}${SEP}\\d{2}|[6-9]\\d${SEP}\\d{3}${SEP}\\d{2}${SEP}\\d{2})`,
  'g',
);
const AMOUNT_AFTER = /^\s?(?:€|\$|%|euros?\b|eur\b|millones\b|million\b|dólares\b|dollars\b|usd\b)/i;
const AMOUNT_BEFORE = /(?:€|\$|eur|usd)\s?$/i;

function findPhones(text: string): PersonalDataHit[] {
  // Spanish and international matches may cover the same number (+34 …); the caller's merge keeps one.
  const spanish: PersonalDataHit[] = [];
  const international: PersonalDataHit[] = [];
  const isolated = (start: number, end: number) => {
    // Not part of a longer number (`1 612 345 678 9`) or of a word or code (`AB612345678`).
    const before = text[start - 1];
    const beforeSep = before !== undefined && /[ .\-]/.test(before) && isDigit(text.charCodeAt(start - 2));
    const after = text[end];
    const afterSep = after !== undefined && /[.\-]/.test(after) && isDigit(text.charCodeAt(end + 1));
    const afterSpaceDigit = after === ' ' && isDigit(text.charCodeAt(end + 1));
    if (isWordChar(text, start - 1) || isWordChar(text, end) || beforeSep || afterSep || afterSpaceDigit) return false;
    if (before === '/' || before === ',' || after === '/' || (after === ',' && isDigit(text.charCodeAt(end + 1)))) return false;
    if (AMOUNT_AFTER.test(text.slice(end, end + 12)) || AMOUNT_BEFORE.test(text.slice(Math.max(0, start - 5), start))) return false;
    return true;
  };
  for (const match of text.matchAll(SPANISH_PHONE)) {
    let start = match.index;
    // The optional separator before the digits is not part of the number when there is no prefix.
    if (!match[0].startsWith('+') && !match[0].startsWith('00') && /[ .\-]/.test(text[start]!)) start++;
    const end = match.index + match[0].length;
    if (isolated(start, end)) spanish.push({ kind: 'phone', start, end });
  }
  // International numbers: scan from each `+` or `00` that starts a token.
  for (let i = 0; i < text.length; i++) {
    const plus = text[i] === '+';
    const doubleZero = text[i] === '0' && text[i + 1] === '0';
    if (!plus && !doubleZero) continue;
    if (isWordChar(text, i - 1) || (i > 0 && /[.\-\/]/.test(text[i - 1]!) && isDigit(text.charCodeAt(i - 2)))) continue;
    let j = plus ? i + 1 : i + 2;
    if (!isDigit(text.charCodeAt(j)) || text[j] === '0') continue;
    let digits = 0;
    let end = j;
    // At most 15 digits and 8 separators: the scan is bounded.
    while (j < text.length && j - i < 32) {
      const char = text[j]!;
      if (isDigit(text.charCodeAt(j))) {
        digits++;
        j++;
        end = j;
        if (digits > 15) break;
      } else if (/[ .\-()]/.test(char) && j + 1 < text.length && (isDigit(text.charCodeAt(j + 1)) || text[j + 1] === '(' || (char === ')' && text[j + 1] === ' '))) {
        j++;
      } else {
        break;
      }
    }
    if (text[end] === ')') end++;
    if (digits >= 8 && digits <= 15 && !isWordChar(text, end) && isolated(i, end)) international.push({ kind: 'phone', start: i, end });
    i = Math.max(i, end - 1);
  }
  return mergeWithoutOverlap(spanish, international);
}

// ---------------------------------------------------------------------------
// Names from the redaction list: the text is split into words (runs of
// letters, digits and marks, folded to lower case without accents); a name
// matches a run of consecutive words separated only by spaces or hyphens.

interface NameEntry {
  words: string[];
  name: RedactedName;
}

/** The next word at or after `from` (start, exclusive end), or undefined at the end of the text. */
function nextWord(text: string, from: number): { start: number; end: number } | undefined {
  let i = from;
  while (i < text.length && !isWordChar(text, i)) i++;
  if (i >= text.length) return undefined;
  const start = i;
  while (i < text.length && isWordChar(text, i)) i++;
  return { start, end: i };
}

function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (let word = nextWord(text, 0); word; word = nextWord(text, word.end)) words.push(text.slice(word.start, word.end));
  return words;
}

function findNames(text: string, redact: readonly RedactedName[]): PersonalDataHit[] {
  if (redact.length === 0) return [];
  const byFirstWord = new Map<string, NameEntry[]>();
  for (const name of redact) {
    const words = wordsOf(foldText(name.name));
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ words, name });
    byFirstWord.set(words[0]!, list);
  }
  // Longer names first, so "Ana María Paz" wins over "Ana".
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  const folded = foldText(text);
  const hits: PersonalDataHit[] = [];
  // One pass over the words; a candidate name only looks at the few words after its first.
  for (let word = nextWord(folded, 0); word; ) {
    const entries = byFirstWord.get(folded.slice(word.start, word.end));
    let matchedEnd: number | undefined;
    for (const entry of entries ?? []) {
      let previous = word;
      let ok = true;
      for (let k = 1; ok && k < entry.words.length; k++) {
        const following = nextWord(folded, previous.end);
        ok =
          following !== undefined &&
          folded.slice(following.start, following.end) === entry.words[k] &&
          /^[\s\-]+$/.test(folded.slice(previous.end, following.start));
        if (following) previous = following;
      }
      if (!ok) continue;
      hits.push({ kind: 'name', start: word.start, end: previous.end, name: entry.name });
      matchedEnd = previous.end;
      break;
    }
    word = nextWord(folded, matchedEnd ?? word.end);
  }
  return hits;
}
