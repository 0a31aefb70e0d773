/**
 * Matching: one segment's text against a compiled language matcher gives
 * match records (code, character span, rule). Word patterns are resolved
 * once per distinct word (memoised), phrases are checked from their first
 * word, proximity rules from the positions of their terms, and exclusions
 * drop the matches they overlap.
 */
import type { CompiledCodebook, LanguageMatcher } from './compile.js';
import { foldCharCode, foldText } from './fold.js';
import { stemKeys } from './stem.js';
import { tokenize } from './tokenize.js';

/** One place where a code's rule matched. Offsets are UTF-16 units into the segment text. */
export interface RuleMatch {
  /** Index of the code in `CompiledCodebook.codes`. */
  code: number;
  /** Inclusive start offset in the segment text. */
  start: number;
  /** Exclusive end offset in the segment text. */
  end: number;
  /** The rule as written, e.g. `terms: quick win` or `regex: \bmvp\b`. */
  rule: string;
}

const NO_PATTERNS: readonly number[] = [];

/** Pattern ids a word satisfies; `original` is the word as written (lower-cased here). */
function patternsOf(matcher: LanguageMatcher, folded: string, original: string): readonly number[] {
  // Accented words are memoised under their original form: the Spanish stemmer needs the accents.
  const key = original === folded ? folded : original.toLowerCase();
  const cached = matcher.memo.get(key);
  if (cached) return cached;
  const ids: number[] = [];
  const add = (list: number[] | undefined) => {
    if (list) for (const id of list) if (!ids.includes(id)) ids.push(id);
  };
  add(matcher.exact.get(folded));
  if (matcher.stems.size > 0) for (const stem of stemKeys(key, matcher.language)) add(matcher.stems.get(stem));
  for (const length of matcher.prefixLengths) {
    if (length > folded.length) break;
    add(matcher.prefixes.get(folded.slice(0, length)));
  }
  const result = ids.length === 0 ? NO_PATTERNS : ids;
  matcher.memo.set(key, result);
  return result;
}

/** True when the original word differs from its folded form only by ASCII case (no accents). */
function originalKey(text: string, folded: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== folded.charCodeAt(i) && !(code >= 65 && code <= 90)) return text.slice(start, end);
  }
  return folded.slice(start, end);
}

/**
 * All matches of all codes in one text, sorted by start then code.
 * `matcher` is the transcript language's; texts in a language without rules match nothing.
 */
export function matchText(compiled: CompiledCodebook, matcher: LanguageMatcher | undefined, text: string): RuleMatch[] {
  if (!matcher || text.length === 0) return [];
  const folded = foldText(text);
  const tokens = tokenize(text, folded);
  const { words, starts, ends } = tokens;
  const count = words.length;
  const ids: (readonly number[])[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const word = words[i]!;
    ids[i] = patternsOf(matcher, word, originalKey(text, folded, starts[i]!, ends[i]!));
  }

  const matches: RuleMatch[] = [];
  let exclusions: RuleMatch[] | undefined;
  let nearHits: Map<number, { slot: number; first: number; last: number }[]> | undefined;

  for (let i = 0; i < count; i++) {
    const here = ids[i]!;
    if (here.length === 0) continue;
    for (const pattern of here) {
      const phraseIds = matcher.byFirstPattern.get(pattern);
      if (!phraseIds) continue;
      for (const phraseId of phraseIds) {
        const phrase = matcher.phrases[phraseId]!;
        const length = phrase.patterns.length;
        if (i + length > count) continue;
        let ok = true;
        for (let k = 1; k < length; k++) {
          if (!ids[i + k]!.includes(phrase.patterns[k]!)) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        const last = i + length - 1;
        const role = phrase.role;
        if (role.kind === 'term') {
          matches.push({ code: phrase.code, start: starts[i]!, end: ends[last]!, rule: phrase.source });
        } else if (role.kind === 'exclude') {
          (exclusions ??= []).push({ code: phrase.code, start: starts[i]!, end: ends[last]!, rule: phrase.source });
        } else {
          nearHits ??= new Map();
          const list = nearHits.get(role.near) ?? [];
          list.push({ slot: role.slot, first: i, last });
          nearHits.set(role.near, list);
        }
      }
    }
  }

  if (nearHits) {
    for (const [nearIndex, hits] of nearHits) {
      const near = matcher.nears[nearIndex]!;
      for (const anchor of hits) {
        if (anchor.slot !== 0) continue;
        let first = anchor.first;
        let last = anchor.last;
        let all = true;
        for (let slot = 1; slot < near.slots; slot++) {
          let best: { first: number; last: number } | undefined;
          let bestDistance = Infinity;
          for (const hit of hits) {
            if (hit.slot !== slot) continue;
            const distance = hit.first > anchor.last ? hit.first - anchor.last : anchor.first > hit.last ? anchor.first - hit.last : 0;
            if (distance <= near.within && distance < bestDistance) {
              best = hit;
              bestDistance = distance;
            }
          }
          if (!best) {
            all = false;
            break;
          }
          first = Math.min(first, best.first);
          last = Math.max(last, best.last);
        }
        if (all) matches.push({ code: near.code, start: starts[first]!, end: ends[last]!, rule: near.source });
      }
    }
  }

  for (const regex of matcher.regexes) {
    const found = regex.pattern.matcher(folded);
    while (found.find()) {
      const start = found.start();
      const end = found.end();
      if (end > start) matches.push({ code: regex.code, start, end, rule: regex.source });
    }
  }

  const kept = exclusions
    ? matches.filter((match) => !exclusions!.some((exclusion) => exclusion.code === match.code && exclusion.start < match.end && match.start < exclusion.end))
    : matches;
  kept.sort((a, b) => a.start - b.start || a.code - b.code || a.end - b.end);
  return kept;
}

/** Distinct code indexes among matches, ascending. */
export function codesOf(matches: readonly RuleMatch[]): number[] {
  return [...new Set(matches.map((match) => match.code))].sort((a, b) => a - b);
}

export { foldCharCode };
