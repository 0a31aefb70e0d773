/**
 * Turns the format-neutral pieces a loader found (metadata and turns with
 * positions) into the Transcript model: checks the reserved metadata,
 * collects attributes, assigns protocol topics and builds the plain text
 * with each segment's offsets. Shared by the YAML and Markdown loaders so
 * both formats give the same model.
 */
import { pushAll } from '../model/lists.js';
import { emptyRecord } from '../model/records.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import {
  DEFAULT_CODER,
  LANGUAGES,
  RESERVED_KEYS,
  type HumanCoding,
  type Language,
  type Segment,
  type SourcePoint,
  type Transcript,
} from '../model/transcript.js';

/** A turn as a loader found it, before offsets are assigned. */
export interface RawTurn {
  speaker: string;
  /** Protocol topic opened by this turn, if any. */
  question?: string;
  /** Where the topic is written (the `question` value or the `##` heading). */
  questionAt?: SourcePoint;
  text: string;
  at: SourcePoint;
  endLine: number;
  human: HumanCoding[];
}

export interface RawTranscript {
  file: string;
  format: Transcript['format'];
  /** Metadata values (YAML top level or front matter). */
  meta: Record<string, unknown>;
  /** Where each metadata key is written. */
  metaAt: Record<string, SourcePoint>;
  /** Where the metadata block starts (for "missing key" diagnostics). */
  metaStart: SourcePoint;
  turns: RawTurn[];
}

export interface LoadedTranscript {
  /** Undefined when the file has errors that make it unusable. */
  transcript?: Transcript;
  diagnostics: Diagnostic[];
  /** The decoded file text, when it could be decoded (for checks that scan the raw file, e.g. personal data). */
  source?: string;
}

const INTERVIEWER_NAMES = new Set(['interviewer', 'entrevistador', 'entrevistadora', 'entrevistador/a', 'int', 'i']);
const RESERVED = new Set<string>(RESERVED_KEYS);

/** Validates metadata and assembles the Transcript; errors in metadata make it unusable. */
export function buildTranscript(raw: RawTranscript): LoadedTranscript {
  const diagnostics: Diagnostic[] = [];
  const { file, meta, metaAt } = raw;
  const at = (key: string): SourcePoint => metaAt[key] ?? raw.metaStart;
  const error = (ruleId: string, key: string, message: string, hint?: string) =>
    diagnostics.push(createDiagnostic('error', ruleId, file, message, { ...at(key), hint }));

  let id: string | undefined;
  if (meta.id === undefined || meta.id === null || meta.id === '') {
    error('missing-id', 'id', 'The transcript has no `id`.', 'Add a unique id, e.g. `id: sgad-15`.');
  } else if (typeof meta.id === 'string' || typeof meta.id === 'number') {
    id = String(meta.id).trim();
  } else {
    error('wrong-type', 'id', '`id` must be a text value.');
  }

  let language: Language | undefined;
  if (meta.language === undefined || meta.language === null) {
    error('missing-language', 'language', 'The transcript has no `language`.', `Add \`language: en\` or \`language: es\`.`);
  } else {
    const value = String(meta.language).trim().toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(value)) language = value as Language;
    else error('unknown-language', 'language', `Unknown language "${String(meta.language)}".`, `Use one of: ${LANGUAGES.join(', ')}.`);
  }

  let illustrative = false;
  if (meta.illustrative !== undefined && meta.illustrative !== null) {
    // YAML scalars arrive as their text (yaml-scalars.ts): `true` is "true".
    if (typeof meta.illustrative === 'boolean') illustrative = meta.illustrative;
    else if (meta.illustrative === 'true' || meta.illustrative === 'false') illustrative = meta.illustrative === 'true';
    else error('wrong-type', 'illustrative', '`illustrative` must be true or false.');
  }

  const interviewers = new Set(INTERVIEWER_NAMES);
  if (meta.interviewers !== undefined) {
    if (Array.isArray(meta.interviewers) && meta.interviewers.every((name) => typeof name === 'string')) {
      for (const name of meta.interviewers as string[]) interviewers.add(name.trim().toLowerCase());
    } else {
      error('wrong-type', 'interviewers', '`interviewers` must be a list of speaker names.');
    }
  }
  if (meta.coder !== undefined && typeof meta.coder !== 'string') error('wrong-type', 'coder', '`coder` must be a name.');

  const attributes = emptyRecord<string>();
  for (const [key, value] of Object.entries(meta)) {
    if (RESERVED.has(key)) continue;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      attributes[key] = String(value);
    } else if (value instanceof Date) {
      attributes[key] = value.toISOString().slice(0, 10);
    } else {
      diagnostics.push(
        createDiagnostic('warning', 'attribute-not-scalar', file, `Attribute \`${key}\` is a list or map; attributes must be single values, so it is ignored.`, at(key)),
      );
    }
  }

  pushAll(diagnostics, checkControlCharacters(raw, attributes));

  if (diagnostics.some((d) => d.severity === 'error') || id === undefined || language === undefined) {
    return { diagnostics };
  }

  const segments: Segment[] = [];
  const parts: string[] = [];
  let offset = 0;
  let question: string | undefined;
  raw.turns.forEach((turn, index) => {
    if (turn.question !== undefined) question = turn.question;
    const speaker = turn.speaker.trim();
    const prefix = `${speaker}: `;
    if (index > 0) offset += 2; // the blank line between turns
    const start = offset + prefix.length;
    const end = start + turn.text.length;
    parts.push(prefix + turn.text);
    offset = end;
    segments.push({
      index,
      speaker,
      interviewer: interviewers.has(speaker.toLowerCase()),
      question,
      ...(turn.question !== undefined && turn.questionAt ? { questionAt: turn.questionAt } : {}),
      text: turn.text,
      at: turn.at,
      endLine: turn.endLine,
      start,
      end,
      human: turn.human,
    });
  });

  return {
    transcript: {
      id,
      language,
      illustrative,
      attributes,
      file,
      format: raw.format,
      idAt: at('id'),
      metaAt: { ...metaAt },
      segments,
      plainText: parts.join('\n\n'),
    },
    diagnostics,
  };
}

/**
 * Characters no REFI-QDA file (XML 1.0) and no plain-text source can carry:
 * C0 controls other than tab, line feed and carriage return (NUL, BEL,
 * ESC…), U+FFFE, U+FFFF and unpaired surrogates. YAML escapes (`"\0"`,
 * `"\x07"`, `"\e"`) can put them in a turn; exported, they would make a
 * `.qdpx` that cocreate's own import (and other tools) reject (issue 16,
 * item 16). Such a file is an error, so it is left out of coding and export.
 */
const NOT_EXPORTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

/** `control-character` errors for turn text, speakers, topics and attribute values holding a NOT_EXPORTABLE character, with the line. */
function checkControlCharacters(raw: RawTranscript, attributes: Record<string, string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (what: string, value: string, at: SourcePoint) => {
    const match = NOT_EXPORTABLE.exec(value);
    if (!match) return;
    const before = value.slice(0, match.index);
    const newlines = before.split('\n').length - 1;
    const code = match[0].codePointAt(0)!;
    diagnostics.push(
      createDiagnostic('error', 'control-character', raw.file, `${what} holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which no REFI-QDA or text export can carry.`, {
        line: at.line + newlines,
        column: newlines === 0 ? at.column + match.index : match.index - before.lastIndexOf('\n'),
        hint: 'Remove it (in YAML, look for escapes such as "\\0", "\\x07" or "\\e" in double-quoted text).',
      }),
    );
  };
  raw.turns.forEach((turn, index) => {
    report(`Turn ${index + 1}: the text`, turn.text, turn.at);
    report(`Turn ${index + 1}: the speaker`, turn.speaker, turn.at);
    if (turn.question !== undefined) report(`Turn ${index + 1}: the topic`, turn.question, turn.questionAt ?? turn.at);
  });
  for (const [key, value] of Object.entries(attributes)) report(`The attribute \`${key}\``, value, raw.metaAt[key] ?? raw.metaStart);
  return diagnostics;
}

/** Coder name for the single-coder form of `codes`. */
export function singleCoderName(meta: Record<string, unknown>): string {
  return typeof meta.coder === 'string' && meta.coder.trim() !== '' ? meta.coder.trim() : DEFAULT_CODER;
}

/** Normalises line endings to LF and trims surrounding whitespace. */
export function normaliseText(text: string): string {
  return (text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n')).trim();
}
