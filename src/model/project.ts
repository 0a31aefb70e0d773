/**
 * The project file `cocreate.yaml`: what a research team declares about its
 * corpus so that `cocreate validate` can hold every transcript to it:
 * required and allowed document attributes, the protocol topics of the
 * interview guide, the coders who may apply codes, and the personal data
 * (names) that must never reach the repository. Every part is optional; a
 * project without the file gets the defaults below. See docs/project-file.md.
 */
import { z } from 'zod';
import { emptyRecord } from './records.js';
import { PROTOCOL_TOPICS, type SourcePoint } from './transcript.js';

/** File name looked for at the project root (next to `codebooks/` and `interviews/`). */
export const PROJECT_FILE_NAME = 'cocreate.yaml';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const attributeValue = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value));

export const projectSchema = z
  .object({
    attributes: z
      .object({
        required: z.array(nonEmpty).optional(),
        allowed: z.record(z.string(), z.array(attributeValue).min(1, 'list at least one allowed value')).optional(),
      })
      .strict()
      .optional(),
    topics: z.array(nonEmpty).min(1, 'list at least one topic, or leave `topics` out for the default eight').optional(),
    coders: z.array(nonEmpty).optional(),
    personal_data: z
      .object({
        redact: z.array(nonEmpty).optional(),
        redact_file: nonEmpty.optional(),
        allow: z.array(nonEmpty).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ProjectFileData = z.infer<typeof projectSchema>;

/** One name on the redaction list, with where it was declared (for messages that must not repeat the name). */
export interface RedactedName {
  /** The name as written, e.g. `María García Pérez`. */
  name: string;
  /** 1-based position of the entry in the list, e.g. 3 (messages say "entry 3", never the name itself). */
  entry: number;
  /** File that declares it: the project file or its `redact_file`. */
  file: string;
}

/** The project's declarations, with defaults filled in. */
export interface Project {
  /** Path of the project file, or undefined when the project has none. */
  file?: string;
  /** Attributes every transcript must have, e.g. `['unit', 'role']`. */
  requiredAttributes: string[];
  /** Allowed values per attribute, e.g. `{ role: ['head-of-unit', 'project-manager'] }`; attributes not listed take any value. */
  allowedValues: Record<string, string[]>;
  /** Where each attribute's allowed list is declared, for diagnostics about the project file itself. */
  allowedAt: Record<string, SourcePoint>;
  /** Protocol topics a turn's `question` (or a Markdown `##` heading) may name. */
  topics: string[];
  /** Coder names allowed in human codes; undefined when the project does not restrict them. */
  coders?: string[];
  /** Names that must not appear in transcripts (compared without case and accents, whole words). */
  redact: RedactedName[];
  /** Literal strings that look like personal data but are public (an office's e-mail, a switchboard number). */
  allow: string[];
}

/** The project every check uses when there is no `cocreate.yaml`. */
export function defaultProject(): Project {
  return { requiredAttributes: [], allowedValues: emptyRecord(), allowedAt: emptyRecord(), topics: [...PROTOCOL_TOPICS], redact: [], allow: [] };
}
