/**
 * Codes a whole transcript: every segment that is coded (respondent turns,
 * and interviewer turns when asked) is matched with the rules of the
 * transcript's language. The result keeps both the automatic matches and
 * the human-applied codes, so analysis can count either.
 */
import type { Segment, Transcript } from '../model/transcript.js';
import type { CompiledCodebook } from './compile.js';
import { codesOf, matchCodes, matchText, type RuleMatch } from './match.js';

export interface CodingOptions {
  /** Code interviewer turns too (default: respondent turns only). */
  includeInterviewer?: boolean;
  /** Keep each match (default). `false` when only the codes are needed (tallies): `matches` is then empty, `auto` the same. */
  withMatches?: boolean;
}

/** Which codes apply to a segment, from which source. */
export interface CodedSegment {
  segment: Segment;
  /** Automatic matches, offsets relative to the segment text. */
  matches: RuleMatch[];
  /** Distinct code indexes the rules applied, ascending. */
  auto: number[];
  /** Per human coder who completed the segment, the code ids they applied (as written, possibly unknown ids); a review in progress is left out. */
  human: Map<string, string[]>;
}

export interface CodedTranscript {
  transcript: Transcript;
  /** The segments that are coded (interviewer turns left out unless asked), in order. */
  segments: CodedSegment[];
}

/** Whether a segment is part of the coded material. */
export function isCodedSegment(segment: Segment, options: CodingOptions = {}): boolean {
  return options.includeInterviewer === true || !segment.interviewer;
}

/** Codes every coded segment of a transcript. */
export function codeTranscript(compiled: CompiledCodebook, transcript: Transcript, options: CodingOptions = {}): CodedTranscript {
  const matcher = compiled.matchers.get(transcript.language);
  const segments: CodedSegment[] = [];
  // Indexed loops: in a short run this runs interpreted, where `for…of` allocates at every step.
  for (let s = 0; s < transcript.segments.length; s++) {
    const segment = transcript.segments[s]!;
    if (!isCodedSegment(segment, options)) continue;
    const human = new Map<string, string[]>();
    let partial: Set<string> | undefined;
    for (let h = 0; h < segment.human.length; h++) {
      const coding = segment.human[h]!;
      if (coding.reviewed !== undefined) (partial ??= new Set()).add(coding.coder);
      const earlier = human.get(coding.coder);
      human.set(coding.coder, earlier ? [...earlier, ...coding.codes] : [...coding.codes]);
    }
    // A coder whose review of the segment is in progress has decided only some codes: leaving the
    // coding out keeps counts and agreement from reading an undecided code as that coder's "no".
    if (partial) for (const coder of partial) human.delete(coder);
    if (options.withMatches === false) {
      segments.push({ segment, matches: [], auto: matchCodes(compiled, matcher, segment.text), human });
      continue;
    }
    const matches = matchText(compiled, matcher, segment.text);
    segments.push({ segment, matches, auto: codesOf(matches), human });
  }
  return { transcript, segments };
}
