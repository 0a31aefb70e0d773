/**
 * The quotes behind a number: the coded segments that carry a code (or any
 * code of a theme), from the rules, from human coders, or both; filtered by
 * document attributes, grouped, ranked by a deterministic "strength", with
 * the spans the rules matched (to highlight) and keyword-in-context lines.
 * Pure: coded transcripts in, quote records out; rendering is elsewhere.
 */
import { ownValue } from '../model/records.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedTranscript } from '../code/coder.js';
import { foldText } from '../code/fold.js';
import { attributeValue, MISSING_GROUP, TOPIC_GROUPING } from './frequencies.js';
import { indexCodes } from './tally.js';
import { suggestClosest } from '../validate/suggest.js';

/** Whose codings select quotes: the rules, any human coder, either of them (`both`), or one named coder. */
export type QuoteSource = 'auto' | 'manual' | 'both' | { coder: string };

/** What `quotes CODE_OR_THEME` asked for, resolved against the codebook. */
export interface QuoteTarget {
  kind: 'code' | 'theme';
  /** Full code id (`success.quick-wins`) or theme id (`success`). */
  id: string;
  label: string;
  /** Indexes (in `CompiledCodebook.codes`) of the codes that select a segment. */
  codes: number[];
}

/** A span of a segment's text, UTF-16 offsets relative to the segment text, end exclusive. */
export interface QuoteSpan {
  start: number;
  end: number;
}

/** One keyword-in-context line around a highlighted span. */
export interface KwicLine {
  /** Up to N words before the keyword, whitespace collapsed, with the space before the keyword, e.g. `day, a `. */
  left: string;
  /** The highlighted text itself, e.g. `pomme`. */
  keyword: string;
  /** Up to N words after the keyword (text glued to it, like a comma, included), e.g. ` for the`. */
  right: string;
  /** True when words before `left` were cut. */
  leftCut: boolean;
  /** True when words after `right` were cut. */
  rightCut: boolean;
  /** Offsets of the keyword in the segment text. */
  start: number;
  end: number;
}

export interface Quote {
  /** Interview id. */
  interview: string;
  /** Transcript path as given on the command line. */
  file: string;
  /** 1-based line where the segment's text starts in the file. */
  line: number;
  /** 1-based line where the segment's text ends. */
  endLine: number;
  /** 0-based turn index in the transcript. */
  segment: number;
  speaker: string;
  /** Protocol topic in force, or null. */
  question: string | null;
  language: string;
  /** The interview's document attributes. */
  attributes: Record<string, string>;
  /** Value of the `--by` attribute (or `(none)`); null when not grouped. */
  group: string | null;
  /** Target codes applied to this segment by the selected source(s), codebook order. */
  codes: string[];
  /** Who applied them: `auto` and/or coder names, `auto` first, then coders sorted. */
  sources: string[];
  /** The segment text as transcribed. */
  text: string;
  /** Where the rules matched a target code, merged and sorted; empty for quotes only a human coded. */
  highlights: QuoteSpan[];
  /** Distinct highlighted passages' text (folded: case and accents removed, whitespace collapsed), in order of first appearance, e.g. `quick win`. */
  terms: string[];
  /** Highlighted passages (rule matches of target codes, overlapping ones merged). */
  matches: number;
  /** Keyword-in-context lines, one per highlight; empty unless asked for. */
  kwic: KwicLine[];
}

/** Options of {@link quotesOfTranscript}. */
export interface QuoteOptions {
  /** Default `auto`. */
  source?: QuoteSource;
  /** Words of context on each side for KWIC lines; 0 or absent = no KWIC lines. */
  kwic?: number;
  /** Attribute to fill `group` with; `topic` fills it with the segment's protocol topic. */
  by?: string;
  /** Only segments under these topics (`null`: segments without a topic); all when absent (`--where topic=`). */
  topics?: ReadonlySet<string | null>;
}

/**
 * Resolves a name to a code or theme: a full code id, a theme id, or a
 * code's own id when only one theme has it (`quick-wins`). Returns a
 * message (with close matches) when nothing or several things match.
 */
export function resolveQuoteTarget(compiled: CompiledCodebook, name: string): QuoteTarget | { error: string } {
  const codeIndex = indexCodes(compiled);
  const exact = codeIndex.get(name);
  if (exact !== undefined) {
    const code = compiled.codes[exact]!;
    return { kind: 'code', id: code.id, label: code.label, codes: [exact] };
  }
  const themeIndex = compiled.codebook.themes.findIndex((theme) => theme.id === name);
  if (themeIndex >= 0) {
    const theme = compiled.codebook.themes[themeIndex]!;
    return { kind: 'theme', id: theme.id, label: theme.label, codes: compiled.codes.flatMap((_, index) => (compiled.themeOfCode[index] === themeIndex ? [index] : [])) };
  }
  const byName = compiled.codes.flatMap((code, index) => (code.name === name ? [index] : []));
  if (byName.length === 1) {
    const code = compiled.codes[byName[0]!]!;
    return { kind: 'code', id: code.id, label: code.label, codes: [byName[0]!] };
  }
  if (byName.length > 1) return { error: `"${name}" is a code in several themes: ${byName.map((index) => compiled.codes[index]!.id).join(', ')}. Give the full id.` };
  // A typo of a full code id (success.quickwins) before themes, then looser matches.
  const closest = suggestClosest(name, compiled.codes.map((code) => code.id)) ?? suggestClosest(name, compiled.codebook.themes.map((theme) => theme.id));
  if (closest !== undefined) return { error: `No code or theme "${name}" in the codebook. Did you mean ${closest}?` };
  const needle = name.toLowerCase();
  const close = [...compiled.codebook.themes.map((theme) => theme.id), ...compiled.codes.map((code) => code.id)].filter((id) => {
    const last = id.split('.').pop()!;
    return id.includes(needle) || (last.length >= 3 && needle.includes(last));
  });
  return { error: `No code or theme "${name}" in the codebook.${close.length > 0 ? ` Did you mean ${close.slice(0, 5).join(', ')}?` : ''}` };
}

// The attribute filters moved to frequencies.ts (code applies them to tallies); exported here too, as before.
export { attributeValue, matchesWhere, parseWhere, type AttributeFilter } from './frequencies.js';

/** The quotes of one coded transcript for a target, in segment order. */
export function quotesOfTranscript(compiled: CompiledCodebook, coded: CodedTranscript, target: QuoteTarget, options: QuoteOptions = {}): Quote[] {
  const source = options.source ?? 'auto';
  const wanted = new Set(target.codes);
  const codeIndex = indexCodes(compiled);
  const useAuto = source === 'auto' || source === 'both';
  const { transcript } = coded;
  const quotes: Quote[] = [];
  for (const item of coded.segments) {
    if (options.topics && !options.topics.has(item.segment.question ?? null)) continue;
    const applied = new Set<number>();
    const sources: string[] = [];
    if (useAuto) {
      const auto = item.auto.filter((index) => wanted.has(index));
      if (auto.length > 0) {
        sources.push('auto');
        for (const index of auto) applied.add(index);
      }
    }
    if (source !== 'auto') {
      const coders = [...item.human.keys()].filter((coder) => typeof source !== 'object' || source.coder === coder).sort();
      for (const coder of coders) {
        const codes = (item.human.get(coder) ?? []).flatMap((id) => {
          const index = codeIndex.get(id);
          return index !== undefined && wanted.has(index) ? [index] : [];
        });
        if (codes.length === 0) continue;
        sources.push(coder);
        for (const index of codes) applied.add(index);
      }
    }
    if (applied.size === 0) continue;
    const { segment } = item;
    const targetMatches = item.matches.filter((match) => wanted.has(match.code));
    const highlights = mergeSpans(targetMatches.map((match) => ({ start: match.start, end: match.end })));
    // Terms are the highlighted passages, so a rule match nested in another ("piloto" in "proyecto piloto") is not a second term.
    const terms = [...new Set(highlights.map((span) => foldText(segment.text.slice(span.start, span.end)).replace(/\s+/g, ' ').toLowerCase()))];
    quotes.push({
      interview: transcript.id,
      file: transcript.file,
      line: segment.at.line,
      endLine: segment.endLine,
      segment: segment.index,
      speaker: segment.speaker,
      question: segment.question ?? null,
      language: transcript.language,
      attributes: transcript.attributes,
      group: options.by === undefined ? null : options.by === TOPIC_GROUPING ? (segment.question ?? MISSING_GROUP) : (attributeValue(transcript, options.by) ?? MISSING_GROUP),
      codes: [...applied].sort((a, b) => a - b).map((index) => compiled.codes[index]!.id),
      sources,
      text: segment.text,
      highlights,
      terms,
      matches: highlights.length,
      kwic: options.kwic && options.kwic > 0 ? kwicLines(segment.text, highlights, options.kwic) : [],
    });
  }
  return quotes;
}

/** Sorts spans and merges those that overlap or touch. */
export function mergeSpans(spans: readonly QuoteSpan[]): QuoteSpan[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: QuoteSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Keyword in context: the span with up to `words` whitespace-separated words
 * on each side. Text glued to the keyword (a comma, an opening bracket) is
 * kept but does not count as a word; whitespace is collapsed to one space,
 * so `left + keyword + right` reads as the original text.
 */
export function kwicLine(text: string, span: QuoteSpan, words: number): KwicLine {
  return kwicLines(text, [span], words)[0]!;
}

/**
 * {@link kwicLine} for many spans of one text: the text's words are found
 * once and each span's neighbours by binary search, so a long segment with
 * many matches costs time in proportion to its length plus its matches (a
 * scan of the words per span was quadratic).
 */
export function kwicLines(text: string, spans: readonly QuoteSpan[], words: number): KwicLine[] {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const found of text.matchAll(/\S+/g)) {
    starts.push(found.index);
    ends.push(found.index + found[0].length);
  }
  // First index whose value satisfies `test` (values ascending), or the length.
  const firstWhere = (values: readonly number[], test: (value: number) => boolean): number => {
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (test(values[middle]!)) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  const n = Math.max(0, Math.floor(words));
  const collapse = (part: string) => part.replace(/\s+/g, ' ');
  return spans.map((span) => {
    // Runs ending before the span are countable on the left; runs starting after it on the right.
    const before = firstWhere(ends, (end) => end >= span.start);
    const after = firstWhere(starts, (start) => start > span.end);
    // A run reaching into the span from the left (or touching it) is glued to it; likewise on the right.
    const glueBefore = before < starts.length && starts[before]! < span.start ? starts[before]! : span.start;
    const glueAfter = after > 0 && ends[after - 1]! > span.end ? ends[after - 1]! : span.end;
    const leftFrom = n > 0 ? Math.max(0, before - n) : before;
    const rightTo = Math.min(starts.length, after + n);
    const leftStart = Math.min(leftFrom < before ? starts[leftFrom]! : span.start, glueBefore);
    const rightEnd = Math.max(rightTo > after ? ends[rightTo - 1]! : span.end, glueAfter);
    return {
      left: collapse(text.slice(leftStart, span.start)),
      keyword: collapse(text.slice(span.start, span.end)),
      right: collapse(text.slice(span.end, rightEnd)),
      leftCut: leftFrom > 0,
      rightCut: rightTo < starts.length,
      start: span.start,
      end: span.end,
    };
  });
}

/**
 * Deterministic strength order (strongest first): more distinct matched
 * terms, more matched passages, more sources agreeing (rules and coders),
 * then the shorter text (denser, easier to quote), then interview id and
 * segment order.
 */
export function compareQuoteStrength(a: Quote, b: Quote): number {
  return (
    b.terms.length - a.terms.length ||
    b.matches - a.matches ||
    b.sources.length - a.sources.length ||
    a.text.length - b.text.length ||
    compareDocumentOrder(a, b)
  );
}

/** Document order: interview id, then segment index. */
export function compareDocumentOrder(a: Quote, b: Quote): number {
  return (a.interview < b.interview ? -1 : a.interview > b.interview ? 1 : 0) || a.segment - b.segment;
}

/** How quotes are listed: strongest first, or as they occur in the corpus. */
export type QuoteOrder = 'strength' | 'document';

export interface QuoteGroup {
  /** Attribute value, `(none)` for interviews without it; null when not grouped. */
  name: string | null;
  /** Quotes in the group before the limit. */
  total: number;
  /** Distinct interviews among them. */
  interviews: number;
  /** The quotes shown (at most `limit`). */
  quotes: Quote[];
}

export interface QuoteSelection {
  target: QuoteTarget;
  /** Attribute grouped by, or null. */
  by: string | null;
  /** Quotes found before any limit. */
  total: number;
  /** Distinct interviews among them. */
  interviews: number;
  /** One group (name null) when not grouped; else groups by name, `(none)` last. */
  groups: QuoteGroup[];
}

/**
 * Orders, groups (by each quote's `group`) and limits quotes; `limit` applies
 * per group. Groups are sorted by name, or follow `groupOrder` (protocol
 * topics) where given, `(none)` last either way.
 */
export function selectQuotes(target: QuoteTarget, quotes: readonly Quote[], options: { by?: string; limit?: number; order?: QuoteOrder; groupOrder?: readonly string[] } = {}): QuoteSelection {
  const ordered = [...quotes].sort(options.order === 'document' ? compareDocumentOrder : compareQuoteStrength);
  const buckets = new Map<string | null, Quote[]>();
  for (const quote of ordered) {
    const name = options.by === undefined ? null : (quote.group ?? MISSING_GROUP);
    // Appended in place: copying the bucket per quote made this quadratic (issue 16, item 6).
    const bucket = buckets.get(name);
    if (bucket) bucket.push(quote);
    else buckets.set(name, [quote]);
  }
  const rank = new Map((options.groupOrder ?? []).map((name, index) => [name, index]));
  const names = [...buckets.keys()].sort((a, b) =>
    a === b
      ? 0
      : a === MISSING_GROUP
        ? 1
        : b === MISSING_GROUP
          ? -1
          : (rank.get(String(a)) ?? rank.size) - (rank.get(String(b)) ?? rank.size) || String(a).localeCompare(String(b), 'en'),
  );
  const groups = names.map((name): QuoteGroup => {
    const list = buckets.get(name)!;
    return { name, total: list.length, interviews: countInterviews(list), quotes: options.limit === undefined ? list : list.slice(0, options.limit) };
  });
  return { target, by: options.by ?? null, total: quotes.length, interviews: countInterviews(quotes), groups };
}

function countInterviews(quotes: readonly Quote[]): number {
  return new Set(quotes.map((quote) => quote.interview)).size;
}
