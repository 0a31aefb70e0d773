/**
 * What cocreate's REFI-QDA export and import agree on: the namespaces, the
 * name of the user that stands for automatic coding, the labelled layout of
 * a code's Description (so definitions and ids survive a round trip through
 * another tool), and conversions between the two ways of counting text
 * positions. The standard counts Unicode code points (spec §10.2); cocreate
 * counts UTF-16 units, as JavaScript strings do, so every offset that
 * crosses the boundary goes through these functions.
 */
import type { Language } from './transcript.js';

/** Namespace of a `.qdc` codebook (REFI-QDA 1.0). */
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
/** Namespace of a `.qde` project (REFI-QDA 1.0). */
export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/**
 * Name of the REFI-QDA user to whom automatic (rule-based) codings are
 * attributed. It is listed after the human coders (QualCoder takes the
 * first user as the person coding) and named so that no one takes it for a
 * person. Import never turns its codings into human codes (issue 15).
 */
export const AUTO_CODER_NAME = 'cocreate rules';

/** User names that stand for cocreate's rules on import: the current one and `cocreate`, which exports before issue 15 wrote. */
const RULES_USER_NAMES = new Set([AUTO_CODER_NAME, 'cocreate']);

/** True when a REFI-QDA user's name says it is cocreate's rules, not a person (case and spacing ignored). */
export function isRulesUserName(name: string | undefined): boolean {
  return name !== undefined && RULES_USER_NAMES.has(name.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** Variables every exported source carries besides its attributes: reserved transcript keys that must survive a round trip. */
export const BUILT_IN_VARIABLES = ['language', 'illustrative'] as const;

/**
 * Start of the line in an exported TextSource's Description that lists the
 * transcript's speakers as a JSON array, e.g. `speakers: ["interviewer","respondent"]`,
 * so the importer knows exactly which `Name: ` paragraph starts are turns.
 */
export const SPEAKERS_PREFIX = 'speakers: ';

/** Start of the Description line listing the speakers who are interviewers, e.g. `interviewers: ["interviewer"]`. */
export const INTERVIEWERS_PREFIX = 'interviewers: ';

/** Speaker given to imported paragraphs that have no speaker label. */
export const DEFAULT_IMPORT_SPEAKER = 'respondent';

/** How a tool counts selection positions: the standard's code points (spec §10.2), or UTF-16 units (NVivo 12); also what `export --offsets` writes. */
export type OffsetUnit = 'code-point' | 'utf-16';

/**
 * Labels of the sections of an exported code or theme Description, in the
 * order they are written. Sections are separated by a blank line, e.g.
 * `Definition: Early results…\n\nWhen to use: …\n\nCode id: success.quick-wins`.
 */
export const DESCRIPTION_LABELS = {
  definition: 'Definition',
  whenToUse: 'When to use',
  whenNotToUse: 'When not to use',
  codeId: 'Code id',
  themeId: 'Theme id',
} as const;

export type DescriptionPart = keyof typeof DESCRIPTION_LABELS;

/** The sections of a Description; `text` is whatever came before the first labelled section. */
export type DescriptionParts = Partial<Record<DescriptionPart | 'text', string>>;

const LABEL_TO_PART = new Map<string, DescriptionPart>(Object.entries(DESCRIPTION_LABELS).map(([part, label]) => [label.toLowerCase(), part as DescriptionPart]));
const SECTION_START = new RegExp(`\\n[ \\t]*\\n(?=(?:${Object.values(DESCRIPTION_LABELS).join('|')}):[ \\t])`, 'i');

/** Writes Description sections (empty parts left out) with a blank line between them; `text` goes first, unlabelled. */
export function formatDescription(parts: DescriptionParts): string {
  const sections: string[] = [];
  if (parts.text?.trim()) sections.push(parts.text.trim());
  for (const [part, label] of Object.entries(DESCRIPTION_LABELS) as [DescriptionPart, string][]) {
    const value = parts[part]?.trim();
    if (value) sections.push(`${label}: ${value}`);
  }
  return sections.join('\n\n');
}

/** Reads a Description written by `formatDescription`; a Description from another tool comes back whole as `text`. */
export function parseDescription(description: string): DescriptionParts {
  const parts: DescriptionParts = {};
  const normalised = description.replace(/\r\n?/g, '\n');
  for (const chunk of normalised.split(SECTION_START)) {
    const match = /^\s*([A-Za-z ]+?):[ \t]([^]*)$/.exec(chunk);
    const part = match ? LABEL_TO_PART.get(match[1]!.toLowerCase()) : undefined;
    if (part && match) parts[part] = match[2]!.trim();
    else if (chunk.trim()) parts.text = parts.text ? `${parts.text}\n\n${chunk.trim()}` : chunk.trim();
  }
  return parts;
}

/**
 * For each UTF-16 offset 0…text.length, the code-point offset of the same
 * place. An offset inside a surrogate pair maps to the code point it splits.
 */
export function codePointIndex(text: string): Uint32Array {
  const index = new Uint32Array(text.length + 1);
  let points = 0;
  for (let i = 0; i < text.length; i++) {
    index[i] = points;
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) index[++i] = points;
    points++;
  }
  index[text.length] = points;
  return index;
}

/** For each code-point offset 0…(number of code points), the UTF-16 offset of the same place. */
export function utf16Index(text: string): Uint32Array {
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    offsets.push(i);
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  offsets.push(text.length);
  return Uint32Array.from(offsets);
}

// ---------------------------------------------------------------- imported transcripts
// What load/refi-import.ts reads out of another tool's project and render/transcript-markdown.ts writes as a transcript.

/** How a source's selection positions were read. */
export interface OffsetReading {
  unit: OffsetUnit;
  /** `as-stored`: CRLF counts as two characters; `lf`: as one (positions in the text with line breaks normalised). */
  lineEndings: 'as-stored' | 'lf';
  /** Selection boundaries (and names) that fit this reading, of those checked. */
  fit: number;
  checked: number;
}

/** One turn of an imported transcript. */
export interface ImportedSegment {
  speaker: string;
  /** The paragraphs of the turn (without the speaker label), each trimmed. */
  paragraphs: string[];
  /** Where the turn's text starts and ends in the LF-normalised source text (UTF-16). */
  start: number;
  end: number;
  /** Coder → code ids (in codebook order); an empty list marks a reviewed segment with no codes. */
  human: Map<string, string[]>;
}

export interface ImportedTranscript {
  id: string;
  language: Language;
  illustrative?: boolean;
  /** Front-matter attributes in the order found. */
  attributes: [string, string][];
  /** Speakers who are interviewers, when the source says (cocreate's exports). */
  interviewers?: string[];
  /** The source's name in the other tool. */
  sourceName: string;
  segments: ImportedSegment[];
  reading: OffsetReading;
  paragraphMode: ParagraphMode;
}

export type ParagraphMode = 'line' | 'blank-line';
