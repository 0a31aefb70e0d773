/**
 * The IO shell around the pure parsers: expands the paths given on the
 * command line into transcript files (following symlinks once, never in a
 * loop), skips files that are not transcripts, and reads each file. A path
 * that does not exist or cannot be read becomes a diagnostic; the others go on.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { MAX_TRANSCRIPT_BYTES, readCheckedFile, readCheckedFileSync, type CheckedRead } from './read-file.js';
import { parseTranscriptBytes, transcriptFormatOf, type LoadedTranscript } from './transcript.js';

export { MAX_TRANSCRIPT_BYTES } from './read-file.js';

/** A transcript file found on disk. */
export interface TranscriptFile {
  /** Path for display, as the user would write it (relative to the working directory when inside it). */
  file: string;
  /** Absolute path. */
  absolute: string;
  format: 'yaml' | 'markdown';
}

export interface CorpusListing {
  files: TranscriptFile[];
  diagnostics: Diagnostic[];
}

/** Files never taken as transcripts when found in a folder (named on the command line, they are read). */
const IGNORED_NAMES = new Set(['readme.md', 'readme.markdown', 'changelog.md', 'license.md', 'cocreate.yaml', 'cocreate.yml']);

/**
 * Folders not walked into, so that `cocreate code .` in a research
 * repository (interviews/, codebooks/, cocreate.yaml) reads the transcripts
 * only (issue 14): the codebooks, installed packages and trained models.
 * Dot-folders (.git, .github, .cocreate-cache) are skipped too. Named on the
 * command line, such a folder is read.
 */
const SKIPPED_FOLDERS = new Set(['codebooks', 'node_modules', 'models']);

/**
 * Lists transcript files under the given paths, sorted by path so output order is stable.
 * The walk uses the synchronous fs calls: it makes them one at a time either way, and a
 * round trip through the thread pool per call cost more than the calls (issue 8).
 */
export async function listTranscriptFiles(paths: readonly string[], cwd = process.cwd()): Promise<CorpusListing> {
  const files = new Map<string, TranscriptFile>();
  const diagnostics: Diagnostic[] = [];
  const visitedDirectories = new Set<string>();

  const display = (absolute: string) => {
    const rel = relative(cwd, absolute);
    return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : absolute;
  };

  const visit = (absolute: string, explicit: boolean, shown: string): void => {
    let info;
    try {
      info = lstatSync(absolute);
    } catch {
      diagnostics.push(createDiagnostic('error', 'path-not-found', shown, `The path "${shown}" does not exist.`, { hint: 'Check the spelling, or run the command from the project folder.' }));
      return;
    }
    if (info.isSymbolicLink()) {
      try {
        info = statSync(absolute);
      } catch {
        diagnostics.push(createDiagnostic('warning', 'broken-symlink', shown, `"${shown}" is a symbolic link to nothing (or a link loop); skipped.`));
        return;
      }
    }
    if (info.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(absolute);
      } catch {
        diagnostics.push(createDiagnostic('warning', 'symlink-loop', shown, `"${shown}" cannot be resolved (a symbolic link loop?); skipped.`));
        return;
      }
      if (visitedDirectories.has(real)) {
        diagnostics.push(createDiagnostic('info', 'symlink-loop', shown, `"${shown}" leads to a folder already read (a symbolic link loop?); skipped.`));
        return;
      }
      visitedDirectories.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        diagnostics.push(createDiagnostic('error', 'unreadable', shown, `The folder "${shown}" cannot be read: ${(error as Error).message}`));
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue; // .DS_Store, .git, editor swap files
        const child = join(absolute, entry.name);
        if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name.toLowerCase())) {
          diagnostics.push(createDiagnostic('info', 'skipped-folder', display(child), `Skipped the folder "${display(child)}": ${entry.name.toLowerCase() === 'codebooks' ? 'codebooks are not transcripts' : 'not part of the corpus'}.`));
          continue;
        }
        // A plain file needs no lstat or realpath of its own (10,000 of each took most of a second).
        if (entry.isFile()) addFile(child, false, display(child), join(real, entry.name));
        else visit(child, false, display(child));
      }
      return;
    }
    if (!info.isFile()) {
      if (explicit) diagnostics.push(createDiagnostic('warning', 'not-a-file', shown, `"${shown}" is not a regular file; skipped.`));
      return;
    }
    addFile(absolute, explicit, shown);
  };

  /** A regular file found: a transcript by its extension, else reported; `real` when already known. */
  const addFile = (absolute: string, explicit: boolean, shown: string, knownReal?: string): void => {
    const format = transcriptFormatOf(absolute);
    const name = absolute.slice(absolute.lastIndexOf(sep) + 1).toLowerCase();
    if (!format || (!explicit && IGNORED_NAMES.has(name))) {
      if (explicit) diagnostics.push(createDiagnostic('error', 'not-a-transcript', shown, `"${shown}" is not a transcript (expected .yaml, .yml, .md or .markdown).`));
      else diagnostics.push(createDiagnostic('info', 'skipped-file', shown, `Skipped "${shown}": not a transcript file.`));
      return;
    }
    let real = knownReal ?? absolute;
    if (knownReal === undefined) {
      try {
        real = realpathSync(absolute);
      } catch {
        // keep the path as given
      }
    }
    if (!files.has(real)) files.set(real, { file: shown, absolute, format });
  };

  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    visit(absolute, true, path.replace(/\/+$/, '') || path);
  }
  const sorted = [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: sorted, diagnostics };
}

/** Reads and parses one transcript file; IO failures become diagnostics. */
export async function loadTranscriptFile(entry: TranscriptFile): Promise<LoadedTranscript> {
  return parsedOrReported(await readCheckedFile(entry.absolute, MAX_TRANSCRIPT_BYTES), entry);
}

/**
 * `loadTranscriptFile` without the event loop: one open, one fstat, one
 * read. For worker threads and sequential coding of large corpora, where
 * promise round trips per file cost more than the read.
 */
export function loadTranscriptFileSync(entry: TranscriptFile): LoadedTranscript {
  return parsedOrReported(readCheckedFileSync(entry.absolute, MAX_TRANSCRIPT_BYTES), entry);
}

function parsedOrReported(read: CheckedRead, entry: TranscriptFile): LoadedTranscript {
  if ('bytes' in read) {
    try {
      return parseTranscriptBytes(read.bytes, entry.file, entry.format);
    } catch (error) {
      return { diagnostics: [createDiagnostic('error', 'unreadable', entry.file, `The file cannot be read: ${(error as Error).message}`)] };
    }
  }
  if (read.problem === 'too-large') {
    return {
      diagnostics: [
        createDiagnostic('error', 'file-too-large', entry.file, `The file is ${(read.size! / 1048576).toFixed(0)} MB; transcripts over ${MAX_TRANSCRIPT_BYTES / 1048576} MB are not read.`, {
          hint: 'Split it into one file per interview.',
        }),
      ],
    };
  }
  return { diagnostics: [createDiagnostic('error', 'unreadable', entry.file, read.problem === 'unreadable' ? `The file ${read.reason}` : `The file ${read.reason}.`)] };
}
