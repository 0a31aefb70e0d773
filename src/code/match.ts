/**
 * Matching: one segment's text against a compiled language matcher gives
 * match records (code, character span, rule). Word patterns are resolved
 * once per distinct word (memoised), phrases are checked from their first
 * word, proximity rules from the positions of their terms, and exclusions
 * drop the matches they overlap.
 */
import { minOf } from '../model/lists.js';
import type { CompiledCodebook, CompiledNear, CompiledRegex, LanguageMatcher } from './compile.js';
import { foldCharCode, foldText } from './fold.js';
import { stemKeys } from './stem.js';
import { ACCENT_BIT, createTokenScan, JOINER_BIT, MARK_BIT, TOKEN_HAS_MARKS, UNIT_INFO, unitInfo, WORD_BIT, type TokenScan } from './tokenize.js';

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

/** Pattern ids a word satisfies; `folded` is the word's folded form, `original` the word as written (lower-cased here). */
export function patternsOf(matcher: LanguageMatcher, folded: string, original: string): readonly number[] {
  // Accented words are memoised under their original form: the Spanish stemmer needs the accents.
  const key = original === folded ? folded : original.toLowerCase();
  const cached = matcher.memo.get(key);
  if (cached) return cached;
  // Indexed loops and no closure: this runs once per distinct word, mostly interpreted in a short run.
  const ids: number[] = [];
  addNew(ids, matcher.exact.get(folded));
  if (matcher.stems.size > 0) {
    // NFC so that decomposed accents (e + U+0301) stem like composed ones; only on a memo miss.
    const keys = stemKeys(key.normalize('NFC'), matcher.language);
    for (let k = 0; k < keys.length; k++) addNew(ids, matcher.stems.get(keys[k]!));
  }
  const lengths = matcher.prefixLengths;
  for (let k = 0; k < lengths.length && lengths[k]! <= folded.length; k++) addNew(ids, matcher.prefixes.get(folded.slice(0, lengths[k])));
  const result = ids.length === 0 ? NO_PATTERNS : ids;
  matcher.memo.set(key, result);
  return result;
}

/** Appends the ids of `list` that `ids` lacks. */
function addNew(ids: number[], list: readonly number[] | undefined): void {
  if (list === undefined) return;
  for (let k = 0; k < list.length; k++) if (!ids.includes(list[k]!)) ids.push(list[k]!);
}

/** The memo key of a word: its folded form when the original differs only by ASCII case, else the original. */
export function originalKey(text: string, folded: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== folded.charCodeAt(i) && !(code >= 65 && code <= 90)) return text.slice(start, end);
  }
  return folded.slice(start, end);
}

/** Whether the words after position `i` carry the rest of a phrase's patterns (its first is at `i`). */
function phraseContinuesAt(patterns: readonly number[], ids: readonly (readonly number[])[], i: number, count: number): boolean {
  const length = patterns.length;
  if (i + length > count) return false;
  for (let k = 1; k < length; k++) if (!ids[i + k]!.includes(patterns[k]!)) return false;
  return true;
}

/**
 * All matches of all codes in one text, sorted by start then code.
 * `matcher` is the transcript language's; texts in a language without rules match nothing.
 */
export function matchText(compiled: CompiledCodebook, matcher: LanguageMatcher | undefined, text: string): RuleMatch[] {
  if (!matcher || text.length === 0) return [];
  const found = collectMatches(compiled, matcher, text, false);
  const matches: RuleMatch[] = [];
  for (let k = 0; k < found.count; k++) {
    const code = found.codes[k]!;
    const start = found.starts[k]!;
    const end = found.ends[k]!;
    if (found.isExcluded(code, start, end)) continue;
    matches.push({ code, start, end, rule: found.rules[k]! });
  }
  return matches.sort(byStartCodeEnd);
}

function byStartCodeEnd(a: RuleMatch, b: RuleMatch): number {
  return a.start - b.start || a.code - b.code || a.end - b.end;
}

/**
 * The distinct codes of `matchText(...)`, ascending, without building the
 * matches: what tallies need. A code no exclusion hit in this text is in as
 * soon as one rule matches; for the others every span is checked, as
 * `matchText` does.
 */
export function matchCodes(compiled: CompiledCodebook, matcher: LanguageMatcher | undefined, text: string): number[] {
  if (!matcher || text.length === 0) return [];
  const found = collectMatches(compiled, matcher, text, true);
  const codes: number[] = [];
  for (let k = 0; k < found.codesFound; k++) {
    const code = found.codeOrder[k]!;
    if (found.hasExclusionOf(code) && !found.hasKeptMatchOf(code)) continue;
    // Inserted in order: a segment has a handful of codes, and `sort` allocates a work array per call.
    let at = codes.length;
    codes.push(code);
    for (; at > 0 && codes[at - 1]! > code; at--) codes[at] = codes[at - 1]!;
    codes[at] = code;
  }
  return codes;
}

/** An `Int32Array` with room for at least `size` entries, keeping the contents. */
function withRoom(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const grown = new Int32Array(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * What the rules found in one text, in buffers the next text reuses (coding
 * is synchronous): matching a segment allocates nothing per word, hit or
 * match. In a short run this code runs interpreted and every small object
 * (a hit, a map of hits, an iterator step) was garbage to collect (issue 8).
 * Per-code and per-near flags are valid while they equal `stamp`, so they
 * need no clearing between texts.
 */
class FoundMatches {
  /** Matches in the order `matchText` sorts them from: code, span (UTF-16), rule as written. */
  count = 0;
  codes = new Int32Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  rules: string[] = [];
  /** Exclusion hits: code and span. */
  exclusions = 0;
  exclusionCodes = new Int32Array(16);
  exclusionStarts = new Int32Array(16);
  exclusionEnds = new Int32Array(16);
  /** Proximity hits in word order: near index, slot, first and last word, next hit of the same near (-1: none). */
  hits = 0;
  hitNear = new Int32Array(64);
  hitSlot = new Int32Array(64);
  hitFirst = new Int32Array(64);
  hitLast = new Int32Array(64);
  hitNext = new Int32Array(64);
  /** Per near index: its first and last hit, when `nearStamp` is current. */
  nearHead = new Int32Array(64);
  nearTail = new Int32Array(64);
  nearStamp = new Int32Array(64);
  /** Near indexes hit, in order of their first hit (the order matches were always added in). */
  nearsHit = 0;
  nearOrder = new Int32Array(64);
  /** Per code index: matched / hit by an exclusion in this text, when equal to `stamp`. */
  codeMatched = new Int32Array(64);
  codeExcluded = new Int32Array(64);
  /** Codes matched, in order of their first match. */
  codesFound = 0;
  codeOrder = new Int32Array(64);
  stamp = 0;

  /** Empties the buffers for a text of a codebook with `codes` codes and a matcher with `nears` proximity rules. */
  reset(codes: number, nears: number): void {
    this.count = this.exclusions = this.hits = this.nearsHit = this.codesFound = 0;
    this.codeMatched = withRoom(this.codeMatched, codes);
    this.codeExcluded = withRoom(this.codeExcluded, codes);
    this.codeOrder = withRoom(this.codeOrder, codes);
    this.nearHead = withRoom(this.nearHead, nears);
    this.nearTail = withRoom(this.nearTail, nears);
    this.nearStamp = withRoom(this.nearStamp, nears);
    this.nearOrder = withRoom(this.nearOrder, nears);
    if (this.stamp === 0x7fffffff) {
      this.stamp = 0;
      this.codeMatched.fill(0);
      this.codeExcluded.fill(0);
      this.nearStamp.fill(0);
    }
    this.stamp++;
  }

  addMatch(code: number, start: number, end: number, rule: string): void {
    if (this.count === this.codes.length) {
      this.codes = withRoom(this.codes, this.count + 1);
      this.starts = withRoom(this.starts, this.count + 1);
      this.ends = withRoom(this.ends, this.count + 1);
    }
    this.codes[this.count] = code;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.rules[this.count] = rule;
    this.count++;
    this.markMatched(code);
  }

  /** Records that `code` matched without its span (codes only, when no exclusion can drop it). */
  markMatched(code: number): void {
    if (this.codeMatched[code] === this.stamp) return;
    this.codeMatched[code] = this.stamp;
    this.codeOrder[this.codesFound++] = code;
  }

  addExclusion(code: number, start: number, end: number): void {
    if (this.exclusions === this.exclusionCodes.length) {
      this.exclusionCodes = withRoom(this.exclusionCodes, this.exclusions + 1);
      this.exclusionStarts = withRoom(this.exclusionStarts, this.exclusions + 1);
      this.exclusionEnds = withRoom(this.exclusionEnds, this.exclusions + 1);
    }
    this.exclusionCodes[this.exclusions] = code;
    this.exclusionStarts[this.exclusions] = start;
    this.exclusionEnds[this.exclusions] = end;
    this.exclusions++;
    this.codeExcluded[code] = this.stamp;
  }

  addHit(near: number, slot: number, first: number, last: number): void {
    const hit = this.hits;
    if (hit === this.hitNear.length) {
      this.hitNear = withRoom(this.hitNear, hit + 1);
      this.hitSlot = withRoom(this.hitSlot, hit + 1);
      this.hitFirst = withRoom(this.hitFirst, hit + 1);
      this.hitLast = withRoom(this.hitLast, hit + 1);
      this.hitNext = withRoom(this.hitNext, hit + 1);
    }
    this.hitNear[hit] = near;
    this.hitSlot[hit] = slot;
    this.hitFirst[hit] = first;
    this.hitLast[hit] = last;
    this.hitNext[hit] = -1;
    if (this.nearStamp[near] === this.stamp) this.hitNext[this.nearTail[near]!] = hit;
    else {
      this.nearStamp[near] = this.stamp;
      this.nearHead[near] = hit;
      this.nearOrder[this.nearsHit++] = near;
    }
    this.nearTail[near] = hit;
    this.hits++;
  }

  /** Whether some rule matched `code` and no exclusion of it was hit: nothing can take the code away. */
  isSurelyCoded(code: number): boolean {
    return this.codeMatched[code] === this.stamp && this.codeExcluded[code] !== this.stamp;
  }

  hasExclusionOf(code: number): boolean {
    return this.codeExcluded[code] === this.stamp;
  }

  /** Whether an exclusion of `code` overlaps the span. */
  isExcluded(code: number, start: number, end: number): boolean {
    if (this.codeExcluded[code] !== this.stamp) return false;
    for (let k = 0; k < this.exclusions; k++) {
      if (this.exclusionCodes[k] === code && this.exclusionStarts[k]! < end && start < this.exclusionEnds[k]!) return true;
    }
    return false;
  }

  /** Whether some match of `code` survives its exclusions. */
  hasKeptMatchOf(code: number): boolean {
    for (let k = 0; k < this.count; k++) if (this.codes[k] === code && !this.isExcluded(code, this.starts[k]!, this.ends[k]!)) return true;
    return false;
  }
}

const found = new FoundMatches();

/**
 * Finds what every rule of `matcher` matches in `text`: phrases from the
 * word each starts at, proximity rules from their hits, regexes over the
 * folded text. With `codesOnly`, work that cannot change the codes is
 * skipped: proximity rules and regexes of a code already surely coded, and
 * regex spans where only whether it matches counts.
 */
function collectMatches(compiled: CompiledCodebook, matcher: LanguageMatcher, text: string, codesOnly: boolean): FoundMatches {
  found.reset(compiled.codes.length, matcher.nears.length);
  const { count, starts, ends, ids } = tokenPatterns(matcher, text);
  const phrases = matcher.phrases;
  const plans = plansOf(matcher);
  // For codes, a code matched once and without exclusion rules is in: its other phrases need no look.
  const settled = codesOnly ? unexcludableCodes(compiled, matcher) : undefined;
  for (let i = 0; i < count; i++) {
    const here = ids[i]!;
    if (here.length === 0) continue;
    let plan = plans.get(here);
    if (plan === undefined) plans.set(here, (plan = planOf(matcher, here)));
    const next = i + 1 < count ? ids[i + 1]! : NO_PATTERNS;
    for (let k = 0; k < plan.length; k += 2) {
      // Most phrases start with a common word ("the", "no") and stop at the second: tested before the phrase is read.
      const second = plan[k + 1]!;
      if (second !== -1 && !next.includes(second)) continue;
      const phrase = phrases[plan[k]!]!;
      if (settled !== undefined && settled[phrase.code] === 1 && found.codeMatched[phrase.code] === found.stamp) continue;
      const length = phrase.patterns.length;
      if (length > 2 && !phraseContinuesAt(phrase.patterns, ids, i, count)) continue;
      const last = i + length - 1;
      const role = phrase.role;
      if (role.kind === 'term') found.addMatch(phrase.code, starts[i]!, ends[last]!, phrase.source);
      else if (role.kind === 'exclude') found.addExclusion(phrase.code, starts[i]!, ends[last]!);
      else found.addHit(role.near, role.slot, i, last);
    }
  }

  for (let n = 0; n < found.nearsHit; n++) {
    const nearIndex = found.nearOrder[n]!;
    const near = matcher.nears[nearIndex]!;
    if (codesOnly && found.isSurelyCoded(near.code)) continue;
    matchNear(near, found.nearHead[nearIndex]!, starts, ends, codesOnly);
  }

  if (matcher.regexes.length > 0) {
    const folded = foldText(text);
    for (let r = 0; r < matcher.regexes.length; r++) {
      const regex = matcher.regexes[r]!;
      if (codesOnly && found.isSurelyCoded(regex.code)) continue;
      if (!mayMatch(regex, folded)) continue;
      if (codesOnly && !found.hasExclusionOf(regex.code)) {
        if (regex.pattern.hasMatch(folded)) found.markMatched(regex.code);
        continue;
      }
      const spans = regex.pattern.spans(folded, true);
      for (let k = 0; k < spans.length; k += 2) found.addMatch(regex.code, spans[k]!, spans[k + 1]!, regex.source);
    }
  }
  return found;
}

/** Per matcher, 1 for each code that no exclusion rule of the language names. */
const unexcludable = new WeakMap<LanguageMatcher, Uint8Array>();

function unexcludableCodes(compiled: CompiledCodebook, matcher: LanguageMatcher): Uint8Array {
  let codes = unexcludable.get(matcher);
  if (codes === undefined) {
    codes = new Uint8Array(compiled.codes.length).fill(1);
    for (let p = 0; p < matcher.phrases.length; p++) if (matcher.phrases[p]!.role.kind === 'exclude') codes[matcher.phrases[p]!.code] = 0;
    unexcludable.set(matcher, codes);
  }
  return codes;
}

/**
 * Matches of one proximity rule from its hits (chained from `head`): each
 * hit of the first slot whose every other slot has a hit within `within`
 * words spans from the first to the last word of the closest such hits
 * (the earliest of equally close ones).
 *
 * Linear in the hits (issue 16, item 6): hits come in word order, so for
 * each slot only a window of hits starting between `within` words (plus
 * the slot's longest phrase) before the anchor and `within` words after it
 * can be close enough, and the window's start only moves forward.
 * Scanning every hit for every anchor made an 8 MB turn take 31 s.
 */
function matchNear(near: CompiledNear, head: number, starts: Int32Array, ends: Int32Array, codesOnly: boolean): void {
  const { hitSlot, hitFirst, hitLast, hitNext } = found;
  const slots = near.slots;
  const lists: number[][] = [];
  for (let slot = 0; slot < slots; slot++) lists.push([]);
  /** Per slot, the most words a hit spans beyond its first. */
  const span = new Int32Array(slots);
  for (let hit = head; hit !== -1; hit = hitNext[hit]!) {
    const slot = hitSlot[hit]!;
    lists[slot]!.push(hit);
    const extra = hitLast[hit]! - hitFirst[hit]!;
    if (extra > span[slot]!) span[slot] = extra;
  }
  /** Per slot, the first hit in its list that may still be within reach of an anchor. */
  const low = new Int32Array(slots);
  const anchors = lists[0]!;
  for (let a = 0; a < anchors.length; a++) {
    const anchor = anchors[a]!;
    const anchorFirst = hitFirst[anchor]!;
    const anchorLast = hitLast[anchor]!;
    let first = anchorFirst;
    let last = anchorLast;
    let all = true;
    for (let slot = 1; slot < slots; slot++) {
      const list = lists[slot]!;
      const from = anchorFirst - near.within - span[slot]!;
      let lo = low[slot]!;
      while (lo < list.length && hitFirst[list[lo]!]! < from) lo++;
      low[slot] = lo;
      let best = -1;
      let bestDistance = Infinity;
      for (let k = lo; k < list.length; k++) {
        const hit = list[k]!;
        if (hitFirst[hit]! > anchorLast + near.within) break;
        const distance = hitFirst[hit]! > anchorLast ? hitFirst[hit]! - anchorLast : anchorFirst > hitLast[hit]! ? anchorFirst - hitLast[hit]! : 0;
        if (distance <= near.within && distance < bestDistance) {
          best = hit;
          bestDistance = distance;
        }
      }
      if (best === -1) {
        all = false;
        break;
      }
      first = Math.min(first, hitFirst[best]!);
      last = Math.max(last, hitLast[best]!);
    }
    if (!all) continue;
    found.addMatch(near.code, starts[first]!, ends[last]!, near.source);
    // For codes, one match is enough unless an exclusion may drop it.
    if (codesOnly && !found.hasExclusionOf(near.code)) return;
  }
}

/**
 * Per pattern-id array, the phrases starting with any of its patterns, in
 * pattern order, as pairs (phrase id, pattern of its second word or -1 for
 * one-word phrases). The arrays come from the word table or the trie and
 * are shared, so each word needs one lookup.
 */
const wordPlans = new WeakMap<LanguageMatcher, WeakMap<readonly number[], Int32Array>>();

function plansOf(matcher: LanguageMatcher): WeakMap<readonly number[], Int32Array> {
  let plans = wordPlans.get(matcher);
  if (!plans) wordPlans.set(matcher, (plans = new WeakMap()));
  return plans;
}

function planOf(matcher: LanguageMatcher, ids: readonly number[]): Int32Array {
  const plan: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const phraseIds = matcher.byFirstPattern.get(ids[k]!);
    if (phraseIds === undefined) continue;
    for (let p = 0; p < phraseIds.length; p++) {
      const patterns = matcher.phrases[phraseIds[p]!]!.patterns;
      plan.push(phraseIds[p]!, patterns.length > 1 ? patterns[1]! : -1);
    }
  }
  return Int32Array.from(plan);
}

/** Per alternative of a regex, the literal sets its matches need (`requiredLiteralSets`); null when the pattern gives none. */
const regexLiterals = new WeakMap<CompiledRegex, string[][][] | null>();

/**
 * False when a regex cannot match `folded` because, for each alternative,
 * some required part has none of its literals in it. Running a regex
 * engine over every segment was most of the time of coding the fourteen
 * interviews; `includes` is native. Checking every required part, not only
 * the most selective, leaves a third of the segments to run the coval
 * regexes on (76 of 236 segment × regex pairs).
 */
function mayMatch(regex: CompiledRegex, folded: string): boolean {
  let branches = regexLiterals.get(regex);
  if (branches === undefined) regexLiterals.set(regex, (branches = requiredLiteralSets(regex.pattern.source)));
  if (branches === null) return true;
  for (const sets of branches) if (sets.every((set) => set.some((literal) => folded.includes(literal)))) return true;
  return false;
}

/**
 * Literals of an RE2 pattern such that every match contains at least one.
 * Per top-level alternative, the most selective of its required parts: a
 * run of plain characters that no quantifier makes optional or repeats, or
 * a group that is not optional whose own alternatives all have literals
 * (`(only|just)` requires "only" or "just"). Classes, escapes other than
 * escaped punctuation, `.` and anchors end a run and are not looked into.
 * Null when some alternative has no required literal or the pattern uses
 * syntax this reading does not follow (flags, `\Q…\E`, `\x41`, `\pL`):
 * then every text is tried.
 */
export function requiredLiterals(pattern: string): string[] | null {
  const branches = requiredLiteralSets(pattern);
  return branches && branches.flatMap((sets) => sets[0]!);
}

/**
 * Per top-level alternative, every required part `requiredLiterals` finds
 * (each a set of literals one of which every match of the alternative
 * contains), the most selective first: the one `requiredLiterals` keeps.
 */
export function requiredLiteralSets(pattern: string): string[][][] | null {
  if (pattern.includes('(?') || pattern.includes('\\Q')) return null;
  const branches: string[][][] = [];
  let candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run !== '') candidates.push([run]);
    run = '';
  };
  const endBranch = (): boolean => {
    endRun();
    if (candidates.length === 0) return false;
    // Most selective: the longest shortest literal, then the fewest literals (a stable sort keeps the first of equals first).
    const score = (set: string[]) => minOf(set.map((literal) => literal.length));
    branches.push([...candidates].sort((a, b) => score(b) - score(a) || a.length - b.length));
    candidates = [];
    return true;
  };
  const quantified = (at: number) => /[*+?{]/.test(pattern[at] ?? '');
  const optional = (at: number) => pattern[at] === '?' || pattern[at] === '*' || (pattern[at] === '{' && pattern[at + 1] === '0') || (pattern[at] === '{' && pattern[at + 1] === ',');
  for (let i = 0; i < pattern.length; ) {
    const char = pattern[i]!;
    if (char === '|') {
      if (!endBranch()) return null;
      i++;
    } else if (char === '(' || char === '[') {
      const after = char === '[' ? afterClass(pattern, i) : afterGroup(pattern, i);
      if (after === -1) return null;
      endRun();
      if (char === '(' && !optional(after)) {
        const inner = requiredLiterals(pattern.slice(i + 1, after - 1));
        if (inner) candidates.push(inner);
      }
      i = after;
    } else if (char === '\\') {
      const next = pattern[i + 1];
      // Escapes longer than two characters (\x41, \pL, \p{L}, octal \012) are not followed here.
      if (next === undefined || /[xpP0-9]/.test(next)) return null;
      if (/[!-/:-@[-`{-~]/.test(next) && !quantified(i + 2)) {
        run += next;
      } else endRun();
      i += 2;
    } else if (/[.^$*+?{}]/.test(char)) {
      endRun();
      // A quantifier's `{n,m}` body is not literal text.
      if (char === '{') {
        const close = pattern.indexOf('}', i);
        if (close === -1) return null;
        i = close + 1;
      } else i++;
    } else {
      // A non-BMP character is one RE2 character: a quantifier after it repeats both units.
      const width = /[\ud800-\udbff]/.test(char) && /[\udc00-\udfff]/.test(pattern[i + 1] ?? '') ? 2 : 1;
      if (quantified(i + width)) endRun();
      else run += pattern.slice(i, i + width);
      i += width;
    }
  }
  if (!endBranch()) return null;
  return branches;
}

/** Index after the `]` closing the class that opens at `start` (`[]a]` and `[^]a]` hold a literal `]`), or -1. */
function afterClass(pattern: string, start: number): number {
  let j = start + 1;
  if (pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) {
    if (pattern[j] === '\\') j++;
    else if (pattern[j] === '[' && pattern[j + 1] === ':') {
      const close = pattern.indexOf(':]', j + 2);
      if (close === -1) return -1;
      j = close + 1;
    } else if (pattern[j] === ']') return j + 1;
  }
  return -1;
}

/** Index after the `)` closing the group that opens at `start`, or -1. */
function afterGroup(pattern: string, start: number): number {
  let depth = 0;
  for (let j = start; j < pattern.length; j++) {
    const c = pattern[j];
    if (c === '\\') j++;
    else if (c === '[') {
      const after = afterClass(pattern, j);
      if (after === -1) return -1;
      j = after - 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/** Distinct code indexes among matches, ascending. */
export function codesOf(matches: readonly RuleMatch[]): number[] {
  const codes: number[] = [];
  for (const match of matches) if (!codes.includes(match.code)) codes.push(match.code);
  return codes.length > 1 ? codes.sort((a, b) => a - b) : codes;
}

/** The words of one text with the pattern ids each satisfies (buffers reused by the next call). */
export interface TokenPatterns {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Pattern ids per word (entries past `count` are stale); shared, read-only arrays. */
  ids: (readonly number[])[];
}

const scan: TokenScan = createTokenScan();
const idsBuffer: (readonly number[])[] = [];

/**
 * A word as `scanTokens` finds it, for a native scan: runs of letters,
 * digits and marks of the BMP, a joiner between two runs keeping them one
 * word. `scanTokens` classes each unit by its folded form; for every BMP
 * unit the folded form's class is the unit's own, and these are the units
 * that fold to a joiner (`@ ' . ·`, typographic quotes, U+0387 Greek ano
 * teleia): test/perf/cold-matching.test.ts checks all 65,536. (The `v`
 * flag is for the set difference that leaves out astral characters.)
 */
const WORD_RUN = String.raw`[[\p{L}\p{N}\p{M}]--[\u{10000}-\u{10FFFF}]]+`;
const NATIVE_WORDS = new RegExp(String.raw`${WORD_RUN}(?:[@'.\u00b7\u0387\u2018\u2019]${WORD_RUN})*`, 'gv');
const COMBINING_MARKS = /\p{M}/gu;

/**
 * Tokens and their pattern ids, the same as `tokenize` + `patternsOf` per
 * word (test/perf/matcher-fast-path.test.ts holds them equal). With stem
 * rules, the words are found by one native regex match and looked up by
 * their text as written: a JS loop over every unit of every segment (then
 * over every unit again to compare it with the table's key) ran
 * interpreted in a short run, several times slower than the native scan
 * (issue 8). Without stem rules, a trie walk in one pass.
 */
export function tokenPatterns(matcher: LanguageMatcher, text: string): TokenPatterns {
  if (matcher.stems.size === 0) return trieTokenPatterns(matcher, text);
  const words = text.match(NATIVE_WORDS);
  const count = words === null ? 0 : words.length;
  while (scan.starts.length < count) growScan();
  const cache = wordCacheOf(matcher);
  let end = 0;
  for (let i = 0; i < count; i++) {
    const word = words![i]!;
    // The next occurrence is the word itself: what lies between two words holds no word character.
    const start = text.indexOf(word, end);
    end = start + word.length;
    scan.starts[i] = start;
    scan.ends[i] = end;
    idsBuffer[i] = cache.get(word) ?? cacheWord(matcher, cache, word);
  }
  scan.count = count;
  return { count, starts: scan.starts, ends: scan.ends, ids: idsBuffer };
}

/** Most distinct words a cache keeps before starting afresh (bounds memory on huge vocabularies). */
const MAX_CACHED_WORDS = 1 << 20;

/** Per matcher, pattern ids by word as written. */
const wordCaches = new WeakMap<LanguageMatcher, Map<string, readonly number[]>>();

function wordCacheOf(matcher: LanguageMatcher): Map<string, readonly number[]> {
  let cache = wordCaches.get(matcher);
  if (!cache) wordCaches.set(matcher, (cache = new Map()));
  return cache;
}

/** A word's patterns as `slowPatterns` finds them (dropping marks changes nothing in a word without any), kept in `cache`. */
function cacheWord(matcher: LanguageMatcher, cache: Map<string, readonly number[]>, word: string): readonly number[] {
  if (cache.size >= MAX_CACHED_WORDS) {
    cache.clear();
    // The matcher's own memo (used on a cache miss) is bounded with it.
    matcher.memo.clear();
  }
  const folded = foldText(word);
  const ids = patternsOf(matcher, folded.replace(COMBINING_MARKS, ''), originalKey(word, folded, 0, word.length));
  cache.set(word, ids);
  return ids;
}

/** A word's patterns the way `matchText` always found them: its folded form (marks dropped) and memo key, through `patternsOf`. */
function slowPatterns(matcher: LanguageMatcher, text: string, start: number, end: number, flags: number): readonly number[] {
  const folded = foldText(text.slice(start, end));
  const word = flags & TOKEN_HAS_MARKS ? folded.replace(/\p{M}/gu, '') : folded;
  return patternsOf(matcher, word, originalKey(text.slice(start, end), folded, 0, end - start));
}

/** The trie node reached from `node` by one UTF-16 unit, or -1 when the word leaves the trie. */
function trieChild(trie: CompactTrie, node: number, unit: number): number {
  if (node === 0 && unit < 128) return trie.rootAscii[unit]!; // every word takes this step: a table, not a probe
  const { slotNode, slotUnit, slotChild, mask } = trie;
  let slot = (Math.imul(node, 0x9e3779b1) ^ unit) & mask;
  for (;;) {
    const at = slotNode[slot]!;
    if (at === -1) return -1;
    if (at === node && slotUnit[slot] === unit) return slotChild[slot]!;
    slot = (slot + 1) & mask;
  }
}

/**
 * Without stem rules a word's patterns depend on its folded form only
 * (exact words and prefixes): one pass finds the words, as `scanTokens`
 * does, and walks the trie of the pattern keys with each unit; most words
 * leave the trie after a letter or two.
 */
function trieTokenPatterns(matcher: LanguageMatcher, text: string): TokenPatterns {
  const trie = trieOf(matcher);
  const { prefixes, whole } = trie;
  const length = text.length;
  let count = 0;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    let info = code < 128 ? ASCII_INFO[code]! : UNIT_INFO[code]!;
    if (info < 0) info = unitInfo(code);
    if ((info & WORD_BIT) === 0) {
      i++;
      continue;
    }
    const start = i;
    let bits = 0;
    let node = 0; // the root; -1 once the word has left the trie
    let left: readonly number[] = NO_PATTERNS;
    for (;;) {
      bits |= info;
      if (node >= 0) {
        const child = trieChild(trie, node, info & 0xffff);
        if (child === -1) left = prefixes[node]!;
        node = child;
      }
      i++;
      if (node < 0) {
        // Off the trie: only the word's end matters now; ASCII letters and digits are the common case.
        while (i < length) {
          const unit = text.charCodeAt(i);
          if (unit >= 128 || ASCII_WORD[unit] === 0) break;
          i++;
        }
      }
      if (i >= length) break;
      code = text.charCodeAt(i);
      info = code < 128 ? ASCII_INFO[code]! : UNIT_INFO[code]!;
      if (info < 0) info = unitInfo(code);
      if ((info & WORD_BIT) !== 0) continue;
      if ((info & JOINER_BIT) === 0 || i + 1 >= length) break;
      const nextCode = text.charCodeAt(i + 1);
      let next = nextCode < 128 ? ASCII_INFO[nextCode]! : UNIT_INFO[nextCode]!;
      if (next < 0) next = unitInfo(nextCode);
      if ((next & WORD_BIT) === 0) break;
      // The joiner is part of the word (`cl@ve`): it walks the trie too (at the loop's top, with `info`).
      bits |= info;
      if (node >= 0) {
        const child = trieChild(trie, node, info & 0xffff);
        if (child === -1) left = prefixes[node]!;
        node = child;
      }
      i++;
      info = next;
    }
    if (count === scan.starts.length) growScan();
    scan.starts[count] = start;
    scan.ends[count] = i;
    idsBuffer[count] = bits & MARK_BIT ? slowPatterns(matcher, text, start, i, TOKEN_HAS_MARKS) : node < 0 ? left : whole[node]!;
    count++;
  }
  scan.count = count;
  return { count, starts: scan.starts, ends: scan.ends, ids: idsBuffer };
}

/** `UNIT_INFO` for ASCII, filled up front: a small table the scanning loop keeps in cache. */
const ASCII_INFO = Int32Array.from({ length: 128 }, (_, code) => unitInfo(code));
/** 1 for ASCII word characters (their info has no mark or accent bit: skipping them changes no flag). */
const ASCII_WORD = Uint8Array.from(ASCII_INFO, (info) => ((info & WORD_BIT) !== 0 && (info & (MARK_BIT | ACCENT_BIT)) === 0 ? 1 : 0));

/** Makes room for more tokens in the shared scan buffer. */
function growScan(): void {
  const grown = createTokenScan(scan.starts.length * 2);
  grown.starts.set(scan.starts);
  grown.ends.set(scan.ends);
  grown.flags.set(scan.flags);
  Object.assign(scan, grown, { count: scan.count });
}

/**
 * A trie over the folded units of the exact-word and prefix keys, as one
 * small open-addressing table of (node, unit) → child: a few kilobytes that
 * stay in cache, where an object per node with a child array was a cache
 * miss per word.
 */
interface CompactTrie {
  slotNode: Int32Array;
  slotUnit: Uint16Array;
  slotChild: Int32Array;
  mask: number;
  /** Per node: prefix patterns whose key is the node's path or a shorter part of it, shortest first. */
  prefixes: (readonly number[])[];
  /** Per node: what a word ending there satisfies: exact patterns of the key, then `prefixes` (the order `patternsOf` gives). */
  whole: (readonly number[])[];
  /** The root's children by ASCII unit (-1: none), the one step every word takes. */
  rootAscii: Int32Array;
}

const tries = new WeakMap<LanguageMatcher, CompactTrie>();

function trieOf(matcher: LanguageMatcher): CompactTrie {
  const cached = tries.get(matcher);
  if (cached) return cached;
  // Build with maps first, then lay the edges out in the table.
  const children: Map<number, number>[] = [new Map()];
  const nodeFor = (key: string): number => {
    let node = 0;
    for (let k = 0; k < key.length; k++) {
      const unit = key.charCodeAt(k);
      let child = children[node]!.get(unit);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        children[node]!.set(unit, child);
      }
      node = child;
    }
    return node;
  };
  const exactAt = new Map<number, number[]>();
  const prefixAt = new Map<number, number[]>();
  for (const [key, ids] of matcher.exact) exactAt.set(nodeFor(key), ids);
  for (const [key, ids] of matcher.prefixes) prefixAt.set(nodeFor(key), ids);
  const prefixes: (readonly number[])[] = new Array(children.length).fill(NO_PATTERNS);
  const whole: (readonly number[])[] = new Array(children.length).fill(NO_PATTERNS);
  const fill = (node: number, inherited: readonly number[]) => {
    const own = prefixAt.get(node);
    prefixes[node] = own ? [...inherited, ...own] : inherited;
    const exact = exactAt.get(node);
    whole[node] = exact ? [...exact, ...prefixes[node]!] : prefixes[node]!;
    for (const child of children[node]!.values()) fill(child, prefixes[node]!);
  };
  fill(0, NO_PATTERNS);
  let size = 16;
  while (size < children.length * 4) size *= 2;
  const rootAscii = new Int32Array(128).fill(-1);
  for (const [unit, child] of children[0]!) if (unit < 128) rootAscii[unit] = child;
  const trie: CompactTrie = { slotNode: new Int32Array(size).fill(-1), slotUnit: new Uint16Array(size), slotChild: new Int32Array(size), mask: size - 1, prefixes, whole, rootAscii };
  children.forEach((edges, node) => {
    for (const [unit, child] of edges) {
      let slot = (Math.imul(node, 0x9e3779b1) ^ unit) & trie.mask;
      while (trie.slotNode[slot] !== -1) slot = (slot + 1) & trie.mask;
      trie.slotNode[slot] = node;
      trie.slotUnit[slot] = unit;
      trie.slotChild[slot] = child;
    }
  });
  tries.set(matcher, trie);
  return trie;
}

export { foldCharCode };
