/**
 * A transcript reduced to counts: how many coded segments carry each code
 * and each theme. Tallies are all that frequency tables, crosstabs and the
 * theme matrix need, so large corpora keep only these in memory (and worker
 * threads send only these back).
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedSegment, CodedTranscript } from '../code/coder.js';

/** Whose codes are counted: the rules' (`auto`), the human coders' (`manual`, all coders together), or a named coder. */
export type CodeSource = 'auto' | 'manual' | { coder: string };

export interface TranscriptTally {
  id: string;
  file: string;
  language: string;
  attributes: Record<string, string>;
  /** Number of coded segments (the denominator for segment percentages). */
  segments: number;
  /** Words in the coded segments (whitespace-separated), for corpus overviews. */
  words: number;
  /** Per code (codebook order): segments that carry it. */
  codeSegments: number[];
  /** Per theme (codebook order): segments that carry at least one of its codes (counted once). */
  themeSegments: number[];
  /** Segments that carry at least one code. */
  codedSegments: number;
  /** Segments the source has coded: all of them for automatic coding; for human codes, those the coder (any coder, for `manual`) has coded completely. */
  reviewedSegments: number;
  /**
   * The same counts per protocol topic (the segment's `question`), in order of
   * first appearance; `topic` is null for segments before any topic. Only
   * when asked for (`tallyTranscript(…, { topics: true })`): `--by topic`
   * and `--where topic=…` group segments, not interviews.
   */
  topics?: TopicTally[];
}

/** One transcript's counts within one protocol topic. */
export interface TopicTally {
  /** Topic name as written in the transcript, e.g. `challenges`; null for segments without a topic. */
  topic: string | null;
  /** Segments of the transcript under this topic. */
  segments: number;
  /** Words in those segments. */
  words: number;
  /** Per code (codebook order): segments under this topic that carry it. */
  codeSegments: number[];
  /** Per theme (codebook order): segments under this topic that carry it. */
  themeSegments: number[];
  /** Segments under this topic that carry at least one code. */
  codedSegments: number;
  /** Segments under this topic the source has coded (see TranscriptTally). */
  reviewedSegments: number;
}

/** Options of {@link tallyTranscript}. */
export interface TallyOptions {
  /** Also count per protocol topic (fills `topics`). */
  topics?: boolean;
}

/** Code indexes a segment carries for a source; unknown human code ids are skipped (validate reports them). */
export function segmentCodes(compiled: CompiledCodebook, coded: CodedSegment, source: CodeSource, codeIndex: Map<string, number>): number[] {
  if (source === 'auto') return coded.auto;
  const ids = new Set<number>();
  for (const [coder, codes] of coded.human) {
    if (typeof source === 'object' && source.coder !== coder) continue;
    for (const code of codes) {
      const index = codeIndex.get(code);
      if (index !== undefined) ids.add(index);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** The code index passed for `auto`, where `segmentCodes` does not read it. */
const NO_INDEX: Map<string, number> = new Map();

/** Map from full code id to its index, for human codes. */
export function indexCodes(compiled: CompiledCodebook): Map<string, number> {
  return new Map(compiled.codes.map((code, index) => [code.id, index]));
}

/** Segments a source has reviewed: all for `auto`, those with a human coding for manual sources. */
export function isReviewed(coded: CodedSegment, source: CodeSource): boolean {
  if (source === 'auto') return true;
  if (source === 'manual') return coded.human.size > 0;
  return coded.human.has(source.coder);
}

/** Reduces a coded transcript to its tally. */
export function tallyTranscript(compiled: CompiledCodebook, coded: CodedTranscript, source: CodeSource = 'auto', options: TallyOptions = {}): TranscriptTally {
  // The rules' codes are indexes already; only human code ids need the map.
  const codeIndex = source === 'auto' ? NO_INDEX : indexCodes(compiled);
  const codeSegments = new Array<number>(compiled.codes.length).fill(0);
  const themeSegments = new Array<number>(compiled.codebook.themes.length).fill(0);
  // The last segment that counted each theme, so a theme is counted once per segment without a set per segment.
  const themeCountedAt = new Int32Array(themeSegments.length).fill(-1);
  let words = 0;
  let codedSegments = 0;
  let reviewedSegments = 0;
  const segments = coded.segments.length;
  const topics = options.topics ? new Map<string | null, TopicTally>() : undefined;
  for (let s = 0; s < segments; s++) {
    const segment = coded.segments[s]!;
    const segmentWords = countWords(segment.segment.text);
    words += segmentWords;
    const codes = segmentCodes(compiled, segment, source, codeIndex);
    if (codes.length > 0) codedSegments += 1;
    const reviewed = isReviewed(segment, source);
    if (reviewed) reviewedSegments += 1;
    let topic: TopicTally | undefined;
    if (topics) {
      const name = segment.segment.question ?? null;
      topic = topics.get(name);
      if (!topic) {
        topic = { topic: name, segments: 0, words: 0, codeSegments: new Array<number>(codeSegments.length).fill(0), themeSegments: new Array<number>(themeSegments.length).fill(0), codedSegments: 0, reviewedSegments: 0 };
        topics.set(name, topic);
      }
      topic.segments += 1;
      topic.words += segmentWords;
      if (codes.length > 0) topic.codedSegments += 1;
      if (reviewed) topic.reviewedSegments += 1;
    }
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k]!;
      codeSegments[code]! += 1;
      if (topic) topic.codeSegments[code]! += 1;
      const theme = compiled.themeOfCode[code]!;
      if (themeCountedAt[theme] === s) continue;
      themeCountedAt[theme] = s;
      themeSegments[theme]! += 1;
      if (topic) topic.themeSegments[theme]! += 1;
    }
  }
  const { transcript } = coded;
  return {
    id: transcript.id,
    file: transcript.file,
    language: transcript.language,
    attributes: transcript.attributes,
    segments,
    words,
    codeSegments,
    themeSegments,
    codedSegments,
    reviewedSegments,
    ...(topics ? { topics: [...topics.values()] } : {}),
  };
}

/** Whitespace-separated words (space, tab, CR, LF). */
export function countWords(text: string): number {
  // Text without tabs or carriage returns (nearly all) jumps from separator to separator with
  // indexOf, which scans natively: this ran over every character of the corpus one by one.
  if (text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1) return countWordsSlowly(text);
  let count = 0;
  let i = 0;
  let nextSpace = text.indexOf(' ');
  let nextNewline = text.indexOf('\n');
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10) {
      i++;
      continue;
    }
    count++;
    if (nextSpace !== -1 && nextSpace < i) nextSpace = text.indexOf(' ', i);
    if (nextNewline !== -1 && nextNewline < i) nextNewline = text.indexOf('\n', i);
    const end = nextSpace === -1 ? nextNewline : nextNewline === -1 ? nextSpace : Math.min(nextSpace, nextNewline);
    if (end === -1) break;
    i = end + 1;
  }
  return count;
}

function countWordsSlowly(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 10 || code === 9 || code === 13;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}
