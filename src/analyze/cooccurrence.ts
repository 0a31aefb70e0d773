/**
 * Code co-occurrence: how often two codes apply to the same segment (or, at
 * interview level, to the same interview), and the Jaccard coefficient
 * |A ∩ B| / |A ∪ B| that corrects the count for how common each code is.
 * The input is only the code indexes per segment, so a large corpus can be
 * reduced transcript by transcript. Pure counting, no formatting.
 */
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedTranscript } from '../code/coder.js';
import { MISSING_GROUP, TOPIC_GROUPING } from './frequencies.js';
import { indexCodes, segmentCodes, type CodeSource } from './tally.js';

/** The unit within which two codes co-occur. */
export type CooccurrenceLevel = 'segment' | 'interview';

/** One interview reduced to the code indexes of each of its coded segments (in segment order). */
export type SegmentCodeSets = readonly (readonly number[])[];

export interface CooccurrenceOptions {
  /** `segment` (default): both codes on one segment; `interview`: both anywhere in one interview. */
  level?: CooccurrenceLevel;
  /** Restrict to the codes of one theme (theme id, e.g. `success`); all codes when absent. */
  theme?: string;
}

export interface CooccurrenceCode {
  /** Full code id. */
  id: string;
  theme: string;
  label: string;
  /** Units (segments or interviews) carrying the code: the matrix diagonal. */
  count: number;
}

export interface CooccurrencePair {
  /** Code id of the earlier code in codebook order. */
  source: string;
  /** Code id of the later code in codebook order. */
  target: string;
  /** Units carrying both codes. */
  count: number;
  /** count / units carrying either code, in [0, 1]. */
  jaccard: number;
}

export interface Cooccurrence {
  level: CooccurrenceLevel;
  /** Theme the codes were restricted to, or null for all codes. */
  theme: string | null;
  /** Units counted: segments (coded or not) or interviews. */
  units: number;
  /** Codes in codebook order; matrix rows and columns follow this order. */
  codes: CooccurrenceCode[];
  /** Symmetric matrix: counts[i][j] = units carrying codes i and j; counts[i][i] = units carrying code i. */
  counts: number[][];
  /** Symmetric matrix of Jaccard coefficients; the diagonal is 1 for a code that occurs; null where neither code occurs. */
  jaccard: (number | null)[][];
  /** Every pair i < j with count > 0, by count (descending), then Jaccard (descending), then codebook order. */
  pairs: CooccurrencePair[];
  /** Segments counted, when the caller knows which the source has coded (`coverageOf`); with `reviewed`. */
  segments?: number;
  /** Of `segments`, those the source has coded; the others count as carrying no code. */
  reviewed?: number;
}

/** Reduces a coded transcript to the code indexes of each segment, for one source. */
export function segmentCodeSets(compiled: CompiledCodebook, coded: CodedTranscript, source: CodeSource = 'auto'): number[][] {
  const codeIndex = indexCodes(compiled);
  return coded.segments.map((segment) => segmentCodes(compiled, segment, source, codeIndex));
}

/** Jaccard coefficient from the joint count and the two marginal counts; null when neither occurs. */
export function jaccardOf(both: number, a: number, b: number): number | null {
  const either = a + b - both;
  return either > 0 ? both / either : null;
}

/** Counts co-occurrence over interviews given as per-segment code index sets. */
export function countCooccurrence(compiled: CompiledCodebook, interviews: readonly SegmentCodeSets[], options: CooccurrenceOptions = {}): Cooccurrence {
  const level = options.level ?? 'segment';
  const theme = options.theme ?? null;
  const selected = compiled.codes.flatMap((code, index) => (theme === null || code.theme === theme ? [index] : []));
  const position = new Map(selected.map((codeIndex, i) => [codeIndex, i]));
  const k = selected.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let units = 0;

  const addUnit = (codeIndexes: Iterable<number>) => {
    units += 1;
    const present = [...new Set([...codeIndexes].flatMap((index) => (position.has(index) ? [position.get(index)!] : [])))].sort((a, b) => a - b);
    for (let x = 0; x < present.length; x++) {
      const i = present[x]!;
      counts[i]![i]! += 1;
      for (let y = x + 1; y < present.length; y++) {
        const j = present[y]!;
        counts[i]![j]! += 1;
        counts[j]![i]! += 1;
      }
    }
  };
  for (const interview of interviews) {
    if (level === 'segment') for (const segment of interview) addUnit(segment);
    else addUnit(interview.flat());
  }

  const jaccard = counts.map((row, i) => row.map((both, j) => jaccardOf(both, counts[i]![i]!, counts[j]![j]!)));
  const codes = selected.map((codeIndex, i) => {
    const code = compiled.codes[codeIndex]!;
    return { id: code.id, theme: code.theme, label: code.label, count: counts[i]![i]! };
  });
  const pairs: (CooccurrencePair & { order: number })[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const count = counts[i]![j]!;
      if (count > 0) pairs.push({ source: codes[i]!.id, target: codes[j]!.id, count, jaccard: jaccard[i]![j]!, order: i * k + j });
    }
  }
  pairs.sort((a, b) => b.count - a.count || b.jaccard - a.jaccard || a.order - b.order);
  return { level, theme, units, codes, counts, jaccard, pairs: pairs.map(({ order: _order, ...pair }) => pair) };
}

/** What a co-occurrence cell shows: the joint count or the Jaccard coefficient. */
export type CooccurrenceMeasure = 'count' | 'jaccard';

/** Pairs ranked by a measure (descending), ties by the other measure, then by the original order. */
export function rankPairs(pairs: readonly CooccurrencePair[], measure: CooccurrenceMeasure): CooccurrencePair[] {
  if (measure === 'count') return [...pairs];
  return pairs
    .map((pair, order) => ({ pair, order }))
    .sort((a, b) => b.pair.jaccard - a.pair.jaccard || b.pair.count - a.pair.count || a.order - b.order)
    .map(({ pair }) => pair);
}

/** One interview's segments for grouped co-occurrence: each segment's protocol topic and code indexes. */
export interface TopicCodeSets {
  /** Interview id, language and attributes (what `--by` reads). */
  interview: { id: string; language: string; attributes: Record<string, string> };
  /** Per coded segment: its topic (null before any), code indexes, and whether the source has coded it (false: a human coder has not; it counts as carrying no code). */
  segments: { topic: string | null; codes: readonly number[]; reviewed?: boolean }[];
}

/** Segments counted and, of these, those the source has coded (a segment without `reviewed: false` counts as coded). */
export interface SourceCoverage {
  /** Segments counted. */
  segments: number;
  /** Of these, those the source has coded. */
  reviewed: number;
}

/** The coverage of some interviews' segments (as `groupSegments` or `TopicCodeSets` hold them). */
export function coverageOf(interviews: readonly (readonly { reviewed?: boolean }[])[]): SourceCoverage {
  let segments = 0;
  let reviewed = 0;
  for (const interview of interviews) {
    for (const segment of interview) {
      segments += 1;
      if (segment.reviewed !== false) reviewed += 1;
    }
  }
  return { segments, reviewed };
}

/**
 * Splits interviews into groups for co-occurrence by group: by a document
 * attribute (whole interviews; `(none)` for those without it), or by `topic`
 * (each interview's segments under each topic, so an interview is in every
 * topic it has segments under). Group order: `order` first (the project's
 * topics), then other names sorted, `(none)` last; empty groups are left out.
 */
export function groupCodeSets(interviews: readonly TopicCodeSets[], by: string, value: (interview: TopicCodeSets['interview']) => string | undefined, order: readonly string[] = []): Map<string, SegmentCodeSets[]> {
  return new Map([...groupSegments(interviews, by, value, order)].map(([name, list]) => [name, list.map((segments) => segments.map((segment) => [...segment.codes]))]));
}

/** The grouping of `groupCodeSets`, keeping each segment whole (topic, codes, reviewed). */
export function groupSegments(interviews: readonly TopicCodeSets[], by: string, value: (interview: TopicCodeSets['interview']) => string | undefined, order: readonly string[] = []): Map<string, TopicCodeSets['segments'][]> {
  type Segments = TopicCodeSets['segments'];
  const none = MISSING_GROUP;
  const groups = new Map<string, Segments[]>();
  const add = (name: string, sets: Segments) => {
    const list = groups.get(name) ?? [];
    list.push(sets);
    groups.set(name, list);
  };
  for (const interview of interviews) {
    if (by === TOPIC_GROUPING) {
      const byTopic = new Map<string, Segments>();
      for (const segment of interview.segments) {
        const name = segment.topic ?? none;
        const list = byTopic.get(name) ?? [];
        list.push(segment);
        byTopic.set(name, list);
      }
      for (const [name, sets] of byTopic) add(name, sets);
    } else {
      add(value(interview.interview) ?? none, interview.segments);
    }
  }
  const rank = new Map(order.map((name, index) => [name, index]));
  const names = [...groups.keys()].sort((a, b) =>
    a === none ? 1 : b === none ? -1 : (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || a.localeCompare(b, 'en'),
  );
  return new Map(names.map((name) => [name, groups.get(name)!]));
}
