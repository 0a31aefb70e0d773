/**
 * The codebook step every analysis command shares: find the codebook, read
 * and compile it, and refuse (exit 2) one that cannot be used at all; and
 * the project's protocol topics for `--by topic` and `--where topic=`. The corpus loop is `actions/coded-corpus.ts` (and
 * `code-pipeline.ts` for `code`).
 */
import { compileCodebook, type CompiledCodebook } from '../code/compile.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import { codebookReadDiagnostic, findDefaultCodebook, parseCodebookBytes, readCodebookFile, type LoadedCodebook } from '../load/codebook-read.js';
import { readProjectValues, type ProjectValues } from '../load/project-values.js';
import { MAX_CODEBOOK_BYTES, readCheckedFileSync } from '../load/read-file.js';
import type { UnusableDataContext } from '../validate/transcript-rules.js';
import { checkControlCharacters, checkReferences, checkUniqueIds } from '../validate/codebook-rules.js';
import { sanitizeText } from '../render/sanitize.js';
import { cacheDirectory, cacheEntryPath, readCachedCodebook, writeCachedCodebook } from './codebook-cache.js';

/** File name of the project file (as model/project.ts names it; not imported from there, since that module loads zod, which `code` does not need). */
const PROJECT_FILE_NAME = 'cocreate.yaml';

export interface OpenedCodebook {
  path: string;
  compiled: CompiledCodebook;
  diagnostics: Diagnostic[];
  /** The cache entry when the cache is on: how many words its matchers knew when read (-1: compiled here, not stored yet). */
  cached?: { entry: string; words: number };
}

export interface OpenOptions {
  /**
   * Use the compiled-codebook cache (cli/codebook-cache.ts). Only for commands
   * that need no rule positions (not explain, validate, codebook): a cached
   * codebook has no `rulePoints`.
   */
  cache?: boolean;
  /**
   * Open a codebook that has errors (duplicate ids, rules that do not
   * compile, references to codes that do not exist) rather than refuse it:
   * only for the `codebook` command, which shows and tests it. Analysis
   * commands refuse it with exit 2, as they refuse an unreadable one
   * (issue 16, item 13): counts from an ambiguous codebook are not results.
   */
  allowErrors?: boolean;
}

/** Loads and compiles the codebook; a codebook that cannot be read at all is a usage error (exit 2). */
export async function openCodebook(path: string | undefined, options: OpenOptions = {}): Promise<OpenedCodebook> {
  const file = path ?? (await findDefaultCodebook());
  const directory = options.cache ? cacheDirectory() : undefined;
  let entry: string | undefined;
  let loaded: LoadedCodebook;
  if (directory !== undefined) {
    const read = readCheckedFileSync(file, MAX_CODEBOOK_BYTES);
    if ('bytes' in read) {
      entry = cacheEntryPath(directory, file, read.bytes);
      const cached = entry === undefined ? undefined : readCachedCodebook(entry);
      if (cached) {
        if (!options.allowErrors) refuseCodebookErrors(file, cached.compiled, cached.diagnostics);
        return { path: file, ...cached, cached: { entry: entry!, words: knownWords(cached.compiled) } };
      }
      loaded = await parseCodebookBytes(read.bytes, file);
    } else {
      loaded = { diagnostics: [codebookReadDiagnostic(file, read)] };
    }
  } else {
    loaded = await readCodebookFile(file);
  }
  if (!loaded.codebook) throw codebookError(file, loaded.diagnostics);
  const { compiled, diagnostics: compileDiagnostics } = compileCodebook(loaded.codebook);
  const diagnostics = [...loaded.diagnostics, ...compileDiagnostics];
  if (!options.allowErrors) refuseCodebookErrors(file, compiled, diagnostics);
  return { path: file, compiled, diagnostics, cached: entry === undefined ? undefined : { entry, words: -1 } };
}

/**
 * What the analysis commands check every transcript against, so that they
 * report (as warnings, on stderr) what they could not use as meant: the
 * codebook's code ids and the allowed values of ./cocreate.yaml (issue 14).
 */
export function dataChecksFor(compiled: CompiledCodebook): UnusableDataContext {
  const projectFile = PROJECT_FILE_NAME;
  return { allowedValues: projectValues().allowed, projectFile, codeIds: compiled.codes.map((code) => code.id), codebookFile: compiled.codebook.file };
}

/** Most problems a refusal lists; `validate` lists them all. */
const LISTED_PROBLEMS = 10;

/** The usage error (exit 2) for a codebook with errors, listing the first few with their lines. */
function codebookError(file: string, diagnostics: readonly Diagnostic[]): UsageError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}` : file;
  const details = errors
    .slice(0, LISTED_PROBLEMS)
    .map((d) => `  ${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}  ${sanitizeText(d.message)}${d.ruleId ? `  ${d.ruleId}` : ''}`)
    .join('\n');
  const more = errors.length > LISTED_PROBLEMS ? `\n  … and ${errors.length - LISTED_PROBLEMS} more` : '';
  return new UsageError(`The codebook ${where} cannot be used:\n${details}${more}\nRun \`cocreate validate --codebook ${file}\` for all problems.`);
}

/**
 * Throws the usage error when the codebook has errors of its own: from
 * reading and compiling it (a rule that does not compile), duplicate theme
 * or code ids, guidance naming a code that does not exist, and control
 * characters no export can carry — what
 * `validate` reports as errors about the codebook itself. Failing examples
 * are not among them: they test the rules' quality (`codebook test`), they
 * do not make the codebook ambiguous.
 */
function refuseCodebookErrors(file: string, compiled: CompiledCodebook, diagnostics: readonly Diagnostic[]): void {
  const errors = [...diagnostics.filter((d) => d.severity === 'error'), ...checkUniqueIds(compiled.codebook), ...checkReferences(compiled.codebook), ...checkControlCharacters(compiled.codebook)];
  if (errors.length > 0) throw codebookError(file, errors);
}

/** New words a run must have looked up before its cache entry is written again. */
const NEW_WORDS_TO_REWRITE = 32;

/**
 * Writes the cache entry when the codebook was compiled by this run, or
 * when coding looked up enough new words since it was read: the next run
 * reads their pattern ids instead of stemming them (the matchers' memo is
 * part of the entry). Call on the main thread once the work is done (and
 * before starting coding threads, so they can read it); a call with nothing
 * new to store writes nothing.
 */
export function storeCachedCodebook(opened: OpenedCodebook): void {
  const cached = opened.cached;
  if (!cached) return;
  const words = knownWords(opened.compiled);
  if (cached.words >= 0 && words - cached.words < NEW_WORDS_TO_REWRITE) return;
  writeCachedCodebook(cached.entry, opened.compiled, opened.diagnostics);
  cached.words = words;
}

function knownWords(compiled: CompiledCodebook): number {
  let words = 0;
  for (const matcher of compiled.matchers.values()) words += matcher.memo.size;
  return words;
}

/**
 * The protocol topics of the project file in the working folder
 * (`cocreate.yaml` `topics:`), for `--by topic` group order and `--where
 * topic=` names; undefined without a usable list (callers use the default
 * eight). Problems with the file are `cocreate validate`'s to report.
 */
export async function readProjectTopics(): Promise<{ topics: string[] | undefined; diagnostics: Diagnostic[] }> {
  return { topics: projectValues().topics, diagnostics: [] };
}

/** The run's reading of ./cocreate.yaml: a command that needs its topics and its allowed values reads and parses it once. */
let projectRead: ProjectValues | undefined;

/** Allowed values and topics of ./cocreate.yaml, read on first use and kept for the run. */
export function projectValues(): ProjectValues {
  projectRead ??= readProjectValues(PROJECT_FILE_NAME);
  return projectRead;
}
