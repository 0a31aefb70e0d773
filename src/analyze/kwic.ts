/**
 * A concordance of any pattern (quanteda's `kwic`, NVivo's text search
 * query): every occurrence of a word, a glob (`cooperat*`), an exact word
 * (`=data`), a phrase, or a regular expression (`/…/`), with words of
 * context on each side. The pattern is compiled as a one-rule codebook with
 * the coder's own compiler and matched with its matcher, so folding,
 * stemming per language and the linear-time regular-expression engine are
 * exactly those of coding: what a researcher finds here is what the same
 * rule would code. Pure: coded transcripts in, concordance lines out.
 */
import type { CodedTranscript } from '../code/coder.js';
import { compileCodebook, type CompiledCodebook } from '../code/compile.js';
import type { Codebook } from '../model/codebook.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { LANGUAGES } from '../model/transcript.js';
import { MISSING_GROUP, TOPIC_GROUPING } from './frequencies.js';
import { attributeValue, kwicLines, mergeSpans, type KwicLine } from './quotes.js';
import { countWords } from './tally.js';

/** How the pattern was read: rule terms (word, glob, exact word, phrase) or a regular expression. */
export type KwicPatternKind = 'term' | 'regex';

/** A pattern compiled for the concordance. */
export interface KwicPattern {
  /** The pattern as given, e.g. `colaborar` or `/co-?creat\w+/`. */
  source: string;
  kind: KwicPatternKind;
  /** The one-code codebook that matches it. */
  compiled: CompiledCodebook;
  /** Warnings from the rule compiler (e.g. a very short glob). */
  warnings: Diagnostic[];
}

/**
 * Codebook rule syntax that a single pattern does not take (`near: …`,
 * `exclude: …`, a YAML map or list): read as a term it would be a phrase of
 * words such as "near", found nowhere, and the concordance would be silently
 * empty.
 */
const RULE_SYNTAX = /^(?:(?:near|within|terms|regex|exclude)\s*:|[{[])|\bnear\/\d+\b/iu;

/** What kwic takes instead, with a regular expression that finds words near each other. */
const RULE_SYNTAX_MESSAGE = (source: string) =>
  `"${source}" is codebook rule syntax; kwic takes one pattern: a word (matched by stem), word* (prefix), =word (exact), a phrase, or a /regular expression/. For words near each other use a regular expression, e.g. /\\bopen\\W+(\\w+\\W+){0,3}data\\b/ (open, then data within four words); near and exclude are written in a codebook rule (docs/codebook-format.md), which quotes and explain show.`;

/**
 * Compiles a pattern: `/…/` is a regular expression (RE2 syntax on folded
 * text, as a codebook `regex:` rule); anything else is a `terms:` entry (a
 * word matched by stem, `word*` by prefix, `=word` exactly, several words as
 * a phrase). Returns a message for an empty or invalid pattern.
 */
export function compileKwicPattern(pattern: string): KwicPattern | { error: string } {
  const source = pattern.trim();
  if (source === '') return { error: 'the pattern is empty: give a word, a glob (cooperat*), a phrase ("public value") or a regular expression (/co-?creat/).' };
  const regex = source.length >= 2 && source.startsWith('/') && source.endsWith('/');
  if (!regex && RULE_SYNTAX.test(source)) return { error: RULE_SYNTAX_MESSAGE(source) };
  const body = regex ? source.slice(1, -1) : source;
  if (regex && body === '') return { error: 'the regular expression // is empty.' };
  const rules = regex ? { regex: [body] } : { terms: [body] };
  const at = { line: 1, column: 1 };
  const codebook: Codebook = {
    id: 'kwic',
    languages: [...LANGUAGES],
    file: '(pattern)',
    themes: [
      {
        id: 'kwic',
        label: 'kwic',
        at,
        codes: [{ id: 'kwic.pattern', theme: 'kwic', name: 'pattern', label: source, examples: [], counterExamples: [], rules: Object.fromEntries(LANGUAGES.map((language) => [language, rules])), at, rulesAt: {} }],
      },
    ],
  };
  const { compiled, diagnostics } = compileCodebook(codebook);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) {
    // "kwic.pattern (en): regex "(a)\1" does not compile: …" → the part after the code and language.
    const reason = error.message.replace(/^kwic\.pattern \([a-z]+\): /, '');
    return { error: `the pattern "${source}" cannot be used: ${reason}${error.hint ? ` (${error.hint})` : ''}` };
  }
  // The same warning comes once per language: keep one.
  const seen = new Set<string>();
  const warnings = diagnostics.filter((d) => {
    const key = d.message.replace(/^kwic\.pattern \([a-z]+\): /, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { source, kind: regex ? 'regex' : 'term', compiled, warnings };
}

/** One occurrence of the pattern with its context: where it is, and the keyword-in-context line (`keyword` the matched text as written, e.g. `colaboración`; offsets in the segment's text, UTF-16 units, end exclusive). */
export interface KwicHit extends KwicLine {
  /** Interview id. */
  interview: string;
  /** Transcript path as given on the command line. */
  file: string;
  /** 1-based line where the segment's text starts in the file. */
  line: number;
  /** 0-based turn index in the transcript. */
  segment: number;
  speaker: string;
  /** Protocol topic of the turn, or null before any. */
  topic: string | null;
  language: string;
  /** The interview's document attributes. */
  attributes: Record<string, string>;
  /** Value of the `--by` attribute or topic (`(none)` when missing); null when not grouped. */
  group: string | null;
}

/** Words and segments searched in one group (the denominators of a hit rate). */
export interface KwicExtent {
  /** Segments searched. */
  segments: number;
  /** Words in them. */
  words: number;
}

/** What one transcript contributes: its hits and, per group, what was searched. */
export interface TranscriptKwic {
  hits: KwicHit[];
  /** Per group name (`''` when not grouped): segments and words searched. */
  extent: Map<string, KwicExtent>;
}

/** Options of {@link kwicOfTranscript}. */
export interface KwicOptions {
  /** Words of context on each side (default 5). */
  window?: number;
  /** Attribute or `topic` to group by. */
  by?: string;
  /** Only segments under these topics (`null`: without a topic). */
  topics?: ReadonlySet<string | null>;
}

/** Every occurrence of the pattern in one coded transcript (coded with the pattern's codebook), in text order. */
export function kwicOfTranscript(coded: CodedTranscript, options: KwicOptions = {}): TranscriptKwic {
  const window = options.window ?? 5;
  const { transcript } = coded;
  const hits: KwicHit[] = [];
  const extent = new Map<string, KwicExtent>();
  const documentGroup = options.by === undefined ? '' : options.by === TOPIC_GROUPING ? undefined : (attributeValue(transcript, options.by) ?? MISSING_GROUP);
  for (const item of coded.segments) {
    const { segment } = item;
    const topic = segment.question ?? null;
    if (options.topics && !options.topics.has(topic)) continue;
    const group = documentGroup ?? topic ?? MISSING_GROUP;
    const searched = extent.get(group) ?? { segments: 0, words: 0 };
    searched.segments += 1;
    searched.words += countWords(segment.text);
    extent.set(group, searched);
    const spans = mergeSpans(item.matches.map((match) => ({ start: match.start, end: match.end })));
    const lines = kwicLines(segment.text, spans, window);
    for (const line of lines) {
      hits.push({
        interview: transcript.id,
        file: transcript.file,
        line: segment.at.line,
        segment: segment.index,
        speaker: segment.speaker,
        topic,
        language: transcript.language,
        attributes: transcript.attributes,
        group: options.by === undefined ? null : group,
        left: line.left,
        keyword: line.keyword,
        right: line.right,
        leftCut: line.leftCut,
        rightCut: line.rightCut,
        start: line.start,
        end: line.end,
      });
    }
  }
  return { hits, extent };
}

/** One group of the concordance. */
export interface KwicGroup {
  /** Attribute value or topic, `(none)` when missing; null when not grouped. */
  name: string | null;
  /** Occurrences in the group (before any limit). */
  total: number;
  /** Distinct interviews with an occurrence. */
  interviews: number;
  /** Segments searched in the group. */
  segments: number;
  /** Words searched in the group. */
  words: number;
  /** The occurrences shown (at most the limit), in document order. */
  hits: KwicHit[];
}

export interface Concordance {
  /** Attribute or `topic` grouped by, or null. */
  by: string | null;
  /** Occurrences in all groups. */
  total: number;
  /** Distinct interviews with an occurrence. */
  interviews: number;
  /** Segments searched. */
  segments: number;
  /** Words searched. */
  words: number;
  groups: KwicGroup[];
}

/**
 * Gathers the transcripts' hits into groups (in `groupOrder` for topics,
 * else by name, `(none)` last), in document order, at most `limit` shown
 * per group. Every group searched is listed, even one without hits.
 */
export function buildConcordance(parts: readonly TranscriptKwic[], options: { by?: string; limit?: number; groupOrder?: readonly string[] } = {}): Concordance {
  const hitsOf = new Map<string, KwicHit[]>();
  const extentOf = new Map<string, KwicExtent>();
  for (const part of parts) {
    for (const [name, searched] of part.extent) {
      const total = extentOf.get(name) ?? { segments: 0, words: 0 };
      total.segments += searched.segments;
      total.words += searched.words;
      extentOf.set(name, total);
    }
    for (const hit of part.hits) {
      const name = hit.group ?? '';
      const list = hitsOf.get(name) ?? [];
      list.push(hit);
      hitsOf.set(name, list);
    }
  }
  const rank = new Map((options.groupOrder ?? []).map((name, index) => [name, index]));
  const names = [...extentOf.keys()].sort((a, b) =>
    a === b ? 0 : a === MISSING_GROUP ? 1 : b === MISSING_GROUP ? -1 : (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || a.localeCompare(b, 'en'),
  );
  const groups = names.map((name): KwicGroup => {
    const hits = hitsOf.get(name) ?? [];
    const searched = extentOf.get(name)!;
    return {
      name: options.by === undefined ? null : name,
      total: hits.length,
      interviews: new Set(hits.map((hit) => hit.interview)).size,
      segments: searched.segments,
      words: searched.words,
      hits: options.limit === undefined ? hits : hits.slice(0, options.limit),
    };
  });
  const all = parts.flatMap((part) => part.hits);
  return {
    by: options.by ?? null,
    total: all.length,
    interviews: new Set(all.map((hit) => hit.interview)).size,
    segments: groups.reduce((sum, group) => sum + group.segments, 0),
    words: groups.reduce((sum, group) => sum + group.words, 0),
    groups,
  };
}
