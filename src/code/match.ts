/**
 * Matching: one segment's text against a compiled language matcher gives
 * match records (code, character span, rule). Word patterns are resolved
 * once per distinct word (memoised), phrases are checked from their first
 * word, proximity rules from the positions of their terms, and exclusions
 * drop the matches they overlap.
 */
import type { CompiledCodebook, CompiledRegex, LanguageMatcher } from './compile.js';
import { foldCharCode, foldText } from './fold.js';
import { stemKeys } from './stem.js';
import { ACCENT_BIT, createTokenScan, JOINER_BIT, MARK_BIT, scanTokens, TOKEN_HAS_ACCENTS, TOKEN_HAS_MARKS, UNIT_INFO, unitInfo, WORD_BIT, type TokenScan } from './tokenize.js';

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
  const ids: number[] = [];
  const add = (list: number[] | undefined) => {
    if (list) for (const id of list) if (!ids.includes(id)) ids.push(id);
  };
  add(matcher.exact.get(folded));
  // NFC so that decomposed accents (e + U+0301) stem like composed ones; only on a memo miss.
  if (matcher.stems.size > 0) for (const stem of stemKeys(key.normalize('NFC'), matcher.language)) add(matcher.stems.get(stem));
  for (const length of matcher.prefixLengths) {
    if (length > folded.length) break;
    add(matcher.prefixes.get(folded.slice(0, length)));
  }
  const result = ids.length === 0 ? NO_PATTERNS : ids;
  matcher.memo.set(key, result);
  return result;
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
  const { count, starts, ends, ids } = tokenPatterns(matcher, text);

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
        if (!phraseContinuesAt(phrase.patterns, ids, i, count)) continue;
        const last = i + phrase.patterns.length - 1;
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

  const folded = matcher.regexes.length > 0 ? foldText(text) : '';
  for (const regex of matcher.regexes) {
    if (!mayMatch(regex, folded)) continue;
    const spans = regex.pattern.spans(folded, true);
    for (let k = 0; k < spans.length; k += 2) matches.push({ code: regex.code, start: spans[k]!, end: spans[k + 1]!, rule: regex.source });
  }

  const kept = exclusions
    ? matches.filter((match) => !exclusions!.some((exclusion) => exclusion.code === match.code && exclusion.start < match.end && match.start < exclusion.end))
    : matches;
  kept.sort((a, b) => a.start - b.start || a.code - b.code || a.end - b.end);
  return kept;
}

/**
 * The distinct codes of `matchText(...)`, ascending, without building the
 * matches: what tallies need. With exclusion rules (which drop matches by
 * their spans) it is `codesOf(matchText(...))` itself.
 */
export function matchCodes(compiled: CompiledCodebook, matcher: LanguageMatcher | undefined, text: string): number[] {
  if (!matcher || text.length === 0) return [];
  if (hasExclusions(matcher)) return codesOf(matchText(compiled, matcher, text));
  const { count, ids } = tokenPatterns(matcher, text);
  const codes: number[] = [];
  const add = (code: number) => {
    if (!codes.includes(code)) codes.push(code);
  };
  let nearHits: Map<number, { slot: number; first: number; last: number }[]> | undefined;
  const plans = plansOf(matcher);
  for (let i = 0; i < count; i++) {
    const here = ids[i]!;
    if (here.length === 0) continue;
    let plan = plans.get(here);
    if (!plan) plans.set(here, (plan = planOf(matcher, here)));
    // One-word terms code the segment outright; phrases and proximity terms need the words around.
    for (const code of plan.codes) add(code);
    for (const phraseId of plan.phrases) {
      const phrase = matcher.phrases[phraseId]!;
      if (!phraseContinuesAt(phrase.patterns, ids, i, count)) continue;
      const length = phrase.patterns.length;
      const role = phrase.role;
      if (role.kind === 'term') add(phrase.code);
      else if (role.kind === 'near') {
        nearHits ??= new Map();
        const list = nearHits.get(role.near) ?? [];
        list.push({ slot: role.slot, first: i, last: i + length - 1 });
        nearHits.set(role.near, list);
      }
    }
  }
  if (nearHits) {
    // The same test as matchText: some anchor (slot 0) has every other slot within `within` words.
    for (const [nearIndex, hits] of nearHits) {
      const near = matcher.nears[nearIndex]!;
      if (codes.includes(near.code)) continue;
      const found = hits.some((anchor) => {
        if (anchor.slot !== 0) return false;
        for (let slot = 1; slot < near.slots; slot++) {
          const close = hits.some((hit) => {
            if (hit.slot !== slot) return false;
            const distance = hit.first > anchor.last ? hit.first - anchor.last : anchor.first > hit.last ? anchor.first - hit.last : 0;
            return distance <= near.within;
          });
          if (!close) return false;
        }
        return true;
      });
      if (found) add(near.code);
    }
  }
  if (matcher.regexes.length > 0) {
    const folded = foldText(text);
    for (const regex of matcher.regexes) {
      if (codes.includes(regex.code) || !mayMatch(regex, folded)) continue;
      if (regex.pattern.hasMatch(folded)) add(regex.code);
    }
  }
  return codes.length > 1 ? codes.sort((a, b) => a - b) : codes;
}

/** What a word with given pattern ids starts: codes of one-word terms, and the other phrases (longer terms, proximity terms) in order. */
interface WordPlan {
  codes: readonly number[];
  phrases: readonly number[];
}

const wordPlans = new WeakMap<LanguageMatcher, WeakMap<readonly number[], WordPlan>>();

/** Plans per pattern-id array: the arrays come from the trie or the word table, a few hundred distinct ones. */
function plansOf(matcher: LanguageMatcher): WeakMap<readonly number[], WordPlan> {
  let plans = wordPlans.get(matcher);
  if (!plans) wordPlans.set(matcher, (plans = new WeakMap()));
  return plans;
}

function planOf(matcher: LanguageMatcher, ids: readonly number[]): WordPlan {
  const codes: number[] = [];
  const phrases: number[] = [];
  for (const pattern of ids) {
    for (const phraseId of matcher.byFirstPattern.get(pattern) ?? []) {
      const phrase = matcher.phrases[phraseId]!;
      if (phrase.role.kind === 'term' && phrase.patterns.length === 1) {
        if (!codes.includes(phrase.code)) codes.push(phrase.code);
      } else if (phrase.role.kind !== 'exclude') phrases.push(phraseId);
    }
  }
  return { codes, phrases };
}

const exclusionFlags = new WeakMap<LanguageMatcher, boolean>();

function hasExclusions(matcher: LanguageMatcher): boolean {
  let flag = exclusionFlags.get(matcher);
  if (flag === undefined) exclusionFlags.set(matcher, (flag = matcher.phrases.some((phrase) => phrase.role.kind === 'exclude')));
  return flag;
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
    const score = (set: string[]) => Math.min(...set.map((literal) => literal.length));
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
 * Tokens and their pattern ids, the same as `tokenize` + `patternsOf` per
 * word (test/code/match-fast.test.ts holds them equal) but without slicing
 * a string per word: words whose memo key is their folded form are found
 * in a hash table by their folded units; the rest (accents, when the
 * language has stems; decomposed marks) take the string path.
 */
export function tokenPatterns(matcher: LanguageMatcher, text: string): TokenPatterns {
  if (matcher.stems.size === 0) return trieTokenPatterns(matcher, text);
  scanTokens(text, scan);
  const { count, starts, ends, hashes, flags } = scan;
  const table = wordTableOf(matcher);
  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    if ((flags[i]! & (TOKEN_HAS_MARKS | TOKEN_HAS_ACCENTS)) !== 0) {
      idsBuffer[i] = slowPatterns(matcher, text, start, end, flags[i]!);
    } else {
      idsBuffer[i] = table.find(text, start, end, hashes[i]!) ?? table.add(hashes[i]!, foldText(text.slice(start, end)), matcher);
    }
  }
  return { count, starts, ends, ids: idsBuffer };
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
  grown.hashes.set(scan.hashes);
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

/** Most distinct words a table keeps before starting afresh (bounds memory on huge vocabularies). */
const MAX_TABLE_WORDS = 1 << 20;

/**
 * Open-addressing hash table from a folded word to its pattern ids, probed
 * with the units of the original text folded on the fly (no string is
 * made for a word already seen).
 */
class WordTable {
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;
  private keys: string[] = [];
  private hashes: number[] = [];
  private values: (readonly number[])[] = [];

  find(text: string, start: number, end: number, hash: number): readonly number[] | undefined {
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === -1) return undefined;
      if (this.hashes[entry] !== hash) continue;
      const key = this.keys[entry]!;
      if (key.length !== length) continue;
      let same = true;
      for (let k = 0; k < length; k++) {
        if (foldCharCode(text.charCodeAt(start + k)) !== key.charCodeAt(k)) {
          same = false;
          break;
        }
      }
      if (same) return this.values[entry];
    }
  }

  add(hash: number, folded: string, matcher: LanguageMatcher): readonly number[] {
    const value = patternsOf(matcher, folded, folded);
    if (this.keys.length >= MAX_TABLE_WORDS) this.clear();
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    const entry = this.keys.length;
    this.keys.push(folded);
    this.hashes.push(hash);
    this.values.push(value);
    this.place(entry, hash);
    return value;
  }

  private place(entry: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let entry = 0; entry < this.keys.length; entry++) this.place(entry, this.hashes[entry]!);
  }

  private clear(): void {
    this.slots = new Int32Array(1 << 12).fill(-1);
    this.mask = (1 << 12) - 1;
    this.keys = [];
    this.hashes = [];
    this.values = [];
    // The matcher's own memo (used on a table miss) is bounded with it.
    this.onClear?.();
  }

  onClear?: () => void;
}

const wordTables = new WeakMap<LanguageMatcher, WordTable>();

function wordTableOf(matcher: LanguageMatcher): WordTable {
  let table = wordTables.get(matcher);
  if (!table) {
    table = new WordTable();
    table.onClear = () => matcher.memo.clear();
    wordTables.set(matcher, table);
  }
  return table;
}

export { foldCharCode };
