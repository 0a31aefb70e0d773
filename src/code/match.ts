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
import { createTokenScan, scanTokens, TOKEN_HAS_ACCENTS, TOKEN_HAS_MARKS, type TokenScan } from './tokenize.js';

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

  const folded = matcher.regexes.length > 0 ? foldText(text) : '';
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
  scanTokens(text, scan);
  const { count, starts, ends, hashes, flags } = scan;
  const stems = matcher.stems.size > 0;
  const trie = stems ? undefined : trieOf(matcher);
  const table = stems ? wordTableOf(matcher) : undefined;
  // Without stem rules a word's patterns depend on its folded form only, accents or not.
  const slowFlags = stems ? TOKEN_HAS_MARKS | TOKEN_HAS_ACCENTS : TOKEN_HAS_MARKS;
  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    if ((flags[i]! & slowFlags) !== 0) {
      const folded = foldText(text.slice(start, end));
      const word = flags[i]! & TOKEN_HAS_MARKS ? folded.replace(/\p{M}/gu, '') : folded;
      idsBuffer[i] = patternsOf(matcher, word, originalKey(text.slice(start, end), folded, 0, end - start));
    } else if (trie) {
      // Exact words and prefixes only: walk the trie of their keys; most words leave it after a letter or two.
      let node = trie;
      let ids: readonly number[] | undefined;
      for (let k = start; k < end; k++) {
        const unit = foldCharCode(text.charCodeAt(k));
        const child = unit < 128 ? node.ascii[unit] : node.others?.get(unit);
        if (child === undefined) {
          ids = node.prefixes;
          break;
        }
        node = child;
      }
      idsBuffer[i] = ids ?? node.whole;
    } else {
      idsBuffer[i] = table!.find(text, start, end, hashes[i]!) ?? table!.add(hashes[i]!, foldText(text.slice(start, end)), matcher);
    }
  }
  return { count, starts, ends, ids: idsBuffer };
}

/** A trie node over folded units of exact-word and prefix keys (one class: one hidden shape, fast property access). */
class TrieNode {
  /** Children by ASCII unit (most text), then by any other unit. */
  readonly ascii: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(128).fill(undefined);
  others: Map<number, TrieNode> | undefined = undefined;
  /** Prefix patterns whose key is this node's path or a shorter part of it, shortest first. */
  prefixes: readonly number[] = NO_PATTERNS;
  /** What a word ending here satisfies: exact patterns of this key, then `prefixes` (the order `patternsOf` gives). */
  whole: readonly number[] = NO_PATTERNS;

  child(unit: number, create: boolean): TrieNode | undefined {
    let node = unit < 128 ? this.ascii[unit] : this.others?.get(unit);
    if (node || !create) return node;
    node = new TrieNode();
    if (unit < 128) this.ascii[unit] = node;
    else (this.others ??= new Map()).set(unit, node);
    return node;
  }

  *descendants(): Generator<TrieNode> {
    for (const node of this.ascii) if (node) yield node;
    if (this.others) yield* this.others.values();
  }
}

const tries = new WeakMap<LanguageMatcher, TrieNode>();

function trieOf(matcher: LanguageMatcher): TrieNode {
  let root = tries.get(matcher);
  if (root) return root;
  const newRoot = new TrieNode();
  const exactAt = new Map<TrieNode, number[]>();
  const prefixAt = new Map<TrieNode, number[]>();
  const nodeFor = (key: string): TrieNode => {
    let node = newRoot;
    for (let k = 0; k < key.length; k++) node = node.child(key.charCodeAt(k), true)!;
    return node;
  };
  for (const [key, ids] of matcher.exact) exactAt.set(nodeFor(key), ids);
  for (const [key, ids] of matcher.prefixes) prefixAt.set(nodeFor(key), ids);
  const fill = (node: TrieNode, inherited: readonly number[]) => {
    const own = prefixAt.get(node);
    node.prefixes = own ? [...inherited, ...own] : inherited;
    const exact = exactAt.get(node);
    node.whole = exact ? [...exact, ...node.prefixes] : node.prefixes;
    for (const child of node.descendants()) fill(child, node.prefixes);
  };
  fill(newRoot, NO_PATTERNS);
  tries.set(matcher, newRoot);
  return newRoot;
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
