/**
 * The review queue: which segment × code decisions a coder is asked about,
 * in which order. A decision source (the rules, or a learned model: see
 * `DecisionSource`) proposes candidates with a certainty; the queue leaves out
 * what the coder has already decided (a complete coding of the segment, or
 * the codes in a review record) and puts the least certain first.
 *
 * The review works per segment (docs/review.md): a segment's candidates are
 * asked one after another, least certain first, and segments come in the
 * order of their least certain candidate — so a segment is finished, and
 * counts as coded, as soon as possible, and a stop between decisions leaves
 * at most one segment in progress.
 *
 * Pure: transcripts and a source in, an ordered list out.
 */
import type { CompiledCodebook } from '../code/compile.js';
import { isCodedSegment } from '../code/coder.js';
import { matchText } from '../code/match.js';
import type { HumanCoding, Segment, Transcript } from '../model/transcript.js';

/** A word that weighed on the model's score of a code on a segment. */
export interface WeightedWord {
  /** The word or feature as the segment has it, e.g. `platform` or `shared platforms` (src/learn/feature-words.ts); a stem when `stem`. */
  word: string;
  /** True when `word` is the model's stem (e.g. `alreadi`) because the segment has no word with that stem. */
  stem?: boolean;
  /** Its contribution to the score (log-odds): positive for the code, negative against. */
  weight: number;
}

/** One segment × code question for the coder. */
export interface Proposal {
  /** Full code id, e.g. `success.quick-wins`. */
  code: string;
  /** The machine's answer: true when it would apply the code. */
  proposed: boolean;
  /** Probability that the code applies (0–1) when a model scored it; undefined for rules only. */
  probability?: number;
  /**
   * How sure the machine is of its answer, 0–1: with a model, its estimate that the answer is right
   * (1 − the uncertainty of src/learn/decide.ts: p for a yes, 1 − p for a no); with rules only,
   * 1 − 1/(1 + matched words). The review asks the least sure first.
   */
  certainty: number;
  /** Whether a rule of the code matched the segment. */
  ruleHit: boolean;
  /** The rules' matches of this code: [start, end) offsets in the segment text. */
  matched: { start: number; end: number }[];
  /** The model's strongest words for this code on this segment, strongest first (empty for rules only). */
  strongest: WeightedWord[];
}

/** Where proposals come from. The rules-only source is `rulesSource`; a learned model gives another. */
export interface DecisionSource {
  /** `rules`, `model` or `hybrid`. */
  name: 'rules' | 'model' | 'hybrid';
  /** One line for the terminal and stderr, e.g. `rules only (--source rules)`. */
  description: string;
  /** The candidates for one coded segment of a transcript (any order). */
  propose(transcript: Transcript, segment: Segment): Proposal[];
}

/**
 * Proposals from the codebook's rules alone: each code a rule hits is proposed, nothing
 * else is asked. Rules give no probability; a code hit by fewer words is taken as less
 * certain (certainty 1 − 1/(1 + words): one word 0.5, three words 0.75).
 */
export function rulesSource(compiled: CompiledCodebook, description = 'rules only'): DecisionSource {
  return {
    name: 'rules',
    description,
    propose(transcript, segment) {
      const matches = matchText(compiled, compiled.matchers.get(transcript.language), segment.text);
      const byCode = new Map<number, { start: number; end: number }[]>();
      for (const match of matches) {
        const list = byCode.get(match.code) ?? [];
        if (!list.some((span) => span.start === match.start && span.end === match.end)) list.push({ start: match.start, end: match.end });
        byCode.set(match.code, list);
      }
      return [...byCode].map(([code, matched]) => ({
        code: compiled.codes[code]!.id,
        proposed: true,
        certainty: 1 - 1 / (1 + matched.length),
        ruleHit: true,
        matched: matched.sort((a, b) => a.start - b.start),
        strongest: [],
      }));
    },
  };
}

/** A coder's state on one segment: complete (a coding without review record), in progress (the codes decided), or untouched. */
export type CoderProgress = { kind: 'complete'; codes: string[] } | { kind: 'partial'; codes: string[]; decided: string[] } | { kind: 'none' };

/** How far `coder` has got on a segment, from its human codings. */
export function coderProgress(human: readonly HumanCoding[], coder: string): CoderProgress {
  const mine = human.filter((coding) => coding.coder === coder);
  if (mine.length === 0) return { kind: 'none' };
  const codes = [...new Set(mine.flatMap((coding) => coding.codes))];
  if (!mine.some((coding) => coding.reviewed !== undefined)) return { kind: 'complete', codes };
  const decided = [...new Set([...mine.flatMap((coding) => coding.reviewed ?? []), ...codes])];
  return { kind: 'partial', codes, decided };
}

/** One question in the queue, with what is needed to show it and to write its answer. */
export interface QueueItem extends Proposal {
  /** The transcript the question is about (as loaded when the queue was built). */
  transcript: Transcript;
  /** The segment the question is about. */
  segment: Segment;
  /** Every code the source proposes on this segment (a decision on the last undecided one completes the segment). */
  candidates: string[];
}

export interface ReviewQueue {
  /** Undecided questions, least certain segment first, least certain code first within it. */
  items: QueueItem[];
  /** Questions the coder had already decided in an earlier run (review records or finished segments). */
  alreadyDecided: number;
  /** Segments the source proposed something on that the coder had coded completely before (skipped). */
  completeSegments: number;
}

export interface QueueOptions {
  /** Review interviewer turns too (default: respondent turns only). */
  includeInterviewer?: boolean;
}

/** Builds the queue of `coder` over `transcripts` from `source`. */
export function buildReviewQueue(transcripts: readonly Transcript[], coder: string, source: DecisionSource, options: QueueOptions = {}): ReviewQueue {
  const groups: { items: QueueItem[]; least: number; order: number }[] = [];
  let alreadyDecided = 0;
  let completeSegments = 0;
  let order = 0;
  for (const transcript of transcripts) {
    for (const segment of transcript.segments) {
      if (!isCodedSegment(segment, options)) continue;
      const proposals = source.propose(transcript, segment);
      if (proposals.length === 0) continue;
      const progress = coderProgress(segment.human, coder);
      if (progress.kind === 'complete') {
        completeSegments += 1;
        alreadyDecided += proposals.length;
        continue;
      }
      const decided = new Set(progress.kind === 'partial' ? progress.decided : []);
      const candidates = proposals.map((proposal) => proposal.code);
      const open = proposals.filter((proposal) => !decided.has(proposal.code));
      alreadyDecided += proposals.length - open.length;
      if (open.length === 0) continue;
      const items = open
        .map((proposal): QueueItem => ({ ...proposal, transcript, segment, candidates }))
        .sort((a, b) => a.certainty - b.certainty || compareText(a.code, b.code));
      groups.push({ items, least: items[0]!.certainty, order: order++ });
    }
  }
  groups.sort((a, b) => a.least - b.least || a.order - b.order);
  return { items: groups.flatMap((group) => group.items), alreadyDecided, completeSegments };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The turn before a segment (the question it answers, usually), or undefined for the first turn. */
export function previousTurn(transcript: Transcript, segment: Segment): Segment | undefined {
  return segment.index > 0 ? transcript.segments[segment.index - 1] : undefined;
}
