/**
 * Rules for one loaded transcript, against what the project declares
 * (cocreate.yaml) and the codes the codebook defines: required and allowed
 * attributes, known protocol topics, transcripts with nothing to code,
 * turns without text, human codes that are not in the codebook, and coders
 * the project does not know. Schema problems (wrong types, missing id or
 * language, duplicate keys) are reported by the loaders before a
 * transcript exists; these rules see only transcripts that loaded. Pure.
 */
import { ownValue } from '../model/records.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/project.js';
import { DEFAULT_CODER, RESERVED_KEYS, type SourcePoint, type Transcript } from '../model/transcript.js';
import { suggestClosest } from './suggest.js';

export interface TranscriptRuleContext {
  project: Project;
  /** Full code ids the codebook defines, e.g. `success.quick-wins`; undefined when there is no usable codebook (code checks are skipped). */
  codeIds?: readonly string[];
  /** Codebook path for messages, e.g. `codebooks/coval.yaml`. */
  codebookFile?: string;
}

const RESERVED = new Set<string>(RESERVED_KEYS);

/** All findings for one transcript, in file order. */
export function checkTranscript(transcript: Transcript, context: TranscriptRuleContext): Diagnostic[] {
  return [
    ...checkAttributes(transcript, context.project),
    ...checkTopics(transcript, context.project),
    ...checkTurns(transcript),
    ...(context.codeIds ? checkHumanCodes(transcript, context.codeIds, context.codebookFile) : []),
    ...(context.project.coders ? checkCoders(transcript, context.project.coders) : []),
  ];
}

/** What an analysis command checks each transcript against (plain data: it is sent to coding threads). */
export interface UnusableDataContext {
  /** Allowed values per attribute (cocreate.yaml `attributes.allowed`). */
  allowedValues: Record<string, string[]>;
  /** The project file, for messages, e.g. `cocreate.yaml`. */
  projectFile: string;
  /** Full code ids the codebook defines. */
  codeIds: readonly string[];
  /** Codebook path for messages. */
  codebookFile?: string;
}

/**
 * What an analysis command (code, compare, quotes…) could not use as meant,
 * found by validate's own rules and reported as warnings, since the run goes
 * on with counts unchanged: a human code not in the codebook (left out)
 * and an attribute value the project does not allow (kept as a group of
 * its own). Issue 14: such data must not vanish silently.
 */
export function checkUnusableData(transcript: Transcript, context: UnusableDataContext): Diagnostic[] {
  const project: Project = { file: context.projectFile, requiredAttributes: [], allowedValues: context.allowedValues, allowedAt: {}, topics: [], redact: [], allow: [] };
  const values = checkAttributes(transcript, project).map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message} It is kept as a group of its own.` }));
  const codes = checkHumanCodes(transcript, context.codeIds, context.codebookFile).map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message} It is left out of the results.` }));
  return [...values, ...codes];
}

function keyPoint(transcript: Transcript, key: string): SourcePoint {
  return ownValue(transcript.metaAt, key) ?? { line: 1, column: 1 };
}

/** `missing-attribute` for required keys absent or empty; `attribute-value` for values outside the allowed list. */
export function checkAttributes(transcript: Transcript, project: Project): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const projectFile = project.file ?? 'cocreate.yaml';
  for (const key of project.requiredAttributes) {
    const written = ownValue(transcript.metaAt, key) !== undefined;
    const value = RESERVED.has(key) ? (written ? 'present' : undefined) : ownValue(transcript.attributes, key);
    if (value !== undefined && value.trim() !== '') continue;
    diagnostics.push(
      written
        ? createDiagnostic('error', 'missing-attribute', transcript.file, `The attribute \`${key}\` is empty; ${projectFile} requires a value.`, keyPoint(transcript, key))
        : createDiagnostic('error', 'missing-attribute', transcript.file, `The transcript has no \`${key}\`; ${projectFile} requires it.`, {
            ...transcript.idAt,
            hint: `Add \`${key}: …\` to the ${transcript.format === 'markdown' ? 'front matter' : 'metadata'}.`,
          }),
    );
  }
  for (const [key, allowed] of Object.entries(project.allowedValues)) {
    const value = ownValue(transcript.attributes, key);
    if (value === undefined || allowed.includes(value)) continue;
    const suggestion = suggestClosest(value, allowed);
    diagnostics.push(
      createDiagnostic(
        'error',
        'attribute-value',
        transcript.file,
        `The ${key} "${value}" is not one of the allowed values${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        {
          ...keyPoint(transcript, key),
          hint: `Allowed values of ${key} (${projectFile}): ${allowed.join(', ')}.`,
          expected: suggestion,
          actual: value,
        },
      ),
    );
  }
  return diagnostics;
}

/** `unknown-topic` for a turn's `question` (or `##` heading) that is not a protocol topic. */
export function checkTopics(transcript: Transcript, project: Project): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const topics = new Set(project.topics);
  let previous: string | undefined;
  for (const segment of transcript.segments) {
    const opens = segment.questionAt !== undefined || (segment.question !== undefined && segment.question !== previous);
    previous = segment.question;
    if (!opens || segment.question === undefined || topics.has(segment.question)) continue;
    const suggestion = suggestClosest(segment.question.replace(/\s+/g, '-'), project.topics);
    const shown = segment.question === '' ? 'An empty protocol topic' : `Unknown protocol topic "${segment.question}"`;
    diagnostics.push(
      createDiagnostic('error', 'unknown-topic', transcript.file, `${shown}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, {
        ...(segment.questionAt ?? segment.at),
        hint: `Topics are ${project.topics.join(', ')}${project.file ? ` (from ${project.file})` : '; a project can declare its own under `topics:` in cocreate.yaml'}.`,
        expected: suggestion,
        actual: segment.question,
      }),
    );
  }
  return diagnostics;
}

/** `no-turns`, `interviewer-only` and `empty-turn`: transcripts and turns with nothing to code. */
export function checkTurns(transcript: Transcript): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (transcript.segments.length === 0) {
    diagnostics.push(
      createDiagnostic('error', 'no-turns', transcript.file, 'The transcript has no turns, so there is nothing to code.', {
        ...transcript.idAt,
        hint: transcript.format === 'markdown' ? 'Write each turn as a paragraph starting with `**Speaker:**`.' : 'Add a `turns:` list with `speaker` and `text` for each turn.',
      }),
    );
    return diagnostics;
  }
  if (transcript.segments.every((segment) => segment.interviewer)) {
    const speakers = [...new Set(transcript.segments.map((segment) => segment.speaker))];
    diagnostics.push(
      createDiagnostic('error', 'interviewer-only', transcript.file, `Every turn is by an interviewer (${speakers.join(', ')}), so no turn would be coded.`, {
        ...transcript.segments[0]!.at,
        hint: 'Check the speaker labels; `interviewers:` in the metadata lists who counts as an interviewer.',
      }),
    );
  }
  for (const segment of transcript.segments) {
    if (segment.text.trim() !== '') continue;
    diagnostics.push(
      createDiagnostic('error', 'empty-turn', transcript.file, `Turn ${segment.index + 1} (${segment.speaker}) has no text.`, {
        ...segment.at,
        hint: 'Add the text, or delete the turn.',
      }),
    );
  }
  return diagnostics;
}

/** `unknown-code` for a human-applied code id the codebook does not define, with the closest id as a suggestion. */
export function checkHumanCodes(transcript: Transcript, codeIds: readonly string[], codebookFile = 'the codebook'): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const known = new Set(codeIds);
  for (const segment of transcript.segments) {
    for (const coding of segment.human) {
      // A review in progress lists the codes decided so far: an unknown one there is as wrong as in `codes`.
      [...coding.codes, ...(coding.reviewed ?? [])].forEach((code, index) => {
        if (known.has(code)) return;
        const suggestion = suggestClosest(code, codeIds);
        diagnostics.push(
          createDiagnostic('error', 'unknown-code', transcript.file, `Unknown code "${code}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, {
            ...(coding.codesAt?.[index] ?? coding.at),
            hint: suggestion ? undefined : `Codes are written theme.code, as defined in ${codebookFile}.`,
            expected: suggestion,
            actual: code,
          }),
        );
      });
    }
  }
  return diagnostics;
}

/** `unknown-coder` once per coder name the project does not list, at its first use. */
export function checkCoders(transcript: Transcript, coders: readonly string[]): Diagnostic[] {
  const known = new Set(coders);
  const uses = new Map<string, { at: SourcePoint; count: number }>();
  for (const segment of transcript.segments) {
    for (const coding of segment.human) {
      if (known.has(coding.coder)) continue;
      const use = uses.get(coding.coder);
      if (use) use.count++;
      else uses.set(coding.coder, { at: coding.at, count: 1 });
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const [coder, use] of uses) {
    const turns = `${use.count} turn${use.count === 1 ? '' : 's'}`;
    const unnamed = coder === DEFAULT_CODER && transcript.metaAt?.coder === undefined;
    const suggestion = unnamed ? undefined : suggestClosest(coder, coders);
    const message = unnamed
      ? `Codes on ${turns} name no coder, and the project lists its coders (${coders.join(', ')}).`
      : `Unknown coder "${coder}" (codes on ${turns})${suggestion ? `; did you mean "${suggestion}"?` : '.'}`;
    diagnostics.push(
      createDiagnostic('error', 'unknown-coder', transcript.file, message, {
        ...use.at,
        hint: unnamed ? 'Add `coder: NAME` to the metadata, or write codes per coder: `codes: { alice: [...] }`.' : `Coders are listed under \`coders:\` in cocreate.yaml: ${coders.join(', ')}.`,
        expected: suggestion,
        actual: coder,
      }),
    );
  }
  return diagnostics;
}
