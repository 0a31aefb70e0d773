/**
 * Why a segment got its codes: for the segment at one line of a transcript,
 * every rule match (which rule of which code, where it is written in the
 * codebook, which words it matched) next to the codes human coders applied,
 * so a researcher can see why the rules and a coder disagree and fix the
 * rule or the code. Pure: a compiled codebook and a transcript in.
 */
import type { CompiledCodebook } from '../code/compile.js';
import { codesOf, matchText } from '../code/match.js';
import type { Code, NearRule } from '../model/codebook.js';
import type { Segment, SourcePoint, Transcript } from '../model/transcript.js';

/** One rule match in the segment. */
export interface ExplainedMatch {
  /** Full code id. */
  code: string;
  /** The rule as the researcher wrote it, e.g. `terms: quick win`. */
  rule: string;
  /** Where the rule is written in the codebook (line, column), when it can be found. */
  ruleAt?: SourcePoint;
  /** Offsets into the segment text (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** The matched words as written in the transcript. */
  words: string;
}

/** One code and who applied it. */
export interface ExplainedCode {
  code: string;
  /** True when the rules applied it. */
  auto: boolean;
  /** Coders who applied it, sorted. */
  coders: string[];
}

export interface Explanation {
  interview: string;
  file: string;
  /** Path of the codebook, for rule locations. */
  codebook: string;
  /** Lines of the segment's text in the file. */
  line: number;
  endLine: number;
  /** 0-based turn index. */
  turn: number;
  speaker: string;
  /** Interviewer turns are not coded by the other commands unless asked. */
  interviewer: boolean;
  question: string | null;
  language: string;
  text: string;
  matches: ExplainedMatch[];
  /** Code ids the rules applied, codebook order. */
  auto: string[];
  /** What each coder who reviewed the segment applied; `reviewed` lists the codes decided so far when the coder's review of it is in progress (docs/review.md). */
  human: { coder: string; codes: string[]; at: SourcePoint; reviewed?: string[] }[];
  /** Every code either side applied, codebook order (unknown human ids last). */
  codes: ExplainedCode[];
}

/**
 * The segment a line points at: the one whose text spans the line, or whose
 * human codes are written on it or between its text and them (a YAML
 * `codes:` line); undefined for a line in no segment (issue 14).
 */
export function findSegmentAtLine(transcript: Transcript, line: number): Segment | undefined {
  return transcript.segments.find((segment) => segment.at.line <= line && line <= lastLineOf(segment));
}

/** The last line of a segment's text or of its human codes. */
function lastLineOf(segment: Segment): number {
  let last = segment.endLine;
  for (const coding of segment.human) {
    last = Math.max(last, coding.at.line);
    for (const at of coding.codesAt ?? []) last = Math.max(last, at.line);
  }
  return last;
}

/** The segment whose lines are closest to `line` (the earlier one on a tie); undefined without segments. */
export function nearestSegment(transcript: Transcript, line: number): Segment | undefined {
  let best: Segment | undefined;
  let bestDistance = Infinity;
  for (const segment of transcript.segments) {
    const distance = line < segment.at.line ? segment.at.line - line : Math.max(0, line - lastLineOf(segment));
    if (distance < bestDistance) {
      best = segment;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Explains the segment at `line`, or says why there is none: a line past
 * the end of the file (`lineCount` lines), or one in no segment (front
 * matter, a heading, a blank line), naming the nearest segment (issue 14).
 */
export function explainLine(compiled: CompiledCodebook, transcript: Transcript, line: number, lineCount = Infinity): Explanation | { error: string } {
  if (line > lineCount) return { error: `${transcript.file} has ${lineCount} line${lineCount === 1 ? '' : 's'}; line ${line} is past its end.` };
  const segment = findSegmentAtLine(transcript, line);
  if (segment) return explainSegment(compiled, transcript, segment);
  const nearest = nearestSegment(transcript, line);
  if (!nearest) return { error: `${transcript.file} has no segments.` };
  const lines = nearest.endLine > nearest.at.line ? `lines ${nearest.at.line}–${nearest.endLine}` : `line ${nearest.at.line}`;
  return { error: `${transcript.file}:${line} is not in any segment; did you mean ${transcript.file}:${nearest.at.line} (the nearest segment, ${lines}, turn ${nearest.index + 1} by ${nearest.speaker})?` };
}

/** Explains one segment of a transcript. */
export function explainSegment(compiled: CompiledCodebook, transcript: Transcript, segment: Segment): Explanation {
  const language = transcript.language;
  const matches = matchText(compiled, compiled.matchers.get(language), segment.text);
  const auto = codesOf(matches).map((index) => compiled.codes[index]!.id);
  const coders = new Map<string, Set<string>>();
  for (const coding of segment.human) for (const code of coding.codes) coders.set(code, (coders.get(code) ?? new Set()).add(coding.coder));
  const known = compiled.codes.map((code) => code.id);
  const ids = [...known.filter((id) => auto.includes(id) || coders.has(id)), ...[...coders.keys()].filter((id) => !known.includes(id)).sort()];
  return {
    interview: transcript.id,
    file: transcript.file,
    codebook: compiled.codebook.file,
    line: segment.at.line,
    endLine: segment.endLine,
    turn: segment.index,
    speaker: segment.speaker,
    interviewer: segment.interviewer,
    question: segment.question ?? null,
    language,
    text: segment.text,
    matches: matches.map((match) => {
      const code = compiled.codes[match.code]!;
      const ruleAt = locateRule(code, language, match.rule);
      return { code: code.id, rule: match.rule, ...(ruleAt ? { ruleAt } : {}), start: match.start, end: match.end, words: segment.text.slice(match.start, match.end) };
    }),
    auto,
    human: segment.human.map((coding) => ({ coder: coding.coder, codes: coding.codes, at: coding.at, ...(coding.reviewed ? { reviewed: coding.reviewed } : {}) })),
    codes: ids.map((id) => ({ code: id, auto: auto.includes(id), coders: [...(coders.get(id) ?? [])].sort() })),
  };
}

/**
 * Where a rule is written, from the text `compile.ts` gives it
 * (`terms: X`, `regex: X`, `near: [...] within N`): the rule is found
 * again among the code's rules of the language and looked up in `rulePoints`.
 */
export function locateRule(code: Code, language: string, rule: string): SourcePoint | undefined {
  const rules = code.rules[language];
  if (!rules || !code.rulePoints) return undefined;
  const find = (kind: 'terms' | 'regex' | 'near', texts: readonly string[]): SourcePoint | undefined => {
    const index = texts.indexOf(rule);
    return index < 0 ? undefined : code.rulePoints?.[`${language}.${kind}.${index}`];
  };
  if (rule.startsWith('terms: ')) return find('terms', (rules.terms ?? []).map((term) => `terms: ${term}`));
  if (rule.startsWith('regex: ')) return find('regex', (rules.regex ?? []).map((source) => `regex: ${source}`));
  if (rule.startsWith('near: ')) return find('near', (rules.near ?? []).map(nearSource));
  return undefined;
}

/** The text `compile.ts` gives a proximity rule. */
function nearSource(near: NearRule): string {
  return `near: [${near.near.map((slot) => (Array.isArray(slot) ? `[${slot.join(', ')}]` : slot)).join(', ')}] within ${near.within}`;
}
