/**
 * The transcript model every format loads into. Both the YAML and the
 * Markdown format produce exactly this; everything downstream (coding,
 * analysis, export) sees only this shape.
 */

/** Languages with coding rules; a transcript's `language` selects the rule set. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Protocol topics of the interview guide, in interview order. */
export const PROTOCOL_TOPICS = [
  'organisation',
  'project',
  'actors',
  'challenges',
  'involvement',
  'replication',
  'public-value',
  'future',
] as const;

/** Keys with a meaning of their own; every other metadata key is a document attribute. */
export const RESERVED_KEYS = ['id', 'language', 'illustrative', 'coder', 'interviewers', 'turns'] as const;

/** Coder name used for the single-coder `codes: [...]` form when the transcript names none. */
export const DEFAULT_CODER = 'human';

/** A position in a source file: 1-based line and column (UTF-16 units). */
export interface SourcePoint {
  line: number;
  column: number;
}

/** Codes that one human coder applied to one segment. */
export interface HumanCoding {
  /** Coder name, e.g. `alice`, or `human` for the single-coder form. */
  coder: string;
  /** Full code ids as written, e.g. `success.quick-wins` (may be unknown: validate checks). */
  codes: string[];
  /** Where the codes are written in the file (for diagnostics). */
  at: SourcePoint;
  /** Where each code id is written, parallel to `codes` (when the loader knows; for "unknown code" diagnostics). */
  codesAt?: SourcePoint[];
  /**
   * Set while this coder's review of the segment is in progress (`reviewed:` in YAML,
   * `<!-- reviewed NAME: … -->` in Markdown): the code ids decided so far, accepted or
   * rejected. Such a coding is partial: counts and agreement leave it out until the
   * review of the segment is complete (see docs/transcript-format.md).
   */
  reviewed?: string[];
}

/** One turn of the interview: the unit of coding. */
export interface Segment {
  /** 0-based index of the turn in the transcript. */
  index: number;
  /** Speaker as written, e.g. `respondent`. */
  speaker: string;
  /** True when the speaker is an interviewer (not coded by default). */
  interviewer: boolean;
  /** Protocol topic in force for this turn, e.g. `public-value`, or undefined before the first one. */
  question?: string;
  /** Where this turn's `question` (or the Markdown `##` heading) is written; set only on the turn that opens the topic. */
  questionAt?: SourcePoint;
  /** The turn's text, LF line endings, surrounding whitespace trimmed. */
  text: string;
  /** Where the text starts in the file. */
  at: SourcePoint;
  /** Line where the text ends in the file (1-based). */
  endLine: number;
  /** Offset of the text's first character in the transcript's plain text (UTF-16 units). */
  start: number;
  /** Offset one past the text's last character in the plain text (exclusive, UTF-16 units). */
  end: number;
  /** Human-applied codes, one entry per coder who reviewed this segment. */
  human: HumanCoding[];
}

export interface Transcript {
  /** Unique id across the corpus, e.g. `sgad-01`. */
  id: string;
  language: Language;
  /** True for transcripts written for teaching/testing, not records of real interviews. */
  illustrative: boolean;
  /** Document attributes (every non-reserved metadata key), values as strings: `{ unit: '…', role: 'head-of-unit' }`. */
  attributes: Record<string, string>;
  /** Path as given on the command line, e.g. `interviews/sgad-01.yaml`. */
  file: string;
  format: 'yaml' | 'markdown';
  /** Where `id` is written (for duplicate-id diagnostics). */
  idAt: SourcePoint;
  /** Where each metadata key (reserved or attribute) is written, e.g. `{ role: { line: 5, column: 1 } }`. */
  metaAt?: Record<string, SourcePoint>;
  segments: Segment[];
  /** Plain text: every turn as `Speaker: text`, separated by a blank line (see docs/transcript-format.md). */
  plainText: string;
}
