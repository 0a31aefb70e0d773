/**
 * Reads the project file `cocreate.yaml` (see docs/project-file.md):
 * YAML → zod-checked shape → the Project model with defaults filled in.
 * Parsing is pure (`parseProject`); `readProjectFile` is the IO shell that
 * also reads the optional `redact_file` (a private list of names kept out
 * of the repository, e.g. written from a CI secret). Problems become
 * diagnostics naming the line; the parts that are fine still apply.
 */
import { pushAll } from '../model/lists.js';
import { dirname, isAbsolute, join } from 'node:path';
import { emptyRecord, ownValue } from '../model/records.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { defaultProject, projectSchema, type Project, type RedactedName } from '../model/project.js';
import type { SourcePoint } from '../model/transcript.js';
import { decodeText } from './decode.js';
import { MAX_PROJECT_BYTES, readCheckedFile } from './read-file.js';
import { keyOffset, nodeOffset, parseYaml } from './yaml-document.js';

export interface LoadedProject {
  /** The project (defaults where the file says nothing or could not be read). */
  project: Project;
  diagnostics: Diagnostic[];
  /** Path of `redact_file` relative to the working directory, when the file declares one (the shell reads it). */
  redactFile?: string;
  /** Where `redact_file` is written in the project file. */
  redactFileAt?: SourcePoint;
}

/** Parses project-file text. A file with errors yields the default project plus the errors. */
export function parseProject(source: string, file: string): LoadedProject {
  const project = defaultProject();
  project.file = file;
  const parsed = parseYaml(source, file);
  const diagnostics = [...parsed.diagnostics];
  if (parsed.value === undefined || diagnostics.some((d) => d.severity === 'error')) return { project, diagnostics };
  // An empty file (or one holding only comments) is a project with every default.
  if (parsed.value === null) return { project, diagnostics };
  const pointOf = (path: (string | number)[]): SourcePoint => {
    for (let length = path.length; length >= 0; length--) {
      const sub = path.slice(0, length);
      const offset = length === path.length ? (keyOffset(parsed.document, sub) ?? nodeOffset(parsed.document, sub)) : nodeOffset(parsed.document, sub);
      if (offset !== undefined) return parsed.pointAt(offset);
    }
    return { line: 1, column: 1 };
  };
  const result = projectSchema.safeParse(parsed.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        // One finding per unknown key, at the key itself: a typo like `atributes:` is then easy to spot.
        for (const key of issue.keys) {
          const known = Object.keys(path.length === 0 ? projectSchema.shape : {}).join(', ');
          diagnostics.push(
            createDiagnostic('error', 'project-schema', file, `Unknown key \`${[...path, key].join('.')}\` in the project file.`, {
              ...pointOf([...path, key]),
              hint: known ? `The keys are ${known}; see docs/project-file.md.` : 'See docs/project-file.md for the keys of cocreate.yaml.',
            }),
          );
        }
        continue;
      }
      const where = path.length === 0 ? 'The project file' : `\`${path.join('.')}\``;
      diagnostics.push(
        createDiagnostic('error', 'project-schema', file, `${where}: ${issue.message}`, {
          ...pointOf(path),
          hint: 'See docs/project-file.md for the keys of cocreate.yaml.',
        }),
      );
    }
    return { project, diagnostics };
  }
  const data = result.data;
  project.requiredAttributes = data.attributes?.required?.map((name) => name.trim()) ?? [];
  // From the parsed YAML, not zod's copy: zod's record drops a `__proto__` key (it assigns it, setting a prototype).
  const allowedWritten = ownValue(ownValue(parsed.value as Record<string, Record<string, unknown>>, 'attributes'), 'allowed') ?? emptyRecord<unknown>();
  for (const [attribute, values] of Object.entries(allowedWritten)) {
    project.allowedValues[attribute] = (values as unknown[]).map((value) => String(value));
    project.allowedAt[attribute] = pointOf(['attributes', 'allowed', attribute]);
  }
  if (data.topics) project.topics = data.topics.map((topic) => topic.trim());
  if (data.coders) project.coders = data.coders.map((coder) => coder.trim());
  project.redact = (data.personal_data?.redact ?? []).map((name, index): RedactedName => ({ name: name.trim(), entry: index + 1, file }));
  project.allow = data.personal_data?.allow ?? [];
  const redactFile = data.personal_data?.redact_file;
  if (redactFile === undefined) return { project, diagnostics };
  return {
    project,
    diagnostics,
    redactFile: isAbsolute(redactFile) ? redactFile : join(dirname(file), redactFile),
    redactFileAt: pointOf(['personal_data', 'redact_file']),
  };
}

/** Names in a redaction file: one per line; blank lines and `#` comments are skipped. */
export function parseRedactList(text: string, file: string): RedactedName[] {
  const names: RedactedName[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const name = line.trim();
    if (name === '' || name.startsWith('#')) continue;
    names.push({ name, entry: names.length + 1, file });
  }
  return names;
}

/**
 * Reads the project file. `explicit` is true when the user named it
 * (`--project`); a default `cocreate.yaml` that does not exist simply means
 * the defaults apply.
 */
export async function readProjectFile(file: string, explicit: boolean): Promise<LoadedProject> {
  const read = await readCheckedFile(file, MAX_PROJECT_BYTES);
  if (!('bytes' in read)) {
    const missing = read.problem === 'missing';
    if (missing && !explicit) return { project: defaultProject(), diagnostics: [] };
    return {
      project: defaultProject(),
      diagnostics: [createDiagnostic('error', missing ? 'path-not-found' : read.problem === 'too-large' ? 'file-too-large' : 'unreadable', file, `The project file "${file}" ${read.reason}.`)],
    };
  }
  const bytes = read.bytes;
  const decoded = decodeText(bytes, file);
  // An empty cocreate.yaml is valid: every default applies.
  if (bytes.length === 0) return { project: { ...defaultProject(), file }, diagnostics: [] };
  if (decoded.text === undefined || decoded.diagnostics.some((d) => d.severity === 'error')) return { project: defaultProject(), diagnostics: decoded.diagnostics };
  const loaded = parseProject(decoded.text, file);
  const diagnostics = [...decoded.diagnostics, ...loaded.diagnostics];
  if (loaded.redactFile !== undefined) {
    const redactRead = await readCheckedFile(loaded.redactFile, MAX_PROJECT_BYTES);
    if ('bytes' in redactRead) {
      const redactDecoded = decodeText(redactRead.bytes, loaded.redactFile);
      pushAll(diagnostics, redactDecoded.diagnostics.filter((d) => d.ruleId !== 'empty-file'));
      if (redactDecoded.text !== undefined) pushAll(loaded.project.redact, parseRedactList(redactDecoded.text, loaded.redactFile));
    } else {
      const missing = redactRead.problem === 'missing';
      diagnostics.push(
        createDiagnostic('warning', 'redact-file-missing', file, missing ? `The redaction list "${loaded.redactFile}" named by \`personal_data.redact_file\` does not exist, so its names are not checked.` : `The redaction list "${loaded.redactFile}" ${redactRead.reason}, so its names are not checked.`, {
          ...loaded.redactFileAt,
          hint: 'Create the file (one name per line), e.g. from a CI secret; see docs/ci.md.',
        }),
      );
    }
  }
  return { ...loaded, diagnostics };
}
